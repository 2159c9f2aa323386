"""Every video option is checked before any training: a bad one is one line, exit 2, in a moment, nothing written.

Training is replaced by a function that fails the test, so "before training" is what is asserted, not a guess
from the time taken.
"""

import pytest
from typer.testing import CliRunner

from nnwatch.cli import app

runner = CliRunner()


@pytest.fixture
def no_training(monkeypatch, tmp_path):
    import nnwatch.drivers.recorder
    import nnwatch.drivers.sweep

    def trained(*args, **kwargs):
        raise AssertionError("the command trained before it checked its options")

    monkeypatch.setattr(nnwatch.drivers.recorder, "record", trained)
    monkeypatch.setattr(nnwatch.drivers.sweep, "sweep", trained)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def assert_refused(result, folder, message):
    assert result.exit_code == 2, result.output
    assert message in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1 and "training" not in result.output
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("args, message", [
    (["--duration", "-1"], "duration must be a positive number of seconds, got -1"),
    (["--duration", "0"], "duration must be a positive number of seconds"),
    (["--duration", "nan"], "duration must be a positive number of seconds, got nan"),
    (["--duration", "100000"], "the limit is 36000"),
    (["--palette", "bogus"], "unknown palette 'bogus'"),
    (["--size", "2x2"], "size 2x2 is too small; the least is 64x64"),
    (["--size", "64x4000"], "over the 4K limit"),
    (["--per-snapshot", "-1"], "seconds per snapshot must be positive, got -1"),
    (["--per-snapshot", "inf"], "seconds per snapshot must be positive"),
    # Only the trained run's 100 snapshots make this too long: checked against the planned schedule.
    (["--per-snapshot", "20"], "the limit is 36000"),
    (["--fps", "0"], "fps must be 1..120"),
    (["--fps", "60", "-o", "v.gif"], "GIF plays at most 50 fps"),
    (["--layout", "network,bogus"], "unknown view 'bogus'"),
    (["--layout", ","], "the layout names no view"),
    (["--workers", "0"], "workers must be a whole number of at least 1, got 0"),
    (["--preset", "fastest"], "unknown MP4 preset 'fastest' (did you mean 'faster'?)"),
    (["--layout", "transform", "--projection", "bogus"], "bogus"),
    (["--layout", "depth", "--readout", "bogus"], "bogus"),
    (["--layout", "transform", "--option", "transform.neuronz=0,1"],
     "unknown transform option 'neuronz' (did you mean 'neurons'?)"),
    (["--option", "network.max_drawn=many"], "network option 'max_drawn' must be a whole number, got 'many'"),
    (["--option", "depth.readout=probe"], "options for the depth view, which the layout"),
    (["--option", "max_drawn"], "--option takes VIEW.NAME=VALUE"),
])
def test_a_bad_render_option_fails_before_training(no_training, args, message):
    result = runner.invoke(app, ["render", *args] + ([] if "-o" in args else ["-o", "v.mp4"]))
    assert_refused(result, no_training, message)


@pytest.mark.parametrize("args, message", [
    (["--duration", "-1"], "duration must be a positive number of seconds, got -1"),
    (["--size", "2x2"], "size 2x2 is too small"),
    (["--fps", "0"], "fps must be 1..120"),
])
def test_a_bad_sweep_video_option_fails_before_training(no_training, args, message):
    result = runner.invoke(app, ["sweep", "--hidden", "2", "--hidden", "3", *args, "-o", "s.mp4"])
    assert_refused(result, no_training, message)


@pytest.mark.parametrize("args, message", [
    (["--size", "2x2"], "size 2x2 is too small"),
    (["--fps", "0"], "fps must be 1..120, got 0"),  # 0 is no frame rate, not "the default"
])
def test_a_bad_lesson_option_fails_before_training(no_training, args, message):
    result = runner.invoke(app, ["lesson", "xor-synapses", *args, "-o", "l.mp4"])
    assert_refused(result, no_training, message)


def test_options_are_checked_before_a_run_file_is_read(no_training):
    result = runner.invoke(app, ["render", "--run", "missing.npz", "--palette", "bogus", "-o", "v.mp4"])
    assert_refused(result, no_training, "unknown palette 'bogus'")
