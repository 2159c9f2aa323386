"""Lesson ``shapes-dropout``: an MLP with dropout learning hand-drawn shapes (SEEDS.md §2).

Circles, squares and triangles drawn procedurally (jittered strokes, sizes, rotations, stroke widths) as
24x24 images; a 5-layer perceptron (576 pixels -> 64 -> 32 -> 16 -> 3) with ReLU, dropout 0.2 on the hidden
layers, softmax and cross-entropy, trained with Adam. A fourth answer, "unknown", is given when the top class
probability is under 0.6.

Every 25 epochs one training example is taken and its forward pass shown propagating layer by layer, with
the image, the class probabilities against the threshold, and the loss and accuracy curves.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnwatch.lessons.base import Lesson, LessonVideo, Progress, Shot, ramp

__all__ = ["ShapesDropout", "UNKNOWN_BELOW", "shapes_spec"]

UNKNOWN_BELOW = 0.6   # SEEDS.md §2: "unknown" when the top class probability is below this
LAYOUT = ("caption", "network", "sample", "metrics")


def shapes_spec(seed: int = 0, epochs: int = 250, points: int = 1200, every: int = 25):
    """The training run. 600 images (the dataset's default) leave too few to generalise past ~80 %; 1200 do."""
    from nnwatch.spec import Spec

    return Spec.from_dict({
        "data": {"name": "shapes", "points": points, "size": 24},
        "network": {"hidden": [64, 32, 16], "activation": "relu", "output": "softmax", "dropout": 0.2},
        "training": {"loss": "cross_entropy", "optimizer": "adam", "learning_rate": 3e-4, "batch_size": 64,
                     "shuffle": True, "init": "he", "epochs": epochs},
        "schedule": {"kind": "every", "every": every, "unit": "epoch"},
        "seed": seed,
    })


class ShapesDropout(Lesson):
    """SEEDS.md §2. ``example_seconds`` is how long each example's forward pass and verdict stay on screen;
    ``move_seconds`` the 25 epochs of training between two examples."""

    name = "shapes-dropout"
    title = "A 5-layer MLP with dropout learning hand-drawn shapes"
    summary = ("circles, squares and triangles (24x24) through a 5-layer MLP with dropout: one example every "
               "25 epochs, its forward pass layer by layer, 'unknown' below 60 %")

    def __init__(self, *, example_seconds: float = 3.4, move_seconds: float = 0.6, title_seconds: float = 4.0,
                 end_seconds: float = 4.0, seed: int = 0, epochs: int = 250, every: int = 25,
                 fps: float = 30.0, size: tuple[int, int] = (1280, 720)):
        self.example_seconds = float(example_seconds)
        self.move_seconds = float(move_seconds)
        self.title_seconds = float(title_seconds)
        self.end_seconds = float(end_seconds)
        self.seed, self.epochs, self.every = int(seed), int(epochs), int(every)
        self.fps, self.size = float(fps), (int(size[0]), int(size[1]))

    def train(self, progress: Progress | None = None):
        from nnwatch.drivers import train

        return train(shapes_spec(self.seed, self.epochs, every=self.every), progress=progress)

    @staticmethod
    def facts(run) -> dict[str, Any]:
        final = run.final
        return {"test_accuracy": final.test_accuracy, "train_accuracy": final.train_accuracy,
                "test_loss": final.test_loss, "train_loss": final.train_loss,
                "test_accuracy_by_snapshot": [s.test_accuracy for s in run.snapshots],
                "epochs": [s.epoch for s in run.snapshots]}

    def examples(self, run) -> list[int]:
        """One training example per snapshot: circle, square, triangle in turn, otherwise drawn at random."""
        y = run.dataset.y_train
        rng = np.random.default_rng(self.seed)
        k = len(run.dataset.classes)
        chosen = []
        for n in range(len(run)):
            pool = np.flatnonzero(y == n % k)
            pool = np.setdiff1d(pool, chosen) if len(pool) > len(chosen) else pool
            chosen.append(int(rng.choice(pool)))
        return chosen

    def build(self, progress: Progress | None = None) -> LessonVideo:
        return self.video(self.train(progress))

    def video(self, run) -> LessonVideo:
        """Script the video of an already trained run (``build`` without the training)."""
        facts = self.facts(run)
        examples = self.examples(run)
        facts["examples"] = examples
        shots = self._intro(run, examples[0]) + self._walk(run, examples) + self._end(run, examples[-1], facts)
        return LessonVideo(run=run, shots=shots, layout=LAYOUT, palette="playground", show_values=False,
                           view_options={"sample": {"unknown_below": UNKNOWN_BELOW}, "network": {"max_drawn": 12}},
                           fps=self.fps, size=self.size, facts=facts)

    @staticmethod
    def _layer_names(run) -> list[str]:
        """Each column of the network in words: '576 pixels', '64 relu', ..., '3 softmax'."""
        arch = run.arch
        hidden = [f"{n} {a}" for n, a in zip(arch.sizes[1:-1], arch.activations)]
        return [f"{arch.sizes[0]} pixels", *hidden, f"{arch.sizes[-1]} {arch.output}"]

    def _layers_text(self, run) -> str:
        return " → ".join(self._layer_names(run))

    def _intro(self, run, example: int) -> list[Shot]:
        from nnwatch.lessons.frames import TRAIN, still

        frame = still(run[0], 0.0, example=example, split=TRAIN)
        ds = run.dataset
        side = ds.image_shape[0] if ds.image_shape else 0
        title = self.title
        caption = (f"{len(ds.x_train)} training and {len(ds.x_test)} test drawings, {side}x{side} pixels · "
                   f"{self._layers_text(run)} · dropout {run.spec.network.dropout:g} · Adam")
        return [Shot(self.title_seconds, lambda u: frame(reveal=-1.0, title=title, caption=caption), "title")]

    def _walk(self, run, examples: list[int]) -> list[Shot]:
        from nnwatch.lessons.frames import TRAIN, LessonFrame, still
        from nnwatch.video.timeline import tween

        n_layers = run.arch.n_layers
        classes = run.dataset.classes
        stages = self._layer_names(run)
        dropped = f"{run.spec.network.dropout:.0%}"
        shots: list[Shot] = []
        for k, (snap, example) in enumerate(zip(run.snapshots, examples)):
            truth = classes[int(run.dataset.y_train[example])]
            if k:
                before = run[k - 1]

                def move(u, a=before, b=snap, k=k, example=example):
                    t = ramp(u, 0.0, 1.0)
                    return LessonFrame(snapshot=tween(a, b, t), position=k - 1 + t, example=example, split=TRAIN,
                                       reveal=-1.0, title=f"Training: epochs {a.epoch:g} → {b.epoch:g}",
                                       caption=f"Dropout switches off a random {dropped} of the hidden neurons "
                                               f"at every training step; none when the network answers.")

                shots.append(Shot(self.move_seconds, move, "move"))
            frame = still(snap, float(k), example=example, split=TRAIN)
            verdict = _verdict(snap, run.dataset.x_train[example], classes)
            title = f"Epoch {snap.epoch:g}: a training example ({truth})"

            def forward(u, frame=frame, title=title, verdict=verdict):
                reveal = (n_layers + 1) * ramp(u, 0.0, 0.4) - 1  # then the answer holds for 60 % of the shot
                reached = " → ".join(stages[:max(int(reveal), 0) + 1])
                caption = f"Forward pass: {reached} …" if reveal < n_layers else verdict
                return frame(reveal=reveal, title=title, caption=caption)

            shots.append(Shot(self.example_seconds, forward, "forward"))
        return shots

    def _end(self, run, example: int, facts) -> list[Shot]:
        from nnwatch.lessons.frames import TRAIN, still

        frame = still(run.final, float(len(run) - 1), example=example, split=TRAIN)
        title = (f"After {run.final.epoch:g} epochs: {100 * facts['test_accuracy']:.1f}% of the "
                 f"{len(run.dataset.x_test)} unseen test drawings right")
        caption = (f"training accuracy {100 * facts['train_accuracy']:.1f}% · test cross-entropy "
                   f"{facts['test_loss']:.3f} · answers under {UNKNOWN_BELOW:.0%} confidence count as unknown")
        return [Shot(self.end_seconds, lambda u: frame(title=title, caption=caption), "end")]


def _verdict(snapshot, x: np.ndarray, classes) -> str:
    """What the network answers for one image, in words, with the 'unknown' rule applied."""
    from nnwatch import probes

    probs = probes.layer_outputs(snapshot, x[None, :])[-1][0]
    best = int(np.argmax(probs))
    if probs[best] < UNKNOWN_BELOW:
        return (f"Unknown: the top class, {classes[best]}, has only {100 * probs[best]:.0f}% "
                f"(under {UNKNOWN_BELOW:.0%})")
    others = " · ".join(f"{c} {100 * p:.0f}%" for c, p in zip(classes, probs) if c != classes[best])
    return f"The network says {classes[best]}, {100 * probs[best]:.0f}% sure ({others})"
