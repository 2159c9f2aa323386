"""`nnwatch sweep` as a user meets it: the grid video, run files, the table, and every bad input."""

import pytest
from typer.testing import CliRunner

from nnwatch.cli import app
from nnwatch.cli.sweep import sweep_specs
from nnwatch.record import Run
from nnwatch.spec import Spec
from nnwatch.video.files import probe_video

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_sweep_trains_every_configuration_and_writes_the_grid_and_the_runs(tmp_path):
    out, runs = tmp_path / "s.mp4", tmp_path / "runs"
    result = invoke("sweep", "--dataset", "circle", "--hidden", "1", "--hidden", "2,2", "--lr", "0.03,0.1",
                    "--epochs", "3", "--snapshots", "4", "--size", "640x360", "--duration", "1", "--fps", "10",
                    "-o", out, "--runs-dir", runs)
    assert result.exit_code == 0, result.output
    assert f"{out}: 10 frames, 640x360, 1.0 s, 4 panels" in result.stdout
    assert "2,2 lr 0.1" in result.stdout and "test loss" in result.stdout
    assert probe_video(out)["frames"] == 10
    files = sorted(p.name for p in runs.iterdir())
    assert files == ["1-1-lr-0.03.npz", "2-1-lr-0.1.npz", "3-2x2-lr-0.03.npz", "4-2x2-lr-0.1.npz"]
    run = Run.load(runs / files[3])
    assert run.arch.sizes == (2, 2, 2, 1) and run.spec.training.learning_rate == 0.1
    assert [s.step for s in run.snapshots] == [s.step for s in Run.load(runs / files[0]).snapshots]


def test_combinations_and_seeds():
    base = Spec().with_flat(dataset="circle")
    specs = sweep_specs(base, {"hidden": ["3", "8,2"], "activation": "relu,tanh", "reg_rate": "0,0.01"}, seeds=3)
    assert len(specs) == 2 * 2 * 2 * 3
    assert [s.seed for s in specs[:3]] == [0, 1, 2] and {s.data_seed for s in specs} == {0}
    assert {s.network.activation for s in specs} == {"relu", "tanh"}
    assert sweep_specs(base, {}) == [base]


@pytest.mark.parametrize("args, message", [
    (["--seeds", "0"], "--seeds must be at least 1"),
    (["--lr", ","], "--lr gives no value: an empty sweep"),
    (["--hidden", "2", "--seeds", "300"], "a sweep of 300 configurations is over the limit of 256; pass --force"),
    (["--hidden", "1", "--hidden", "2", "--hidden", "3", "--hidden", "4", "--size", "320x180"],
     "4 configurations do not fit a 320x180 video: at most 3 panels"),
    (["--dataset", "xor3"], "'xor3' has 3 inputs; train it with --no-video --runs-dir DIR"),
    (["--lr", "0.1,fast"], "lr: 'fast' is not a number"),
    (["--activation", "relu,tanhh"], "did you mean 'tanh'"),
    (["-o", "s.avi"], "cannot write '.avi' files"),
    (["--backend", "spark"], "unknown backend 'spark'"),
    (["--address", "ray://x:1"], "--address is for --backend ray"),
    (["--no-video", "-o", "s.mp4"], "--no-video writes none"),
    (["--runs-dir", "missing/runs"], "the folder 'missing' does not exist"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = invoke("sweep", "--epochs", "1", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_sweep_help_has_examples():
    result = invoke("sweep", "--help")
    assert result.exit_code == 0 and "Examples" in result.stdout and "--seeds" in result.stdout
    assert "--backend" in result.stdout and "--runs-dir" in result.stdout


def test_an_unreachable_ray_cluster_is_refused_before_training(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("sweep", "--epochs", "1", "--backend", "ray", "--address", "ray://127.0.0.1:1")
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and ("cannot reach the Ray cluster at ray://127.0.0.1:1" in lines[0]
                                or "needs the ray package" in lines[0])
    assert list(tmp_path.iterdir()) == []
