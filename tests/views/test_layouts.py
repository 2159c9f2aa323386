"""Every layout, at the sizes people render, checked frame by frame: no text on a text, a curve, a map, a
neuron or another panel, and nothing cut by the frame's edge (nnwatch.video.overlaps)."""

import pytest

from nnwatch.drivers import train
from nnwatch.video.compose import FrameRenderer, layout_rects
from nnwatch.video.overlaps import layout_problems
from nnwatch.video.render import RenderOptions, TimelinePlan, _view_plan

DEFAULT = ("network", "boundary", "metrics")


@pytest.fixture(scope="module")
def runs():
    import numpy as np

    from nnwatch.data import Dataset

    names = tuple(f"{word}_{k}_of_a_long_column_name" for k, word in enumerate(("acidity", "ash", "hue", "iron")))
    rng = np.random.default_rng(0)
    x = rng.normal(size=(80, 4)) * [1, 10, 100, 1000]
    y = (x[:, 0] > 0).astype(np.int64)
    table = Dataset(name="table", x_train=x[:60], y_train=y[:60], x_test=x[60:], y_test=y[60:],
                    task="classification", classes=("no", "yes"), input_names=names,
                    domain=((-1.0, 1.0),) * 4)
    return {
        "circle": train(dataset="circle", hidden="4,2", epochs=30, snapshots=8),
        "wide": train(dataset="circle", hidden="16,16", epochs=5, snapshots=4),
        "classes": train(dataset="gaussians", hidden="6", epochs=5, snapshots=4),
        "deep": train(dataset="gaussians", hidden="8x6", residual="true", epochs=5, snapshots=3),
        "images": train(dataset="shapes", points=60, hidden="8", epochs=2, snapshots=3),
        "table": train(data=table, hidden="4", epochs=3, snapshots=3),
    }


def check(run, layout, size, frames=3, **options):
    options = RenderOptions(layout=tuple(layout), size=size, **options)
    plan = _view_plan(run, options) or TimelinePlan(run, options)
    renderer = FrameRenderer(options.scene(run), options.layout, size)
    rects = layout_rects(options.layout, *size)
    found = set()
    for k in range(frames):
        frame = plan[round(k * (len(plan) - 1) / max(frames - 1, 1))]
        found.update(layout_problems(renderer, frame, rects))
    return sorted(found)


@pytest.mark.parametrize("size", [(1280, 720), (640, 360), (1920, 1080)])
@pytest.mark.parametrize("layout", [DEFAULT, ("caption", *DEFAULT), ("network", "boundary"), ("metrics",),
                                    ("boundary",), ("network",)])
def test_the_usual_layouts_at_every_size(runs, layout, size):
    if size != (1280, 720) and len(layout) == 1:
        pytest.skip("one view alone is checked at 720p")
    assert check(runs["circle"], layout, size) == []


@pytest.mark.parametrize("name, layout, options", [
    ("wide", DEFAULT, {"show_values": True}),            # numbers beside neurons too close to have them under
    ("circle", DEFAULT, {"show_values": True}),
    ("classes", DEFAULT, {"show_values": True}),         # class names beside the output neurons, past the values
    ("table", ("network", "sample", "metrics"), {}),     # long column names cut to the room they have
    ("images", ("network", "sample", "metrics"), {}),
    ("deep", ("caption", "depth"), {}),
    ("circle", ("caption", "transform"), {}),
])
def test_views_with_demanding_content(runs, name, layout, options):
    assert check(runs[name], layout, (1280, 720), **options) == []


@pytest.mark.parametrize("view", ["perceptron", "activations", "separable", "basis"])
def test_the_basics_pictures(runs, view):
    assert check(runs["circle"], ("caption", view), (1280, 720), frames=4) == []
