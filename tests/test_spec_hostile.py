"""Hostile spec text: booleans where numbers belong, nesting that would overflow the parsers, oversized files."""

import json
from pathlib import Path

import pytest

from nnwatch.errors import LimitError, SpecError
from nnwatch.spec import Spec


@pytest.mark.parametrize("section, key, value, field, got", [
    ("network", "hidden", [True], "network.hidden.0", "true"),
    ("training", "epochs", True, "training.epochs", "true"),
    ("training", "learning_rate", True, "training.learning_rate", "true"),
    ("training", "batch_size", True, "training.batch_size", "true"),
    ("training", "target_loss", False, "training.target_loss", "false"),
    ("data", "points", False, "data.points", "false"),
    ("data", "noise", False, "data.noise", "false"),
    ("schedule", "at", [1, True], "schedule.at.1", "true"),
    ("schedule", "count", True, "schedule.count", "true"),
    (None, "seed", True, "seed", "true"),
])
@pytest.mark.parametrize("form", ["toml", "json", "python"])
def test_booleans_are_not_numbers(section, key, value, field, got, form):
    import tomli_w

    nested = {section: {key: value}} if section else {key: value}
    parse = {"toml": lambda: Spec.from_toml(tomli_w.dumps(nested)), "json": lambda: Spec.from_json(json.dumps(nested)),
             "python": lambda: Spec.from_dict(nested)}[form]
    with pytest.raises(SpecError) as err:
        parse()
    assert str(err.value) == f"{field}: expected a number, got {got}"


def test_booleans_in_explicit_weights_and_through_python_flat_keys():
    with pytest.raises(SpecError, match=r"training.init_weights.w.0.0: expected a number, got true"):
        Spec().with_flat(hidden="", init="explicit", init_weights='[{"w": [[true], [0.5]]}]')
    with pytest.raises(SpecError, match="training.epochs: expected a number, got true"):
        Spec().with_flat(epochs=True)  # a Python value is passed through as it is, not parsed as text


@pytest.mark.parametrize("flat, message", [
    ({"epochs": "true"}, "epochs: 'true' is not a whole number"),
    ({"points": "false"}, "points: 'false' is not a whole number"),
    ({"lr": "true"}, "lr: 'true' is not a number"),
    ({"hidden": "true"}, "hidden: 'true' is not a whole number"),
    ({"at": "1,true"}, "at: 'true' is not a whole number"),
])
def test_booleans_as_text_in_flat_keys(flat, message):
    with pytest.raises(SpecError) as err:
        Spec().with_flat(**flat)
    assert str(err.value) == message


def test_numbers_still_read_as_before():
    spec = Spec.from_toml("seed = 3\n[training]\nlearning_rate = 1\nepochs = 5\n[network]\nbias = true\n")
    assert spec.training.learning_rate == 1.0 and isinstance(spec.training.learning_rate, float)
    assert spec.training.epochs == 5 and spec.network.bias is True and spec.seed == 3


@pytest.mark.parametrize("parse, text, what", [
    (Spec.from_json, "[" * 100_000, "spec JSON"),
    (Spec.from_json, '{"data": ' * 65 + "{}" + "}" * 65, "spec JSON"),
    (Spec.from_toml, "a = " + "[" * 100_000, "spec TOML"),
    (Spec.from_toml, "a = " + "{b = " * 100 + "1" + "}" * 100, "spec TOML"),
    (Spec.from_toml, "a" + ".a" * 100_000 + " = 1", "spec TOML"),
    (Spec.from_toml, "[a" + ".a" * 100_000 + "]", "spec TOML"),
])
def test_nesting_is_bounded_before_parsing(parse, text, what):
    with pytest.raises(LimitError, match=rf"^{what} nesting depth is \d+; the limit is 64$"):
        parse(text)


def test_brackets_in_strings_and_comments_do_not_count():
    deep = "[" * 200
    spec = Spec.from_toml(f'# {deep}\n[data]\nlabel = "{deep}"\nfile = \'{deep}\'\n')
    assert spec.data.label == deep and spec.data.file == deep
    assert Spec.from_json(json.dumps({"data": {"label": deep + '\\"' + deep}})).data.label == deep + '\\"' + deep


def test_init_weights_text_is_bounded():
    with pytest.raises(LimitError, match="^init_weights nesting depth is 100000; the limit is 64$"):
        Spec().with_flat(init="explicit", init_weights="[" * 100_000)


def test_spec_files_are_read_only_up_to_the_limit(tmp_path):
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * 5_000_000 + "\n")
    with pytest.raises(LimitError, match="^spec TOML length is 5000003; the limit is 4194304$"):
        Spec.load(big)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_endless_spec_file_is_read_only_up_to_the_limit():
    with pytest.raises(LimitError, match="^spec file '/dev/zero' is over 16777216 bytes; the limit is MAX_TEXT_CHARS"):
        Spec.load("/dev/zero")


def test_a_file_replaces_the_dataset_name():
    spec = Spec().with_flat(dataset="circle", file="mine.csv")
    assert "name" not in spec.to_dict()["data"] and spec.to_dict()["data"]["file"] == "mine.csv"
    assert 'name = "' not in spec.to_toml()
    assert Spec.from_toml(spec.to_toml()) == spec and Spec.from_query(spec.to_query()) == spec
    assert Spec().with_flat(dataset="circle").to_dict()["data"]["name"] == "circle"
