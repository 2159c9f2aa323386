"""Lesson ``spiral-sweep``: TensorFlow Playground, neurons against layers (SEEDS.md §6), as three grids.

1. The circle: batch size 1, learning rate 0.03, ReLU, L1 regularization 0.001, one hidden layer of 1, 2, 3,
   4 and 8 neurons, side by side on one clock.
2. Initialization matters: one of those configurations (4 neurons) from eight random starts.
3. The two spirals: learning rate 0.01, inputs x1, x2, x1², x2², x1·x2, sin x1, sin x2; one hidden layer of
   1, 2, 4, 6, 8 neurons, then two hidden layers of 8 and 2, 4, 6, 8.

Each grid is one sweep (every configuration trained together, ``nnwatch.sweep``) shown as a board of the sweep
view: first untrained, then learning (the shared snapshots tweened), then held while the caption reads out
what the runs did. The captions quote the trained runs' own test losses, so they stay true whatever the
numbers come out as; the seeds below are chosen so the grids show the story (the first circle start in
which three neurons close the ring: seed 8) and recorded here, as xor-synapses records its seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nnwatch.lessons.base import Lesson, LessonVideo, Progress, Shot, ramp

__all__ = ["SpiralSweep", "CIRCLE_HIDDEN", "SPIRAL_HIDDEN", "SPIRAL_FEATURES", "SOLVED"]

CIRCLE_HIDDEN = ("1", "2", "3", "4", "8")
SPIRAL_HIDDEN = ("1", "2", "4", "6", "8", "8,2", "8,4", "8,6", "8,8")
SPIRAL_FEATURES = "x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2"
SOLVED = 0.05  # a test loss under this counts as solved in the captions
LAYOUT = ("caption", "sweep")


@dataclass(frozen=True)
class Part:
    """One grid of the lesson: its sweep, its board title and how its shots are timed."""

    key: str
    title: str
    specs: list
    labels: list[str]
    seconds: tuple[float, float, float]  # untrained, learning, held at the end


class SpiralSweep(Lesson):
    """SEEDS.md §6. ``circle_epochs`` and ``spiral_epochs`` set the training (60 and 1500: the circle at batch
    1 takes 250 steps an epoch); ``seconds`` scales every shot (1.0: about a minute of video); ``circle_seed``
    is the circle sweep's start and ``seeds`` the starts of the initialization grid."""

    name = "spiral-sweep"
    title = "Neurons against layers"
    summary = ("TensorFlow Playground's circle (1-8 ReLU neurons, L1) and two spirals (one and two hidden "
               "layers) trained side by side; initialization matters")

    def __init__(self, *, circle_epochs: int = 60, spiral_epochs: int = 1500, snapshots: int = 120,
                 seconds: float = 1.0, circle_seed: int = 8, seeds: tuple[int, ...] = tuple(range(6, 14)),
                 fps: float = 30.0, size: tuple[int, int] = (1280, 720)):
        self.circle_epochs, self.spiral_epochs = int(circle_epochs), int(spiral_epochs)
        self.snapshots, self.scale = int(snapshots), float(seconds)
        self.circle_seed, self.seeds = int(circle_seed), tuple(int(s) for s in seeds)
        self.fps, self.size = float(fps), (int(size[0]), int(size[1]))

    # -- the sweeps ------------------------------------------------------------------------------------------
    def parts(self) -> list[Part]:
        from nnwatch.spec import Spec

        circle = Spec().with_flat(dataset="circle", batch="1", lr="0.03", activation="relu", regularization="l1",
                                  reg_rate="0.001", epochs=str(self.circle_epochs), snapshots=str(self.snapshots),
                                  data_seed="0", seed=str(self.circle_seed))
        spiral = Spec().with_flat(dataset="spiral", features=SPIRAL_FEATURES, lr="0.01", activation="tanh",
                                  epochs=str(self.spiral_epochs), snapshots=str(self.snapshots), data_seed="0")
        s = self.scale
        return [
            Part("circle", "circle · ReLU · batch 1 · lr 0.03 · L1 0.001 · one hidden layer",
                 [circle.with_flat(hidden=h) for h in CIRCLE_HIDDEN], [f"{h} neuron{'s' * (h != '1')}"
                                                                       for h in CIRCLE_HIDDEN],
                 (2.5 * s, 9.0 * s, 5.0 * s)),
            Part("seeds", "circle · 4 neurons · the same settings · 8 random starts",
                 [circle.with_flat(hidden="4", seed=str(k)) for k in self.seeds],
                 [f"seed {k}" for k in self.seeds], (2.0 * s, 7.0 * s, 5.0 * s)),
            Part("spiral", "spiral · inputs x1 x2 x1sq x2sq x1x2 sinx1 sinx2 · tanh · lr 0.01",
                 [spiral.with_flat(hidden=h) for h in SPIRAL_HIDDEN], [f"hidden {h}" for h in SPIRAL_HIDDEN],
                 (3.0 * s, 13.0 * s, 6.5 * s)),
        ]

    def train(self, progress: Progress | None = None) -> dict[str, list]:
        """Every part's sweep, trained: {key: runs}."""
        from nnwatch.drivers.sweep import sweep

        parts = self.parts()
        out = {}
        for k, part in enumerate(parts):
            # Each sweep counts its own steps: report the three as thirds of one bar.
            report = None if progress is None else (
                lambda step, total, k=k: progress(k * 1000 + 1000 * step // max(total, 1), 1000 * len(parts)))
            out[part.key] = sweep(part.specs, progress=report)
        return out

    # -- the script ------------------------------------------------------------------------------------------
    def build(self, progress: Progress | None = None) -> LessonVideo:
        return self.video(self.train(progress))

    def video(self, trained: dict[str, list]) -> LessonVideo:
        """Script the video of already trained sweeps (``build`` without the training)."""
        parts = self.parts()
        facts = self.facts(trained)
        boards = [{"runs": trained[p.key], "title": p.title, "labels": p.labels} for p in parts]
        shots = [self._opening(trained[parts[0].key])]
        for board, part in enumerate(parts):
            shots += self._grid(board, part, trained[part.key], _captions(part.key, facts))
        return LessonVideo(run=trained[parts[0].key][0], shots=shots, layout=LAYOUT,
                           view_options={"sweep": {"boards": boards}}, fps=self.fps, size=self.size, facts=facts)

    @staticmethod
    def facts(trained: dict[str, list]) -> dict[str, Any]:
        """Each run's final test loss, by part and in the order of its grid."""
        return {key: [run.final.test_loss for run in runs] for key, runs in trained.items()}

    def _opening(self, runs) -> Shot:
        from nnwatch.video.sweep import sweep_frame

        return Shot(3.5 * self.scale, lambda u: sweep_frame(
            runs, 0.0, board=0, title="Neurons against layers, as in TensorFlow Playground",
            caption="Each square is one network learning the same data: watch its test and training loss, "
                    "the points and the shading of what it has learned."), "title")

    def _grid(self, board: int, part: Part, runs, captions: tuple[str, str, str]) -> list[Shot]:
        from nnwatch.video.sweep import sweep_frame

        last = float(len(runs[0]) - 1)
        (start, learn, end), (heading, during, after) = part.seconds, captions
        return [
            Shot(start, lambda u: sweep_frame(runs, 0.0, board=board, title=heading, caption=during), "untrained"),
            Shot(learn, lambda u: sweep_frame(runs, last * ramp(u, 0.0, 1.0), board=board, title=heading,
                                              caption=during), "learning"),
            Shot(end, lambda u: sweep_frame(runs, last, board=board, title=heading, caption=after), "trained"),
        ]


def _captions(key: str, facts: dict[str, Any]) -> tuple[str, str, str]:
    """(title, caption while learning, caption once trained) for one part, quoting its runs' test losses."""
    losses = facts[key]
    if key == "circle":
        solved = [h for h, loss in zip(CIRCLE_HIDDEN, losses) if loss < SOLVED]
        failed = [h for h, loss in zip(CIRCLE_HIDDEN, losses) if loss >= SOLVED]
        after = (f"Solved (test loss < {SOLVED:g}) with {_neurons(solved)}, not with {_neurons(failed)}" if solved
                 else f"No size solved it (test loss < {SOLVED:g}) from this start")
        stuck = [h for h in failed if solved and int(h) > int(solved[0])]
        after += (f": {_neurons(stuck)} had room enough, yet got stuck from this start (next: why)." if stuck
                  else ". Each ReLU neuron adds one straight edge; enclosing the circle takes three.")
        return ("One hidden layer, 1 to 8 neurons: how many does the circle need?",
                "The circle inside a ring: one ReLU neuron draws one straight edge, so one or two cannot "
                "enclose it.", after)
    if key == "seeds":
        good = sum(loss < SOLVED for loss in losses)
        after = (f"{good} of {len(losses)} starts solve it (best test loss {min(losses):.3f}); the others stay "
                 f"stuck, up to {max(losses):.3f}: neurons that died, links L1 has cut.")
        return ("Initialization matters: the same 4 neurons from 8 random starts",
                "Same data, same settings; only the random initial weights differ.", after)
    one = ", ".join(f"{h}: {loss:.3f}" for h, loss in zip(SPIRAL_HIDDEN[:5], losses[:5]))
    two = ", ".join(f"{h}: {loss:.3f}" for h, loss in zip(SPIRAL_HIDDEN[5:], losses[5:]))
    return ("The spiral: one hidden layer of 1 to 8 neurons, then two layers: 8 and 2 to 8",
            "With seven inputs (x1, x2, their squares and product, sin x1, sin x2) one layer can reach the "
            "spiral; does a second help?",
            f"Test loss with one layer: {one}. With two: {two}.")


def _neurons(sizes: list[str]) -> str:
    if not sizes:
        return "none"
    return (", ".join(sizes[:-1]) + " or " + sizes[-1] if len(sizes) > 1 else sizes[0]) + \
        f" neuron{'s' * (sizes != ['1'])}"
