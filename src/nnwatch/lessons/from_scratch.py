"""Lesson ``from-scratch``: "Understand how a neural network works" (SEEDS.md §5), a NumPy tutorial, in order.

1. A single-layer perceptron: 4 rows of 3 bits, the label is the first bit; weights ``2 * random((3, 1)) - 1``
   after ``np.random.seed(1)``, no bias, 10,000 iterations of ``w += X.T @ (error * sigmoid')``. That update
   is full-batch gradient descent with learning rate 1 on half the squared error summed over the rows, which
   is how the engine trains it; it ends where the tutorial printed [0.00966449, 0.00786506, 0.99358898,
   0.99211957].
2. A forward pass with fixed weights, node_0 = [2, 4], node_1 = [4, -5], output = [2, 7], inputs a = 2 and
   b = 3: relu(16) = 16, relu(-7) = 0, then 2·16 + 7·0 = 32.
3. A 3-4-1 sigmoid net on [1,1,1], [3,3,3], [2,2,2], [2,2,2] -> 1, 1, 0, 1 (the same row labelled both ways),
   seed 1, 60,000 iterations, the mean absolute error printed every 10,000.
4. Digits 0-3 as 5x4 bitmaps, 20 inputs, 20 hidden, one sigmoid output trained on digit / 3; asked the bitmap
   of "two", the answer times 3 is about 2. Then: images call for convolutional networks.

The tutorial printed 0.4964 as the 3-4-1 net's first error, but these rows with those weights start at 0.4711;
0.4964 is the same weights' error on the classic XOR rows [0,0,1], [0,1,1], [1,0,1], [1,1,1] -> 0, 1, 1, 0
(the script it grew from). The lesson trains on the rows the story gives, shows the error it measures, and
says where 0.4964 comes from (``facts["xor_rows_start_mae"]``, measured by the same network on those rows).

Each part is its own network, so the video is a PartsVideo: four LessonVideos back to back.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnwatch.lessons.base import Lesson, LessonVideo, Progress, Shot
from nnwatch.lessons.from_scratch_facts import (DIGIT_SHOWN, DIGIT_STEPS, MAE_EVERY, MAE_STEPS, PERCEPTRON_SHOWN,
                                                PERCEPTRON_STEPS, PRINTED, RELU_INPUT, RELU_WEIGHTS, TWO, XOR_ROWS,
                                                outputs)
from nnwatch.lessons.parts import PartsVideo

__all__ = ["FromScratch", "PRINTED", "RELU_WEIGHTS", "RELU_INPUT", "XOR_ROWS", "classic_weights", "scratch_spec",
           "relu_dataset", "mae_every"]



def classic_weights(seed: int, shapes) -> list[dict[str, list]]:
    """The tutorial's start: ``np.random.seed(seed)``, then ``2 * random(shape) - 1`` per layer, no biases."""
    rng = np.random.RandomState(seed)
    return [{"w": (2 * rng.random_sample(shape) - 1).tolist()} for shape in shapes]


def scratch_spec(data: str, hidden: list[int], weights, steps: int, at, activation: str = "sigmoid",
                 output: str = "sigmoid"):
    """The tutorial's training as a Spec: no bias, full-batch SGD with lr 1 on half the summed squared error."""
    from nnwatch.spec import Spec

    return Spec.from_dict({
        "data": {"name": data},
        "network": {"hidden": hidden, "activation": activation, "output": output, "bias": False},
        "training": {"loss": "half_squared", "reduction": "sum", "optimizer": "sgd", "learning_rate": 1.0,
                     "batch_size": "full", "shuffle": False, "epochs": steps, "init": "explicit",
                     "init_weights": weights, "dtype": "float64"},
        "schedule": {"kind": "at", "at": [s for s in at if s > 0], "unit": "step"},
    })


def relu_dataset():
    """The forward pass's one row: a = 2, b = 3, and the 32 the fixed weights give (a regression target)."""
    from nnwatch.data import Dataset
    from nnwatch.data.dataset import REGRESSION

    return Dataset(name="relu-pass", x_train=np.array([RELU_INPUT]), y_train=np.array([32.0]),
                   x_test=np.zeros((0, 2)), y_test=np.zeros(0), task=REGRESSION, input_names=("a", "b"),
                   domain=((-4.0, 4.0), (-4.0, 4.0)), description="a = 2, b = 3 through fixed ReLU weights")


def relu_spec():
    """2-2-1, ReLU hidden, linear output, the fixed weights. The engine trains at least one step; with the
    target equal to the output the error is 0 and that step moves nothing. The lesson shows step 0."""
    hidden = np.array([RELU_WEIGHTS["node_0"], RELU_WEIGHTS["node_1"]]).T  # column j: node_j's weights on a, b
    weights = [{"w": hidden.tolist()}, {"w": [[v] for v in RELU_WEIGHTS["output"]]}]
    # The data name only satisfies the spec (a 2-input regression); the lesson passes its own row as data.
    return scratch_spec("reg_plane", [2], weights, 1, [], activation="relu", output="linear")


def mae_every(run) -> dict[int, float]:
    """The mean absolute error on the training rows at each snapshot, as the tutorial prints it."""
    ds = run.dataset
    return {s.step: float(np.mean(np.abs(ds.y_train - outputs(s, ds.x_train)))) for s in run.snapshots}


class FromScratch(Lesson):
    """SEEDS.md §5. ``seconds`` scales every shot (0.8, the default: 86 s of video)."""

    name = "from-scratch"
    title = "Understand how a neural network works, from scratch"
    summary = ("the NumPy tutorial: a perceptron ending at its printed outputs, a ReLU forward pass giving 32, a "
               "3-4-1 net on contradictory rows with its error every 10,000 steps, digit bitmaps 0-3")

    def __init__(self, *, seconds: float = 0.8, fps: float = 30.0, size: tuple[int, int] = (1280, 720)):
        self.scale = float(seconds)
        self.fps, self.size = float(fps), (int(size[0]), int(size[1]))

    # -- training --------------------------------------------------------------------------------------------
    def train(self, progress: Progress | None = None) -> dict[str, Any]:
        """The four runs, by part: perceptron, relu, mae (3-4-1), digits."""
        from nnwatch.drivers import train

        jobs = {
            "perceptron": (scratch_spec("perceptron", [], classic_weights(1, [(3, 1)]), PERCEPTRON_STEPS,
                                        PERCEPTRON_SHOWN), None),
            "relu": (relu_spec(), relu_dataset()),
            "mae": (scratch_spec("rows341", [4], classic_weights(1, [(3, 4), (4, 1)]), MAE_STEPS,
                                 range(0, MAE_STEPS + 1, MAE_EVERY)), None),
            "digits": (scratch_spec("digits4", [20], classic_weights(1, [(20, 20), (20, 1)]), DIGIT_STEPS,
                                    DIGIT_SHOWN), None),
        }
        total = sum(spec.training.epochs for spec, _ in jobs.values())
        runs, done = {}, 0
        for key, (spec, data) in jobs.items():
            step = (lambda s, _t, done=done: progress(done + s, total)) if progress else None
            runs[key] = train(spec, data=data, progress=step)
            done += spec.training.epochs
        return runs

    @staticmethod
    def facts(runs) -> dict[str, Any]:
        """Every number the captions quote, read from the trained networks."""
        perceptron, relu, mae, digits = (runs[k] for k in ("perceptron", "relu", "mae", "digits"))
        hidden = _hidden(relu[0], RELU_INPUT)
        two = float(outputs(digits.final, digits.dataset.x_train[TWO:TWO + 1])[0])
        return {
            "perceptron_outputs": outputs(perceptron.final, perceptron.dataset.x_train).tolist(),
            "perceptron_start": np.asarray(perceptron[0].params[0]["w"])[:, 0].tolist(),
            "relu_hidden": hidden.tolist(), "relu_output": float(outputs(relu[0], [RELU_INPUT])[0]),
            "mae": mae_every(mae), "mae_outputs": outputs(mae.final, mae.dataset.x_train).tolist(),
            "xor_rows_start_mae": float(np.mean(np.abs(np.array(XOR_ROWS[1]) - outputs(mae[0], XOR_ROWS[0])))),
            "digit_outputs": (3 * outputs(digits.final, digits.dataset.x_train)).tolist(),
            "two": two, "two_times_3": 3 * two,
        }

    # -- the script ------------------------------------------------------------------------------------------
    def build(self, progress: Progress | None = None) -> PartsVideo:
        return self.video(self.train(progress))

    def video(self, runs) -> PartsVideo:
        """Script the video of already trained runs (``build`` without the training)."""
        from nnwatch.lessons.from_scratch_shots import digit_shots, mae_shots, perceptron_shots, relu_shots

        facts = self.facts(runs)
        s = self.scale
        parts = [
            self._part(runs["perceptron"], perceptron_shots(runs["perceptron"], facts, self.title, s),
                       ("caption", "network", "metrics")),
            # The tutorial's forward pass is worked by hand: its weights are written on the links.
            self._part(runs["relu"], relu_shots(runs["relu"], facts, s), ("caption", "network"),
                       view_options={"network": {"weights": True}}),
            self._part(runs["mae"], mae_shots(runs["mae"], facts, s), ("caption", "network", "metrics")),
            self._part(runs["digits"], digit_shots(runs["digits"], facts, s), ("caption", "network", "sample")),
        ]
        first = parts[0]
        return PartsVideo(run=first.run, shots=[shot for part in parts for shot in part.shots], layout=first.layout,
                          palette=first.palette, show_values=True, fps=self.fps, size=self.size, facts=facts,
                          parts=parts)

    def _part(self, run, shots: list[Shot], layout, view_options=None) -> LessonVideo:
        return LessonVideo(run=run, shots=shots, layout=layout, palette="synapses", show_values=True, fps=self.fps,
                           size=self.size, view_options=dict(view_options or {}))


def _hidden(snapshot, x) -> np.ndarray:
    from nnwatch import probes

    return probes.layer_outputs(snapshot, np.array([x], dtype=np.float64))[1][0]

