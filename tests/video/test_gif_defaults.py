"""A GIF made with the defaults is one a README can carry: 800x450, 10 frames a second, 12 s, adaptive colours."""

import pytest
from PIL import Image

import nnwatch
from nnwatch.video.render import GIF_DEFAULTS, default_duration, default_fps, default_size
from nnwatch.video.writers import GifWriter


def test_the_defaults_depend_on_the_target():
    assert default_size("a.gif") == (800, 450) and default_fps("a.gif") == 10 and default_duration("a.gif") == 12
    assert default_size("a.mp4") == (1280, 720) and default_fps("a.mp4") == 30 and default_duration("a.mp4") == 20
    assert GifWriter.option_specs["method"][0] == "fastoctree" and GifWriter.option_specs["colors"][0] == 128


def test_a_gif_with_the_defaults(tmp_path):
    run = nnwatch.train(dataset="circle", hidden="2", epochs=3, snapshots=4)
    path = nnwatch.render(run, tmp_path / "c.gif")
    with Image.open(path) as gif:
        assert gif.size == GIF_DEFAULTS["size"]
        durations = []
        for k in range(gif.n_frames):
            gif.seek(k)
            durations.append(gif.info["duration"])
        assert sum(durations) / 1000 == pytest.approx(12.0, abs=0.02)
        assert min(durations) >= 100  # 10 frames a second; held frames are merged into longer ones
        gif.seek(gif.n_frames - 1)
        assert len(gif.convert("RGB").getcolors(maxcolors=10_000)) <= 128
