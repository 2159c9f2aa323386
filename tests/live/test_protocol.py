import json

import numpy as np
import pytest

from nnwatch.errors import NNWatchError
from nnwatch.live.protocol import (
    MAX_MESSAGE_BYTES,
    PROTOCOL_VERSION,
    decode_frame,
    encode_frame,
    parse_message,
    quantize,
)


def test_messages_parse_into_their_types():
    assert parse_message('{"type": "speed", "epochs_per_frame": 7}').epochs_per_frame == 7
    edit = parse_message('{"type": "edit", "layer": 1, "param": "b", "row": 2, "value": -0.5}')
    assert (edit.layer, edit.param, edit.row, edit.value) == (1, "b", 2, -0.5)
    assert parse_message('{"type": "hello"}').query == ""


@pytest.mark.parametrize("text, message", [
    ("[1, 2]", "JSON object with a 'type'"),
    ('{"type": "speed", "epochs_per_frame": 0}', "epochs_per_frame"),
    ('{"type": "speed", "epochs_per_frame": 101}', "epochs_per_frame"),
    ('{"type": "edit", "layer": -1, "param": "w", "row": 0, "value": 1}', "layer"),
    ('{"type": "edit", "layer": 0, "param": "q", "row": 0, "value": 1}', "param"),
    ('{"type": "edit", "layer": 0, "param": "w", "row": 0, "value": 1e9}', "value"),
    ('{"type": "play", "extra": 1}', "extra"),
    ('{"type": 5}', "unknown message type 5"),
    ("\xff\xfe", "not valid JSON"),
])
def test_bad_messages_are_one_line_errors(text, message):
    with pytest.raises(NNWatchError, match=message) as err:
        parse_message(text)
    assert "\n" not in str(err.value)


def test_oversized_message_names_the_limit():
    with pytest.raises(NNWatchError, match=f"the limit is {MAX_MESSAGE_BYTES}"):
        parse_message(json.dumps({"type": "hello", "query": "x" * MAX_MESSAGE_BYTES}))


HEADER = {"epoch": 3, "step": 30, "playing": True, "diverged": False, "stopped": None, "history": 4,
          "position": 3, "sizes": [2, 3], "density": 4, "output_density": 7, "confusion": None, "dead": [],
          "train_loss": 0.5, "test_loss": None, "train_accuracy": None, "test_accuracy": None}


def test_frame_round_trip_and_alignment():
    params = [{"w": np.arange(6, dtype=np.float32).reshape(2, 3), "b": np.array([0.5, -1, 2], np.float32)}]
    maps = [np.full((4, 4, 2), -1.0), np.linspace(-1, 1, 48).reshape(4, 4, 3)]
    data = encode_frame(HEADER, params, maps)
    header, flat, bytes_ = decode_frame(data)
    assert header == dict(HEADER, version=PROTOCOL_VERSION, params_bytes=36, maps_bytes=80)
    assert (8 + int.from_bytes(data[4:8], "little")) % 4 == 0  # Float32Array needs an aligned offset
    np.testing.assert_array_equal(flat, [0, 1, 2, 3, 4, 5, 0.5, -1, 2])
    assert bytes_.size == 16 * 5 and np.all(bytes_[:32] == 0)
    # Neuron-major: neuron 0 of the second layer comes before neuron 1.
    second = bytes_[32:].reshape(3, 4, 4)
    np.testing.assert_array_equal(second, quantize(np.moveaxis(maps[1], -1, 0)))


def test_quantize_ends_and_middle():
    np.testing.assert_array_equal(quantize(np.array([-1.0, 0.0, 1.0, 5.0, np.nan])), [0, 128, 255, 255, 128])
