"""Input features: the seven Playground ones, custom expressions, their errors, and jax tracing."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnwatch.errors import LimitError, SpecError
from nnwatch.model.features import (
    FEATURE_LABELS, MAX_EXPRESSION_DEPTH, PLAYGROUND_FEATURES, expand, is_playground_feature, parse_feature,
    parse_features)

RNG = np.random.default_rng(7)
X = RNG.uniform(-6, 6, size=(64, 2))
X1, X2 = X[:, 0], X[:, 1]


def value(text: str, x=X, n_inputs: int = 2):
    return parse_feature(text, n_inputs).evaluate(x)


def test_playground_names_labels_and_order():
    assert PLAYGROUND_FEATURES == ("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2")
    assert [FEATURE_LABELS[n] for n in PLAYGROUND_FEATURES] == ["X₁", "X₂", "X₁²", "X₂²", "X₁X₂", "sin(X₁)",
                                                                 "sin(X₂)"]
    assert all(is_playground_feature(n) for n in PLAYGROUND_FEATURES)
    assert not is_playground_feature("sin(x1)") and not is_playground_feature(None)
    assert parse_feature("x1sq", 2).label == "X₁²" and parse_feature("x1 + 1", 2).label == "x1 + 1"


@pytest.mark.parametrize("name, truth", [
    ("x1", X1), ("x2", X2), ("x1sq", X1 ** 2), ("x2sq", X2 ** 2), ("x1x2", X1 * X2), ("sinx1", np.sin(X1)),
    ("sinx2", np.sin(X2))])
def test_playground_features_match_their_formulas(name, truth):
    feature = parse_feature(name, 2)
    assert feature.name == name
    np.testing.assert_allclose(feature.evaluate(X), truth, rtol=1e-12)


@pytest.mark.parametrize("text, truth", [
    ("2+3*x1", 2 + 3 * X1),
    ("-x1^2", -(X1 ** 2)),
    ("x1**2", X1 ** 2),
    ("2^3^2", np.full(len(X), 512.0)),
    ("2**3**2", np.full(len(X), 512.0)),
    ("(2+3)*x1", 5 * X1),
    ("x1 - x2 - 1", X1 - X2 - 1),
    ("x1 / x2 / 2", X1 / X2 / 2),
    ("-x1*x2", -X1 * X2),
    ("2^-1*x1", 0.5 * X1),
    ("+x2", X2),
    ("--x2", X2),
    ("sin(x1*x2)", np.sin(X1 * X2)),
    ("x1^2 + x2**2", X1 ** 2 + X2 ** 2),
    ("exp(-(x1**2+x2**2)/4)", np.exp(-(X1 ** 2 + X2 ** 2) / 4)),
    ("abs(x1) - 0.5", np.abs(X1) - 0.5),
    ("tanh(2*x1)", np.tanh(2 * X1)),
    ("-x2", -X2),
    ("1.5e-1*x1", 0.15 * X1),
    (".5*x + 2.*y", 0.5 * X1 + 2.0 * X2),
    ("sqrt(abs(cos(x1) * tan(x2)))", np.sqrt(np.abs(np.cos(X1) * np.tan(X2)))),
    ("log(1 + exp(x1))", np.log1p(np.exp(X1))),
    ("sign(x1) * relu(x2)", np.sign(X1) * np.maximum(X2, 0)),
    ("sigmoid(x1)", 1 / (1 + np.exp(-X1))),
    ("min(x1, x2)", np.minimum(X1, X2)),
    ("max(x1, min(x2, 0))", np.maximum(X1, np.minimum(X2, 0))),
    ("pi * e", np.full(len(X), np.pi * np.e)),
    ("x1sq + x2sq", X1 ** 2 + X2 ** 2),
])
def test_expressions_match_numpy(text, truth):
    out = value(text)
    assert out.shape == (len(X),) and out.dtype == np.float64
    np.testing.assert_allclose(out, truth, rtol=1e-12, atol=1e-12)


def test_numeric_trouble_gives_inf_and_nan_silently():
    with np.errstate(all="raise"):  # the module must switch numpy's errors off itself
        assert np.all(np.isposinf(value("1/0 + x1*0")))
        assert np.all(np.isnan(value("log(-1)")))
        assert np.all(np.isnan(value("sqrt(-1 - abs(x1))")))
        assert np.all(np.isposinf(value("10^400")))
        assert np.all(np.isposinf(value("1e999")))
        assert np.all(np.isnan(value("(-8)^(1/3)")))


def test_dtype_follows_x_and_integers_become_float():
    x32 = X.astype(np.float32)
    assert value("sin(x1) + 1e300", x32).dtype == np.float32
    assert expand(parse_features(["x1", "x1*x2"], 2), x32).dtype == np.float32
    ints = np.array([[1, 2], [3, 4]])
    np.testing.assert_allclose(value("x1 / x2", ints), [0.5, 0.75])


def test_variables_and_aliases_over_n_inputs():
    x3 = RNG.normal(size=(10, 3))
    np.testing.assert_allclose(value("x3 - x + y", x3, 3), x3[:, 2] - x3[:, 0] + x3[:, 1])
    x1 = RNG.normal(size=(10, 1))
    np.testing.assert_allclose(value("x1sq", x1, 1), x1[:, 0] ** 2)
    np.testing.assert_allclose(value("2*x", x1, 1), 2 * x1[:, 0])
    with pytest.raises(SpecError, match=r"'x2sq' needs 2 inputs"):
        parse_feature("x2sq", 1)
    with pytest.raises(SpecError, match=r"no input 'x3' \(the data has 2 inputs: x1\.\.x2\)"):
        parse_feature("x1 + x3", 2)
    with pytest.raises(SpecError, match="position 0: unknown variable 'y'"):
        parse_feature("y + 1", 1)
    with pytest.raises(SpecError, match="^unknown feature 'y'"):
        parse_feature("y", 1)
    with pytest.raises(SpecError, match=r"shape \(n, 2\)"):
        parse_feature("x1", 2).evaluate(x3)


def test_parse_features_and_expand():
    feats = parse_features(list(PLAYGROUND_FEATURES) + ["sin(x1*x2)"], 2)
    assert [f.name for f in feats] == list(PLAYGROUND_FEATURES) + ["sin(x1*x2)"]
    out = expand(feats, X)
    assert out.shape == (len(X), 8)
    np.testing.assert_allclose(out[:, 4], X1 * X2)
    np.testing.assert_allclose(out[:, 7], np.sin(X1 * X2))
    np.testing.assert_array_equal(expand(parse_features(["x2", "x1"], 2), X), X[:, ::-1])  # the gather path
    assert parse_feature("  x1 + 1 ", 2).name == "x1 + 1"
    assert parse_feature("x1*x2", 2) == parse_feature("x1*x2", 2)


@pytest.mark.parametrize("names, message", [
    ([], "no input features"),
    (["x1", "x1"], "'x1' is given twice"),
    (["x1 * x2", "x1x2"], "'x1 \\* x2' and 'x1x2' compute the same thing"),
    (["x", "x1"], "'x' and 'x1' compute the same thing"),
    (["x1", "x1sqq"], r"unknown feature 'x1sqq' \(did you mean 'x1sq'\?\)"),
    (["sinx"], r"unknown feature 'sinx' \(did you mean 'sinx\d'\?\)"),
])
def test_parse_features_errors(names, message):
    with pytest.raises(SpecError, match=message):
        parse_features(names, 2)


@pytest.mark.parametrize("text, message", [
    ("sin(x1*)", r"^feature 'sin\(x1\*\)': expected a value at position 7 \(found '\)'\)$"),
    ("x1 +", "expected a value at position 4 \\(found the end\\)"),
    ("(x1 + 2", "expected '\\)' at position 7 .*'\\(' at position 0 is not closed"),
    ("x1)", "unmatched '\\)' at position 2"),
    ("2x1", "expected an operator at position 1 \\(found 'x1'\\)"),
    ("x1 x2", "expected an operator at position 3"),
    ("x1 $ 2", "unexpected character '\\$' at position 3"),
    ("sinh(x1)", r"position 0: unknown function 'sinh' \(did you mean 'sin'\?\)"),
    ("cos(x1) + sqr(x2)", r"position 10: unknown function 'sqr' \(did you mean 'sqrt'\?\)"),
    ("x1 + pii", r"position 5: unknown variable 'pii' \(did you mean 'pi'\?\)"),
    ("min(x1)", "min\\(\\) takes 2 arguments but is given 1 at position 0"),
    ("sin(x1, x2)", "sin\\(\\) takes 1 argument but is given 2"),
    ("min(x1 x2)", "expected ',' or '\\)' in min\\(...\\) at position 7"),
    ("sin", "'sin' is a function: write sin\\(...\\)"),
    ("x1 ** * 2", "expected a value at position 6"),
    ("", "empty feature"),
    ("   ", "empty feature"),
])
def test_parse_errors_name_position_or_suggestion(text, message):
    with pytest.raises(SpecError, match=message):
        parse_feature(text, 2)


@pytest.mark.parametrize("text", [
    "__import__('os')", "__import__(\"os\").system(\"true\")", "x1.__class__", "open('x')", "eval('1')",
    "exec('x1')", "lambda: 1", "[x1]", "x1 if x2 else 0", "x1; x2", "os.system('ls')", "__builtins__"])
def test_python_is_not_evaluated(text, monkeypatch):
    import builtins
    def forbidden(*args, **kwargs):
        raise AssertionError("features must not call eval/compile")
    for name in ("eval", "exec", "compile"):
        monkeypatch.setattr(builtins, name, forbidden)
    with pytest.raises(SpecError, match="^feature |^unknown feature"):
        parse_feature(text, 2)


def test_limits_on_length_and_depth():
    with pytest.raises(LimitError, match="201 characters long; the limit is 200"):
        parse_feature("x1" + "+1" * 99 + "+", 2)
    assert parse_feature("x1" + "+1" * 99, 2).evaluate(X).shape == (len(X),)  # 200 characters is fine
    deep = "(" * (MAX_EXPRESSION_DEPTH + 1) + "x1" + ")" * (MAX_EXPRESSION_DEPTH + 1)
    with pytest.raises(LimitError, match="nesting is deeper than the limit of 32 levels"):
        parse_feature(deep, 2)
    with pytest.raises(LimitError, match="nesting is deeper"):
        parse_feature("-" * 40 + "x1", 2)
    np.testing.assert_allclose(value("(" * 20 + "x1" + ")" * 20), X1)


def test_jit_with_jax_matches_numpy():
    jax = pytest.importorskip("jax")
    jnp = jax.numpy
    feats = parse_features(list(PLAYGROUND_FEATURES) + [
        "exp(-(x^2+y^2)/4)", "sigmoid(x1) - relu(x2)", "min(x1, max(x2, 0))", "sign(x1)*abs(x2)^0.5",
        "log(1 + x1^2)", "pi"], 2)
    x32 = X.astype(np.float32)
    jitted = jax.jit(lambda x: expand(feats, x, xp=jnp))
    out = np.asarray(jitted(jnp.asarray(x32)))
    assert out.shape == (len(X), len(feats)) and out.dtype == np.float32
    np.testing.assert_allclose(out, expand(feats, x32), rtol=2e-5, atol=2e-5)
    raw = jax.jit(lambda x: expand(parse_features(["x2", "x1"], 2), x, xp=jnp))(jnp.asarray(x32))
    np.testing.assert_array_equal(np.asarray(raw), x32[:, ::-1])


# Strings built from the grammar's own pieces reach deep into the parser far more often than random text.
TOKENS = ["x1", "x2", "x3", "x", "y", "z", "pi", "e", "1", "2.5", "1e3", ".5", "0", "+", "-", "*", "/", "^", "**",
          "(", ")", ",", " ", "sin", "min", "max", "log", "sqrt", "exp", "sigmoid", "relu", "x1sq", "sinx2",
          "sign", "abs", "tan"]
SMALL_X = np.linspace(-2, 2, 10).reshape(5, 2)


def check_only_spec_errors(text: str):
    try:
        feature = parse_feature(text, 2)
    except (SpecError, LimitError):
        return
    out = feature.evaluate(SMALL_X)
    assert out.shape == (5,)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_random_text_only_raises_spec_errors(text):
    check_only_spec_errors(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_token_soup_only_raises_spec_errors(text):
    check_only_spec_errors(text)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 60).map(lambda n: "(" * n + "-" * n + "x1" + ")" * n))
def test_deep_nesting_is_a_limit_not_a_crash(text):
    check_only_spec_errors(text)
