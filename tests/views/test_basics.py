"""The basics board: one picture at a time in one place, each view's backdrop cached, and the views' tours."""

import numpy as np
import pytest

from nnwatch.errors import NNWatchError
from nnwatch.video.compose import FrameRenderer, render_naive
from nnwatch.video.render import RenderOptions
from nnwatch.views import Scene, draw
from nnwatch.views.basics import DIRECT, TOUR, BasicsView
from nnwatch.views.basis import BasisPicture
from nnwatch.views.perceptron import PerceptronPicture, PerceptronView
from nnwatch.views.pictures import I_HAT, PicturePlan, PictureFrame, Step
from nnwatch.views.style import Theme, hex_rgb

SIZE = (320, 180)


def board(run, size=SIZE, **options):
    return FrameRenderer(Scene(run, theme=Theme(height_px=size[1]), options=options), ["caption", "basics"], size)


def frame(run, show, picture=None, progress=1.0, **fields):
    return PictureFrame(snapshot=run.final, show=show, picture=picture, progress=progress, **fields)


def test_the_board_shows_what_each_frame_asks_for(small_run):
    renderer = board(small_run, size=(640, 360))  # at 320x180 the formula runs past the picture's backdrop
    first = renderer.render(frame(small_run, "perceptron", PerceptronPicture(2))).copy()
    other = renderer.render(frame(small_run, "basis", BasisPicture())).copy()
    again = renderer.render(frame(small_run, "perceptron", PerceptronPicture(2))).copy()
    assert np.abs(first.astype(int) - other.astype(int)).max() > 100   # a different picture
    assert np.array_equal(first, again)  # the perceptron's backdrop came back exactly, with nothing of the basis
    view = renderer.views[1]
    assert set(view.parts) == {"perceptron", "basis"}
    assert not any(ax.get_visible() for _, ax, _ in view.parts.values())  # kept out of the cached background


def test_a_board_frame_equals_one_drawn_from_scratch(small_run):
    scene = Scene(small_run, theme=Theme(height_px=360))
    shown = frame(small_run, "perceptron", PerceptronPicture(1), progress=0.6, title="A perceptron")
    fast = FrameRenderer(scene, ["caption", "basics"], (640, 360)).render(shown).copy()
    slow = render_naive(scene, ["caption", "basics"], (640, 360), shown)
    diff = np.abs(fast[..., :3].astype(int) - slow[..., :3].astype(int)).max(axis=-1)
    assert (diff > 60).mean() < 0.01


def test_the_transform_and_its_direct_walk(small_run):
    renderer = board(small_run)
    renderer.render(frame(small_run, "transform", extra={"transform": 1.5}))
    renderer.render(frame(small_run, DIRECT, extra={"transform": 0.5}))
    view = renderer.views[1]
    assert not view.part("transform").options.direct and view.part(DIRECT).options.direct
    with pytest.raises(NNWatchError, match="cannot show 'nope'; choose from: .*perceptron.*transform-direct"):
        renderer.render(frame(small_run, "nope"))


def test_options_choose_the_picture_of_a_plain_frame(small_run):
    from nnwatch.views import Frame

    renderer = board(small_run, basics={"show": "perceptron"}, perceptron={"dims": 3})
    renderer.render(Frame(snapshot=small_run.final))
    assert renderer.views[1].part("perceptron").picture == PerceptronPicture(3)
    with pytest.raises(NNWatchError, match=r"unknown perceptron option 'dim' \(did you mean 'dims'\?\)"):
        board(small_run, basics={"show": "perceptron"}, perceptron={"dim": 3}).render(Frame(snapshot=small_run.final))


def test_a_still_on_your_own_axes(small_run):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    draw("basics", ax, small_run, scene=Scene(small_run, still=True, options={"basics": {"show": "basis"}}))
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(int)
    plt.close(fig)
    assert (np.abs(pixels - hex_rgb(I_HAT)).max(axis=-1) < 30).sum() > 20  # i-hat's arrow is drawn


def test_tours_are_plans_of_pictures(small_run):
    options = RenderOptions(fps=10.0)
    plan = BasicsView.plan_for(small_run, options)
    assert len(plan) == sum(round(step.seconds * 10) for step in TOUR)
    shows = [plan[i].show for i in range(len(plan))]
    assert shows[0] == "perceptron" and shows[-1] == "basis" and "activations" in shows and "separable" in shows
    start, end = plan[0], plan[round(TOUR[0].seconds * 10) - 1]
    assert start.progress == 0.0 and end.progress == 1.0 and start.title == TOUR[0].title
    own = PerceptronView.plan_for(small_run, RenderOptions(fps=10.0, duration=3.0,
                                                          view_options={"perceptron": {"dims": 2}}))
    assert len(own) == 30 and own[0].picture is None
    single = PicturePlan(small_run, [Step(0.01, "basis", BasisPicture())], fps=10.0)
    assert len(single) == 1 and single[0].progress == 0.0
    with pytest.raises(IndexError):
        plan[len(plan)]


def test_golden_frame(small_run, golden):
    shown = frame(small_run, "perceptron", PerceptronPicture(2), progress=0.5, title="Two inputs",
                  caption="the boundary is a line")
    golden("caption_basics", board(small_run).render(shown)[..., :3])
