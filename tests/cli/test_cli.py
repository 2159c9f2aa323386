"""The command line as a user meets it: exit codes, one-line errors, nothing written on failure."""

import pytest
from typer.testing import CliRunner

from nnwatch.cli import app
from nnwatch.data import DATASET_NAMES
from nnwatch.record import Run

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_datasets_lists_every_dataset_once():
    result = invoke("datasets")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    for name in DATASET_NAMES:
        assert sum(line.split()[0] == name for line in lines if line.strip()) == 1, name


def test_train_then_info(tmp_path):
    out = tmp_path / "c.npz"
    result = invoke("train", "--dataset", "circle", "--hidden", "4,2", "--epochs", "30", "--lr", "0.1",
                    "--snapshots", "10", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.exists() and str(out) in result.stdout
    run = Run.load(out)
    assert run.arch.sizes == (2, 4, 2, 1) and run.final.epoch == 30
    info = invoke("info", out)
    assert info.exit_code == 0
    assert "2-4-2-1" in info.stdout and "circle" in info.stdout
    assert f"{run.final.test_loss:.4f}" in info.stdout and f"{len(run)} (steps" in info.stdout


def test_spec_file_with_flags_on_top(tmp_path):
    spec_file = tmp_path / "spec.toml"
    spec_file.write_text('[data]\nname = "xor"\n[network]\nhidden = [3]\n[training]\nepochs = 3\n')
    out = tmp_path / "x.npz"
    result = invoke("train", spec_file, "--epochs", "2", "-o", out)
    assert result.exit_code == 0, result.output
    run = Run.load(out)
    assert run.spec.data.name == "xor" and run.spec.training.epochs == 2 and run.arch.sizes == (2, 3, 1)


def test_print_spec_round_trips():
    result = invoke("train", "--hidden", "5", "--features", "x1,x2,sin(x1*x2)", "--print-spec")
    assert result.exit_code == 0
    assert "hidden = [5]\n" in result.stdout and "sin(x1*x2)" in result.stdout
    from nnwatch.spec import Spec

    assert Spec.from_toml(result.stdout).network.hidden == [5]


@pytest.mark.parametrize("args, message", [
    (["--dataset", "spirl"], "did you mean 'spiral'"),
    (["--activation", "rleu"], "did you mean 'relu'"),
    (["--features", "x1,x1sqq"], "did you mean 'x1sq'"),
    (["--hidden", "5000"], "the limit is 1024"),
    (["--lr", "abc"], "is not a number"),
])
def test_user_errors_are_one_line_exit_2_and_write_nothing(tmp_path, args, message):
    out = tmp_path / "o.npz"
    result = invoke("train", *args, "--epochs", "1", "-o", out)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_missing_output_directory(tmp_path):
    result = invoke("train", "--epochs", "1", "-o", tmp_path / "no" / "r.npz")
    assert result.exit_code == 2 and "does not exist" in result.output


def test_bad_csv_is_a_user_error(tmp_path):
    csv = tmp_path / "d.csv"
    csv.write_text("a,b,label\n1,2,x\n3,oops,y\n")
    result = invoke("train", "--file", csv, "--epochs", "1", "-o", tmp_path / "r.npz")
    assert result.exit_code == 2 and "oops" in result.output and not (tmp_path / "r.npz").exists()


def test_csv_trains(tmp_path):
    rows = ["u,v,kind"] + [f"{i % 7},{(i * 3) % 5},{'big' if i % 7 + (i * 3) % 5 > 5 else 'small'}"
                           for i in range(60)]
    csv = tmp_path / "d.csv"
    csv.write_text("\n".join(rows) + "\n")
    result = invoke("train", "--file", csv, "--hidden", "4", "--epochs", "5", "-o", tmp_path / "r.npz")
    assert result.exit_code == 0, result.output
    run = Run.load(tmp_path / "r.npz")
    assert run.dataset.classes == ("big", "small") and run.arch.sizes == (2, 4, 1)


def test_info_on_a_foreign_file(tmp_path):
    junk = tmp_path / "j.npz"
    junk.write_bytes(b"hello")
    result = invoke("info", junk)
    assert result.exit_code == 2 and "not an nnwatch run file" in result.output


def test_help_shows_examples():
    result = invoke("train", "--help")
    assert result.exit_code == 0 and "Examples" in result.stdout and "--hidden" in result.stdout


def test_usage_errors_through_the_real_entry_point_are_one_line():
    import subprocess
    import sys

    for args, message in ((["train", "--hiden", "3"], "No such option: --hiden"), (["trian"], "Did you mean 'train'")):
        result = subprocess.run([sys.executable, "-m", "nnwatch", *args], capture_output=True, text=True)
        assert result.returncode == 2 and message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    bare = subprocess.run([sys.executable, "-m", "nnwatch"], capture_output=True, text=True)
    assert bare.returncode == 0 and "train" in bare.stdout and "datasets" in bare.stdout
