"""Messages built to break the server get an error message and the session trains on: nesting thousands deep
(in the message or in a setting's JSON value) and messages over the size limits, over real WebSockets."""

import json

import pytest
from fastapi.testclient import TestClient
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from nnwatch.live.protocol import MAX_DEPTH, MAX_MESSAGE_BYTES, decode_frame
from nnwatch.live.server import WS_MAX_BYTES

DEEP = 4000  # far past MAX_DEPTH, inside the 8,192 characters a setting may have


def receive_until(ws, predicate, limit=400):
    for _ in range(limit):
        message = ws.receive()
        if message.get("bytes") is not None:
            ws.send_text('{"type":"ready"}')
            item = ("frame", decode_frame(message["bytes"])[0])
        else:
            item = ("json", json.loads(message["text"]))
        if predicate(*item):
            return item[1]
    raise AssertionError("the expected message never came")


@pytest.mark.parametrize("text, said", [
    ("[" * 100_000, f"the limit is {MAX_DEPTH} levels"),
    ('{"type":"play","x":' + "[" * 17 + "]" * 17 + "}", f"the limit is {MAX_DEPTH} levels"),
    (json.dumps({"type": "hello", "query": "init_weights=" + "[" * DEEP + "]" * DEEP}), "init_weights"),
    (json.dumps({"type": "set", "key": "init_weights", "value": "[" * DEEP + "]" * DEEP}), "init_weights"),
])
def test_deep_nesting_gets_an_error_and_the_session_trains_on(make_app, text, said):
    with TestClient(make_app()).websocket_connect("/ws") as ws:
        ws.send_text(text)
        error = receive_until(ws, lambda kind, m: kind == "json" and m["type"] == "error")
        assert said in error["message"] and "limit" in error["message"] and "\n" not in error["message"]
        ws.send_text('{"type":"play"}')
        first = receive_until(ws, lambda kind, m: kind == "frame" and m["epoch"] > 0)
        receive_until(ws, lambda kind, m: kind == "frame" and m["epoch"] > first["epoch"] + 3)


def test_a_message_a_little_over_the_cap_gets_the_protocols_error_on_a_real_server(live_server):
    server = live_server()
    assert MAX_MESSAGE_BYTES < 600_000 < WS_MAX_BYTES < 2**24  # uvicorn's own default is 16 MiB
    with connect(server.ws_url, open_timeout=20) as ws:
        ws.send("x" * 600_000)
        error = json.loads(next(_texts(ws, 1)))
        assert error == {"type": "error", "message": f"message is 600000 bytes; the limit is {MAX_MESSAGE_BYTES}"}
        ws.send('{"type":"step"}')  # the socket is still open and the session obeys
        assert json.loads(next(_texts(ws, 1)))["type"] == "status"
        ws.send("x" * (WS_MAX_BYTES + 1))
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                ws.recv(timeout=30)
        assert closed.value.rcvd.code == 1009  # refused by size before it is read whole


def _texts(ws, count):
    """The next ``count`` text messages (frames skipped and acknowledged)."""
    while count:
        message = ws.recv(timeout=30)
        if isinstance(message, bytes):
            ws.send('{"type":"ready"}')
            continue
        count -= 1
        yield message
