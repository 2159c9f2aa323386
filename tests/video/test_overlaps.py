"""The layout checker finds what collides in a frame: planted overlaps are reported, a clean frame is not."""

import pytest

from nnwatch.drivers import train
from nnwatch.video.compose import FrameRenderer, layout_rects
from nnwatch.video.overlaps import layout_problems
from nnwatch.video.render import RenderOptions
from nnwatch.views import Frame

LAYOUT = ("network", "boundary", "metrics")
SIZE = (960, 540)


@pytest.fixture(scope="module")
def run():
    return train(dataset="circle", hidden="3", epochs=10, snapshots=5)


def fresh(run):
    renderer = FrameRenderer(RenderOptions(layout=LAYOUT, size=SIZE).scene(run), LAYOUT, SIZE)
    frame = Frame(snapshot=run.final, position=float(len(run) - 1))
    return renderer, frame, {v.name: v for v in renderer.views}


def problems(renderer, frame):
    return layout_problems(renderer, frame, layout_rects(LAYOUT, *SIZE))


def test_a_clean_frame_has_no_problems(run):
    renderer, frame, _ = fresh(run)
    assert problems(renderer, frame) == []


def test_text_on_text_and_text_on_a_curve_are_found(run):
    renderer, frame, views = fresh(run)
    metrics = views["metrics"]
    ax = metrics.train_line.axes
    ax.text(0.5, 0.5, "planted", transform=ax.transAxes)
    ax.text(0.5, 0.5, "planted twice", transform=ax.transAxes)
    x, y = metrics._x(metrics.epochs)[-1], metrics.train[-1]  # the curve's last point
    ax.text(x, y, "on the curve", ha="right", va="center")
    found = problems(renderer, frame)
    assert "text 'planted' overlaps text 'planted twice'" in found
    assert any(p.startswith("text 'on the curve' lies on the curve") for p in found)


def test_a_text_cut_by_the_edge_one_on_a_map_and_one_in_another_panel_are_found(run):
    renderer, frame, views = fresh(run)
    fig = renderer.fig
    fig.text(0.995, 0.5, "off the edge")
    boundary = views["boundary"].ax
    boundary.text(0.0, 0.0, "on the map")  # the data centre of [-6, 6]^2
    network = views["network"].ax
    network.text(0.99, 0.75, "into the boundary panel, far", transform=network.transAxes)
    found = problems(renderer, frame)
    assert "text 'off the edge' is cut by the frame's edge" in found
    assert any(p.startswith("text 'on the map' overlaps a map") for p in found)
    assert "text 'into the boundary panel, far' reaches into the boundary panel" in found


def test_stamped_glyphs_count_as_text(run):
    renderer, frame, views = fresh(run)
    metrics = views["metrics"]
    ax = metrics.train_line.axes
    left, top, _, height = metrics.counter.box  # the epoch counter's stamped glyphs, above the curves
    ax.annotate("X" * 6, xy=(left + 2, SIZE[1] - top - height / 2), xycoords="figure pixels", va="center")
    assert any("overlaps stamped text" in p for p in problems(renderer, frame))


def _fold_renderer(size=(960, 540)):
    from nnwatch.lessons.relu_fold import NETS, random_snapshot

    snap = random_snapshot((2, 2, 2), NETS[(2, 2, 2)])
    fold = train(dataset="circle", hidden="2", epochs=1, snapshots=2)
    renderer = FrameRenderer(RenderOptions(layout=("transform",), size=size).scene(fold), ("transform",), size)
    return renderer, snap


def test_painted_texts_lines_and_points_are_seen():
    """The transform view paints into the pixels: its layer's marks say what it painted where."""
    renderer, snap = _fold_renderer()
    frame = Frame(snapshot=snap, extra={"transform": 2.0})
    view = renderer.views[0]
    assert layout_problems(renderer, frame) == []
    marks = view.layer.marks
    texts = [m for m in marks if m.kind == "text"]
    assert {m.what for m in texts} >= {"painted text 'n0'", "painted text 'n1'", "painted text 'layer 1: + b'"}
    assert {m.kind for m in marks} == {"text", "line", "points"}
    caption = next(m for m in texts if "layer 1" in m.what).box()
    left, top = view.box[:2]
    assert left < caption[0] < left + 20 and top < caption[1] < top + 20  # top-left, by its ink
    fig = renderer.fig
    x, y = (caption[0] + caption[2]) / 2, (caption[1] + caption[3]) / 2
    fig.text(x / SIZE[0], 1 - y / SIZE[1], "planted", va="center")
    points = next(m for m in marks if m.kind == "points")
    px, py = points.samples()
    fig.text(px[0] / SIZE[0], 1 - py[0] / SIZE[1], "on a point", ha="center", va="center")
    found = layout_problems(renderer, frame)
    assert "text 'planted' overlaps painted text 'layer 1: + b'" in found
    assert "text 'on a point' lies on the data points" in found


def test_texts_of_a_backdrop_are_seen_and_cut_where_it_ends():
    """A basics picture draws its static texts once into a backdrop (its Axes stays invisible): they are
    judged as the backdrop shows them, and one reaching past the backdrop's box is cut."""
    from nnwatch.views.pictures import PictureFrame
    from nnwatch.views.perceptron import PerceptronPicture

    fold = train(dataset="circle", hidden="2", epochs=1, snapshots=2)
    layout = ("caption", "perceptron")
    renderer = FrameRenderer(RenderOptions(layout=layout, size=SIZE).scene(fold), layout, SIZE)
    frame = PictureFrame(snapshot=fold.final, show="perceptron", picture=PerceptronPicture(1), progress=1.0)
    view = renderer.views[1]
    renderer.render(frame)
    ax = view.ax
    assert not ax.get_visible()
    ax.text(0.5, 0.5, "planted", transform=ax.transAxes)
    ax.text(0.5, 0.5, "planted twice", transform=ax.transAxes)
    ax.text(0.5, -0.5, "far below", transform=ax.transAxes)
    view.backdrop.forget()  # captured again, with the planted texts
    found = layout_problems(renderer, frame, layout_rects(layout, *SIZE))
    assert "text 'planted' overlaps text 'planted twice'" in found
    assert "text 'far below' is cut by the edge of its picture's backdrop" in found
