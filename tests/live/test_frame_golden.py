"""One golden binary frame, tests/live/goldens/frame.bin: what the encoder writes for a fixed small frame, and
what the decoders read from it (frame.json). tests/js/frame.test.mjs decodes the same file with the page's
decoder and checks the same values. NNWATCH_UPDATE_GOLDENS=1 rewrites frame.bin (frame.json is written by hand).
"""

import json
import os
from pathlib import Path

import numpy as np
import pytest

from nnwatch.errors import NNWatchError
from nnwatch.live.protocol import FRAME_HEADER, PROTOCOL_VERSION, decode_frame, encode_frame

GOLDENS = Path(__file__).parent / "goldens"
# A 2-2-1 network, maps on a 2x2 grid: the features' maps already quantised, the other layers' as floats.
HEADER = {"epoch": 2.5, "step": 25, "playing": False, "diverged": False, "stopped": "reached 7 epochs",
          "history": 3, "position": 1, "sizes": [2, 2, 1], "density": 2,
          "output_density": 3, "confusion": [[3, 1], [0, 4]],
          "dead": [[1, 1, 0]], "train_loss": 0.25, "test_loss": 0.375, "train_accuracy": 0.75, "test_accuracy": None}
PARAMS = [{"w": np.array([[0.5, -0.25], [1.5, 2.0]]), "b": np.array([0.125, -3.0])},
          {"w": np.array([[-1.0], [0.0]]), "b": np.array([0.75])}]
MAPS = [np.array([[0, 255, 128, 64], [10, 20, 30, 40]], dtype=np.uint8),
        np.array([[[-1.0, 1.0], [0.0, 0.5]], [[0.5, -0.5], [1.0, -1.0]]]),  # (d, d, width): neuron-major on the wire
        np.array([[[2.0], [-2.0]], [[np.nan], [0.25]]]),  # clamped, NaN as the middle
        np.array([[0, 32, 64, 96, 128, 160, 192, 224, 255]], dtype=np.uint8)]  # the output on the 3x3 grid


def golden_frame() -> bytes:
    return encode_frame(HEADER, PARAMS, MAPS)


def expected() -> dict:
    return json.loads((GOLDENS / "frame.json").read_text())


def test_the_encoder_writes_the_golden_bytes():
    path = GOLDENS / "frame.bin"
    if os.environ.get("NNWATCH_UPDATE_GOLDENS"):
        path.write_bytes(golden_frame())
    assert golden_frame() == path.read_bytes()


def test_the_python_decoder_reads_the_golden_values():
    header, params, maps = decode_frame((GOLDENS / "frame.bin").read_bytes())
    want = expected()
    assert header == want["header"]
    assert list(header) == [field.name for field in FRAME_HEADER]  # all declared fields, in the declared order
    assert header["version"] == PROTOCOL_VERSION
    np.testing.assert_array_equal(params, want["params"])
    np.testing.assert_array_equal(maps, want["maps"])


def test_the_expected_values_are_the_frame_written():
    """frame.json by hand against the frame's inputs: the payloads in order, each map's bytes as quantised."""
    want = expected()
    flat = [v for layer in PARAMS for k in ("w", "b") for v in layer[k].ravel()]
    assert want["params"] == flat
    # features as given; hidden neuron 0 then neuron 1 (row-major, row 0 first); the output clamped, NaN -> 128;
    # then the output once more on the fine grid, as given
    assert want["maps"] == [0, 255, 128, 64, 10, 20, 30, 40, 0, 128, 191, 255, 255, 191, 64, 0, 255, 0, 128, 159,
                            0, 32, 64, 96, 128, 160, 192, 224, 255]
    assert {k: want["header"][k] for k in HEADER} == HEADER
    assert (want["header"]["params_bytes"], want["header"]["maps_bytes"]) == (4 * 9, 20 + 9)


@pytest.mark.parametrize("damage, said", [
    (lambda b: b[:4] + b'"version":9'.join(b[4:].split(b'"version":3', 1)), "frame version 9"),
    (lambda b: b[:-1], "frame is 400 bytes; its header says 401"),
    (lambda b: b"NNWX" + b[4:], "not an nnwatch frame"),
    (lambda b: b.replace(b'"diverged":false', b'"diverged":0    '), "diverged is 0"),
])
def test_the_python_decoder_refuses_a_damaged_frame(damage, said):
    with pytest.raises(NNWatchError, match=said):
        decode_frame(damage((GOLDENS / "frame.bin").read_bytes()))


def test_the_encoder_refuses_a_header_off_the_schema():
    with pytest.raises(NNWatchError, match=r"missing \['diverged'\]"):
        encode_frame({k: v for k, v in HEADER.items() if k != "diverged"}, PARAMS, MAPS)
    with pytest.raises(NNWatchError, match=r"unknown \['status'\]"):
        encode_frame(dict(HEADER, status="running"), PARAMS, MAPS)
    with pytest.raises(NNWatchError, match="written by the encoder"):
        encode_frame(dict(HEADER, version=1), PARAMS, MAPS)
    with pytest.raises(NNWatchError, match="step is 2.5"):
        encode_frame(dict(HEADER, step=2.5), PARAMS, MAPS)
