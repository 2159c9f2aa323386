"""A default output name never replaces a file: the next free name is taken and said; -o still replaces."""

import subprocess
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

from nnwatch.cli import app
from nnwatch.cli.common import free_default

runner = CliRunner()


def nnwatch(cwd, *args):
    return subprocess.run([sys.executable, "-m", "nnwatch", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def test_train_without_o_takes_the_next_free_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # in-process (the CLI runner), in the folder a user would be in
    quick = ("train", "--dataset", "circle", "--hidden", "2", "--epochs", "2")
    first, second = runner.invoke(app, list(quick)), runner.invoke(app, list(quick))
    assert first.exit_code == second.exit_code == 0, first.output + second.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["circle-2.npz", "circle.npz"]
    assert "circle.npz" in first.stdout and "circle-2.npz" in second.stdout
    before = (tmp_path / "circle.npz").stat().st_mtime_ns
    explicit = runner.invoke(app, [*quick, "-o", "circle.npz"])  # an explicit -o replaces, as asked
    assert explicit.exit_code == 0 and (tmp_path / "circle.npz").stat().st_mtime_ns != before
    assert len(list(tmp_path.iterdir())) == 2


def test_render_without_o_keeps_the_quick_start_video(tmp_path):
    (tmp_path / "spiral.mp4").write_bytes(b"the quick start's video")
    done = nnwatch(tmp_path, "render", "--hidden", "2", "--epochs", "2", "--duration", "1", "--size", "320x180")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "spiral.mp4").read_bytes() == b"the quick start's video"
    assert (tmp_path / "spiral-2.mp4").stat().st_size > 0 and "spiral-2.mp4" in done.stdout


def test_free_default_counts_up():
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "x.mp4"
        assert free_default(base) == base
        base.touch()
        (Path(folder) / "x-2.mp4").touch()
        assert free_default(base).name == "x-3.mp4"
