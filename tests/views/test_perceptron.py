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


@pytest.mark.parametrize("progress", [0.0, 0.25, 0.5, 0.75, 1.0])
def test_3d_names_sit_outside_the_turning_cube(small_run, progress):
    """Each input's name stays outside the cube's outline however the camera has turned (it once hung inside
    the cube, at the end of an edge pointing away from the viewer)."""
    from matplotlib.path import Path as Outline

    view, _ = render(small_run, PerceptronPicture(3), progress, size=(1280, 720))
    ax = view.ax
    cube = np.array([[i, j, k] for i in (-0.5, 0.5) for j in (-0.5, 0.5) for k in (-0.5, 0.5)])
    flat = ax.transData.transform(view.camera(progress).project(cube))
    outline = Outline(_hull(flat))
    cache = ax.figure.canvas.get_renderer()
    for label in view.labels:
        box = label.get_window_extent(cache)
        inside = outline.contains_points([(x, y) for x in np.linspace(box.x0, box.x1, 5)
                                          for y in np.linspace(box.y0, box.y1, 3)])
        assert not inside.any(), label.get_text()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (640, 360)])
def test_every_picture_is_whole_at_every_size(small_run, size):
    """The backdrop takes in the axis' name under the Axes at every size ("temperature (°C)" was cut at
    1080p), and the layout checker finds nothing in the three pictures."""
    from nnwatch.video.compose import layout_rects
    from nnwatch.video.overlaps import layout_problems
    from nnwatch.video.render import RenderOptions

    layout = ("caption", "perceptron")
    renderer = FrameRenderer(RenderOptions(layout=layout, size=size).scene(small_run), layout, size)
    found = set()
    for dims in (1, 2, 3):
        for progress in (0.3, 1.0):
            frame = PictureFrame(snapshot=small_run.final, picture=PerceptronPicture(dims), progress=progress,
                                 title="Three inputs: the boundary becomes a plane", caption="Adding wind speed")
            found.update(layout_problems(renderer, frame, layout_rects(layout, *size)))
    assert sorted(found) == []


def _hull(points: np.ndarray) -> np.ndarray:
    """The convex hull of 2-D points, in order (Andrew's monotone chain)."""
    pts = sorted(map(tuple, points))

    def turn(o, a, b) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    def half(seq):
        out = []
        for p in seq:
            while len(out) >= 2 and turn(out[-2], out[-1], p) <= 0:
                out.pop()
            out.append(p)
        return out[:-1]

    return np.array(half(pts) + half(pts[::-1]))
