"""The classify view: one output neuron per class, and the answer is the largest."""

import numpy as np
import pytest

from nnwatch.errors import NNWatchError
from nnwatch.model.mlp import Architecture
from nnwatch.record.snapshot import Snapshot
from nnwatch.video.compose import FrameRenderer
from nnwatch.views import Scene
from nnwatch.views.style import Theme
from nnwatch.views.classify import ClassifyPicture, class_outputs
from nnwatch.views.pictures import GOOD, PictureFrame
from nnwatch.views.style import hex_rgb


@pytest.fixture(scope="module")
def reader():
    """A 64-10 softmax network that calls an image by the class of its inked pixel (pixel p -> class p % 10)."""
    arch = Architecture(features=tuple(f"x{i + 1}" for i in range(64)), n_raw_inputs=64, sizes=(64, 10),
                        activations=(), output="softmax", dtype="float64")
    w = np.zeros((64, 10))
    w[np.arange(64), np.arange(64) % 10] = 4.0
    nan = float("nan")
    return Snapshot(step=1, epoch=1.0, params=[{"w": w, "b": np.zeros(10)}], train_loss=nan, test_loss=nan,
                    train_accuracy=nan, test_accuracy=nan, arch=arch)


def scene(run, size):
    """A scene whose sizes (fonts, lines) fit a frame of ``size``, as render() makes it."""
    return Scene(run, theme=Theme(height_px=size[1]))


def digit(pixel: int, label: int) -> ClassifyPicture:
    image = np.zeros(64)
    image[pixel] = 1.0
    return ClassifyPicture(tuple(image), (8, 8), label)


def render(run, snapshot, picture, progress=1.0, size=(640, 360)):
    renderer = FrameRenderer(scene(run, size), ["classify"], size)
    frame = renderer.render(PictureFrame(snapshot=snapshot, picture=picture, progress=progress))
    return renderer.views[0], frame[..., :3].copy()


def test_the_largest_output_is_the_answer(small_run, reader):
    picture = digit(13, 3)
    outputs = class_outputs(reader, picture)
    assert int(np.argmax(outputs)) == 3 and outputs.sum() == pytest.approx(1.0)
    view, frame = render(small_run, reader, picture)
    assert view.verdict.get_text() == "largest: 3  ✓"
    px, py = view.ax.transData.transform((10.1, view.rows[3]))
    assert np.abs(frame[int(round(frame.shape[0] - py)), int(round(px))] - hex_rgb(GOOD)).max() < 30
    widths = [bar.get_width() for bar in view.bars]
    assert int(np.argmax(widths)) == 3 and widths[3] == pytest.approx(view.bar_len)
    view, _ = render(small_run, reader, digit(14, 3))
    assert view.verdict.get_text() == "largest: 4  (it is 3)"


def test_before_the_answer_nothing_is_picked(small_run, reader):
    view, _ = render(small_run, reader, digit(13, 3), progress=0.3)
    assert view.verdict.get_text() == ""  # (not drawn yet: set only once the bars are full)
    assert 0 < view.bars[3].get_width() < view.bar_len


def test_the_network_must_take_the_image(small_run):
    with pytest.raises(NNWatchError, match="needs a network taking the image's 64 pixels; this one takes 2"):
        class_outputs(small_run.final, digit(1, 1))
    with pytest.raises(NNWatchError, match="needs 64 pixels, got 3"):
        ClassifyPicture((0.0, 1.0, 0.0), (8, 8), 0)


def test_its_own_video_needs_a_run_on_images(small_run):
    from nnwatch.video.render import RenderOptions
    from nnwatch.views.classify import ClassifyView

    with pytest.raises(NNWatchError, match="needs a run on images with one output per class.*'circle' is not"):
        ClassifyView.plan_for(small_run, RenderOptions())


def test_golden_frame(small_run, reader, golden):
    _, frame = render(small_run, reader, digit(27, 7), progress=0.8, size=(320, 180))
    golden("classify", frame)
