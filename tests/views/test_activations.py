"""The activations view: Heaviside, sigmoid and ReLU drawn where their values are."""

import numpy as np
import pytest

from nnwatch.errors import NNWatchError
from nnwatch.video.compose import FrameRenderer
from nnwatch.views import Scene
from nnwatch.views.style import Theme
from nnwatch.views.activations import ActivationsPicture, curve
from nnwatch.views.pictures import PictureFrame

BLUE = np.array([8, 119, 189])


def scene(run, size):
    """A scene whose sizes (fonts, lines) fit a frame of ``size``, as render() makes it."""
    return Scene(run, theme=Theme(height_px=size[1]))


def render(run, picture, progress=1.0, size=(320, 180)):
    renderer = FrameRenderer(scene(run, size), ["activations"], size)
    frame = renderer.render(PictureFrame(snapshot=run.final, picture=picture, progress=progress))
    return renderer.views[0], frame[..., :3].copy()


def near_blue(panel, frame, x, y, reach=2):
    """Whether the curve's blue is within ``reach`` pixels of data point (x, y) of a panel."""
    px, py = panel.transData.transform((x, y))
    row, col = int(round(frame.shape[0] - py)), int(round(px))
    patch = frame[row - reach:row + reach + 1, col - reach:col + reach + 1].astype(int)
    return bool((np.abs(patch - BLUE).max(axis=-1) < 60).any())


def test_the_curves():
    x = np.array([-2.0, 0.0, 3.0])
    assert curve("heaviside", x).tolist() == [0, 1, 1]
    assert curve("sigmoid", x) == pytest.approx([1 / (1 + np.exp(2)), 0.5, 1 / (1 + np.exp(-3))])
    assert curve("relu", x).tolist() == [0, 0, 3]


def test_each_curve_is_drawn_through_its_values(small_run):
    view, frame = render(small_run, ActivationsPicture(), size=(960, 540))
    heaviside, sigmoid, relu = (view.panels[n] for n in ("heaviside", "sigmoid", "relu"))
    assert near_blue(heaviside, frame, -3, 0) and near_blue(heaviside, frame, 3, 1)
    assert not near_blue(heaviside, frame, -3, 1) and not near_blue(heaviside, frame, 3, 0)
    assert near_blue(sigmoid, frame, 0, 0.5) and near_blue(sigmoid, frame, 2, float(curve("sigmoid", 2.0)))
    assert not near_blue(sigmoid, frame, 2, 0.5)
    assert near_blue(relu, frame, 3, 3) and near_blue(relu, frame, -3, 0) and not near_blue(relu, frame, 3, 0.5)


def test_the_focused_curve_is_traced_with_progress(small_run):
    view, frame = render(small_run, ActivationsPicture(shown=2, focus="sigmoid"), progress=0.45, size=(960, 540))
    reach = view.dot.get_xdata()[0]
    assert -1.0 < reach < 1.0  # the trace has reached the middle
    sigmoid = view.panels["sigmoid"]
    assert near_blue(sigmoid, frame, -3, float(curve("sigmoid", -3.0)))
    assert not near_blue(sigmoid, frame, 3, float(curve("sigmoid", 3.0)))  # not traced yet
    assert view.readout.get_text() == f"sigmoid({reach:+.1f}) = {float(curve('sigmoid', reach)):.2f}"
    assert not view.panels["relu"].axison  # the third panel is not on screen yet


def test_bad_pictures():
    with pytest.raises(NNWatchError, match="no activation panel 'tanh'"):
        ActivationsPicture(names=("tanh",))
    with pytest.raises(NNWatchError, match="not among the panels shown"):
        ActivationsPicture(shown=1, focus="relu")


@pytest.mark.parametrize("focus", ["heaviside", "relu"])
def test_golden_frames(small_run, golden, focus):
    shown = 1 if focus == "heaviside" else 3
    _, frame = render(small_run, ActivationsPicture(shown=shown, focus=focus), progress=0.6)
    golden(f"activations_{focus}", frame)
