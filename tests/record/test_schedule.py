import numpy as np

from nnwatch.record.schedule import snapshot_steps
from nnwatch.spec import ScheduleSpec


def test_log_schedule_is_dense_early_and_includes_ends():
    steps = snapshot_steps(ScheduleSpec(kind="log", count=50), total_steps=10_000, steps_per_epoch=25)
    assert steps[0] == 0 and steps[-1] == 10_000
    assert np.all(np.diff(steps) > 0)
    assert np.sum(steps <= 100) > np.sum(steps >= 9_000)  # more snapshots early than late
    assert 40 <= len(steps) <= 51


def test_every_and_at_in_epochs():
    every = snapshot_steps(ScheduleSpec(kind="every", every=2, unit="epoch"), total_steps=250, steps_per_epoch=25)
    np.testing.assert_array_equal(every, [0, 50, 100, 150, 200, 250])
    at = snapshot_steps(ScheduleSpec(kind="at", at=[2, 10, 500], unit="epoch"), total_steps=250, steps_per_epoch=25)
    np.testing.assert_array_equal(at, [0, 50, 250])  # 500 epochs is past the end


def test_seed_story_cycles():
    cycles = [2, 10, 20, 50, 100, 200, 300, 400, 500, 1000, 2500, 12500, 60000]
    steps = snapshot_steps(ScheduleSpec(kind="at", at=cycles), total_steps=60_000, steps_per_epoch=1)
    np.testing.assert_array_equal(steps, [0] + cycles)


def test_tiny_runs():
    np.testing.assert_array_equal(snapshot_steps(ScheduleSpec(), 1, 1), [0, 1])
    np.testing.assert_array_equal(snapshot_steps(ScheduleSpec(kind="log", count=1), 5, 1), [0, 1, 5])
