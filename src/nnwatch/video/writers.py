"""Frame writers: MP4 (libx264), GIF and a folder of PNGs, behind one context-manager interface.

    with open_writer("out.mp4", fps=30, size=(1280, 720)) as writer:
        for frame in frames:          # uint8 arrays (H, W, 3) or (H, W, 4); alpha is dropped
            writer.write(frame)

Output goes to a hidden ``.<name>.<random>.part`` sibling and is moved into place only when ``close()``
succeeds, so an error or Ctrl-C leaves nothing at the target and no temporary file behind. Every frame written
and the move itself are points where a pending Ctrl-C or SIGTERM stops the writing (``nnwatch.interrupts``).
"""

from __future__ import annotations

import contextlib
import numbers
import os
import queue
import shutil
import threading
from fractions import Fraction
from pathlib import Path

import numpy as np

from nnwatch import interrupts
from nnwatch.errors import LimitError, NNWatchError, unknown
from nnwatch.record.atomic import new_temp

__all__ = ["FrameWriter", "Mp4Writer", "GifWriter", "PngWriter", "open_writer", "gif_durations_ms", "MAX_WIDTH",
           "MAX_HEIGHT", "MIN_FPS", "MAX_FPS", "GIF_MAX_FPS"]

MAX_WIDTH, MAX_HEIGHT = 3840, 2160
MIN_FPS, MAX_FPS = 1, 120
# Browsers play GIF delays under 2 centiseconds as 10 cs, so a faster GIF would play slower than asked.
GIF_MAX_FPS = 50
X264_PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow")
_FLUSH, _STOP = object(), object()  # queue markers for the MP4 encoding thread


class FrameWriter:
    """Base class: validation, the temporary output and its move into place. Subclasses encode."""

    kind = "frames"
    # option name -> (default, allowed): a range of integers, or a tuple of choices
    option_specs: dict = {}

    def __init__(self, path: str | os.PathLike, fps: float, size: tuple[int, int], **options):
        self.path = self._check_target(Path(path))
        self.fps = _check_fps(fps)
        self.width, self.height = _check_size(size)
        self.options = self._check_options(options)
        self.frames_written = 0
        self._tmp: Path | None = None
        self._state = "new"  # new -> open -> closed | aborted

    def __enter__(self) -> "FrameWriter":
        if self._state == "new":
            self.open()
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        # Any exception, KeyboardInterrupt included, discards the output; it is then re-raised.
        if exc_type is None:
            self.close()
        else:
            self.abort()
        return False

    def open(self) -> "FrameWriter":
        if self._state != "new":
            raise RuntimeError(f"this writer is already {self._state}")
        self._tmp = new_temp(self.path, directory=isinstance(self, PngWriter))
        self._state = "open"
        try:
            self._start(self._tmp)
        except BaseException:
            self.abort()
            raise
        return self

    def write(self, frame) -> None:
        if self._state != "open":
            raise RuntimeError(f"cannot write to a writer that is {self._state}; use it in a with block")
        interrupts.check()
        self._add(self._check_frame(frame))
        self.frames_written += 1

    def close(self) -> Path:
        """Finish the output and move it to ``path``; on any failure discard it and re-raise."""
        if self._state != "open":
            return self.path
        try:
            if self.frames_written == 0:
                raise NNWatchError(f"no frames were written to '{self.path}'")
            self._finish()
            interrupts.check()  # the last moment a stop can still leave nothing at the target
            self._move_into_place()
        except BaseException:
            self.abort()
            raise
        self._state = "closed"
        return self.path

    def abort(self) -> None:
        """Stop and delete the temporary output; the target path is left untouched."""
        if self._state != "open":
            return
        self._state = "aborted"
        try:
            self._discard()
        finally:
            _remove(self._tmp)

    # Hooks for subclasses.
    def _start(self, tmp: Path) -> None: ...
    def _add(self, frame: np.ndarray) -> None: ...
    def _finish(self) -> None: ...
    def _discard(self) -> None: ...

    def _check_target(self, path: Path) -> Path:
        return _check_file_target(path)

    def _move_into_place(self) -> None:
        os.replace(self._tmp, self.path)

    def _check_options(self, given: dict) -> dict:
        for name, value in given.items():
            if name not in self.option_specs:
                raise unknown(f"{self.kind} option", name, self.option_specs, NNWatchError)
            allowed = self.option_specs[name][1]
            if isinstance(allowed, range):
                if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value not in allowed:
                    raise NNWatchError(f"{name} must be an integer {allowed[0]}..{allowed[-1]}, got {value!r}")
            elif value not in allowed:
                raise unknown(f"{self.kind} {name}", str(value), [str(a) for a in allowed], NNWatchError)
        return {**{name: spec[0] for name, spec in self.option_specs.items()}, **given}

    def _check_frame(self, frame) -> np.ndarray:
        frame = np.asarray(frame)
        h, w = self.height, self.width
        if frame.dtype != np.uint8 or frame.ndim != 3 or frame.shape[:2] != (h, w) or frame.shape[2] not in (3, 4):
            raise NNWatchError(f"frame has shape {frame.shape} and dtype {frame.dtype}; "
                               f"expected ({h}, {w}, 3) or ({h}, {w}, 4) uint8")
        return frame


class Mp4Writer(FrameWriter):
    """H.264 MP4 (yuv420p, BT.709), encoded on its own thread behind a bounded queue.

    Options: crf (0..51, default 23), preset (x264 preset, default 'veryfast'), threads (x264 threads, 0 = auto;
    set it when several encoders run at once). The defaults were chosen by ``benchmarks/mp4_preset.py``: on the
    default video and relu-fold's transform frames, veryfast at crf 23 makes files 4.5-5 times smaller than
    ultrafast at crf 20 (relu-fold's 2 min 43 s: about 18 MB instead of 100 MB) with stills that look the same
    (PSNR 1.6-3 dB lower, all of it in anti-aliased edges), and encodes at 0.6 of ultrafast's speed, still
    faster than real time on one loaded core. ``--preset ultrafast`` renders faster when size does not matter.
    Fractional fps such as 29.97 are kept as fractions.
    """

    kind = "MP4"
    option_specs = {"crf": (23, range(52)), "preset": ("veryfast", X264_PRESETS), "threads": (0, range(65))}
    queue_size = 8

    def __init__(self, path, fps, size, **options):
        super().__init__(path, fps, size, **options)
        if self.width % 2 or self.height % 2:
            raise NNWatchError(f"MP4 needs an even width and height, got {self.width}x{self.height}")
        self.rate = Fraction(self.fps).limit_denominator(1001)

    def _start(self, tmp):
        import av  # imported here so that GIF and PNG output work without PyAV

        self._container = av.open(str(tmp), "w", format="mp4")
        stream = self._container.add_stream("libx264", rate=self.rate)
        stream.width, stream.height, stream.pix_fmt = self.width, self.height, "yuv420p"
        stream.codec_context.time_base = 1 / self.rate  # pts count frames, so the duration is frames/fps
        stream.codec_context.thread_count = self.options["threads"]
        stream.options = {"crf": str(self.options["crf"]), "preset": self.options["preset"]}
        # Tag BT.709 (1) with limited range (1): untagged HD video is guessed differently by each player.
        cc = stream.codec_context
        cc.colorspace = cc.color_primaries = cc.color_trc = cc.color_range = 1
        self._stream = stream
        self._queue: queue.Queue = queue.Queue(maxsize=self.queue_size)
        self._error: BaseException | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._encode_loop, name=f"mp4 {self.path.name}", daemon=True)
        self._thread.start()

    def _add(self, frame):
        self._raise_thread_error()
        # Copy: callers often reuse one buffer (matplotlib's buffer_rgba) for the next frame.
        self._put(frame.copy())

    def _finish(self):
        self._put(_FLUSH)
        self._thread.join()
        self._raise_thread_error()

    def _discard(self):
        if not hasattr(self, "_thread"):  # _start failed before the thread took over the container
            if hasattr(self, "_container"):
                self._container.close()
            return
        # The thread sees the flag after the frame in hand; the marker wakes it if it waits on an empty queue
        # (a full queue means it is not waiting, so the marker may be dropped).
        self._stopping.set()
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(_STOP)
        self._thread.join(timeout=10)

    def _put(self, item) -> None:
        # Short timeouts so that a dead encoder never leaves the caller blocked on a full queue.
        while True:
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                self._raise_thread_error()
                if not self._thread.is_alive():
                    raise RuntimeError("the MP4 encoding thread stopped") from None

    def _raise_thread_error(self) -> None:
        if self._error is not None:
            raise self._error

    def _encode_loop(self) -> None:
        index = 0
        try:
            while not self._stopping.is_set():
                item = self._queue.get()
                if item is _STOP:
                    break
                if item is _FLUSH:
                    self._mux(self._stream.encode(None))
                    break
                self._encode(item, index)
                index += 1
        except BaseException as err:  # handed to the caller at its next write() or close()
            self._error = err
        finally:
            try:
                self._container.close()
            except BaseException as err:
                self._error = self._error or err

    def _encode(self, pixels: np.ndarray, index: int) -> None:
        import av
        from av.video.reformatter import Colorspace

        frame = av.VideoFrame.from_ndarray(pixels, format="rgb24" if pixels.shape[2] == 3 else "rgba")
        frame = frame.reformat(format="yuv420p", dst_colorspace=Colorspace.ITU709)
        frame.pts = index
        self._mux(self._stream.encode(frame))

    def _mux(self, packets) -> None:
        for packet in packets:
            self._container.mux(packet)


class GifWriter(FrameWriter):
    """Looping GIF with one palette per frame, saved at close (frames are kept in memory, paletted).

    Pillow stores identical consecutive frames as one frame of their summed duration; playback is the same.

    Options: colors (2..256, default 128), method ('fastoctree', the default: measured 4-10x faster than
    'mediancut' and 10-20 % smaller on our frames; a frame with no more colours than that is kept exactly
    whatever the method), dither
    (default False: flat colours stay flat), max_frames (2000).
    """

    kind = "GIF"
    option_specs = {"colors": (128, range(2, 257)), "method": ("fastoctree", ("mediancut", "fastoctree")),
                    "dither": (False, (False, True)), "max_frames": (2000, range(1, 100_001))}

    def __init__(self, path, fps, size, **options):
        super().__init__(path, fps, size, **options)
        if self.fps > GIF_MAX_FPS:
            raise NNWatchError(f"GIF plays at most {GIF_MAX_FPS} fps (browsers slow down shorter frames), "
                               f"got {self.fps:g}; use .mp4 or a lower fps")

    def _start(self, tmp):
        self._frames: list = []

    def _add(self, frame):
        from PIL import Image

        limit = self.options["max_frames"]
        if len(self._frames) >= limit:
            raise LimitError(f"a GIF holds at most {limit} frames (max_frames); use .mp4 for longer videos")
        image = Image.fromarray(np.ascontiguousarray(frame[:, :, :3]))
        few = image.getcolors(maxcolors=self.options["colors"]) is not None  # then every colour is kept exactly
        method = Image.Quantize.MEDIANCUT if few or self.options["method"] == "mediancut" else \
            Image.Quantize.FASTOCTREE
        dither = Image.Dither.FLOYDSTEINBERG if self.options["dither"] else Image.Dither.NONE
        self._frames.append(image.quantize(self.options["colors"], method=method, dither=dither))

    def _finish(self):
        first, *rest = self._frames
        first.save(self._tmp, format="GIF", save_all=True, append_images=rest, loop=0, optimize=False,
                   duration=gif_durations_ms(len(self._frames), self.fps))
        self._frames = []

    def _discard(self):
        self._frames = []


def gif_durations_ms(n: int, fps: float) -> list[int]:
    """Per-frame durations in whole centiseconds (as GIF stores them) whose sum stays within 5 ms of n/fps.

    Each frame ends at its ideal time rounded to 10 ms, so rounding errors never accumulate.
    """
    ends = [round(Fraction(100 * k) / Fraction(fps)) * 10 for k in range(n + 1)]
    return [b - a for a, b in zip(ends, ends[1:])]


class PngWriter(FrameWriter):
    """A folder of frame_000000.png, ... built in a temporary sibling folder. Option compress_level (0..9, 1)."""

    kind = "PNG"
    option_specs = {"compress_level": (1, range(10))}

    def _check_target(self, path):
        _check_parent(path)
        if path.exists() and not path.is_dir():
            raise NNWatchError(f"cannot write frames to '{path}': it is a file")
        if path.is_dir() and any(path.iterdir()):
            raise NNWatchError(f"cannot write frames to '{path}': the folder is not empty")
        return path

    def _add(self, frame):
        from PIL import Image

        name = self._tmp / f"frame_{self.frames_written:06d}.png"
        Image.fromarray(np.ascontiguousarray(frame[:, :, :3])).save(
            name, format="PNG", compress_level=self.options["compress_level"])

    def _move_into_place(self):
        if self.path.is_dir():
            self.path.rmdir()  # empty (checked at construction); rmdir refuses if files appeared since
        os.replace(self._tmp, self.path)


def open_writer(path: str | os.PathLike, fps: float, size: tuple[int, int], **options) -> FrameWriter:
    """The writer for ``path`` by its suffix (.mp4, .gif; a folder for PNGs), not yet opened: use ``with``."""
    text = os.fspath(path)
    target = Path(text)
    if text.endswith(("/", os.sep)) or target.is_dir() or not target.suffix:
        return PngWriter(target, fps, size, **options)
    writer = {".mp4": Mp4Writer, ".gif": GifWriter}.get(target.suffix.lower())
    if writer is None:
        raise NNWatchError(f"cannot write '{target.suffix}' files; use .mp4, .gif or a folder for PNG frames")
    return writer(target, fps, size, **options)


def _check_fps(fps) -> float:
    if isinstance(fps, bool) or not isinstance(fps, numbers.Real) or not MIN_FPS <= fps <= MAX_FPS:
        raise NNWatchError(f"fps must be {MIN_FPS}..{MAX_FPS}, got {fps}")
    return fps


def _check_size(size) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in size)
    except (TypeError, ValueError):
        raise NNWatchError(f"size must be (width, height), got {size!r}") from None
    if width < 1 or height < 1:
        raise NNWatchError(f"size must be positive, got {width}x{height}")
    if width > MAX_WIDTH or height > MAX_HEIGHT:
        raise LimitError(f"size {width}x{height} is over the 4K limit {MAX_WIDTH}x{MAX_HEIGHT}")
    return width, height


def _check_parent(path: Path) -> None:
    parent = path.parent
    if not parent.is_dir():
        raise NNWatchError(f"cannot write '{path}': the directory '{parent}' does not exist")
    if not os.access(parent, os.W_OK):
        raise NNWatchError(f"cannot write '{path}': the directory '{parent}' is not writable")


def _check_file_target(path: Path) -> Path:
    _check_parent(path)
    if path.is_dir():
        raise NNWatchError(f"cannot write '{path}': it is a directory")
    return path


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
