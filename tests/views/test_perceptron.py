"""The perceptron view: Heaviside(w·x + b) on weather, its boundary at 20 °C, the line, the plane in 3-D."""

import numpy as np
import pytest

from nnwatch.errors import NNWatchError
from nnwatch.video.compose import FrameRenderer
from nnwatch.views import Scene
from nnwatch.views.style import Theme
from nnwatch.views.perceptron import PerceptronPicture, heaviside, plane_in_box, weather_days
from nnwatch.views.pictures import Camera, PictureFrame

SIZE = (320, 180)


def scene(run, size):
    """A scene whose sizes (fonts, lines) fit a frame of ``size``, as render() makes it."""
    return Scene(run, theme=Theme(height_px=size[1]))


def render(run, picture, progress=1.0, size=SIZE):
    renderer = FrameRenderer(scene(run, size), ["perceptron"], size)
    frame = renderer.render(PictureFrame(snapshot=run.final, picture=picture, progress=progress))
    return renderer.views[0], frame[..., :3].copy()


def pixel(ax, frame, x, y):
    px, py = ax.transData.transform((x, y))
    return frame[int(round(frame.shape[0] - py)), int(round(px))].astype(int)


def darkest(ax, frame, x, y, reach=1):
    """The darkest channel value within ``reach`` pixels of (x, y): thin anti-aliased lines spread over two."""
    px, py = ax.transData.transform((x, y))
    row, col = int(round(frame.shape[0] - py)), int(round(px))
    return int(frame[row - reach:row + reach + 1, col - reach:col + reach + 1].min())


def test_the_rule_and_its_formula():
    one, two, three = PerceptronPicture(1), PerceptronPicture(2), PerceptronPicture(3)
    assert one.formula() == "H(1·temperature − 20)"
    assert two.formula() == "H(1·temperature − 0.2·humidity − 10)"
    assert three.formula() == "H(1·temperature − 0.2·humidity − 0.4·wind speed − 6)"
    assert one.output(np.array([[19.9], [20.0], [30.0]])).tolist() == [0, 1, 1]
    # Every default boundary passes through 20 °C at 50 % humidity and 10 km/h of wind.
    for picture, day in ((one, [20.0]), (two, [20.0, 50.0]), (three, [20.0, 50.0, 10.0])):
        assert np.array(day) @ picture.w + picture.b == pytest.approx(0.0)
    assert heaviside(np.array([-1e-9, 0.0, 3.0])).tolist() == [0, 1, 1]


def test_days_are_labelled_by_the_rule_and_keep_off_the_boundary():
    for dims in (1, 2, 3):
        picture = PerceptronPicture(dims)
        days, labels = weather_days(picture)
        assert len(days) >= 10 and 0 < labels.mean() < 1
        assert np.array_equal(labels, picture.output(days))
        lo = np.array([0.0, 0.0, 0.0][:dims])
        hi = np.array([40.0, 100.0, 60.0][:dims])
        assert np.all(days >= lo) and np.all(days <= hi)


def test_bad_pictures_are_one_line_errors():
    with pytest.raises(NNWatchError, match="1, 2 or 3 inputs"):
        PerceptronPicture(4)
    with pytest.raises(NNWatchError, match="needs 2 weights, got 1"):
        PerceptronPicture(2, weights=(1.0,))


def test_the_1d_boundary_sits_at_20_degrees(small_run):
    view, frame = render(small_run, PerceptronPicture(1), size=(640, 360))
    ax = view.ax
    # The traced output jumps from 0 to 1 at 20 °C: its vertical stroke is dark there and nowhere else.
    for y in (0.3, 0.5, 0.7):
        assert darkest(ax, frame, 20.0, y) < 100
        assert darkest(ax, frame, 10.0, y) > 200 and darkest(ax, frame, 30.0, y) > 200
    assert darkest(ax, frame, 10.0, 0.0) < 100 and darkest(ax, frame, 30.0, 1.0) < 100
    # Days coloured by the rule once traced: green above 20 °C, red below; grey before the trace reaches them.
    days = view.days[:, 0]
    warm, cold = days[days > 21].min(), days[days < 19].max()
    assert np.abs(pixel(ax, frame, warm, -0.2) - [26, 152, 80]).max() < 40
    assert np.abs(pixel(ax, frame, cold, -0.2) - [215, 48, 31]).max() < 40
    view, early = render(small_run, PerceptronPicture(1), progress=0.1, size=(640, 360))
    assert np.abs(pixel(view.ax, early, warm, -0.2) - [176, 176, 176]).max() < 40


def test_the_2d_line_and_the_3d_plane(small_run):
    view, frame = render(small_run, PerceptronPicture(2), size=(640, 360))
    # The boundary 1·T − 0.2·H − 10 = 0 crosses H = 50 at T = 20: the line is drawn there.
    assert darkest(view.ax, frame, 20.0, 50.0) < 100
    assert pixel(view.ax, frame, 30.0, 50.0)[1] > pixel(view.ax, frame, 30.0, 50.0)[0]  # green side
    assert pixel(view.ax, frame, 10.0, 50.0)[0] > pixel(view.ax, frame, 10.0, 50.0)[1]  # red side

    view, frame = render(small_run, PerceptronPicture(3), progress=0.5, size=(640, 360))
    corners = view.plane_corners() + 0.5  # back in 0..1 cube units
    weather = corners * np.array([40.0, 100.0, 60.0])
    on_plane = weather @ view.picture.w + view.picture.b
    assert len(corners) >= 3 and on_plane == pytest.approx(np.zeros(len(corners)), abs=1e-9)
    camera = view.camera(0.5)
    flat = camera.project(view.plane_corners())
    assert np.allclose(view.plane.get_xy()[: len(flat)], flat)
    # The plane's middle is tinted grey in the frame.
    rgb = pixel(view.ax, frame, *flat.mean(axis=0))
    assert abs(rgb[0] - rgb[1]) < 25 and 150 < rgb.mean() < 240


def test_plane_in_box_and_the_camera():
    square = plane_in_box(np.array([1.0, 0.0, 0.0]), -0.5)
    assert len(square) == 4 and np.allclose(square[:, 0], 0.5)
    camera = Camera(azimuth=0.0, elevation=0.0)
    # Looking along the first axis: the second axis points right, the third up.
    assert np.allclose(camera.project(np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [5.0, 0.0, 0.0]])),
                       [[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    assert camera.depth(np.array([[1.0, 0.0, 0.0]]))[0] == pytest.approx(1.0)


@pytest.mark.parametrize("dims", [1, 2, 3])
def test_golden_frames(small_run, golden, dims):
    _, frame = render(small_run, PerceptronPicture(dims), progress=0.6)
    golden(f"perceptron_{dims}d", frame)
