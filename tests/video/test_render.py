"""render(): what a user gets back, read with PyAV and Pillow; nothing left behind on failure."""

import numpy as np
import pytest
from PIL import Image

from nnwatch.errors import NNWatchError
from nnwatch.drivers import train
from nnwatch.video.render import render
from nnwatch.video.files import probe_video


@pytest.fixture(scope="module")
def run():
    return train(dataset="xor", hidden="4,2", epochs=8, snapshots=8, lr=0.1)


def test_mp4_has_the_frames_size_and_duration(run, tmp_path):
    path = render(run, tmp_path / "v.mp4", size=(320, 180), fps=10, duration=3, workers=1)
    info = probe_video(path)
    assert (info["frames"], info["width"], info["height"]) == (30, 320, 180)
    assert info["duration_s"] == pytest.approx(3.0, abs=0.1)


def test_parallel_segments_join_into_one_video(run, tmp_path):
    path = render(run, tmp_path / "p.mp4", size=(256, 144), fps=12, duration=2.5, workers=2)
    info = probe_video(path)
    assert info["frames"] == 30 and info["duration_s"] == pytest.approx(2.5, abs=0.1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.mp4"]  # no segments left behind


def test_gif_and_png_frames(run, tmp_path):
    gif = probe_video(render(run, tmp_path / "v.gif", size=(160, 90), fps=5, duration=2))
    assert (gif["width"], gif["height"]) == (160, 90) and gif["duration_s"] == pytest.approx(2.0, abs=0.05)
    folder = render(run, tmp_path / "frames", size=(160, 90), fps=5, duration=2)
    assert len(list(folder.glob("frame_*.png"))) == 10


def test_rendering_twice_gives_identical_frames(run, tmp_path):
    a = render(run, tmp_path / "a", size=(160, 90), fps=4, duration=2, layout=["boundary", "metrics"])
    b = render(run, tmp_path / "b", size=(160, 90), fps=4, duration=2, layout=["boundary", "metrics"])
    for fa, fb in zip(sorted(a.iterdir()), sorted(b.iterdir())):
        assert np.array_equal(np.asarray(Image.open(fa)), np.asarray(Image.open(fb)))


def test_frames_change_as_the_network_learns(run, tmp_path):
    folder = render(run, tmp_path / "f", size=(160, 90), fps=4, duration=3, layout=["boundary"])
    frames = sorted(folder.iterdir())
    first, last = (np.asarray(Image.open(p)).astype(int) for p in (frames[0], frames[-1]))
    assert np.abs(first - last).mean() > 3


@pytest.mark.parametrize("workers", [1, 2])
def test_interrupted_render_leaves_nothing(run, tmp_path, workers):
    def interrupt(done, total):
        if done >= 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        render(run, tmp_path / "x.mp4", size=(160, 90), fps=10, duration=4, workers=workers, progress=interrupt)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kwargs, message", [
    ({"layout": ["network", "boundry"]}, "unknown view 'boundry' (did you mean 'boundary'?)"),
    ({"size": (321, 180)}, "even width and height"),
    ({"size": (0, 180)}, "size must be positive"),
    ({"size": (5000, 3000)}, "over the 4K limit"),
    ({"fps": 0}, "fps must be 1..120"),
    ({"fps": 200}, "fps must be 1..120"),
])
def test_bad_settings_fail_before_any_work(run, tmp_path, kwargs, message):
    with pytest.raises(NNWatchError, match=message.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        render(run, tmp_path / "x.mp4", **{"size": (320, 180), **kwargs})
    assert list(tmp_path.iterdir()) == []


def test_bad_paths(run, tmp_path):
    with pytest.raises(NNWatchError, match="does not exist"):
        render(run, tmp_path / "missing" / "x.mp4")
    with pytest.raises(NNWatchError, match="cannot write '.avi' files"):
        render(run, tmp_path / "x.avi")


def test_seconds_per_snapshot_sets_the_duration(run, tmp_path):
    # 1 s hold at the start, 2 s at the end, 0.25 s for each step between two snapshots.
    path = render(run, tmp_path / "s.mp4", size=(160, 90), fps=10, per_snapshot=0.25, workers=1)
    assert probe_video(path)["frames"] == round(10 * (3 + 0.25 * (len(run) - 1)))
