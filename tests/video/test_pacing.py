"""Pacing: screen time by how much the picture changes, the log schedule kept for sampling."""

import numpy as np
import pytest

import nnwatch
from nnwatch.errors import NNWatchError
from nnwatch.video.pacing import EVEN_SHARE, interval_weights
from nnwatch.video.render import RenderOptions, TimelinePlan
from nnwatch.video.timeline import Timeline


def test_weighted_timeline_gives_each_interval_its_share_of_the_moving_time():
    weights = (0.1, 0.6, 0.3)
    timeline = Timeline(4, fps=100, duration=13.0, hold_start=1.0, hold_end=2.0, weights=weights)
    positions = timeline.positions()
    moving = positions[100:1100]  # the 10 s between the holds
    frames_per_interval = np.bincount(np.minimum(np.floor(moving).astype(int), 2), minlength=3)
    assert np.allclose(frames_per_interval / len(moving), weights, atol=0.01)
    assert positions[0] == 0 and positions[-1] == pytest.approx(3.0)
    assert np.all(np.diff(positions) >= 0)
    even = Timeline(4, fps=100, duration=13.0).positions()
    assert np.allclose(even[600], 1.5, atol=0.01) and not np.isclose(positions[600], 1.5, atol=0.05)


@pytest.fixture(scope="module")
def run():
    return nnwatch.train(nnwatch.Spec())  # the default video's run: 2-8-8-1 on the spiral, 2,000 epochs


def test_change_pacing_spends_the_time_where_the_network_learns(run):
    weights = np.array(interval_weights(run, "change"))
    assert weights.sum() == pytest.approx(1.0) and weights.min() >= EVEN_SHARE / (len(run) - 1) - 1e-12
    accuracy = np.array([s.test_accuracy for s in run.snapshots])

    def share_unlearned(pacing):
        """The share of the video's frames showing the network below 65 % test accuracy."""
        positions = TimelinePlan(run, RenderOptions(pacing=pacing)).timeline.positions()
        return (accuracy[np.floor(positions).astype(int).clip(0, len(run) - 1)] < 0.65).mean()

    # Measured: 0.69 of the frames with even pacing (the "70 % at ~60 % accuracy"), 0.46 by change.
    assert share_unlearned("change") < min(0.55, share_unlearned("even") - 0.15)
    assert interval_weights(run, "even") is None


def test_an_unknown_pacing_is_one_line():
    with pytest.raises(NNWatchError, match="unknown pacing 'fast'"):
        nnwatch.render(nnwatch.train(dataset="circle", hidden="2", epochs=1), "x.mp4", pacing="fast")
