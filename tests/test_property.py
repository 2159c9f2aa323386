"""Random specs and random CSV files: each either trains a few steps or raises nnwatch's own one-line error."""

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnwatch.errors import NNWatchError
from nnwatch.spec import FLAT_KEYS, Spec
from nnwatch.training import Trainer

GOOD = {
    "dataset": st.sampled_from(["circle", "xor", "gauss", "spiral", "reg_plane", "reg_gauss", "moons", "gaussians",
                                "xor3", "perceptron", "rows341", "digits4"]),
    "points": st.integers(-5, 400).map(str),
    "noise": st.floats(-0.5, 1.5).map(str),
    "train_share": st.floats(-0.2, 1.2).map(str),
    "classes": st.integers(0, 6).map(str),
    "features": st.lists(st.sampled_from(["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2", "sin(x1*x2)",
                                          "x3", "exp(x1)", "1/x1", "log(x2)"]), min_size=0, max_size=4).map(",".join),
    "hidden": st.lists(st.integers(0, 6), max_size=3).map(lambda v: ",".join(map(str, v)) or "none"),
    "activation": st.sampled_from(["relu", "tanh", "sigmoid", "linear", "leaky_relu", "elu", "softplus", "sine",
                                   "gaussian", "relu,tanh", "softmax"]),
    "output_unit": st.sampled_from(["auto", "tanh", "sigmoid", "softmax", "linear"]),
    "bias": st.sampled_from(["true", "false"]),
    "dropout": st.floats(-0.1, 1.0).map(str),
    "loss": st.sampled_from(["auto", "half_squared", "mse", "cross_entropy"]),
    "reduction": st.sampled_from(["mean", "sum"]),
    "optimizer": st.sampled_from(["sgd", "momentum", "adam"]),
    "lr": st.sampled_from(["0.03", "1", "10", "0", "1e9", "-1"]),
    "batch": st.sampled_from(["1", "10", "30", "full", "0"]),
    "shuffle": st.sampled_from(["true", "false"]),
    "regularization": st.sampled_from(["none", "l1", "l2"]),
    "reg_rate": st.sampled_from(["0", "0.001", "3"]),
    "init": st.sampled_from(["playground", "xavier", "he", "zeros"]),
    "dtype": st.sampled_from(["float32", "float64"]),
    "seed": st.integers(-1, 3).map(str),
}
GARBAGE = st.text(max_size=12)


def flat_specs(keys, garbage=True):
    values = {k: st.one_of(GOOD[k], GARBAGE) if garbage and k in GOOD else GOOD.get(k, GARBAGE) for k in keys}
    return st.dictionaries(st.sampled_from(sorted(values)), st.just(None), max_size=6).flatmap(
        lambda chosen: st.fixed_dictionaries({k: values[k] for k in chosen}))


def assert_one_line(err: NNWatchError) -> None:
    assert str(err) and "\n" not in str(err)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flat_specs(list(FLAT_KEYS) + ["bogus"]))
def test_random_specs_validate_or_fail_cleanly(flat):
    try:
        Spec().with_flat(**flat)
    except NNWatchError as err:
        assert_one_line(err)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flat_specs([k for k in GOOD if k not in ("dtype",)], garbage=False))
def test_valid_specs_train_a_few_steps_or_fail_cleanly(flat):
    try:
        trainer = Trainer(Spec().with_flat(**flat))
        trainer.advance(3)
        metrics = trainer.metrics()
    except NNWatchError as err:
        assert_one_line(err)
        return
    assert trainer.step in (0, 3) and trainer.status in ("running", "diverged")
    assert set(metrics) == {"train_loss", "test_loss", "train_accuracy", "test_accuracy"}
    if trainer.status == "running":
        assert all(np.all(np.isfinite(layer["w"])) for layer in trainer.params)


NUMBER = st.one_of(st.integers(-5, 5).map(str), st.floats(-10, 10, allow_nan=False).map(lambda v: f"{v:.3f}"))
ODD = st.sampled_from(["a", "b", "", "nan", "inf", " 1", "1e3", "x,y", '"q"'])
LABEL = st.one_of(st.sampled_from(["cat", "dog", "0", "1", "2"]), NUMBER)


@st.composite
def csv_texts(draw):
    """Mostly well-formed tables (so many of them train), some with one flaw: an odd cell or a ragged row."""
    n_cols = draw(st.integers(1, 4))
    n_rows = draw(st.integers(0, 40))
    rows = [[draw(NUMBER) for _ in range(n_cols - 1)] + [draw(LABEL)] for _ in range(n_rows)]
    flaw = draw(st.sampled_from(["none", "none", "none", "odd cell", "ragged row"]))
    if rows and flaw != "none":
        row = draw(st.integers(0, len(rows) - 1))
        if flaw == "odd cell":
            rows[row][draw(st.integers(0, n_cols - 1))] = draw(ODD)
        else:
            rows[row] = rows[row] + ["1"]
    lines = [",".join(f"c{i}" for i in range(n_cols))] + [",".join(r) for r in rows]
    return "\n".join(lines) + "\n"


# Each distinct table size compiles its own training program, so fewer examples here than for specs.
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_texts())
def test_random_csv_files_train_or_fail_cleanly(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("csv") / "d.csv"
    path.write_text(text)
    try:
        trainer = Trainer(Spec().with_flat(file=str(path), hidden="3", epochs="1"))
        trainer.advance(2)
    except NNWatchError as err:
        assert_one_line(err)
        return
    assert trainer.step == 2 or trainer.status == "diverged"
    assert math.isfinite(trainer.metrics()["train_loss"]) or trainer.status == "diverged"
