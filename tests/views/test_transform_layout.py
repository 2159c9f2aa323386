"""Where the transform view puts what it paints: the unit square after a sigmoid with its ticks, names that
keep off the lines, and a caption and corner that the picture leaves room for (checked by the layout checker,
which reads the view's painted marks)."""

import numpy as np
import pytest

from nnwatch.data import make_dataset
from nnwatch.lessons.relu_fold import NETS, random_snapshot
from nnwatch.model.mlp import Architecture
from nnwatch.record import Run
from nnwatch.record.snapshot import Snapshot
from nnwatch.spec import Spec
from nnwatch.video.compose import FrameRenderer, layout_rects
from nnwatch.video.overlaps import layout_problems
from nnwatch.views import Frame, Scene
from nnwatch.views.style import Theme
from nnwatch.views.transform_axes import Occupancy, place_label

SIZE = (1280, 720)


def snapshot(sizes, activations, weights, output="sigmoid") -> Snapshot:
    arch = Architecture(features=("x1", "x2"), n_raw_inputs=2, sizes=tuple(sizes), activations=tuple(activations),
                        output=output, dtype="float64")
    return Snapshot.unmeasured(arch, [{"w": np.array(w, float), "b": np.array(b, float)} for w, b in weights])


def run_of(snap) -> Run:
    """The circle data (100 points) with one snapshot: no training needed."""
    return Run(spec=Spec(), dataset=make_dataset("circle", points=100, noise=0.1, seed=3), arch=snap.arch,
               snapshots=[snap])


FOLD_2D = snapshot((2, 2, 2), ["relu"], [([[0.25, 0.12], [-0.12, 0.25]], [0.3, -0.1]), (np.eye(2), [0, 0])])
FOLD_3D = snapshot((2, 3, 2), ["relu"], [([[0.3, 0.1, -0.1], [-0.05, 0.25, 0.2]], [0.3, 0.2, 0.1]),
                                         ([[1.0, 0.0], [0.0, 1.0], [0.5, -0.5]], [0.0, 0.0])])
SIGMOID_2D = random_snapshot((2, 2, 2), NETS[(2, 2, 2)])  # relu-fold's 2-2-2 net: ReLU, then a sigmoid
ONE_OUT = snapshot((2, 3, 1), ["relu"], [([[0.3, 0.1, -0.1], [-0.05, 0.25, 0.2]], [0.3, 0.2, 0.1]),
                                         ([[1.0], [-1.0], [0.5]], [0.0])])


def renderer(run, layout=("caption", "transform"), size=SIZE, **options):
    scene = Scene(run, theme=Theme(height_px=size[1]), options={"transform": options})
    return FrameRenderer(scene, layout, size)


def texts(view) -> dict[str, list[tuple]]:
    """The painted texts of the last frame: text -> ink boxes (left, top, right, bottom) in frame pixels."""
    found: dict[str, list[tuple]] = {}
    for mark in view.layer.marks:
        if mark.kind == "text":
            found.setdefault(mark.what.split("'")[1], []).append(mark.box())
    return found


def pixel_of(view, picture, x, y):
    return view._to_pixels(np.array([[x, y]]), picture.extent)[0] + view.box[:2]


def test_the_sigmoid_lands_in_the_unit_square_with_its_ticks():
    r = renderer(run_of(SIGMOID_2D))
    view = r.views[1]
    frame = Frame(snapshot=SIGMOID_2D, extra={"transform": 6.0})
    r.render(frame)
    picture = view.picture(frame)
    found = texts(view)
    assert len(found["0"]) == 1 and len(found["1"]) == 2  # one 0 where the axes cross, a 1 on each axis
    origin, right, top = (pixel_of(view, picture, *p) for p in ((0, 0), (1, 0), (0, 1)))
    zero = found["0"][0]
    assert zero[2] < origin[0] and zero[1] > origin[1]  # below and left of the corner: on neither axis
    below, beside = sorted(found["1"], key=lambda box: -box[1])
    assert below[0] < right[0] < below[2] and below[1] > right[1]    # under x = 1
    assert beside[2] < top[0] and beside[1] < top[1] < beside[3]     # left of y = 1
    # The square is framed: its corners inside the picture, the points inside the square.
    assert view.box[0] < origin[0] < right[0] < view.box[0] + view.box[2]
    assert view.box[1] < top[1] < origin[1] < view.box[1] + view.box[3]
    points = picture.points
    assert np.all((points > 0) & (points < 1))
    # Its edges are drawn: faint pixels along x = 1 between the ticks.
    rgb = r.render(frame)[..., :3].astype(int)
    xs = int(round(right[0]))
    column = rgb[int(top[1]) + 5:int(origin[1]) - 5, xs - 1:xs + 2].min(axis=1).max(axis=1)
    assert np.all(column < 235)


def test_no_ticks_before_an_activation_bounds_the_space():
    r = renderer(run_of(SIGMOID_2D))
    view = r.views[1]
    for stage in (2.0, 3.0, 5.0):  # + b, ReLU (unbounded above), + b2
        r.render(Frame(snapshot=SIGMOID_2D, extra={"transform": stage}))
        assert "0" not in texts(view) and "1" not in texts(view)


def test_a_single_output_is_ruled_from_0_to_1_under_its_points():
    r = renderer(run_of(ONE_OUT), direct=True)
    view = r.views[1]
    frame = Frame(snapshot=ONE_OUT, extra={"transform": 1.0})
    r.render(frame)
    picture = view.picture(frame)
    found = texts(view)
    assert set(found) >= {"0", "1", "n0"} and len(found["0"]) == len(found["1"]) == 1
    lowest = max(pixel_of(view, picture, *p)[1] for p in picture.points)
    assert found["0"][0][1] > lowest and found["1"][0][1] > lowest  # under the spread points


@pytest.mark.parametrize("snap", [SIGMOID_2D, FOLD_2D, FOLD_3D], ids=["sigmoid", "fold_2d", "fold_3d"])
@pytest.mark.parametrize("size", [(1280, 720), (640, 360)])
def test_names_ticks_caption_and_corner_meet_nothing(snap, size):
    """Through every stage, moving and landed: no painted text on another, on a line or on the points."""
    r = renderer(run_of(snap), size=size)
    rects = layout_rects(("caption", "transform"), *size)
    found = set()
    for position in np.arange(0.0, 3 * snap.arch.n_layers + 0.01, 0.5):
        found.update(layout_problems(r, Frame(snapshot=snap, extra={"transform": float(position)}, time=2.0),
                                     rects))
    assert sorted(found) == []


def test_a_corner_label_clears_both_lines_through_its_point():
    at = np.array([100.0, 100.0])
    left, top = place_label(at, (-0.7071, -0.7071), (8, 14), (400, 400), corner=True)
    assert left + 8 < at[0] and top > at[1]  # wholly left of the vertical, below the horizontal
    left, top = place_label(at, (1.0, 0.0), (20, 14), (400, 400))
    assert left > at[0] and top < at[1] < top + 14  # beside it, level with it
    # Moved on along its direction while it would cover a point, and kept in the picture.
    blocked = np.array([[110.0, 100.0], [120.0, 100.0], [95.0, 85.0]])
    taken = Occupancy.of_points(0, 0, 400, 400, blocked)
    moved = place_label(at, (1.0, 0.0), (20, 14), (400, 400), taken, reach=40)
    box = (moved[0] - 1, moved[1] - 1, moved[0] + 21, moved[1] + 15)
    assert not any(box[0] < x < box[2] and box[1] < y < box[3] for x, y in blocked)  # turned or moved clear
    assert np.hypot(moved[0] + 10 - at[0], moved[1] + 7 - at[1]) < 30  # and still beside what it names
    assert place_label(np.array([395.0, 5.0]), (1.0, 0.0), (20, 14), (400, 400))[0] <= 400 - 22
