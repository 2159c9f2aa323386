"""What a hostile page or client cannot make the live server do: read the server's files."""

import json
from urllib.parse import urlencode

from fastapi.testclient import TestClient

from nnwatch.live.server import create_app

SECRET_CELLS = ["0.4242", "-1.3131", "hunter2", "2.7182", "swordfish"]


def texts_until_state(ws, limit=200):
    """Every JSON message up to and including the next state message (frames acknowledged and skipped)."""
    seen = []
    for _ in range(limit):
        message = ws.receive()
        if message.get("bytes") is not None:
            ws.send_text('{"type":"ready"}')
            continue
        seen.append(message["text"])
        if json.loads(message["text"])["type"] == "state":
            return seen
    raise AssertionError("no state message came")


def test_the_page_cannot_make_the_server_read_its_files(tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("x1,x2,label\n" + "".join(f"0.4242,-1.3131,hunter2\n2.7182,{i},swordfish\n" for i in range(5)))
    other = tmp_path / "id_key"
    other.write_text("hunter2-private-key,swordfish\n")
    attempts = [{"type": "hello", "query": urlencode({"dataset": "circle", "file": str(path)})}
                for path in (secret, other)]
    attempts += [{"type": "set", "key": "file", "value": str(path)} for path in (secret, other)]
    with TestClient(create_app()).websocket_connect("/ws") as ws:
        ws.send_text('{"type":"hello","query":"dataset=xor&hidden=3"}')
        texts_until_state(ws)
        for attempt in attempts:
            ws.send_text(json.dumps(attempt))
            ws.send_text('{"type":"set","key":"lr","value":"0.03"}')  # its state says what the session has now
            replies = texts_until_state(ws)
            if attempt["type"] == "hello":
                replies += texts_until_state(ws)  # a refused hello says what the page has, then set's state
            errors = [json.loads(t)["message"] for t in replies if json.loads(t)["type"] == "error"]
            assert len(errors) == 1 and "'file' names a file on the server" in errors[0], replies
            assert not any(cell in text for text in replies for cell in SECRET_CELLS)
            state = json.loads(replies[-1])
            assert state["dataset_name"] == "xor" and "file" not in state["spec"] and not state["custom"]
