"""Lesson spiral-sweep: SEEDS §6's numbers, three grids in order, captions quoting the runs, a short render."""

import numpy as np
import pytest

from nnwatch.lessons import get_lesson
from nnwatch.lessons.spiral_sweep import CIRCLE_HIDDEN, SPIRAL_FEATURES, SPIRAL_HIDDEN, SpiralSweep
from nnwatch.video.files import probe_video
from nnwatch.views.sweep import SweepFrame


@pytest.fixture(scope="module")
def tiny():
    """The lesson with a few epochs and a tenth of the screen time: the same script, quickly."""
    lesson = SpiralSweep(circle_epochs=1, spiral_epochs=4, snapshots=4, seconds=0.1, size=(320, 180))
    return lesson, lesson.build()


def test_the_sweeps_are_seeds_section_6():
    parts = {p.key: p for p in SpiralSweep().parts()}
    circle = parts["circle"].specs
    assert [s.network.hidden for s in circle] == [[int(h)] for h in CIRCLE_HIDDEN] == [[1], [2], [3], [4], [8]]
    for spec in circle + parts["seeds"].specs:
        t = spec.training
        assert (spec.data.name, t.batch_size, t.learning_rate, spec.network.activation) == ("circle", 1, 0.03, "relu")
        assert (t.regularization, t.regularization_rate) == ("l1", 0.001)
    seeds = parts["seeds"].specs
    assert len({s.seed for s in seeds}) == 8 and {tuple(s.network.hidden) for s in seeds} == {(4,)}
    spiral = parts["spiral"].specs
    assert [",".join(map(str, s.network.hidden)) for s in spiral] == list(SPIRAL_HIDDEN)
    assert SPIRAL_HIDDEN == ("1", "2", "4", "6", "8", "8,2", "8,4", "8,6", "8,8")
    for spec in spiral:
        assert spec.data.name == "spiral" and spec.training.learning_rate == 0.01
        assert spec.features == SPIRAL_FEATURES.split(",") == ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"]


def test_about_a_minute_in_three_boards(tiny):
    assert 50 <= sum(shot.seconds for shot in SpiralSweep().video(_fake_trained()).shots) <= 70
    lesson, video = tiny
    assert video.layout == ("caption", "sweep") and len(video.view_options["sweep"]["boards"]) == 3
    script = video.plan_at(10)
    boards = [script[i].board for i in range(len(script))]
    assert boards[0] == 0 and boards[-1] == 2 and boards == sorted(boards)
    kinds = script.kinds()
    assert kinds[0] == "title" and kinds.count("trained") > 0
    frame = script[len(script) - 1]
    assert isinstance(frame, SweepFrame) and len(frame.panels) == len(SPIRAL_HIDDEN)
    assert frame.position == len(video.view_options["sweep"]["boards"][2]["runs"][0]) - 1


def test_captions_quote_the_runs(tiny):
    lesson, video = tiny
    facts = video.facts
    assert len(facts["circle"]) == 5 and len(facts["seeds"]) == 8 and len(facts["spiral"]) == 9
    script = video.plan_at(10)
    last = script[len(script) - 1]
    assert f"8,8: {facts['spiral'][-1]:.3f}" in last.caption
    seeds_end = [script[i] for i in range(len(script)) if script[i].board == 1][-1]
    assert f"of 8 starts solve it (best test loss {min(facts['seeds']):.3f})" in seeds_end.caption


def test_a_short_render(tiny, tmp_path):
    lesson, video = tiny
    out = video.render(tmp_path / "s.mp4", fps=5)
    info = probe_video(out)
    assert info["frames"] == len(video.plan_at(5)) and (info["width"], info["height"]) == (320, 180)
    frame = video.renderer().render(video.plan_at(5)[len(video.plan_at(5)) - 1])
    assert frame.shape == (180, 320, 4) and np.ptp(frame[..., :3]) > 100
    assert get_lesson("spiral-sweep").name == "spiral-sweep"


def _fake_trained():
    """Runs shaped like the real ones without training: for timing the script only."""

    class Snap:
        test_loss = 0.1
        epoch = 0.0

    class FakeRun:
        snapshots = [Snap()] * 3
        final = Snap()

        def __len__(self):
            return 3

    return {"circle": [FakeRun()] * 5, "seeds": [FakeRun()] * 8, "spiral": [FakeRun()] * 9}


def test_key_frames_have_no_collisions(tiny):
    from nnwatch.video.overlaps import script_problems

    assert script_problems(tiny[1], size=(1280, 720)) == []  # the tiny version's 320x180 is for speed only
