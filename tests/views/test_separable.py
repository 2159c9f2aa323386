"""The separable view: one line splits the first set; no line splits the ring."""

import numpy as np
import pytest

from nnwatch.video.compose import FrameRenderer
from nnwatch.views import Scene
from nnwatch.views.style import Theme
from nnwatch.views.pictures import PictureFrame
from nnwatch.views.separable import SEPARATING, SeparablePicture, best_line, point_sets


def scene(run, size):
    """A scene whose sizes (fonts, lines) fit a frame of ``size``, as render() makes it."""
    return Scene(run, theme=Theme(height_px=size[1]))


def test_one_line_separates_the_first_set_and_none_the_ring():
    sets = point_sets()
    points, labels = sets["separable"]
    assert best_line(points, labels, SEPARATING)[1] == 0
    ring, ring_labels = sets["ring"]
    wrong = [best_line(ring, ring_labels, a)[1] for a in np.linspace(0, np.pi, 73)]
    assert min(wrong) >= 10


def test_the_counts_on_screen(small_run):
    renderer = FrameRenderer(scene(small_run, (640, 360)), ["separable"], (640, 360))
    view = renderer.views[0]
    renderer.render(PictureFrame(snapshot=small_run.final, picture=SeparablePicture(), progress=1.0))
    left, right = (c.get_text() for c in view.counts)
    assert left == "wrong side: 0" and int(right.split(": ")[1]) >= 10
    renderer.render(PictureFrame(snapshot=small_run.final, picture=SeparablePicture(panels=1), progress=0.0))
    assert len(view.panels) == 1 and int(view.counts[0].get_text().split(": ")[1]) > 0  # not yet turned into place


@pytest.mark.parametrize("panels", [1, 2])
def test_golden_frames(small_run, golden, panels):
    renderer = FrameRenderer(scene(small_run, (320, 180)), ["separable"], (320, 180))
    frame = renderer.render(PictureFrame(snapshot=small_run.final, picture=SeparablePicture(panels), progress=0.5))
    golden(f"separable_{panels}", frame[..., :3])
