"""Sweep videos: every panel tweened on one clock, the grid checked before any work, a whole short render."""

import numpy as np
import pytest

import nnwatch
from nnwatch.errors import NNWatchError
from nnwatch.spec import Spec
from nnwatch.video.files import probe_video
from nnwatch.video.render import RenderOptions
from nnwatch.video.sweep import SweepPlan, check_grid, render_sweep


@pytest.fixture(scope="module")
def runs():
    base = Spec().with_flat(dataset="xor", epochs="3", snapshots="3", lr="0.1")
    return nnwatch.sweep([base.with_flat(hidden=h) for h in ("2", "2,2")])


def test_every_panel_is_tweened_to_the_same_moment(runs):
    options = RenderOptions(layout=("sweep",), fps=10, duration=2)
    plan = SweepPlan(runs, options.timeline(len(runs[0])))
    frame = next(plan[i] for i in range(len(plan)) if 0.2 < plan[i].position % 1 < 0.8)
    k, alpha = int(frame.position), frame.position % 1
    for run, panel in zip(runs, frame.panels):
        a, b = run.snapshots[k], run.snapshots[k + 1]
        np.testing.assert_allclose(panel.params[0]["w"], (1 - alpha) * a.params[0]["w"] + alpha * b.params[0]["w"],
                                   rtol=1e-6)
        assert panel.epoch == pytest.approx((1 - alpha) * a.epoch + alpha * b.epoch)
    assert frame.snapshot is frame.panels[0]


def test_render_writes_the_grid_video(runs, tmp_path):
    out = render_sweep(runs, tmp_path / "s.mp4", size=(320, 180), fps=10, duration=1.5, title="xor")
    info = probe_video(out)
    assert (info["frames"], info["width"], info["height"]) == (15, 320, 180)


def test_a_grid_that_does_not_fit_is_refused_saying_what_fits(tmp_path):
    check_grid(3, (320, 180))
    with pytest.raises(NNWatchError, match="4 configurations do not fit a 320x180 video: at most 3 panels"):
        check_grid(4, (320, 180))
    check_grid(72, (1280, 720))  # --seeds 9 over the 8 configurations
    with pytest.raises(NNWatchError, match="at least one run"):
        render_sweep([], tmp_path / "none.mp4")
    assert list(tmp_path.iterdir()) == []
