"""`nnwatch render` trains only when a view shows the run: the basics pictures and the caption draw fixed facts."""

import pytest
from typer.testing import CliRunner

from nnwatch.cli import app
from nnwatch.video.render import needs_training

runner = CliRunner()


class Trained(Exception):
    pass


@pytest.fixture
def no_training(monkeypatch):
    """Training raises: a render that gets to it fails."""
    import nnwatch.drivers.recorder as recorder

    def record(*args, **kwargs):
        raise Trained("training was asked for")

    monkeypatch.setattr(recorder, "record", record)


def test_which_layouts_need_a_trained_run():
    for layout in (["caption", "perceptron"], ["perceptron"], ["caption", "activations"], ["separable"],
                   ["caption", "basis"], ["caption", "basics"]):
        assert not needs_training(layout), layout
    for layout in (["caption", "network"], ["perceptron", "boundary"], ["classify"], ["transform"],
                   ["caption", "metrics"]):
        assert needs_training(layout), layout


def test_the_perceptron_renders_without_training(tmp_path, no_training):
    out = tmp_path / "frames"
    result = runner.invoke(app, ["render", "--layout", "caption,perceptron", "--fps", "2", "--size", "320x180",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "training" not in result.output and "note" not in result.output
    assert len(list(out.glob("*.png"))) == 2 * 20  # the tour: 1, 2 and 3 inputs, 6 + 6 + 8 s


def test_a_layout_that_shows_the_run_still_trains(tmp_path, no_training):
    result = runner.invoke(app, ["render", "--layout", "caption,network", "--epochs", "1", "--size", "320x180",
                                 "-o", str(tmp_path / "n.mp4")])
    assert isinstance(result.exception, Trained)
