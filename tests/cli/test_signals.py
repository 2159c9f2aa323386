"""Ctrl-C and SIGTERM at any moment of a real `nnwatch` process: the right exit code, one line, nothing left.

Each command runs in its own empty folder, long enough that the signal always lands while it works: during
the imports (0.3 s), during JAX's start-up and first compile (1.2 s), and mid-work (5 s into training, or
once the video's temporary file exists, which is more robust than a clock on a slow machine).
"""

import signal
import subprocess
import sys
import time

import pytest

from nnwatch.drivers import train

# Long enough that no machine finishes before the signal: 100,000 epochs of the spiral are millions of steps.
TRAIN = ["train", "--epochs", "100000", "-o", "x.npz"]
RENDER = ["render", "--epochs", "50", "--duration", "60", "--size", "320x180", "-o", "v.mp4"]
MESSAGE = {signal.SIGINT: "interrupted: nothing was written", signal.SIGTERM: "terminated: nothing was written"}


@pytest.fixture(scope="module")
def run_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("run") / "r.npz"
    return train(dataset="circle", hidden="3", epochs=5).save(path)


def stop(folder, args, signum, at=None, marker=None):
    """Start `nnwatch ARGS` in ``folder``, send ``signum`` ``at`` seconds after the start (or once ``marker``,
    a glob in the folder, matches) and return (exit code, stderr, seconds it took to exit after the signal)."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "nnwatch", *args], cwd=folder, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        if marker is None:
            time.sleep(max(0.0, started + at - time.monotonic()))
        else:
            while not list(folder.glob(marker)):
                assert proc.poll() is None, proc.communicate()
                assert time.monotonic() - started < 60, "the marker never appeared"
                time.sleep(0.02)
        assert proc.poll() is None, "the command ended before the signal"
        proc.send_signal(signum)
        sent = time.monotonic()
        _, err = proc.communicate(timeout=30)  # a swallowed signal would let it run on for minutes
        return proc.returncode, err, time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def assert_clean_stop(folder, result, signum):
    code, err, _ = result
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert err.strip() == MESSAGE[signum]
    assert code == 128 + signum
    assert sorted(p.name for p in folder.iterdir()) == []  # no output, no .part file, no segments folder


@pytest.mark.parametrize("at", [0.3, 1.2, 5.0], ids=["import", "compile", "training"])
def test_ctrl_c_stops_training_at_any_moment(tmp_path, at):
    result = stop(tmp_path, TRAIN, signal.SIGINT, at=at)
    assert_clean_stop(tmp_path, result, signal.SIGINT)


@pytest.mark.parametrize("at", [0.3, 1.2, None], ids=["import", "compile", "rendering"])
def test_ctrl_c_stops_a_render_at_any_moment(tmp_path, at):
    result = stop(tmp_path, RENDER, signal.SIGINT, at=at, marker=".v.mp4.*.part" if at is None else None)
    assert_clean_stop(tmp_path, result, signal.SIGINT)
    assert result[2] < 10  # mid-render it stops at the next frame, not at the end of the video


def test_sigterm_stops_training_and_exits_143(tmp_path):
    result = stop(tmp_path, TRAIN, signal.SIGTERM, at=2.5)
    assert_clean_stop(tmp_path, result, signal.SIGTERM)


def test_sigterm_mid_render_removes_the_temporary_video(tmp_path, run_file):
    result = stop(tmp_path, ["render", "--run", run_file, "--duration", "60", "--size", "320x180", "-o", "v.mp4"],
                  signal.SIGTERM, marker=".v.mp4.*.part")
    assert_clean_stop(tmp_path, result, signal.SIGTERM)


def test_sigterm_with_render_workers_removes_the_segments_folder(tmp_path, run_file):
    # The marker is a worker's own temporary segment: the workers are running when the signal comes.
    result = stop(tmp_path, ["render", "--run", run_file, "--duration", "30", "--size", "320x180", "--workers", "2",
                             "-o", "v.mp4"], signal.SIGTERM, marker=".nnwatch-segments-*/.part*")
    assert_clean_stop(tmp_path, result, signal.SIGTERM)


def test_a_sweep_stopped_while_drawing_says_which_run_files_it_kept(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import nnwatch.video.sweep
    from nnwatch.cli import app

    def stopped(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(nnwatch.video.sweep, "render_sweep", stopped)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["sweep", "--dataset", "xor", "--hidden", "1", "--hidden", "2", "--epochs", "2",
                                      "--runs-dir", "runs", "-o", "s.mp4"])
    assert result.exit_code == 130
    assert "interrupted: only the 2 run files in 'runs' were written" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["runs"] and len(list((tmp_path / "runs").iterdir())) == 2
