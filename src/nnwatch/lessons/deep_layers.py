"""Lesson ``deep-layers``: a network 250 layers deep, read out one layer at a time (SEEDS.md §3).

Four groups of points wound around each other as spiral arms, their edges overlapping (the ``arms`` dataset).
A real network is trained on them: a residual MLP of 250 hidden layers of 8 tanh neurons, softmax output, Adam,
with deep supervision (the loss is the mean of the output layer's loss read at every depth).

Two choices make the depth tell. The arms need unwinding: no straight line separates them (on the four
overlapping Gaussian groups this lesson used before, a linear probe already got 74 % at layer 1 and the curve
was flat). And each layer adds only a small step to one stream, h + s * tanh(h W + b) with s = STREAM_LENGTH /
layers (0.01 at 250 layers): tanh is bounded, so one layer moves a point at most s along each axis, and the
unwinding is spread over many layers (the story's sparse connections play this part: they make each layer do
little). What the first layer does alone is what this training gave it: a plain 2-8-4 network trained three
times longer gets 87 %, so the rise is how this network shares out the work, not a law of the data. The head's
accuracy climbs from about 45 % at layer 1 to about 85 % by layer 100 and stays there
(``benchmarks/deep_layers_rise.py`` measures it).

The video walks down the trained network, a layer every two frames at 30 fps. Each frame is the whole plane
classified by the network's own output layer applied to the state at that depth (a shared head: what the
network would answer if it stopped there), with the points on top; at the last layer that is the network's
answer, and every point of the plane is assigned to a group. The captions quote what each layer's map shows:
how many of the four groups it finds on the plane and how many test points it gets right.

The original video (SEEDS.md §3) came from a label-diffusion process; this one is a trained network read out
honestly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from nnwatch.lessons.base import Lesson, LessonVideo, Progress, Script, Shot

__all__ = ["DeepLayers", "DeepLayersVideo", "deep_spec", "LAYOUT", "SEEN_SHARE", "STREAM_LENGTH"]

LAYOUT = ("caption", "depth")
SEEN_SHARE = 0.02   # a group counts as found at a layer when it holds this share of the plane
FACTS_DENSITY = 60  # grid for the captions' counts (the view draws its own, finer one)
STREAM_LENGTH = 2.5  # residual steps add up to this whatever the depth: 0.01 a layer at 250 (see the docstring)


def deep_spec(layers: int = 250, width: int = 8, epochs: int = 100, seed: int = 0):
    """The training run: arms (4 spiral arms), a residual tanh MLP of ``layers`` x ``width`` whose steps add
    up to STREAM_LENGTH, Adam 0.003, batch 32, shuffled, deep supervision (every depth read by the head); only
    the first and the last snapshot are kept (the video reads the last)."""
    from nnwatch.spec import Spec

    return Spec.from_dict({
        "data": {"name": "arms", "classes": 4},
        "network": {"hidden": [width] * layers, "activation": "tanh", "output": "softmax", "residual": True,
                    "residual_step": min(1.0, STREAM_LENGTH / max(layers - 1, 1))},
        "training": {"loss": "cross_entropy", "optimizer": "adam", "learning_rate": 0.003, "batch_size": 32,
                     "shuffle": True, "init": "he", "epochs": epochs, "deep_supervision": True},
        "schedule": {"kind": "at", "at": []},
        "seed": seed,
    })


@dataclass
class DeepLayersVideo(LessonVideo):
    """A LessonVideo whose shots are laid out for the frame rate it is rendered at: the walk down the network
    gives every layer the same whole number of frames (``frames_per_layer``) at any fps."""

    shots_at: Callable[[float], list[Shot]] | None = None

    def plan_at(self, fps: float) -> Script:
        return Script(self.shots_at(fps) if self.shots_at else self.shots, fps)


class DeepLayers(Lesson):
    """SEEDS.md §3. ``layers`` and ``width`` shape the network (250 x 8 by default; fewer layers render and
    train faster); ``title_seconds``, ``hold_seconds`` (on the first layer) and ``end_seconds`` (on the last)
    frame the walk, which gives each layer ``frames_per_layer(fps)`` frames (the depth view's pace)."""

    name = "deep-layers"
    title = "A network 250 layers deep, one layer at a time"
    summary = ("four spiral arms unwound by a trained 250-layer residual network, read out one layer per frame: "
               "at the last layer the whole plane is classified")

    def __init__(self, *, layers: int = 250, width: int = 8, epochs: int = 100, seed: int = 0,
                 title_seconds: float = 6.0, hold_seconds: float = 3.0, end_seconds: float = 6.0,
                 fps: float = 30.0, size: tuple[int, int] = (1280, 720)):
        self.layers, self.width, self.epochs, self.seed = int(layers), int(width), int(epochs), int(seed)
        self.title_seconds = float(title_seconds)
        self.hold_seconds = float(hold_seconds)
        self.end_seconds = float(end_seconds)
        self.fps, self.size = float(fps), (int(size[0]), int(size[1]))

    # -- training --------------------------------------------------------------------------------------------
    def train(self, progress: Progress | None = None):
        from nnwatch.drivers import train

        return train(deep_spec(self.layers, self.width, self.epochs, self.seed), progress=progress)

    @staticmethod
    def facts(run) -> dict[str, Any]:
        """The numbers the captions quote, read from the trained network."""
        from nnwatch.data.extra import arm_distances
        from nnwatch.probes.depth import DepthReadout

        ds, final = run.dataset, run.final
        k = ds.n_classes
        head = DepthReadout(final, ds.x_train, ds.y_train, ds.x_test, ds.y_test, readout="head",
                            domain=ds.domain, density=FACTS_DENSITY, n_classes=k)
        seen = [int(np.sum(np.bincount(r.winner.ravel(), minlength=k) >= SEEN_SHARE * r.winner.size))
                for r in head]
        _, head_test = head.accuracies()
        renamed = [_renamed_accuracy(head.point_classes(layer)[1], ds.y_test, k) for layer in range(1, len(seen) + 1)]
        probe = DepthReadout(final, ds.x_train, ds.y_train, ds.x_test, ds.y_test, readout="probe",
                             domain=ds.domain, density=2, n_classes=k).at(1)
        # The arms are equally wide: the best any rule can do is (nearly) to name each point's nearest arm.
        nearest = np.argmin(arm_distances(ds.x_test, k), axis=1)
        return {"layers": run.arch.n_layers - 1, "width": run.arch.sizes[1], "classes": k,
                "step": run.arch.residual_step,
                "epochs": final.epoch, "train_accuracy": final.train_accuracy,
                "test_accuracy": final.test_accuracy, "ideal_accuracy": float(np.mean(nearest == ds.y_test)),
                "head_test_accuracy": head_test.tolist(), "renamed_test_accuracy": renamed, "groups_seen": seen,
                "probe_first_layer": probe.test_accuracy, "n_train": len(ds.x_train), "n_test": len(ds.x_test)}

    # -- the script ------------------------------------------------------------------------------------------
    def build(self, progress: Progress | None = None) -> LessonVideo:
        return self.video(self.train(progress))

    def video(self, run) -> DeepLayersVideo:
        """Script the video of an already trained run (``build`` without the training)."""
        facts = self.facts(run)

        def shots_at(fps: float) -> list[Shot]:
            return self.shots(run, facts, fps)

        return DeepLayersVideo(run=run, shots=shots_at(self.fps), layout=LAYOUT, palette="playground",
                               view_options={"depth": {"readout": "head"}}, fps=self.fps, size=self.size, facts=facts,
                               shots_at=shots_at)

    def shots(self, run, facts: dict[str, Any], fps: float) -> list[Shot]:
        """Title and hold on layer 1, the walk, the last layer held. Every shot lasts a whole number of frames
        at ``fps``, so the walk starts on a frame boundary and each layer gets exactly ``frames_per_layer``."""
        from nnwatch.views.base import Frame
        from nnwatch.views.depth import frames_per_layer

        n, k = facts["layers"], facts["classes"]
        final = run.final
        position = float(len(run) - 1)

        def frames(seconds: float) -> float:
            return max(round(seconds * fps), 1) / fps

        def at(layer: int, title: str, caption: str) -> Frame:
            return Frame(snapshot=final, position=position, extra={"depth": layer}, title=title, caption=caption)

        intro = (f"{k} spiral arms wound around each other, edges overlapping · a residual network of {n} layers "
                 f"of {facts['width']} neurons, trained for {facts['epochs']:.0f} epochs on {facts['n_train']} points")
        how = ("Each frame: the network's own output layer applied to the state at one depth, i.e. what it "
               "would answer if it stopped there, over the whole plane")
        walk_title = f"Down the network, one layer at a time ({n} layers, steps of at most {facts['step']:.2g})"
        per = frames_per_layer(fps)

        def walk(u: float) -> Frame:
            layer = min(int(round(u * n * per)) // per + 1, n)
            return at(layer, walk_title, self.layer_caption(facts, layer))

        end_title = f"Layer {n}: the whole plane classified"
        endings = self.ending(facts)
        return [
            Shot(frames(self.title_seconds / 2), lambda u: at(1, self.title, intro), "title"),
            Shot(frames(self.title_seconds / 2), lambda u: at(1, "How each frame is read", how), "title"),
            Shot(frames(self.hold_seconds), lambda u: at(1, walk_title, self.layer_caption(facts, 1)), "hold"),
            Shot(n * per / fps, walk, "layer"),
        ] + [Shot(frames(self.end_seconds / len(endings)), lambda u, text=text: at(n, end_title, text), "end")
             for text in endings]

    @staticmethod
    def layer_caption(facts: dict[str, Any], layer: int) -> str:
        seen = facts["groups_seen"][layer - 1]
        right = 100 * facts["head_test_accuracy"][layer - 1]
        renamed = 100 * facts["renamed_test_accuracy"][layer - 1]
        text = (f"Layer {layer} of {facts['layers']} · {seen} of the {facts['classes']} groups on the map · "
                f"{right:.0f}% of the test points right")
        if renamed >= right + 10:  # the regions are there, under the wrong names: the stream is not yet in place
            text += f" ({renamed:.0f}% if its regions were renamed)"
        return text

    @staticmethod
    def ending(facts: dict[str, Any]) -> list[str]:
        """The closing captions: the answer, then (when the numbers show it) where the information was."""
        test, ideal = 100 * facts["test_accuracy"], 100 * facts["ideal_accuracy"]
        texts = [f"Any new point is assigned to one of the {facts['classes']} groups: {test:.0f}% of the test "
                 f"points right; the best possible rule (the nearest arm) gets {ideal:.0f}%."]
        head = 100 * np.asarray(facts["head_test_accuracy"])
        probe = 100 * facts["probe_first_layer"]
        if head[-1] >= head[0] + 15:
            reached = int(np.argmax(head >= head[0] + 0.9 * (head[-1] - head[0]))) + 1
            texts.append(f"The depth did the work: {head[0]:.0f}% at layer 1, {head[reached - 1]:.0f}% by layer "
                         f"{reached}, {head[-1]:.0f}% at the last, each layer moving the points a little further "
                         f"apart.")
        elif probe >= test - 3:
            texts.append(f"A linear probe on layer 1 already gets {probe:.0f}%: the layers do not find the groups, "
                         f"they carry them to where the head reads them.")
        return texts


def _renamed_accuracy(predicted: np.ndarray, labels: np.ndarray, k: int) -> float:
    """The accuracy of a readout whose regions get the best renaming of the classes (any one-to-one map):
    high while plain accuracy is low means the groups are separated but not yet where the head names them."""
    from itertools import permutations

    if not len(labels) or k > 6:  # 720 renamings at most
        return float("nan")
    counts = np.zeros((k, k), np.int64)
    np.add.at(counts, (predicted.astype(np.int64), labels.astype(np.int64)), 1)
    best = max(sum(counts[i, p[i]] for i in range(k)) for p in permutations(range(k)))
    return float(best / len(labels))
