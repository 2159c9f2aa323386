"""The warmer: which networks it compiles ahead, in what order, and that it waits while a session builds."""

import threading
import time

from nnwatch.live.settings import spec_from_query
from nnwatch.live.warmup import HOLD_SECONDS, Warmer, one_click_away


def test_one_click_away_is_what_the_page_changes_in_one_click_likeliest_first():
    near = one_click_away(spec_from_query("hidden=4,2"), max_layers=8, max_neurons=32)
    shapes = [s.network.hidden for s in near if s.features is None]
    assert shapes == [[4, 2, 2], [5, 2], [4, 3], [4], [3, 2], [4, 1]]
    features = [s.features for s in near if s.features is not None]
    assert ["x2"] in features and ["x1"] in features and ["x1", "x2", "x1x2"] in features
    assert len(features) == 7  # each of the Playground's seven inputs toggled
    assert all(s.training.learning_rate == near[0].training.learning_rate for s in near)


def test_one_click_away_keeps_to_the_limits():
    near = one_click_away(spec_from_query("hidden=3,3"), max_layers=2, max_neurons=3)
    shapes = [s.network.hidden for s in near if s.features is None]
    assert [3, 3, 2] not in shapes and [4, 3] not in shapes and [3] in shapes and [2, 3] in shapes


class FakeTrainer:
    built: list = []

    def __init__(self, spec, dataset):
        FakeTrainer.built.append(spec.network.hidden)

    def probe_features(self, points):
        return points

    def frame(self, n_steps, features, as_bytes=False):
        time.sleep(0.01)
        return {}, []


def test_the_warmer_builds_each_wish_once_and_waits_while_a_session_builds():
    FakeTrainer.built = []
    warmer = Warmer(FakeTrainer, density=10)
    try:
        warmer.ask([spec_from_query("hidden=4,2")])
        assert warmer.idle(5)
        assert FakeTrainer.built == [[4, 2]]
        warmer.ask([spec_from_query("hidden=4,2"), spec_from_query("hidden=3")])  # 4,2 is done already
        assert warmer.idle(5)
        assert FakeTrainer.built == [[4, 2], [3]]

        session_trainer = warmer.for_sessions(FakeTrainer)
        session_trainer(spec_from_query("hidden=6"), None)  # a session starts building: the warmer holds
        with warmer.wake:
            warmer.wishes = [(spec_from_query("hidden=7"), None)]
            warmer.wake.notify()
        time.sleep(0.3)
        assert FakeTrainer.built == [[4, 2], [3], [6]]  # nothing warmed meanwhile
        warmer.ask([spec_from_query("hidden=7")])  # the session's build is over: its neighbours are wished
        assert warmer.idle(5)
        assert FakeTrainer.built[-1] == [7]
    finally:
        warmer.close()


def test_a_build_that_never_finishes_holds_the_warmer_only_so_long():
    FakeTrainer.built = []
    warmer = Warmer(FakeTrainer, density=10)
    try:
        warmer.for_sessions(FakeTrainer)(spec_from_query("hidden=6"), None)
        with warmer.wake:
            warmer.wishes = [(spec_from_query("hidden=7"), None)]
            warmer.wake.notify()
        done = threading.Event()
        threading.Thread(target=lambda: warmer.idle(HOLD_SECONDS + 5) and done.set(), daemon=True).start()
        assert done.wait(HOLD_SECONDS + 5)
        assert FakeTrainer.built == [[6], [7]]
    finally:
        warmer.close()


def test_the_warmer_probes_the_grid_sessions_probe():
    """The same probe points, or the warmed program is another one than the session's."""
    from nnwatch.live.session import Session

    warmer = Warmer(FakeTrainer, density=10)
    try:
        from nnwatch.live.settings import LiveLimits
        from nnwatch.training import Trainer

        session = Session("hidden=2", LiveLimits(density=10), make_trainer=Trainer)
        assert warmer.points.shape == (19 * 19, 2)
        assert session.grid_features.shape[0] == warmer.points.shape[0]
    finally:
        warmer.close()

