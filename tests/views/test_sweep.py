"""The sweep view: a grid of boundary panels on one clock, boards that switch, stills, bad runs."""

import numpy as np
import pytest

import nnwatch
from nnwatch.errors import NNWatchError
from nnwatch.drivers import train
from nnwatch.spec import Spec
from nnwatch.video.compose import FrameRenderer
from nnwatch.views import Scene, draw
from nnwatch.views.sweep import MIN_PANEL, SweepFrame, grid_capacity, grid_shape

SIZE = (320, 180)


@pytest.fixture(scope="module")
def runs():
    base = Spec().with_flat(dataset="circle", epochs="6", snapshots="4", lr="0.1", noise="0.1")
    return nnwatch.sweep([base.with_flat(hidden=h) for h in ("1", "3", "3,2")])


def _renderer(runs, size=SIZE, **options):
    scene = Scene(runs[0], options={"sweep": {"runs": runs, **options}})
    return FrameRenderer(scene, ["sweep"], size)


def _final(runs, **fields):
    return SweepFrame(snapshot=runs[0].final, position=float(len(runs[0]) - 1), panels=[r.final for r in runs],
                      **fields)


def test_golden_grid(runs, golden):
    renderer = _renderer(runs, title="circle")
    frame = renderer.render(_final(runs))
    assert frame.shape == (180, 320, 4)
    golden("sweep", frame)


def test_each_panel_shows_its_own_run(runs):
    renderer = _renderer(runs, size=(640, 360))
    frame = renderer.render(_final(runs)).copy()
    view = renderer.views[0]
    assert [p.boundary.scene.run for p in view.panels[0]] == runs
    for panel, run in zip(view.panels[0], runs):
        left, top, width, height = panel.boundary.box
        inside = frame[top:top + height, left:left + width, :3]
        # The map the panel paints is its own run's output (points drawn over some of its pixels).
        out = nnwatch.probes.neuron_maps(run.final, panel.scene.domain, panel.density)[-1]
        expected = panel.boundary.heat(out).pixels
        assert (np.abs(inside.astype(int) - expected).max(axis=-1) == 0).mean() > 0.6


def test_boards_switch_without_a_new_background(runs):
    scene = Scene(runs[0], options={"sweep": {"boards": [{"runs": runs}, {"runs": runs[:1], "title": "one"}]}})
    renderer = FrameRenderer(scene, ["sweep"], SIZE)
    first = renderer.render(_final(runs)).copy()
    other = renderer.render(SweepFrame(snapshot=runs[0].final, position=3.0, panels=[runs[0].final],
                                       board=1)).copy()
    again = renderer.render(_final(runs)).copy()
    assert np.array_equal(first, again)
    assert (np.abs(first.astype(int) - other.astype(int)).max(axis=-1) > 40).mean() > 0.1
    with pytest.raises(NNWatchError, match="board 2"):
        renderer.render(_final(runs, board=2))


def test_a_plain_frame_shows_the_runs_at_its_position(runs):
    from nnwatch.views import Frame

    renderer = _renderer(runs)
    plain = renderer.render(Frame(snapshot=runs[0].final, position=float(len(runs[0]) - 1))).copy()
    assert np.array_equal(plain, renderer.render(_final(runs)))


def test_grid_is_near_square_and_says_what_fits():
    shape = grid_shape(8, 1200, 650, 27)
    assert (shape.columns, shape.rows) == (4, 2) and shape.side > 250
    assert (grid_shape(9, 1200, 650, 27).columns, grid_shape(9, 1200, 650, 27).rows) == (5, 2)
    room = grid_capacity(300, 160, 16)
    assert grid_shape(room, 300, 160, 16).side >= MIN_PANEL > grid_shape(room + 1, 300, 160, 16).side
    assert grid_capacity(1216, 666, 27) >= 72  # --seeds 9 over 8 configurations fits 720p


def test_still_picture_on_your_own_axes(runs):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3))
    view = draw("sweep", ax, runs[0], scene=Scene(runs[0], still=True, options={"sweep": {"runs": runs}}))
    texts = [t.get_text() for p in view.panels[0] for t in (p.name, p.losses)]
    # The one-neuron network cannot cut a ring out of the plane: at the end its losses give way to the verdict.
    assert texts[0] == "1" and texts[1].startswith("did not learn")
    assert texts[2] == "3" and texts[3].startswith("train ") and " test " in texts[3]
    fig.canvas.draw()
    plt.close(fig)


def test_runs_must_share_a_clock_and_be_2d(runs):
    other = train(dataset="circle", hidden="2", epochs=2, snapshots=2)
    with pytest.raises(NNWatchError, match="share a clock"):
        _renderer(runs + [other])
    table = train(dataset="xor3", hidden="2", epochs=2, snapshots=2)
    with pytest.raises(NNWatchError, match="'xor3' has 3 inputs"):
        _renderer([table])
    renderer = _renderer(runs)
    with pytest.raises(NNWatchError, match="2 snapshots for 3 panels"):
        renderer.render(SweepFrame(snapshot=runs[0].final, position=0.0, panels=[r.final for r in runs[:2]]))


def test_a_configuration_that_did_not_learn_says_so_at_the_end(runs):
    from nnwatch.probes.learning import not_learned
    from nnwatch.views.style import VERDICT_COLOR
    from nnwatch.views.style import hex_rgb

    assert [not_learned(r) is None for r in runs] == [False, True, True]  # one neuron draws one line: no ring
    renderer = _renderer(runs, size=(1280, 720))
    panels = renderer.views[0].panels[0]
    end, middle = float(len(runs[0]) - 1), float(len(runs[0]) - 2)
    assert panels[0].shown_verdict(end).startswith("did not learn: test accuracy")
    assert panels[0].shown_verdict(middle) is None and panels[1].shown_verdict(end) is None
    frame = renderer.render(_final(runs))[..., :3].astype(int)
    red = np.abs(frame - hex_rgb(VERDICT_COLOR)).max(axis=-1) < 30

    def reddish(panel):  # red pixels on the panel's frame and on its text line above the map
        left, top, width, height = panel.boundary.box
        edge = red[top - 2:top + height + 2, left - 2:left + width + 2].sum()
        return edge, red[top - 30:top - 2, left:left + width].sum()

    assert all(count > 100 for count in reddish(panels[0]))
    assert reddish(panels[1]) == (0, 0) and reddish(panels[2]) == (0, 0)
