"""The catalog: every name, list, formula and colour that a menu, a help text or the live page shows.

Built from the real sources, never re-typed: the datasets of ``data.registry`` (with thumbnails drawn by their
own generators), the input features of ``model.features`` (thumbnails computed by the feature functions over the
Playground's square), the activations and formulas of ``model.activations``, the output units of
``model.output``, the palettes and class colours of ``views.style``, the option values of ``spec``, and the
limits of ``limits``. What only the Playground's screen knows (its value lists for the learning rate and the
regularization rate, its sliders' ranges, the names its URLs give the controls) is written here, once.

The live page reads ``catalog()`` as JSON from the server once and builds its menus, thumbnails and tooltips
from it; the CLI's help texts and the README's tables are checked against it (tests/test_catalog.py).
"""

from __future__ import annotations

import functools
import json
import typing

import numpy as np

from nnwatch import limits
from nnwatch.data import DATASET_NAMES, dataset_info, make_dataset
from nnwatch.data.registry import PLAYGROUND_DOMAIN
from nnwatch.model.activations import FORMULAS, HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS
from nnwatch.model.features import FEATURE_LABELS, PLAYGROUND_FEATURES, parse_feature
from nnwatch.model.mlp import INIT_KINDS
from nnwatch.model.output import OUTPUT_UNITS

__all__ = ["CATALOG_VERSION", "THUMBNAIL_POINTS", "THUMBNAIL_SEED", "FEATURE_THUMBNAIL_DENSITY", "LEARNING_RATES",
           "REGULARIZATION_RATES", "DROPOUT_RATES", "PLAYGROUND_KEYS", "PLAYGROUND_FEATURE_KEYS", "catalog",
           "catalog_json", "choices", "clamp_to_scale", "feature_formula", "dataset_thumbnail", "feature_thumbnail",
           "activation_label", "activation_names", "output_unit_names", "feature_names", "dataset_names"]

CATALOG_VERSION = 1
THUMBNAIL_POINTS = 200          # points in a dataset's thumbnail (the page draws them at 48x48)
THUMBNAIL_SEED = 7              # one fixed sample, so the thumbnails never change between visits
FEATURE_THUMBNAIL_DENSITY = 24  # feature thumbnails: values on a 24x24 grid over the Playground's square

# The Playground's value lists (its own menus), and ours where it has none.
LEARNING_RATES = ("0.00001", "0.0001", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10")
REGULARIZATION_RATES = ("0", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10")
DROPOUT_RATES = ("0", "0.1", "0.2", "0.3", "0.5")
# The Playground's sliders, in its units: noise 0..50 (a spec noise of 0..0.5), training share 10..90 %.
SLIDERS = {"noise": {"min": 0, "max": 50, "step": 5, "per_unit": 100},
           "train_share": {"min": 10, "max": 90, "step": 10, "per_unit": 100},
           "batch": {"min": 1, "max": 30, "step": 1, "per_unit": 1}}  # the top of the batch slider means 'full'
# Display names where capitalising the name would be wrong (acronyms, symbols); every other name is capitalised.
_LABELS = {"relu": "ReLU", "leaky_relu": "Leaky ReLU", "elu": "ELU", "sgd": "SGD", "l1": "L1", "l2": "L2",
           "he": "He", "half_squared": "½ squared", "mse": "MSE", "cross_entropy": "Cross-entropy"}
# The function name a neuron's formula writes around its sum ("" writes the bare sum), where it is not the name.
_SHORT = {"linear": "", "sine": "sin", "gaussian": "gauss"}
# The Playground's URL names of its controls (for <name>_hide=true in classroom mode, and its links: see
# live/playground_link.py) -> our flat keys.
PLAYGROUND_KEYS = {"learningRate": "lr", "regularizationRate": "reg_rate", "batchSize": "batch",
                    "percTrainData": "train_share", "problem": "task", "networkShape": "hidden",
                    "showTestData": "show_test", "playButton": "play", "stepButton": "step",
                    "resetButton": "reset", "dataRegenButton": "regenerate", "numHiddenLayers": "hidden"}
PLAYGROUND_FEATURE_KEYS = {"x": "x1", "y": "x2", "xSquared": "x1sq", "ySquared": "x2sq", "xTimesY": "x1x2",
                            "sinX": "sinx1", "sinY": "sinx2"}


# -- names, for help texts (cheap: no pydantic, no matplotlib) ---------------------------------------------------
def activation_names() -> tuple[str, ...]:
    """The hidden layers' activations, in the model's order."""
    return HIDDEN_ACTIVATIONS


def output_unit_names() -> tuple[str, ...]:
    """What --output-unit takes: auto (the task's choice) or one of the model's output units."""
    return ("auto", *OUTPUT_ACTIVATIONS)


def feature_names() -> tuple[str, ...]:
    """The Playground's input features, in its order."""
    return PLAYGROUND_FEATURES


def dataset_names() -> tuple[str, ...]:
    return DATASET_NAMES


def activation_label(name: str) -> str:
    """How a menu writes a name: "ReLU", "Tanh", "Leaky ReLU"."""
    return _LABELS.get(name, name.replace("_", " ").capitalize())


def _literal(field: str) -> tuple[str, ...]:
    """The values a spec field of Literal type allows, read from the field itself."""
    from nnwatch.spec import TrainingSpec  # pydantic: loaded when asked, not for every CLI help text

    return typing.get_args(TrainingSpec.model_fields[field].annotation)


def choices() -> dict[str, list[list[str]]]:
    """[value, label] pairs of every menu, by flat key."""
    def labelled(values):
        return [[v, activation_label(v)] for v in values]

    def plain(values):
        return [[v, v] for v in values]

    return {"lr": plain(LEARNING_RATES), "activation": labelled(HIDDEN_ACTIVATIONS),
            "output_unit": labelled(output_unit_names()),
            "regularization": labelled(_literal("regularization")), "reg_rate": plain(REGULARIZATION_RATES),
            "optimizer": labelled(_literal("optimizer")),
            "init": labelled(k for k in INIT_KINDS if k != "explicit"),  # explicit weights come from a file
            "dropout": plain(DROPOUT_RATES), "loss": labelled(_literal("loss"))}


# -- datasets ---------------------------------------------------------------------------------------------------
def dataset_thumbnail(name: str) -> list[list[float]]:
    """[x1, x2, label or target] of a small sample made by the dataset's own generator (2-D sets only)."""
    ds = make_dataset(name, points=THUMBNAIL_POINTS, seed=THUMBNAIL_SEED)
    x = np.concatenate([ds.x_train, ds.x_test])
    y = np.concatenate([ds.y_train, ds.y_test]).astype(np.float64)
    return np.column_stack([x, y]).round(2).tolist()


def _dataset(name: str) -> dict:
    info = dataset_info(name)
    entry = {"name": name, "label": name.removeprefix("reg_"), "task": info.task, "description": info.description,
             "two_d": info.two_d, "default_points": info.default_points}
    if info.two_d:
        entry["thumbnail"] = dataset_thumbnail(name)
    return entry


# -- features ---------------------------------------------------------------------------------------------------
def feature_formula(name: str) -> str:
    """The feature as a formula over x1, x2 ("x1^2", "sin(x1)"), written from the tree the parser builds."""
    return _write(parse_feature(name, 2).tree)


def _write(tree) -> str:
    kind = tree[0]
    if kind == "num":
        return f"{tree[1]:g}"
    if kind == "var":
        return f"x{tree[1] + 1}"
    if kind == "neg":
        return f"-{_write(tree[1])}"
    if kind == "bin":
        return f"{_write(tree[2])}{tree[1]}{_write(tree[3])}"
    return f"{tree[1]}({', '.join(_write(arg) for arg in tree[2])})"


def clamp_to_scale(values) -> np.ndarray:
    """Values on the colour scale's range [-1, 1], clamped as the Playground's colour scale clamps (never scaled
    by their maximum): the one rule for every input feature's picture, the catalog's and the live frames'."""
    return np.clip(np.asarray(values, dtype=np.float64), -1.0, 1.0)


def feature_thumbnail(name: str, density: int = FEATURE_THUMBNAIL_DENSITY) -> list[float]:
    """The feature over a density x density grid of the Playground's square (row 0 = lowest x2), clamped to
    [-1, 1] as the Playground's colour scale clamps: X1X2 shows four solid quadrants, not a ramp."""
    (x0, x1), (y0, y1) = PLAYGROUND_DOMAIN
    gx, gy = np.meshgrid(np.linspace(x0, x1, density), np.linspace(y0, y1, density))
    values = parse_feature(name, 2).evaluate(np.column_stack([gx.ravel(), gy.ravel()]))
    return clamp_to_scale(values).round(3).tolist()


def _feature(name: str) -> dict:
    aliases = [k for k, v in PLAYGROUND_FEATURE_KEYS.items() if v == name]
    return {"name": name, "label": FEATURE_LABELS[name], "formula": feature_formula(name),
            "playground_name": aliases[0] if aliases else None, "thumbnail": feature_thumbnail(name)}


# -- the rest ---------------------------------------------------------------------------------------------------
def _activation(name: str) -> dict:
    return {"name": name, "label": activation_label(name), "formula": FORMULAS[name],
            "short": _SHORT.get(name, name), "hidden": name in HIDDEN_ACTIVATIONS,
            "output": name in OUTPUT_ACTIVATIONS}


def _output_unit(unit) -> dict:
    return {"name": unit.name, "low": unit.low, "high": unit.high, "negative": unit.negative,
            "positive": unit.positive, "threshold": unit.threshold, "default_loss": unit.default_loss,
            "multi_class": unit.multi_class}


def _palette(pal) -> dict:
    from nnwatch.views.style import diverging_lut

    return {"negative": pal.negative, "neutral": pal.neutral, "positive": pal.positive,
            "shades": diverging_lut(pal).tolist()}


def _limits() -> dict[str, int]:
    return {name.lower(): getattr(limits, name) for name in limits.__all__ if name.startswith("MAX_")}


@functools.lru_cache(maxsize=1)
def catalog() -> dict:
    """Everything above as plain JSON-ready data (computed once per process)."""
    # Imported here: the views package loads matplotlib, which a CLI help text should not wait for.
    from nnwatch.views.style import CLASS_COLOR_NAMES, CLASS_COLORS, PALETTES

    names = [*HIDDEN_ACTIVATIONS, *(a for a in OUTPUT_ACTIVATIONS if a not in HIDDEN_ACTIVATIONS)]
    return {
        "version": CATALOG_VERSION,
        "domain": [list(axis) for axis in PLAYGROUND_DOMAIN],
        "datasets": [_dataset(name) for name in DATASET_NAMES],
        "features": [_feature(name) for name in PLAYGROUND_FEATURES],
        "feature_thumbnail_density": FEATURE_THUMBNAIL_DENSITY,
        "activations": [_activation(name) for name in names],
        "output_units": {name: _output_unit(unit) for name, unit in OUTPUT_UNITS.items()},
        "palettes": {name: _palette(pal) for name, pal in PALETTES.items()},
        "class_colors": list(CLASS_COLORS),
        "class_color_names": list(CLASS_COLOR_NAMES),
        "choices": choices(),
        "sliders": SLIDERS,
        "playground_keys": {**PLAYGROUND_KEYS, **PLAYGROUND_FEATURE_KEYS},
        "limits": _limits(),
    }


def catalog_json(**extra) -> str:
    """The catalog as JSON text; ``extra`` adds keys (the live server adds its own session limits)."""
    return json.dumps({**catalog(), **extra}, ensure_ascii=False, separators=(",", ":"))
