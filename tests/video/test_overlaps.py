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
