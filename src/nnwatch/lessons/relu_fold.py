"""Lesson ``relu-fold``: "The Neural Network, A Visual Introduction" (SEEDS.md §4), in its order.

1. The perceptron Heaviside(w·x + b) deciding good or bad weather: one input (a boundary at 20 °C), two
   (humidity: a line), three (wind speed: a plane).
2. Activations: Heaviside, the sigmoid (a probability), ReLU = max(0, x).
3. Red and green points a line separates, and points no line separates.
4. A weight matrix as a linear transformation: i-hat and j-hat move to the columns (1, 2) and (2, 1); then
   rotation, scaling, shearing and reflection; the origin stays put.
5. A uniform square (the grid over the plane, with the circle data) through a 2-2-2 network with random
   weights, stage by stage: W·x, + b, ReLU folding onto the first quadrant and its axes, W2·h, + b2, and the
   sigmoid squashing it into the unit square.
6. A 2-3-2 network: into 3-D, + b, ReLU folding into the first octant, back to 2-D; then the same network
   directly from the first layer to the last.
7. What training does: the lesson's run, a 2-3-1 ReLU network trained on the circle, walked directly from
   input to output: the disc and the ring end up apart, which no straight line could do.
8. Classification: handwritten digits through a trained network with one output neuron per digit; the answer
   is the largest.

The random networks are real Snapshots from ``model.mlp.init_params`` with fixed seeds, chosen so the fold
is plain to see (``fold_facts`` measures it; the tests check it). The lesson's Run is the trained 2-3-1
circle network; the other networks travel in the frames (``Frame.snapshot``), shown by the ``basics`` board.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnwatch.lessons.base import Lesson, LessonVideo, Progress, Shot, ramp

__all__ = ["ReluFold", "random_snapshot", "fold_facts", "circle_spec", "classifier_spec", "NETS", "LAYOUT"]

LAYOUT = ("caption", "basics")
# The random networks: sizes -> seed. Weights from init_params' "he" draw, the second layer's scaled by
# WEIGHT_GAINS so the sigmoid does not saturate every point; biases drawn with BIAS_SCALES so "+ b" visibly
# moves the picture off the origin (init_params starts biases at 0).
NETS = {(2, 2, 2): 1353, (2, 3, 2): 1037}
WEIGHT_GAINS = (1.0, 0.25)
BIAS_SCALES = (3.0, 0.6)
MOVE = 0.7  # the share of a stage shot spent moving; the rest holds the result still


def random_snapshot(sizes: tuple[int, ...], seed: int):
    """A ReLU network with a sigmoid output and random weights, as a Snapshot (step 0: 'random weights')."""
    from nnwatch.model.mlp import Architecture, init_params
    from nnwatch.record.snapshot import Snapshot

    arch = Architecture(features=("x1", "x2"), n_raw_inputs=2, sizes=tuple(sizes),
                        activations=("relu",) * (len(sizes) - 2), output="sigmoid", dtype="float64")
    params = init_params(arch, "he", seed)
    rng = np.random.default_rng(seed + 1000)
    for layer, (gain, spread) in zip(params, zip(WEIGHT_GAINS, BIAS_SCALES)):
        layer["w"] = layer["w"] * gain
        layer["b"] = rng.normal(0.0, spread, layer["b"].shape)
    return Snapshot.unmeasured(arch, params)


def fold_facts(snapshot, x: np.ndarray) -> dict[str, Any]:
    """What the first layer does to points x: the share of points in each sign pattern after W·x + b (the
    quadrants or octants), the share ReLU moves (some coordinate negative, folded to 0), and the share the
    sigmoid leaves away from the unit square's edges."""
    from nnwatch.probes.transform import states

    walk = states(snapshot, x)
    shifted, output = walk[2], walk[-1]
    signs = (shifted > 0).astype(int) @ (1 << np.arange(shifted.shape[1]))
    patterns = np.bincount(signs, minlength=2 ** shifted.shape[1]) / len(x)
    return {"patterns": patterns.tolist(), "folded": float(np.mean(np.any(shifted < 0, axis=1))),
            "inside": float(np.mean(np.all((output > 0.05) & (output < 0.95), axis=1)))}


def circle_spec(seed: int = 1, epochs: int = 200):
    """The lesson's run: a 2-3-1 ReLU network with a sigmoid output learning the circle."""
    from nnwatch.spec import Spec

    return Spec.from_dict({
        "data": {"name": "circle"},
        "network": {"hidden": [3], "activation": "relu", "output": "sigmoid"},
        "training": {"loss": "cross_entropy", "optimizer": "adam", "learning_rate": 0.03, "batch_size": 10,
                     "init": "he", "epochs": epochs},
        "schedule": {"kind": "log", "count": 12},
        "seed": seed,
    })


def classifier_spec(dataset: str, seed: int = 0, epochs: int = 8):
    """One output neuron per class: 'digits' (8x8, 0-9) or, without scikit-learn, the drawn 'shapes'."""
    from nnwatch.spec import Spec

    return Spec.from_dict({
        "data": {"name": dataset},
        "network": {"hidden": [32], "activation": "relu", "output": "softmax"},
        "training": {"loss": "cross_entropy", "optimizer": "adam", "learning_rate": 0.003, "batch_size": 32,
                     "init": "he", "epochs": epochs},
        "schedule": {"kind": "every", "every": epochs, "unit": "epoch"},
        "seed": seed,
    })


class ReluFold(Lesson):
    """SEEDS.md §4. ``stage_seconds`` is how long each stage of a network's walk takes on screen; the other
    lengths are fixed by the script (about two and a half minutes in all)."""

    name = "relu-fold"
    title = "The neural network, a visual introduction"
    summary = ("a perceptron's boundary in 1-D, 2-D and 3-D; Heaviside, sigmoid, ReLU; a matrix moving i-hat "
               "and j-hat; ReLU folding the plane through 2-2-2 and 2-3-2 nets; one output neuron per digit")

    def __init__(self, *, stage_seconds: float = 3.4, fps: float = 30.0, size: tuple[int, int] = (1280, 720),
                 seed: int = 1):
        self.stage_seconds = float(stage_seconds)
        self.fps, self.size = float(fps), (int(size[0]), int(size[1]))
        self.seed = int(seed)

    # -- training ----------------------------------------------------------------------------------------
    def train(self, progress: Progress | None = None):
        """The circle run and the classifier's run, trained one after the other under one progress count."""
        from nnwatch.drivers import train_in_turn
        from nnwatch.errors import DataError

        circle = circle_spec(self.seed)
        try:
            circle_run, classifier_run = train_in_turn([circle, classifier_spec("digits")], progress)
        except DataError:  # scikit-learn is optional: the drawn shapes tell the same story with 3 classes
            circle_run, classifier_run = train_in_turn([circle, classifier_spec("shapes", epochs=15)], progress)
        return circle_run, classifier_run

    def build(self, progress: Progress | None = None) -> LessonVideo:
        return self.video(*self.train(progress))

    def video(self, run, classifier) -> LessonVideo:
        """Script the video of the already trained runs (``build`` without the training)."""
        nets = {sizes: random_snapshot(sizes, seed) for sizes, seed in NETS.items()}
        facts = {f"fold_{'-'.join(map(str, sizes))}": fold_facts(snap, _grid(run)) for sizes, snap in nets.items()}
        facts["circle_accuracy"] = run.final.test_accuracy
        facts["classifier"] = classifier.dataset.name
        facts["classifier_accuracy"] = classifier.final.test_accuracy
        snap = run.final
        shots = (self._perceptron(snap) + self._activations(snap) + self._separable(snap) + self._matrices(snap)
                 + self._network(nets[(2, 2, 2)], _STAGES_222) + self._network(nets[(2, 3, 2)], _STAGES_232)
                 + self._direct(nets[(2, 3, 2)])
                 + self._trained(run) + self._classify(classifier))
        return LessonVideo(run=run, shots=shots, layout=LAYOUT, palette="playground", fps=self.fps,
                           size=self.size, facts=facts)

    # -- the script --------------------------------------------------------------------------------------
    # Pictures that read no network still carry a Snapshot in their Frame: the run's last one.
    @staticmethod
    def _shot(snapshot, show, picture, title, caption, seconds, kind, progress=None) -> Shot:
        """A basics picture for ``seconds``, animated from progress 0 to 1 (or held at ``progress``)."""
        from nnwatch.views.pictures import PictureFrame

        def frame(u):
            return PictureFrame(snapshot=snapshot, show=show, picture=picture, title=title, caption=caption,
                                progress=u if progress is None else progress)

        return Shot(seconds, frame, kind)

    def _perceptron(self, snap) -> list[Shot]:
        from nnwatch.views.perceptron import PerceptronPicture

        one, two, three = PerceptronPicture(1), PerceptronPicture(2), PerceptronPicture(3)
        return [
            self._shot(snap, "perceptron", one, self.title, "After 'Visualizing Deep Learning', chapter 1: from "
                       "one perceptron to a network folding the plane", 4.0, "title", progress=0.0),
            self._shot(snap, "perceptron", one, "A perceptron: output = Heaviside(w·x + b)",
                       f"One input, temperature. {one.formula()}: good weather (1) above 20 °C, bad weather (0) "
                       f"below. The boundary is one point: 20 °C", 8.0, "perceptron"),
            self._shot(snap, "perceptron", two, "Two inputs: the boundary becomes a line",
                       f"Adding humidity: {two.formula()}. Good weather is warm and dry; w·x + b = 0 is a line",
                       8.0, "perceptron"),
            self._shot(snap, "perceptron", three, "Three inputs: the boundary becomes a plane",
                       f"Adding wind speed: {three.formula()}. Good weather is warm, dry and calm", 9.0,
                       "perceptron"),
        ]

    def _activations(self, snap) -> list[Shot]:
        from nnwatch.views.activations import ActivationsPicture

        steps = [
            ("heaviside", 1, "Activation functions: Heaviside",
             "The perceptron's step: 0 below zero, 1 from zero on. All or nothing", 5.5),
            ("sigmoid", 2, "Sigmoid: a smooth step",
             "1 / (1 + e^−x) runs from 0 to 1, 0.5 at zero: read it as a probability", 6.0),
            ("relu", 3, "ReLU = max(0, x)",
             "Negative inputs become 0, positive ones pass unchanged: the activation of most deep networks", 6.0),
        ]
        return [self._shot(snap, "activations", ActivationsPicture(shown=shown, focus=name), title, caption,
                           seconds, "activation") for name, shown, title, caption, seconds in steps]

    def _separable(self, snap) -> list[Shot]:
        from nnwatch.views.separable import SeparablePicture

        return [
            self._shot(snap, "separable", SeparablePicture(panels=1), "Linearly separable",
                       "Red and green points one straight line splits: a single perceptron can sort them", 6.0,
                       "separable"),
            self._shot(snap, "separable", SeparablePicture(panels=2), "Not linearly separable",
                       "Green ringed by red: any straight line leaves points on the wrong side. A perceptron "
                       "cannot; a network bends the space first", 8.0, "separable"),
        ]

    def _matrices(self, snap) -> list[Shot]:
        from nnwatch.views.basis import MATRICES, BasisPicture

        first = "columns (1, 2) and (2, 1)"
        shots = [self._shot(snap, "basis", BasisPicture(MATRICES[first], first),
                            "A weight matrix is a linear transformation",
                            "î = (1, 0) moves to the first column (1, 2), ĵ = (0, 1) to the second (2, 1); every "
                            "point x·î + y·ĵ follows to x·(1, 2) + y·(2, 1)", 9.0, "matrix")]
        said = {
            "rotation by 90°": "Rotation: columns (0, 1) and (−1, 0) turn the plane a quarter; the origin stays put",
            "scaling by 2 and 0.5": "Scaling: columns (2, 0) and (0, 0.5) stretch one axis, squeeze the other",
            "shearing": "Shearing: î stays, ĵ leans to (1, 1); lines stay straight and parallel",
            "reflection in the vertical axis": "Reflection: î flips to (−1, 0); the origin still stays put",
        }
        for name, caption in said.items():
            shots.append(self._shot(snap, "basis", BasisPicture(MATRICES[name], name), name[0].upper() + name[1:],
                                    caption, 4.5, "matrix"))
        return shots

    def _walk(self, snapshot, show: str, stage: int, title: str, caption: str, seconds: float,
              kind: str = "stage") -> Shot:
        """One stage of a network's walk: moving for the first MOVE of the shot, then holding still."""
        from nnwatch.views.pictures import PictureFrame

        def frame(u):
            return PictureFrame(snapshot=snapshot, show=show, extra={"transform": stage + ramp(u, 0.0, MOVE)},
                                progress=u, title=title, caption=caption)

        return Shot(seconds, frame, kind)

    def _network(self, snapshot, stages) -> list[Shot]:
        """A random network's walk: its square of points at rest, then each stage moving and holding."""
        from nnwatch.views.pictures import PictureFrame

        intro_title, intro_caption = stages[0]
        shots = [Shot(3.0, lambda u: PictureFrame(snapshot=snapshot, show="transform", extra={"transform": 0.0},
                                                  progress=u, title=intro_title, caption=intro_caption), "network")]
        for k, (title, caption) in enumerate(stages[1:]):
            shots.append(self._walk(snapshot, "transform", k, title, caption, self.stage_seconds))
        return shots

    def _direct(self, snapshot) -> list[Shot]:
        return [self._walk(snapshot, "transform-direct", 0, "The same 2-3-2 network, from first layer to last",
                           "All six stages at once: each point goes straight from where it starts to where the "
                           "network sends it", 2.0 * self.stage_seconds, "direct")]

    def _trained(self, run) -> list[Shot]:
        """What training changes: the run's 2-3-1 network, trained on the circle, sends disc and ring apart."""
        final = run.final
        title = f"Trained weights: a 2-3-1 ReLU network after {final.epoch:g} epochs on the circle"
        caption = (f"From input to output directly: the disc goes to one end, the ring to the other, a "
                   f"separation no straight line could make ({100 * final.test_accuracy:.0f}% of test points "
                   f"right)")
        return [self._walk(final, "transform-direct", 0, title, caption, 2.0 * self.stage_seconds + 1.0, "trained")]

    def _classify(self, classifier) -> list[Shot]:
        from nnwatch.views.classify import ClassifyPicture

        ds, final = classifier.dataset, classifier.final
        k = len(ds.classes)
        what = ("handwritten digit (8x8 pixels)" if ds.name == "digits"
                else f"drawing ({ds.image_shape[0]}x{ds.image_shape[1]} pixels; without scikit-learn, shapes "
                     f"stand in for digits)")
        title = f"Classification: one output neuron per class ({k})"
        caption = (f"A {what} in; {k} output neurons, one per class; the network's answer is the largest. "
                   f"{100 * final.test_accuracy:.0f}% of test images right")
        shots = []
        for index in _examples(ds):
            picture = ClassifyPicture(tuple(ds.x_test[index].tolist()), tuple(ds.image_shape), int(ds.y_test[index]),
                                      tuple(ds.classes))
            shots.append(self._shot(final, "classify", picture, title, caption, 3.5, "classify"))
        return shots


# The stage shots: (title, caption) for the intro and then each stage.
_STAGES_222 = [
    ("A 2-2-2 network with random weights",
     "A uniform square of points (the grid, with the circle data on it) goes through it stage by stage"),
    ("Layer 1: W·x", "A linear map, animated as the matrix moved the plane: straight lines stay straight"),
    ("Layer 1: + b", "Adding the bias shifts everything: the origin moves"),
    ("Layer 1: ReLU", "max(0, x) folds every negative coordinate to 0: the plane lands in the first quadrant "
                      "and on its two axes"),
    ("Layer 2: W2·h", "The second layer's matrix maps the folded plane linearly again"),
    ("Layer 2: + b2", "Its bias shifts it"),
    ("Output: sigmoid", "The sigmoid squashes everything into the unit square: both outputs between 0 and 1"),
]
_STAGES_232 = [
    ("A 2-3-2 network with random weights", "Three hidden neurons: the plane is carried into 3-D"),
    ("Layer 1: W·x into 3-D", "The 3x2 matrix embeds the flat plane in 3-D and turns it"),
    ("Layer 1: + b", "A shift in 3-D"),
    ("Layer 1: ReLU", "Negative coordinates fold to 0: everything lands in the first octant, on its faces and "
                      "edges"),
    ("Layer 2: back to 2-D", "The 2x3 matrix maps the folded sheet back onto a plane"),
    ("Layer 2: + b2", "A shift"),
    ("Output: sigmoid", "Squashed into the unit square"),
]


def _grid(run) -> np.ndarray:
    """The 41x41 grid over the run's input domain: the uniform square the transform view draws."""
    (x0, x1), (y0, y1) = run.dataset.domain
    gx, gy = np.meshgrid(np.linspace(x0, x1, 41), np.linspace(y0, y1, 41))
    return np.column_stack([gx.ravel(), gy.ravel()])


def _examples(ds, count: int = 4) -> list[int]:
    """Test images to show: the first of classes spread over the range (2, 7, 4, 9 for digits)."""
    wanted = [2, 7, 4, 9] if len(ds.classes) >= 10 else list(range(len(ds.classes)))
    chosen = []
    for label in wanted[:count]:
        hits = np.flatnonzero(ds.y_test == label)
        if len(hits):
            chosen.append(int(hits[0]))
    return chosen
