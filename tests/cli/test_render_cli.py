"""`nnwatch render` as a user meets it."""

import pytest
from typer.testing import CliRunner

from nnwatch.cli import app
from nnwatch.video.files import probe_video

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_render_trains_and_writes_a_video(tmp_path):
    out = tmp_path / "c.mp4"
    result = invoke("render", "--dataset", "circle", "--hidden", "3", "--epochs", "5", "--size", "320x180",
                    "--duration", "2", "--fps", "10", "-o", out)
    assert result.exit_code == 0, result.output
    assert f"{out}: 20 frames, 320x180, 2.0 s" in result.stdout
    assert probe_video(out)["frames"] == 20


def test_render_a_recorded_run_as_gif(tmp_path):
    run_file = tmp_path / "r.npz"
    assert invoke("train", "--dataset", "xor", "--hidden", "2", "--epochs", "3", "-o", run_file).exit_code == 0
    result = invoke("render", "--run", run_file, "-o", tmp_path / "r.gif", "--duration", "1", "--fps", "8",
                    "--layout", "boundary,metrics")
    assert result.exit_code == 0, result.output
    info = probe_video(tmp_path / "r.gif")
    assert (info["width"], info["height"]) == (800, 450) and info["duration_s"] == pytest.approx(1.0, abs=0.05)


@pytest.mark.parametrize("args, message", [
    (["--layout", "network,boundry"], "did you mean 'boundary'"),
    (["--size", "1279x720"], "even width and height"),
    (["--size", "0x720"], "size must be positive"),
    (["--size", "5000x3000"], "over the 4K limit"),
    (["--size", "big"], "is not WIDTHxHEIGHT"),
    (["--fps", "0"], "fps must be 1..120"),
    (["--fps", "500"], "fps must be 1..120"),
    (["-o", "out.avi"], "cannot write '.avi' files"),
    (["-o", "missing/dir/out.mp4"], "does not exist"),
    (["--run", "nope.npz"], "does not exist"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = invoke("render", "--epochs", "1", *args) if "--run" not in args else invoke("render", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_render_help_has_examples():
    result = invoke("render", "--help")
    assert result.exit_code == 0 and "Examples" in result.stdout and "--layout" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--layout", "transform", "--dataset", "xor3"], "the transform view needs 2-D raw inputs; this network takes 3"),
    (["--layout", "transform", "--hidden", "4,4", "--neurons", "0,9"], "neuron 9 is out of range"),
    (["--layout", "network,boundary", "--dataset", "xor3"], "the boundary view needs 2-D inputs"),
])
def test_a_view_that_cannot_show_the_network_fails_before_training(tmp_path, args, message):
    out = tmp_path / "v.mp4"
    result = invoke("render", *args, "-o", out)
    assert result.exit_code == 2 and message in result.output
    assert "training" not in result.output and not out.exists()
