"""The basis view: i-hat and j-hat land on the matrix's columns, the grid follows, the origin stays put."""

import numpy as np
import pytest

from nnwatch.errors import NNWatchError
from nnwatch.video.compose import FrameRenderer
from nnwatch.views import Scene
from nnwatch.views.style import Theme
from nnwatch.views.basis import MATRICES, BasisPicture, moved
from nnwatch.views.pictures import I_HAT, J_HAT, PictureFrame
from nnwatch.views.style import hex_rgb


def scene(run, size):
    """A scene whose sizes (fonts, lines) fit a frame of ``size``, as render() makes it."""
    return Scene(run, theme=Theme(height_px=size[1]))


def render(run, picture, progress=1.0, size=(320, 180)):
    renderer = FrameRenderer(scene(run, size), ["basis"], size)
    frame = PictureFrame(snapshot=run.final, picture=picture, progress=progress)
    return renderer.views[0], renderer.render(frame)[..., :3].copy(), frame


def colour_near(view, frame, point, color, reach=3):
    px, py = view.ax.transData.transform(point)
    row, col = int(round(frame.shape[0] - py)), int(round(px))
    patch = frame[row - reach:row + reach + 1, col - reach:col + reach + 1].astype(int)
    return bool((np.abs(patch - hex_rgb(color)).max(axis=-1) < 50).any())


def test_the_unit_vectors_land_on_the_columns(small_run):
    picture = BasisPicture(((1.0, 2.0), (2.0, 1.0)))
    view, frame, plain = render(small_run, picture, size=(640, 360))
    i_tip, j_tip = view.tips(plain)
    assert i_tip.tolist() == [1.0, 2.0] and j_tip.tolist() == [2.0, 1.0]   # the columns (1, 2) and (2, 1)
    assert colour_near(view, frame, (1.0, 2.0), I_HAT) and colour_near(view, frame, (2.0, 1.0), J_HAT)
    assert not colour_near(view, frame, (1.0, 0.0), I_HAT, reach=1)
    assert view.i_label.get_text() == "î (1, 2)" and view.j_label.get_text() == "ĵ (2, 1)"
    _, start, first = render(small_run, picture, progress=0.0, size=(640, 360))
    assert [t.tolist() for t in view.tips(first)] == [[1.0, 0.0], [0.0, 1.0]]
    assert colour_near(view, start, (1.0, 0.0), I_HAT) and colour_near(view, start, (0.0, 1.0), J_HAT)


def test_the_grid_moves_with_the_matrix_and_the_origin_stays():
    m = np.array(MATRICES["shearing"])
    for t in (0.0, 0.3, 1.0):
        a = moved(m, t)
        assert np.allclose(a, np.eye(2) + t * (m - np.eye(2)))
        assert np.allclose(np.zeros(2) @ a.T, 0.0)
        # A straight line stays straight: three points on a line stay on one.
        p = np.array([[0.0, 1.0], [1.0, 2.0], [2.0, 3.0]]) @ a.T
        (ax, ay), (bx, by) = p[1] - p[0], p[2] - p[0]
        assert abs(ax * by - ay * bx) < 1e-12


def test_the_drawn_grid_is_the_moved_grid(small_run):
    picture = BasisPicture(MATRICES["rotation by 90°"])
    view, _, _ = render(small_run, picture)
    drawn = np.array(view.grid.get_segments() + view.axes_lines.get_segments())
    expected = view.lines @ np.array(MATRICES["rotation by 90°"]).T
    assert sorted(map(tuple, drawn.reshape(len(drawn), -1).round(9))) == \
        sorted(map(tuple, expected.reshape(len(expected), -1).round(9)))


def test_a_matrix_must_be_2x2():
    with pytest.raises(NNWatchError, match="2x2 matrix"):
        BasisPicture(((1.0, 2.0, 3.0), (0.0, 1.0, 0.0)))


@pytest.mark.parametrize("name", ["columns (1, 2) and (2, 1)", "reflection in the vertical axis"])
def test_golden_frames(small_run, golden, name):
    _, frame, _ = render(small_run, BasisPicture(MATRICES[name], name), progress=0.7)
    golden("basis_" + name.split()[0], frame)
