"""Video files after writing: reading one back (``probe_video``) and joining MP4 segments (``concat_mp4``).

Kept apart from the writers: these read containers rather than encode frames.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from nnwatch import interrupts
from nnwatch.errors import NNWatchError
from nnwatch.record.atomic import new_temp
from nnwatch.video.writers import _check_file_target, _remove

__all__ = ["concat_mp4", "probe_video"]


class _Segment(NamedTuple):
    """One MP4 segment's timing in its stream's time base, and the settings that must match to join it."""

    frames: int
    step: int  # ticks per frame
    delay: int  # how far its first dts lies before its first pts (B-frame reordering)
    start: int
    key: tuple


def concat_mp4(segments: list[str | os.PathLike], out: str | os.PathLike) -> Path:
    """Join MP4 segments written by Mp4Writer with the same settings into ``out`` without re-encoding.

    Packets are copied as they are; pts move by the frames already written, and dts are renumbered with the
    largest decode delay of all segments, because x264 uses no reordering delay in segments of 1 or 2 frames
    and plain offsets would then make dts go backwards.
    """
    import av

    paths = [Path(s) for s in segments]
    if not paths:
        raise NNWatchError("concat_mp4 needs at least one segment")
    out = _check_file_target(Path(out))
    plans = [_scan_segment(p) for p in paths]
    for path, plan in zip(paths[1:], plans[1:]):
        if plan.key != plans[0].key:
            raise NNWatchError(f"segment '{path}' was encoded with other settings than '{paths[0]}'")
    delay = max(plan.delay for plan in plans)
    tmp = new_temp(out)
    try:
        with av.open(str(tmp), "w", format="mp4") as output:
            stream, offset = None, 0
            for path, plan in zip(paths, plans):
                with av.open(str(path)) as source:
                    template = source.streams.video[0]
                    stream = stream or output.add_stream_from_template(template)
                    packets = (p for p in source.demux(template) if p.dts is not None)
                    for i, packet in enumerate(packets):
                        packet.pts = packet.pts - plan.start + offset
                        packet.dts = offset + i * plan.step - delay
                        packet.stream = stream
                        output.mux(packet)
                offset += plan.frames * plan.step
        interrupts.check()
        os.replace(tmp, out)
    except BaseException:
        _remove(tmp)
        raise
    return out


def _scan_segment(path: Path) -> _Segment:
    import av

    if not path.is_file():
        raise NNWatchError(f"segment '{path}' does not exist")
    try:
        with av.open(str(path)) as source:
            if not source.streams.video:
                raise NNWatchError(f"segment '{path}' has no video")
            st = source.streams.video[0]
            timing = [(p.pts, p.dts, p.duration) for p in source.demux(st) if p.dts is not None]
            cc = st.codec_context
            key = (cc.name, st.width, st.height, st.format.name, st.time_base, st.average_rate,
                   bytes(cc.extradata or b""))
    except av.error.FFmpegError:
        raise NNWatchError(f"segment '{path}' is not a readable MP4") from None
    if not timing:
        raise NNWatchError(f"segment '{path}' has no frames")
    pts, dts, durations = zip(*timing)
    step, start = durations[0], min(pts)
    frame_times = [start + k * step for k in range(len(pts))]
    # The renumbering in concat_mp4 is only valid for constant-rate segments, as Mp4Writer writes them.
    if step <= 0 or sorted(pts) != frame_times or list(dts) != [dts[0] + k * step for k in range(len(dts))]:
        raise NNWatchError(f"segment '{path}' does not have a constant frame rate")
    return _Segment(frames=len(pts), step=step, delay=max(0, start - dts[0]), start=start, key=key)


def probe_video(path: str | os.PathLike) -> dict:
    """What a written video holds: frames, width, height, duration_s and fps (None for a PNG folder).

    For a GIF, frames counts stored frames: Pillow stores a run of identical frames as one longer frame.
    """
    path = Path(path)
    if path.is_dir():
        names = sorted(path.glob("frame_*.png"))
        if not names:
            raise NNWatchError(f"'{path}' holds no frame_*.png files")
        from PIL import Image

        with Image.open(names[0]) as first:
            width, height = first.size
        return {"frames": len(names), "width": width, "height": height, "duration_s": None, "fps": None}
    if not path.is_file():
        raise NNWatchError(f"'{path}' does not exist")
    return _probe_gif(path) if path.suffix.lower() == ".gif" else _probe_mp4(path)


def _probe_gif(path: Path) -> dict:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as gif:
            total_ms = 0
            for index in range(gif.n_frames):
                gif.seek(index)
                total_ms += gif.info.get("duration", 0)
            frames, (width, height) = gif.n_frames, gif.size
    except (UnidentifiedImageError, OSError):
        raise NNWatchError(f"'{path}' is not a readable GIF") from None
    duration = total_ms / 1000
    return {"frames": frames, "width": width, "height": height, "duration_s": duration,
            "fps": frames / duration if duration else None}


def _probe_mp4(path: Path) -> dict:
    import av

    try:
        with av.open(str(path)) as container:
            st = container.streams.video[0]
            st.thread_type = "AUTO"  # frame-threaded decoding: counting frames of a long video is much faster
            frames = sum(1 for _ in container.decode(st))
            if st.duration is not None:
                duration = float(st.duration * st.time_base)
            else:
                duration = container.duration / av.time_base
            rate = float(st.average_rate) if st.average_rate else None
            return {"frames": frames, "width": st.width, "height": st.height, "duration_s": duration, "fps": rate}
    except (av.error.FFmpegError, IndexError):
        raise NNWatchError(f"'{path}' is not a readable video") from None
