"""The metrics panel says when a run did not learn: on its last snapshot, in the header, clear of every curve."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnwatch.drivers import train
from nnwatch.probes.learning import not_learned
from nnwatch.video.compose import FrameRenderer, layout_rects
from nnwatch.video.overlaps import layout_problems
from nnwatch.video.render import RenderOptions, TimelinePlan
from nnwatch.views import draw
from nnwatch.views import metrics as metrics_module

LAYOUT = ("network", "boundary", "metrics")


@pytest.fixture(scope="module")
def failed():
    return train(dataset="circle", hidden="2", activation="linear", epochs=30, snapshots=5)  # a line for a ring


@pytest.fixture(scope="module")
def learned():
    return train(dataset="circle", hidden="4,2", epochs=30, snapshots=8)


def render(run, size=(1280, 720), layout=LAYOUT):
    """The renderer, its metrics view and the video's plan, as ``nnwatch render`` builds them."""
    options = RenderOptions(layout=layout, size=size)
    renderer = FrameRenderer(options.scene(run), layout, size)
    metrics = next(view for view in renderer.views if view.name == "metrics")
    return renderer, metrics, TimelinePlan(run, options)


def verdict_ink(metrics, frame):
    """The stamped verdict's (raster, rows with ink) in ``frame``."""
    raster = metrics._verdict(frame)[0]
    return raster, np.nonzero(raster.pixels[..., 3].any(axis=1))[0]


def test_the_last_frame_of_a_failed_run_says_it_did_not_learn(failed):
    verdict = not_learned(failed)
    assert verdict.startswith("did not learn: test accuracy")
    renderer, metrics, plan = render(failed)
    last = plan[len(plan) - 1]
    assert metrics.shown_verdict(last) == verdict  # 720p has room for the whole line
    raster, rows = verdict_ink(metrics, last)
    assert rows.size, "the verdict's glyphs carry no ink"
    # Between the numbers and the curves: under the accuracy line, over the plot's top edge.
    accuracy_top = metrics.value_texts[-1].box[1] + metrics.value_texts[-1].box[3]
    plot_top = renderer.fig.bbox.height - metrics.train_line.axes.get_window_extent().y1
    assert accuracy_top <= raster.box[1] + rows.min() and raster.box[1] + rows.max() < plot_top
    assert layout_problems(renderer, last, layout_rects(LAYOUT, 1280, 720)) == []


def test_it_is_said_only_once_the_run_has_ended(failed):
    _, metrics, plan = render(failed)
    middle = plan[len(plan) // 2]
    assert middle.position < len(failed) - 1
    assert metrics.shown_verdict(middle) == ""
    assert verdict_ink(metrics, middle)[1].size == 0


def test_a_run_that_learned_gets_no_verdict_and_no_room_for_one(failed, learned):
    assert not_learned(learned) is None
    _, metrics, plan = render(learned)
    assert metrics.verdict_text is None and metrics._verdict(plan[len(plan) - 1]) == []
    # The strip for the numbers is one line shorter than a failed run's: the learned run's curves get it.
    _, failing, _ = render(failed)
    assert metrics.train_line.axes.get_position().height > failing.train_line.axes.get_position().height


@pytest.mark.parametrize("size, layout", [((640, 360), LAYOUT), ((1920, 1080), LAYOUT),
                                          ((1280, 720), ("network", "sample", "metrics")),
                                          ((640, 360), ("caption", *LAYOUT))])
def test_smaller_panels_say_it_shorter_without_collisions(failed, size, layout):
    renderer, metrics, plan = render(failed, size, layout)
    last = plan[len(plan) - 1]
    shown = metrics.shown_verdict(last)
    assert shown.startswith("did not learn") and "61%" in shown
    assert all(len(line) <= metrics.verdict_text.max_chars for line in shown.split("\n"))
    assert layout_problems(renderer, last, layout_rects(layout, *size)) == []


def test_the_run_is_judged_once_not_per_frame(failed, monkeypatch):
    calls = []
    real = metrics_module.judge
    monkeypatch.setattr(metrics_module, "judge", lambda run: calls.append(run) or real(run))
    renderer, _, plan = render(failed, size=(640, 360))
    for k in (len(plan) - 3, len(plan) - 2, len(plan) - 1):
        renderer.render(plan[k])
    assert len(calls) == 1


def test_a_still_picture_writes_it_as_text(failed, learned):
    fig = Figure(figsize=(6, 4), dpi=100)
    view = draw("metrics", fig.add_subplot(), failed)
    assert view.verdict_text.get_text() == not_learned(failed)
    assert draw("metrics", Figure().add_subplot(), learned).verdict_text is None
    first = draw("metrics", Figure(figsize=(6, 4)).add_subplot(), failed, snapshot=failed.snapshots[0])
    assert first.verdict_text.get_text() == ""
