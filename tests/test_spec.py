import pytest

from nnwatch.errors import LimitError, SpecError
from nnwatch.spec import FLAT_KEYS, Spec, from_flat, to_flat


def rich_spec() -> Spec:
    return Spec.from_dict({
        "data": {"name": "circle", "points": 300, "noise": 0.25, "train_share": 0.7, "seed": 4},
        "features": ["x1", "x2", "sin(x1*x2)"],
        "network": {"hidden": [6, 3], "activation": ["relu", "elu"], "bias": False, "dropout": 0.1},
        "training": {"optimizer": "adam", "learning_rate": 0.003, "batch_size": "full", "regularization": "l2",
                     "regularization_rate": 0.001, "epochs": 42, "target_loss": 0.01, "dtype": "float64"},
        "schedule": {"kind": "at", "at": [5, 1, 3], "unit": "epoch"},
        "seed": 9,
    })


def test_defaults_describe_the_spiral_run():
    spec = Spec()
    assert spec.data.name == "spiral" and spec.network.hidden == [8, 8]
    assert spec.network.hidden_activations() == ("tanh", "tanh")
    assert spec.training.learning_rate == 0.03 and spec.training.batch_size == 10


def test_toml_round_trip():
    spec = rich_spec()
    assert Spec.from_toml(spec.to_toml()) == spec
    assert spec.schedule.at == [1, 3, 5]


def test_json_and_query_round_trip():
    spec = rich_spec()
    assert Spec.from_json(spec.to_json()) == spec
    assert Spec.from_query(spec.to_query()) == spec
    assert "hidden=6%2C3" in spec.to_query()


def test_query_round_trip_with_explicit_weights():
    spec = Spec().with_flat(hidden="", init="explicit", init_weights='[{"w": [[0.5], [-1.0]], "b": [0.1]}]')
    again = Spec.from_query(spec.to_query())
    assert again == spec and again.training.init_weights[0].w == [[0.5], [-1.0]]


def test_flat_keys_cover_every_field():
    spec = rich_spec()
    flat = to_flat(spec)
    assert from_flat(flat) == spec
    covered = {(s, f) for s, f, _ in FLAT_KEYS.values()}
    for section in ("data", "network", "training", "schedule"):
        for field in type(getattr(spec, section)).model_fields:
            assert (section, field) in covered, f"{section}.{field} has no flat key"


def test_with_flat_parses_command_line_strings():
    spec = Spec().with_flat(hidden="4,2", lr="0.1", bias="false", batch="full", activation="relu,tanh",
                            features="x1,x2,x1sq", snapshots="50")
    assert spec.network.hidden == [4, 2] and spec.training.learning_rate == 0.1
    assert spec.network.bias is False and spec.training.batch_size == "full"
    assert spec.network.hidden_activations() == ("relu", "tanh")
    assert spec.features == ["x1", "x2", "x1sq"] and spec.schedule.count == 50
    assert Spec().with_flat(hidden="none").network.hidden == []


@pytest.mark.parametrize("flat, message", [
    ({"dataset": "spirl"}, "unknown dataset 'spirl' (did you mean 'spiral'?)"),
    ({"activation": "rleu"}, "unknown activation 'rleu' (did you mean 'relu'?)"),
    ({"lr": "fast"}, "lr: 'fast' is not a number"),
    ({"lr": "-1"}, "learning_rate"),
    ({"hidden": "8,0"}, "at least 1 neuron"),
    ({"activation": "relu,tanh,relu"}, "3 activations for 2 hidden layers"),
    ({"optimizer": "adamw"}, "optimizer"),
    ({"noise": "nan"}, "noise"),
    ({"init": "explicit"}, "init 'explicit' and init_weights go together"),
    ({"colour": "red"}, "unknown setting 'colour'"),
    ({"bias": "maybe"}, "bias: 'maybe' is not true or false"),
])
def test_bad_values_give_one_line_spec_errors(flat, message):
    with pytest.raises(SpecError) as err:
        Spec().with_flat(**flat)
    assert message in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize("flat, limit", [
    ({"hidden": "2000"}, "neurons per layer is 2000; the limit is 1024"),
    ({"hidden": ",".join(["2"] * 400)}, "hidden layers is 400; the limit is 300"),
    ({"points": "10000000"}, "points is 10000000; the limit is 200000"),
    ({"snapshots": "1000000"}, "snapshots is 1000000; the limit is 100000"),
])
def test_limits_name_themselves(flat, limit):
    with pytest.raises(LimitError, match=limit):
        Spec().with_flat(**flat)


def test_python_construction_errors_are_nnwatch_errors():
    from nnwatch.spec import NetworkSpec

    with pytest.raises(SpecError, match="hidden"):
        NetworkSpec(hidden="lots")
    with pytest.raises(SpecError, match=r"unknown setting .network.hiden. \(did you mean .network.hidden.\?\)"):
        Spec.from_dict({"network": {"hiden": [2]}})


def test_bad_toml_and_missing_file(tmp_path):
    with pytest.raises(SpecError, match="spec TOML is not valid"):
        Spec.from_toml("[network\nhidden = 3")
    with pytest.raises(SpecError, match="does not exist"):
        Spec.load(tmp_path / "nope.toml")
    path = tmp_path / "s.toml"
    path.write_text(rich_spec().to_toml())
    assert Spec.load(path) == rich_spec()


@pytest.mark.parametrize("text, hidden", [("8x3", [8, 8, 8]), ("16,8X2,4", [16, 8, 8, 4]), ("8 × 2", [8, 8]),
                                          ("8,8", [8, 8]), ("none", [])])
def test_hidden_repeats_layers_with_x(text, hidden):
    assert Spec().with_flat(hidden=text).network.hidden == hidden
    assert Spec.from_toml(f'[network]\nhidden = "{text}"').network.hidden == hidden


def test_hidden_repeat_errors_and_limits():
    with pytest.raises(SpecError, match="repeats a layer 0 times"):
        Spec().with_flat(hidden="8x0")
    with pytest.raises(SpecError, match="'8y' is not a whole number"):
        Spec().with_flat(hidden="8y")
    with pytest.raises(LimitError, match="hidden layers is 10000000000; the limit is 300"):
        Spec().with_flat(hidden="8x10000000000")  # counted, never expanded
    assert len(Spec().with_flat(hidden="8x300").network.hidden) == 300


def test_residual_is_a_flat_key_and_round_trips():
    spec = Spec().with_flat(hidden="8x4", residual="true")
    assert spec.network.residual is True and Spec().network.residual is False
    assert to_flat(spec)["residual"] == "true"
    assert Spec.from_query(spec.to_query()) == spec and Spec.from_toml(spec.to_toml()) == spec


def test_residual_step_is_a_flat_key_bounded_and_needs_a_residual_network():
    spec = Spec().with_flat(hidden="8x4", residual="true", residual_step="0.01")
    assert spec.network.residual_step == 0.01 and Spec().network.residual_step == 1.0
    assert Spec.from_query(spec.to_query()) == spec and Spec.from_toml(spec.to_toml()) == spec
    for bad in ("0", "-0.5", "1.5"):
        with pytest.raises(SpecError, match="residual_step"):
            Spec().with_flat(hidden="8x4", residual="true", residual_step=bad)
    with pytest.raises(SpecError, match="the network is not residual.*add --residual"):
        Spec().with_flat(hidden="8x4", residual_step="0.5")


def test_toml_writes_lists_on_one_line_and_reads_them_back():
    spec = Spec().with_flat(hidden="8x6", features="x1,x2,sin(x1*x2)", activation="relu,tanh,tanh,tanh,tanh,tanh")
    text = spec.to_toml()
    assert "hidden = [8, 8, 8, 8, 8, 8]\n" in text
    assert 'features = ["x1", "x2", "sin(x1*x2)"]\n' in text
    assert Spec.from_toml(text) == spec
