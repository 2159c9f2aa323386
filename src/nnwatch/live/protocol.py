"""The live app's WebSocket protocol, version 3 (``PROTOCOL_VERSION``).

Version 2 declared the frame header (``FRAME_HEADER``) and replaced its "status" by "diverged"; version 3 adds
the output layer's maps on a finer grid after all the others (``output_density``), for the heatmap.

Browser -> server: JSON text messages, one object each, at most ``MAX_MESSAGE_BYTES`` long and ``MAX_DEPTH``
lists or objects deep, validated here (``parse_message``); anything invalid gets an ``error`` message back and
the session goes on.

    {"type": "hello", "query": "dataset=circle&hidden=4,2", "page": {"lr_hide": "true"}}
                                                            start (or restart) from a spec as a URL query and the
                                                            page's own pairs; a TF Playground link's are translated
                                                            (playground_link.py) and its state says how
    {"type": "set", "key": "lr", "value": "0.1"}            change one spec setting (flat key, as in the URL)
    {"type": "play"} / {"type": "pause"} / {"type": "step"} / {"type": "reset"} / {"type": "regenerate"}
    {"type": "speed", "epochs_per_frame": 10}               1..100 epochs per server tick
    {"type": "edit", "layer": 0, "param": "w", "row": 1, "col": 3, "value": -0.5}
    {"type": "seek", "index": 120}                          show recorded history entry 120 (pauses)
    {"type": "points", "points": [[x1, x2, label], ...], "task": "classification"}   train on drawn points
    {"type": "ready"}                                       the browser drew the last frame; send the next

Server -> browser: JSON text messages (``state``, ``status``, ``error``) and binary frames (``encode_frame``):

    bytes 0-3   b"NNWF"
    bytes 4-7   uint32 little-endian: length H of the JSON header that follows
    H bytes     JSON header, space-padded so that 8 + H is a multiple of 4: one object whose keys are exactly
                ``FRAME_HEADER`` (below: each field's name, JSON type and meaning), its "version" the
                ``PROTOCOL_VERSION`` of this layout; the page's decoder (static/frame.js) refuses another version
    payload 1   float32 little-endian: every layer's w (row-major) then b, layer by layer
    payload 2   uint8: every neuron's output over a density x density grid of [-6, 6]^2, layer by layer
                (input features first), row-major with row 0 at the lowest x2; value v in [-1, 1] is
                round((v + 1) * 127.5), clamped

tests/live/goldens/frame.bin is one such frame, decoded by ``decode_frame`` and by the page's decoder under
``node --test`` to the same values: change the layout, and bump ``PROTOCOL_VERSION`` with the golden.
"""

from __future__ import annotations

import json
import struct
from typing import Annotated, Any, Literal, NamedTuple

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from nnwatch.errors import NNWatchError

__all__ = ["FRAME_HEADER", "MAGIC", "MAX_DEPTH", "MAX_MESSAGE_BYTES", "PROTOCOL_VERSION", "ClientMessage",
           "HeaderField", "check_header", "decode_frame", "encode_frame", "error_message", "parse_message"]

PROTOCOL_VERSION = 3
MAX_MESSAGE_BYTES = 512 * 1024  # room for 5,000 drawn points
MAX_DEPTH = 16  # lists and objects within each other; the deepest valid message (drawn points) has 3
MAGIC = b"NNWF"


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Hello(_Message):
    type: Literal["hello"]
    query: str = Field("", max_length=8192)
    # The page's own hash pairs (classroom hides, view options): a Playground link's are translated with its query.
    page: dict[Annotated[str, Field(max_length=64)], Annotated[str, Field(max_length=256)]] = Field(
        default_factory=dict, max_length=64)
    version: int = PROTOCOL_VERSION


class SetSetting(_Message):
    type: Literal["set"]
    key: str = Field(max_length=64)
    value: str = Field(max_length=8192)


class Control(_Message):
    type: Literal["play", "pause", "step", "reset", "regenerate", "ready"]


class Speed(_Message):
    type: Literal["speed"]
    epochs_per_frame: int = Field(ge=1, le=100)


class Edit(_Message):
    type: Literal["edit"]
    layer: int = Field(ge=0)
    param: Literal["w", "b"]
    row: int = Field(ge=0)
    col: int = Field(0, ge=0)
    value: float = Field(ge=-1e3, le=1e3)


class Seek(_Message):
    type: Literal["seek"]
    index: int = Field(ge=0)


class Points(_Message):
    type: Literal["points"]
    points: list[list[float]] = Field(max_length=5000)
    task: Literal["classification", "regression"] = "classification"


ClientMessage = Annotated[Hello | SetSetting | Control | Speed | Edit | Seek | Points, Field(discriminator="type")]
_ADAPTER = TypeAdapter(ClientMessage)


def parse_message(text: str | bytes) -> Any:
    """A validated client message, or NNWatchError with one line saying what is wrong."""
    if len(text) > MAX_MESSAGE_BYTES:
        raise NNWatchError(f"message is {len(text)} bytes; the limit is {MAX_MESSAGE_BYTES}")
    too_deep = NNWatchError(f"message nests lists or objects too deeply; the limit is {MAX_DEPTH} levels")
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise NNWatchError("message is not valid JSON") from None
    except RecursionError:  # thousands deep: the parser gave up before we could measure it
        raise too_deep from None
    if _deeper_than(data, MAX_DEPTH):
        raise too_deep
    if not isinstance(data, dict) or "type" not in data:
        raise NNWatchError("message must be a JSON object with a 'type'")
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"][1:]) or "type"
        if first["type"] == "union_tag_invalid":
            return_msg = f"unknown message type {data.get('type')!r}"
            raise NNWatchError(return_msg) from None
        raise NNWatchError(f"{data.get('type')}: {where}: {first['msg']}") from None


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether lists and objects nest more than ``limit`` deep, level by level (no recursion to exhaust)."""
    level = [data] if isinstance(data, (list, dict)) else []
    for _ in range(limit):
        level = [v for c in level for v in (c.values() if isinstance(c, dict) else c) if isinstance(v, (list, dict))]
        if not level:
            return False
    return bool(level)


def error_message(text: str) -> str:
    return json.dumps({"type": "error", "message": str(text)})


class HeaderField(NamedTuple):
    """One key of a frame's JSON header: ``kinds`` are the Python types its value may have once parsed (None:
    null allowed)."""

    name: str
    kinds: tuple
    means: str


_NUMBER_OR_NULL = (int, float, None)  # metrics: null where not finite (diverged, or no such set)
# The frame header, the one list of its fields: the encoder writes exactly these, in this order, and the
# decoder accepts nothing else. The page reads them by these names.
FRAME_HEADER: tuple[HeaderField, ...] = (
    HeaderField("version", (int,), "PROTOCOL_VERSION of the frame's layout"),
    HeaderField("epoch", (int, float), "epochs trained at the moment shown (fractional inside an epoch)"),
    HeaderField("step", (int,), "optimizer steps taken at the moment shown"),
    HeaderField("playing", (bool,), "whether training runs"),
    HeaderField("diverged", (bool,), "the weights became infinite: training stays at the last finite ones"),
    HeaderField("stopped", (str, None), "why a stop condition of the spec paused training, or null"),
    HeaderField("history", (int,), "moments recorded: the timeline's length"),
    HeaderField("position", (int,), "the moment shown: history - 1 while live"),
    HeaderField("sizes", (list,), "layer widths, input features first"),
    HeaderField("density", (int,), "side of every neuron map's grid"),
    HeaderField("output_density", (int,), "side of the output layer's maps once more, after all the others: the "
                                          "heatmap's grid (settings.output_density: 2 density - 1, whose every "
                                          "second point is the neuron maps' grid, or density itself)"),
    HeaderField("confusion", (list, None), "counts [true class][predicted class] over the test set (the "
                                           "training set if there is none); null for regression"),
    HeaderField("dead", (list,), "[layer, from, to] of every link L1 has killed"),
    HeaderField("train_loss", _NUMBER_OR_NULL, "mean training loss, without regularization"),
    HeaderField("test_loss", _NUMBER_OR_NULL, "mean test loss"),
    HeaderField("train_accuracy", _NUMBER_OR_NULL, "share of training points classified right"),
    HeaderField("test_accuracy", _NUMBER_OR_NULL, "share of test points classified right"),
    HeaderField("params_bytes", (int,), "length of payload 1"),
    HeaderField("maps_bytes", (int,), "length of payload 2"),
)
_FIELDS = {field.name: field for field in FRAME_HEADER}
_ENCODER_WRITES = ("version", "params_bytes", "maps_bytes")  # what encode_frame adds to the caller's fields


def _fits(value: Any, kinds: tuple) -> bool:
    if value is None:
        return None in kinds
    if isinstance(value, bool):  # a bool is an int to Python, never to the header
        return bool in kinds
    return isinstance(value, tuple(k for k in kinds if k is not None and k is not bool))


def check_header(header: dict) -> None:
    """NNWatchError unless ``header`` has exactly the fields of FRAME_HEADER, each of its declared kinds."""
    missing = [name for name in _FIELDS if name not in header]
    extra = [name for name in header if name not in _FIELDS]
    if missing or extra:
        raise NNWatchError(f"frame header: missing {missing}, unknown {extra}")
    for name, value in header.items():
        if not _fits(value, _FIELDS[name].kinds):
            raise NNWatchError(f"frame header: {name} is {value!r}, not one of {_FIELDS[name].kinds}")


def quantize(values: np.ndarray) -> np.ndarray:
    """[-1, 1] -> 0..255 (NaN as the middle)."""
    v = np.nan_to_num(np.asarray(values, dtype=np.float32), nan=0.0)
    return np.clip(np.rint((v + 1.0) * 127.5), 0, 255).astype(np.uint8)


def encode_frame(header: dict, params: list[dict[str, np.ndarray]], maps: list[np.ndarray]) -> bytes:
    """One binary frame: header JSON, float32 params, uint8 neuron maps.

    ``header`` holds every FRAME_HEADER field but those the encoder writes itself (version and the payloads'
    lengths). ``maps`` are per layer either uint8 (width, d*d) already quantised, or floats (d, d, width) in
    [-1, 1].
    """
    param_bytes = b"".join(np.ascontiguousarray(layer[k], dtype="<f4").tobytes() for layer in params
                           for k in ("w", "b"))
    # Neuron-major: all of neuron 0's grid, then neuron 1's ..., so the browser slices one map per neuron.
    map_bytes = b"".join(m.tobytes() if m.dtype == np.uint8 else quantize(np.moveaxis(m, -1, 0)).tobytes()
                         for m in maps)
    given = dict(header, version=PROTOCOL_VERSION, params_bytes=len(param_bytes), maps_bytes=len(map_bytes))
    if len(given) != len(header) + len(_ENCODER_WRITES):
        raise NNWatchError(f"frame header: {list(_ENCODER_WRITES)} are written by the encoder")
    check_header(given)
    head = {name: given[name] for name in _FIELDS}  # the declared order: the same fields, the same bytes
    text = json.dumps(head, separators=(",", ":"), allow_nan=False).encode()
    text += b" " * (-len(text) % 4)  # the float32 payload must start at a multiple of 4 for Float32Array
    return MAGIC + struct.pack("<I", len(text)) + text + param_bytes + map_bytes


def decode_frame(data: bytes) -> tuple[dict, np.ndarray, np.ndarray]:
    """(header, float32 params, uint8 maps) of a binary frame, checked as the page's decoder checks it (magic,
    version), and against FRAME_HEADER and the payloads' lengths: for tests and tools."""
    if len(data) < 8 or data[:4] != MAGIC:
        raise NNWatchError("not an nnwatch frame")
    (length,) = struct.unpack("<I", data[4:8])
    header = json.loads(data[8:8 + length])
    if header.get("version") != PROTOCOL_VERSION:
        raise NNWatchError(f"frame version {header.get('version')!r}; this decoder reads {PROTOCOL_VERSION}")
    check_header(header)
    start = 8 + length
    if len(data) != start + header["params_bytes"] + header["maps_bytes"]:
        raise NNWatchError(f"frame is {len(data)} bytes; its header says "
                           f"{start + header['params_bytes'] + header['maps_bytes']}")
    params = np.frombuffer(data, dtype="<f4", count=header["params_bytes"] // 4, offset=start)
    maps = np.frombuffer(data, dtype=np.uint8, count=header["maps_bytes"], offset=start + header["params_bytes"])
    return header, params, maps
