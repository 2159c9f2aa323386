"""Hostile files through the command line: deep nesting, bombs, forged run files. One line, exit 2, no traceback."""

import json
import zipfile

import numpy as np
import pytest
from typer.testing import CliRunner

from nnwatch.cli import app
from nnwatch.record import Run

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def refused(result, message):
    assert result.exit_code == 2, result.output
    assert message in result.output, result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    return result.output


@pytest.mark.parametrize("name, text", [
    ("deep.json", "[" * 100_000),
    ("deep.toml", "[training]\nepochs = " + "[" * 100_000),
    ("tables.toml", "x = " + "{a = " * 50_000 + "1" + "}" * 50_000),
    ("dotted.toml", "a" + ".a" * 100_000 + " = 1\n"),
])
def test_deeply_nested_spec_files(tmp_path, name, text):
    spec = tmp_path / name
    spec.write_text(text)
    out = tmp_path / "r.npz"
    refused(invoke("train", spec, "--epochs", "1", "-o", out), "nesting depth is")
    assert "the limit is 64" in invoke("train", spec, "-o", out).output and not out.exists()


def test_deeply_nested_init_weights(tmp_path):
    out = tmp_path / "r.npz"
    result = invoke("train", "--init", "explicit", "--init-weights", "[" * 100_000, "--epochs", "1", "-o", out)
    refused(result, "init_weights nesting depth is 100000; the limit is 64")


def test_booleans_in_a_spec_file(tmp_path):
    spec = tmp_path / "s.toml"
    spec.write_text("[training]\nepochs = true\n")
    refused(invoke("train", spec, "-o", tmp_path / "r.npz"), "training.epochs: expected a number, got true")


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    folder = tmp_path_factory.mktemp("runs")
    rows = ["u,v,kind"] + [f"{i % 7},{(i * 3) % 5},{'big' if i % 7 + (i * 3) % 5 > 5 else 'small'}" for i in range(40)]
    (folder / "mydata.csv").write_text("\n".join(rows) + "\n")
    result = invoke("train", "--file", folder / "mydata.csv", "--hidden", "3", "--epochs", "2", "--snapshots", "3",
                    "-o", folder / "mydata.npz")
    assert result.exit_code == 0, result.output
    return folder / "mydata.npz"


def test_info_says_what_a_file_run_trained_on(good):
    result = invoke("info", good)
    assert result.exit_code == 0, result.output
    assert 'file = "' in result.output and "mydata.csv" in result.output
    assert "spiral" not in result.output  # the spec's unused default name is not shown beside the file
    assert Run.load(good).spec.to_dict()["data"].get("name") is None


def forged(good, path, change):
    with np.load(good, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    change(arrays)
    np.savez(path, **arrays)
    return path


def set_header(text):
    return lambda arrays: arrays.__setitem__("header", np.array(text))


def label_99(arrays):
    arrays["dataset/y_train"] = arrays["dataset/y_train"].copy()
    arrays["dataset/y_train"][0] = 99


def activation(arrays):
    head = json.loads(str(arrays["header"]))
    head["architecture"]["activations"] = ["rleu"]
    arrays["header"] = np.array(json.dumps(head))


@pytest.mark.parametrize("change, message", [
    (set_header("[" * 100_000), "its header JSON nesting depth is 100000; the limit is 64"),
    (label_99, "its train labels run 0..99; 2 classes take 0..1"),
    (activation, "unknown activation 'rleu'"),
    (lambda arrays: arrays.__setitem__("snapshots/w0", arrays["snapshots/w0"].astype(str)), "'snapshots/w0' holds"),
])
def test_info_on_forged_run_files(good, tmp_path, change, message):
    refused(invoke("info", forged(good, tmp_path / "bad.npz", change)), message)


def test_train_on_a_compressed_bomb(tmp_path):
    bomb = tmp_path / "bomb.npz"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, shape in (("x", (300_000, 2)), ("y", (300_000,))):
            buffer = np.zeros(shape)
            with archive.open(name + ".npy", "w") as member:
                np.lib.format.write_array(member, buffer)
    refused(invoke("train", "--file", bomb, "-o", tmp_path / "r.npz"),
            "x has 300000 rows; the limit is MAX_POINTS = 200000")
    assert not (tmp_path / "r.npz").exists()
