"""Frame writers: what is written reads back (frames, size, duration, colours), atomically, with one-line errors."""

import time

import av
import numpy as np
import pytest
from PIL import Image

from nnwatch.errors import LimitError, NNWatchError
from nnwatch.video import writers
from nnwatch.video.files import concat_mp4, probe_video
from nnwatch.video.writers import GifWriter, Mp4Writer, PngWriter, gif_durations_ms, open_writer

W, H = 64, 48
# Flat colours well inside the gamut, far enough apart that each decoded frame has one nearest colour.
COLOURS = [(30 + (53 * i) % 200, 220 - (37 * i) % 190, 40 + (91 * i) % 180) for i in range(16)]


def solid(colour, alpha=False, width=W, height=H):
    frame = np.zeros((height, width, 4 if alpha else 3), np.uint8)
    frame[..., :3] = colour
    if alpha:
        frame[..., 3] = 255
    return frame


def write(path, colours, fps=10, alpha=False, size=(W, H), **options):
    with open_writer(path, fps, size, **options) as writer:
        for colour in colours:
            writer.write(solid(colour, alpha, *size))
    assert writer.frames_written == len(colours)
    return path


def mp4_colours(path):
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24")[H // 2, W // 2].astype(int) for f in container.decode(video=0)]


def gif_frames(path):
    with Image.open(path) as gif:
        frames = []
        for i in range(gif.n_frames):
            gif.seek(i)
            frames.append(np.asarray(gif.convert("RGB")))
        return frames


def assert_close_colours(decoded, colours, tolerance=6):
    assert len(decoded) == len(colours)
    for got, want in zip(decoded, colours):
        assert np.abs(got - np.array(want)).max() <= tolerance, (got, want)


# MP4


def test_mp4_reads_back_frames_size_duration_and_colours(tmp_path):
    path = write(tmp_path / "out.mp4", COLOURS[:12], fps=10, alpha=True)
    info = probe_video(path)
    assert (info["frames"], info["width"], info["height"], info["fps"]) == (12, W, H, 10.0)
    assert info["duration_s"] == pytest.approx(1.2, abs=0.1)
    assert_close_colours(mp4_colours(path), COLOURS[:12])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.mp4"]


def test_mp4_copies_frames_so_callers_may_reuse_their_buffer(tmp_path):
    buffer = solid(COLOURS[0], alpha=True)  # like matplotlib's buffer_rgba: one array redrawn for every frame
    with Mp4Writer(tmp_path / "out.mp4", 10, (W, H)) as writer:
        for colour in COLOURS[:10]:
            buffer[..., :3] = colour
            writer.write(buffer)
    assert_close_colours(mp4_colours(tmp_path / "out.mp4"), COLOURS[:10])


def test_mp4_keeps_fractional_fps(tmp_path):
    path = write(tmp_path / "out.mp4", COLOURS[:6], fps=29.97)
    info = probe_video(path)
    assert info["fps"] == pytest.approx(29.97)
    assert info["duration_s"] == pytest.approx(6 / 29.97, abs=1 / 29.97)


def test_mp4_is_tagged_bt709_so_players_agree_on_colours(tmp_path):
    path = write(tmp_path / "out.mp4", COLOURS[:2], threads=1, crf=0, preset="ultrafast")
    with av.open(str(path)) as container:
        cc = container.streams.video[0].codec_context
        assert (cc.colorspace, cc.color_primaries, cc.color_trc, cc.color_range) == (1, 1, 1, 1)


def test_mp4_encoder_error_reaches_the_caller_and_leaves_no_file(tmp_path, monkeypatch):
    def encode(self, pixels, index):
        if index == 2:
            raise RuntimeError("encoder broke")
    monkeypatch.setattr(Mp4Writer, "_encode", encode)
    with pytest.raises(RuntimeError, match="encoder broke"):
        write(tmp_path / "out.mp4", COLOURS * 2)
    assert list(tmp_path.iterdir()) == []


def test_mp4_abort_is_prompt_with_a_full_queue(tmp_path, monkeypatch):
    def slow_encode(self, pixels, index):
        time.sleep(0.2)
    monkeypatch.setattr(Mp4Writer, "_encode", slow_encode)
    with pytest.raises(KeyboardInterrupt):
        with Mp4Writer(tmp_path / "out.mp4", 10, (W, H)) as writer:
            for colour in COLOURS[:12]:  # more than the queue holds
                writer.write(solid(colour))
            assert writer._queue.full()
            started = time.perf_counter()
            raise KeyboardInterrupt
    assert time.perf_counter() - started < 1.0
    assert not writer._thread.is_alive()
    assert list(tmp_path.iterdir()) == []


# GIF


def test_gif_reads_back_frames_size_duration_and_exact_colours(tmp_path):
    path = write(tmp_path / "out.gif", COLOURS[:7], fps=30, alpha=True)
    info = probe_video(path)
    assert (info["frames"], info["width"], info["height"]) == (7, W, H)
    assert abs(info["duration_s"] - 7 / 30) <= 0.010
    frames = gif_frames(path)
    assert [tuple(f[0, 0]) for f in frames] == COLOURS[:7]
    assert all((f == f[0, 0]).all() for f in frames)  # flat stays flat: no dithering


def test_gif_keeps_every_colour_of_a_frame_with_few_colours(tmp_path):
    rng = np.random.default_rng(0)
    palette = rng.integers(0, 256, (200, 3), dtype=np.uint8)
    palette[:8] = [(i, i, i) for i in range(8)]  # near-identical greys must not merge
    frame = palette[rng.integers(0, 200, (H, W))]
    with GifWriter(tmp_path / "out.gif", 10, (W, H), colors=256) as writer:  # 200 colours fit in 256: exact
        writer.write(frame)
    np.testing.assert_array_equal(gif_frames(tmp_path / "out.gif")[0], frame)


@pytest.mark.parametrize("fps", [1, 3, 7, 10, 24, 29.97, 33, 49, 50])
def test_gif_durations_add_up_and_stay_playable(fps):
    for n in (1, 2, 5, 17, 100, 1000):
        durations = gif_durations_ms(n, fps)
        assert len(durations) == n
        assert all(d % 10 == 0 and d >= 20 for d in durations)  # whole centiseconds; 2 cs is the browser minimum
        assert abs(sum(durations) - 1000 * n / fps) <= 5


def test_gif_refuses_fps_that_browsers_cannot_play(tmp_path):
    with pytest.raises(NNWatchError, match=r"GIF plays at most 50 fps .* got 60; use \.mp4 or a lower fps"):
        GifWriter(tmp_path / "out.gif", 60, (W, H))


def test_gif_max_frames_names_the_limit_and_leaves_no_file(tmp_path):
    with pytest.raises(LimitError, match=r"a GIF holds at most 3 frames \(max_frames\); use \.mp4"):
        write(tmp_path / "out.gif", COLOURS[:4], max_frames=3)
    assert list(tmp_path.iterdir()) == []


def test_gif_stores_repeated_frames_once_and_keeps_the_duration(tmp_path):
    # Pillow merges identical consecutive frames into one longer frame; the GIF plays the same.
    path = write(tmp_path / "out.gif", [COLOURS[0]] * 3 + [COLOURS[1]], fps=10)
    info = probe_video(path)
    assert (info["frames"], info["duration_s"]) == (2, 0.4)


# PNG folder


def test_png_folder_has_numbered_frames_with_exact_pixels(tmp_path):
    frames = [solid(c, alpha=True) for c in COLOURS[:3]]
    frames[1][5:9, 10:20, :3] = (1, 2, 3)
    with open_writer(str(tmp_path / "frames") + "/", 10, (W, H)) as writer:
        assert isinstance(writer, PngWriter)
        for frame in frames:
            writer.write(frame)
    names = sorted(p.name for p in (tmp_path / "frames").iterdir())
    assert names == ["frame_000000.png", "frame_000001.png", "frame_000002.png"]
    for name, frame in zip(names, frames):
        with Image.open(tmp_path / "frames" / name) as image:
            assert image.mode == "RGB"
            np.testing.assert_array_equal(np.asarray(image), frame[..., :3])
    assert probe_video(tmp_path / "frames")["frames"] == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["frames"]


def test_png_replaces_an_empty_folder_and_refuses_a_full_one(tmp_path):
    (tmp_path / "empty").mkdir()
    write(tmp_path / "empty", COLOURS[:2])
    assert len(list((tmp_path / "empty").iterdir())) == 2
    with pytest.raises(NNWatchError, match="the folder is not empty"):
        open_writer(tmp_path / "empty", 10, (W, H))


# Atomicity and determinism


@pytest.mark.parametrize("name", ["out.mp4", "out.gif", "frames"])
@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_an_error_inside_the_block_leaves_nothing(tmp_path, name, error):
    with pytest.raises(error):
        with open_writer(tmp_path / name, 10, (W, H)) as writer:
            for colour in COLOURS[:3]:
                writer.write(solid(colour))
            raise error("stop")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_previous_video(tmp_path):
    path = write(tmp_path / "out.mp4", COLOURS[:4])
    before = path.read_bytes()
    with pytest.raises(KeyboardInterrupt):
        with open_writer(path, 10, (W, H)) as writer:
            writer.write(solid(COLOURS[5]))
            raise KeyboardInterrupt
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.mp4"]


@pytest.mark.parametrize("name", ["out.mp4", "out.gif", "frames"])
def test_closing_without_frames_is_an_error_and_leaves_nothing(tmp_path, name):
    with pytest.raises(NNWatchError, match="no frames were written to"):
        with open_writer(tmp_path / name, 10, (W, H)):
            pass
    assert list(tmp_path.iterdir()) == []


def test_gif_and_png_are_byte_identical_run_to_run(tmp_path):
    rng = np.random.default_rng(1)
    y, x = np.mgrid[0:H, 0:W]
    frames = [np.stack([x * 4, y * 5, (x + y + 7 * i) % 256], -1).astype(np.uint8) for i in range(4)]
    frames = [np.where(rng.random((H, W, 1)) < 0.05, 255, f).astype(np.uint8) for f in frames]
    for target in ("a.gif", "b.gif", "a", "b"):
        with open_writer(tmp_path / target, 10, (W, H)) as writer:
            for frame in frames:
                writer.write(frame)
    assert (tmp_path / "a.gif").read_bytes() == (tmp_path / "b.gif").read_bytes()
    for i in range(4):
        name = f"frame_{i:06d}.png"
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


# Errors, all one line and raised before any work


@pytest.mark.parametrize("fps", [0, 121, 0.5, float("nan"), "10"])
def test_fps_out_of_range(tmp_path, fps):
    with pytest.raises(NNWatchError, match=rf"^fps must be 1\.\.120, got {fps}$"):
        open_writer(tmp_path / "out.mp4", fps, (W, H))


def test_size_errors(tmp_path):
    with pytest.raises(NNWatchError, match=r"^size 5000x3000 is over the 4K limit 3840x2160$"):
        open_writer(tmp_path / "out.gif", 10, (5000, 3000))
    with pytest.raises(NNWatchError, match=r"^size must be positive, got 0x48$"):
        open_writer(tmp_path / "out.gif", 10, (0, 48))
    with pytest.raises(NNWatchError, match=r"^MP4 needs an even width and height, got 1279x720$"):
        open_writer(tmp_path / "out.mp4", 10, (1279, 720))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["out.mp4", "out.gif", "frames"])
def test_wrong_frame_shape_or_dtype(tmp_path, name):
    expected = r"expected \(48, 64, 3\) or \(48, 64, 4\) uint8$"
    with pytest.raises(NNWatchError, match=r"^frame has shape \(47, 64, 3\) and dtype uint8; " + expected):
        with open_writer(tmp_path / name, 10, (W, H)) as writer:
            writer.write(np.zeros((47, 64, 3), np.uint8))
    with pytest.raises(NNWatchError, match=r"^frame has shape \(48, 64, 3\) and dtype float32; " + expected):
        with open_writer(tmp_path / name, 10, (W, H)) as writer:
            writer.write(np.zeros((48, 64, 3), np.float32))
    assert list(tmp_path.iterdir()) == []


def test_writer_is_chosen_by_suffix(tmp_path):
    assert type(open_writer(tmp_path / "a.MP4", 10, (W, H))) is Mp4Writer
    assert type(open_writer(tmp_path / "a.gif", 10, (W, H))) is GifWriter
    assert type(open_writer(tmp_path / "frames", 10, (W, H))) is PngWriter
    with pytest.raises(NNWatchError, match=r"^cannot write '\.avi' files; use \.mp4, \.gif or a folder for PNG"):
        open_writer(tmp_path / "a.avi", 10, (W, H))


@pytest.mark.parametrize("name", ["out.mp4", "out.gif", "frames"])
def test_missing_directory(tmp_path, name):
    missing = tmp_path / "missing"
    with pytest.raises(NNWatchError, match=f"^cannot write '.*': the directory '{missing}' does not exist$"):
        open_writer(missing / name, 10, (W, H))


def test_unknown_and_bad_options(tmp_path):
    with pytest.raises(NNWatchError, match=r"^unknown MP4 option 'crff' \(did you mean 'crf'\?\); choose from"):
        open_writer(tmp_path / "out.mp4", 10, (W, H), crff=20)
    with pytest.raises(NNWatchError, match=r"^crf must be an integer 0\.\.51, got 60$"):
        open_writer(tmp_path / "out.mp4", 10, (W, H), crf=60)
    with pytest.raises(NNWatchError, match=r"^unknown MP4 preset 'veryfst' \(did you mean 'veryfast'\?\)"):
        open_writer(tmp_path / "out.mp4", 10, (W, H), preset="veryfst")
    with pytest.raises(NNWatchError, match=r"^unknown GIF option 'crf'"):
        open_writer(tmp_path / "out.gif", 10, (W, H), crf=20)


# Joining MP4 segments


def segments(tmp_path, lengths, **options):
    paths, start = [], 0
    for i, n in enumerate(lengths):
        paths.append(write(tmp_path / f"seg{i}.mp4", COLOURS[start:start + n], **options))
        start += n
    return paths


def test_concat_joins_segments_in_order_without_reencoding(tmp_path):
    parts = segments(tmp_path, [5, 7, 3])
    out = concat_mp4(parts, tmp_path / "all.mp4")
    info = probe_video(out)
    assert (info["frames"], info["width"], info["height"], info["fps"]) == (15, W, H, 10.0)
    assert info["duration_s"] == pytest.approx(1.5, abs=0.1)
    assert_close_colours(mp4_colours(out), COLOURS[:15])
    with av.open(str(out)) as joined:
        copied = sum(p.size for p in joined.demux(video=0))
    original = 0
    for part in parts:
        with av.open(str(part)) as segment:
            original += sum(p.size for p in segment.demux(video=0))
    assert copied == original  # packets copied, not re-encoded


def test_concat_handles_short_segments_without_decode_delay(tmp_path):
    # x264 adds a reordering delay only to segments long enough for B-frames; mixing them must still play.
    parts = segments(tmp_path, [1, 5, 2, 7, 1])
    out = concat_mp4(parts, tmp_path / "all.mp4")
    assert_close_colours(mp4_colours(out), COLOURS[:16])
    assert probe_video(out)["duration_s"] == pytest.approx(1.6, abs=0.1)


def test_concat_refuses_mismatched_segments_and_leaves_nothing(tmp_path):
    a = write(tmp_path / "a.mp4", COLOURS[:3])
    b = write(tmp_path / "b.mp4", COLOURS[:3], size=(32, 24))
    with pytest.raises(NNWatchError, match=r"^segment '.*b\.mp4' was encoded with other settings than"):
        concat_mp4([a, b], tmp_path / "all.mp4")
    with pytest.raises(NNWatchError, match=r"^segment '.*nope\.mp4' does not exist$"):
        concat_mp4([a, tmp_path / "nope.mp4"], tmp_path / "all.mp4")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.mp4", "b.mp4"]


def test_probe_errors(tmp_path):
    (tmp_path / "bad.mp4").write_bytes(b"not a video")
    with pytest.raises(NNWatchError, match="is not a readable video"):
        probe_video(tmp_path / "bad.mp4")
    with pytest.raises(NNWatchError, match="does not exist"):
        probe_video(tmp_path / "nope.gif")


def test_module_loads_without_av_or_pil():
    import subprocess
    import sys

    code = "import sys, nnwatch.video.writers; print([m for m in ('av', 'PIL') if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr
    assert writers.MAX_FPS == 120
