import numpy as np
import pytest

from nnwatch.errors import NNWatchError
from nnwatch.drivers import train
from nnwatch.video.timeline import Timeline, ease, tween


@pytest.fixture(scope="module")
def run():
    return train(dataset="circle", hidden="3", epochs=5, snapshots=6)


def test_frames_cover_the_duration_with_holds():
    tl = Timeline(10, fps=30, duration=4, hold_start=1, hold_end=1)
    assert tl.n_frames == 120
    pos = tl.positions()
    assert np.all(np.diff(pos) >= 0)
    assert pos[0] == 0 and pos[29] == 0          # the first second holds on the first snapshot
    assert pos[-1] == 9 and pos[-25] == 9        # the last second holds on the last
    assert 0 < pos[60] < 9


def test_every_snapshot_gets_equal_time():
    tl = Timeline(5, fps=10, duration=10, hold_start=0, hold_end=0)
    pos = tl.positions()
    counts = np.bincount(np.floor(pos[:-1]).astype(int), minlength=4)
    assert counts.max() - counts.min() <= 1


def test_tween_interpolates_params_and_metrics(run):
    a, b = run[1], run[2]
    assert tween(a, b, 0.0) is a and tween(a, b, 1.0) is b
    mid = tween(a, b, 0.5)
    np.testing.assert_allclose(mid.params[0]["w"], (a.params[0]["w"] + b.params[0]["w"]) / 2, rtol=1e-6)
    assert mid.params[0]["w"].dtype == a.params[0]["w"].dtype
    assert mid.train_loss == pytest.approx((a.train_loss + b.train_loss) / 2)
    assert a.step <= mid.step <= b.step


def test_easing():
    assert ease(0.5, "smooth") == 0.5 and ease(0.1, "smooth") < 0.1 and ease(2.0) == 1.0


@pytest.mark.parametrize("kwargs, message", [
    ({"fps": 0}, "fps must be 1..120"), ({"fps": 121}, "fps must be 1..120"),
    ({"duration": 0}, "duration must be a positive"), ({"duration": 3600, "fps": 60}, "frames is 216000; the limit is"),
    ({"easing": "bouncy"}, "unknown easing"),
])
def test_bad_timelines(kwargs, message):
    with pytest.raises(NNWatchError, match=message):
        Timeline(5, **kwargs)
