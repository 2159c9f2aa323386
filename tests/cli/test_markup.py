"""User text keeps its square brackets: Rich reads "[ray]" or "[x]" as markup and would drop it silently.

Every name here is one Rich would take for a style tag ("[x]", "[on]", "[ray]"), not a harmless "[1]".
"""

import subprocess
import sys

from typer.testing import CliRunner

from nnwatch.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_an_install_hint_keeps_its_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # as if ray were not installed: importing it fails
    result = invoke("sweep", "--backend", "ray", "--epochs", "1")
    assert result.exit_code == 2
    assert 'pip install "nnwatch[ray]"' in result.output


def test_the_digits_hint_keeps_its_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    result = invoke("train", "--dataset", "digits", "--epochs", "1")
    assert result.exit_code == 2
    assert "pip install 'nnwatch[digits]'" in result.output


def test_a_missing_file_is_named_as_typed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("train", "--file", "data[x].csv")
    assert result.exit_code == 2
    assert "data[x].csv" in result.output and len(result.output.strip().splitlines()) == 1


def test_train_and_info_show_bracketed_file_and_class_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows = [f"{0.1 * k:.1f},{1 - 0.1 * k:.1f},{'[on]' if k % 2 else 'off'}" for k in range(10)]
    (tmp_path / "pts[x].csv").write_text("a,b,kind\n" + "\n".join(rows) + "\n")
    trained = invoke("train", "--file", "pts[x].csv", "--epochs", "2")
    assert trained.exit_code == 0, trained.output
    assert "training pts[x].csv" in trained.stdout  # the progress bar's description
    assert "pts[x].npz: 2-8-8-1" in trained.stdout  # the summary line
    info = invoke("info", "pts[x].npz")
    assert info.exit_code == 0, info.output
    assert "pts[x].npz" in info.stdout and "pts[x].csv: classification" in info.stdout
    assert "classes [on] (5), off (5)" in info.stdout


def test_a_usage_error_keeps_the_flag_as_typed():
    result = subprocess.run([sys.executable, "-m", "nnwatch", "train", "--hidden[x]", "3"], capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert "--hidden[x]" in result.stderr and "Traceback" not in result.stderr
