"""The server over a real WebSocket (Starlette's test client): messages, error frames, the session lives on."""

import json

import pytest
from fastapi.testclient import TestClient

from nnwatch.live.protocol import decode_frame


def receive_until(ws, predicate, limit=200):
    for _ in range(limit):
        message = ws.receive()
        if message.get("bytes") is not None:
            header, params, maps = decode_frame(message["bytes"])
            ws.send_text('{"type":"ready"}')
            item = ("frame", header)
        else:
            item = ("json", json.loads(message["text"]))
        if predicate(*item):
            return item[1]
    raise AssertionError("the expected message never came")


@pytest.fixture
def client(make_app):
    return TestClient(make_app())


def test_page_and_static_files(client):
    page = client.get("/")
    assert page.status_code == 200 and "<html" in page.text.lower()
    assert client.get("/static/../server.py").status_code == 404


def test_hello_play_and_frames_advance(client):
    with client.websocket_connect("/ws") as ws:
        ws.send_text(json.dumps({"type": "hello", "query": "dataset=circle&hidden=4,2"}))
        state = receive_until(ws, lambda kind, m: kind == "json" and m["type"] == "state")
        assert state["sizes"] == [2, 4, 2, 1] and "hidden=4%2C2" in state["query"]
        ws.send_text('{"type":"play"}')
        first = receive_until(ws, lambda kind, m: kind == "frame" and m["epoch"] > 0)
        later = receive_until(ws, lambda kind, m: kind == "frame" and m["epoch"] > first["epoch"] + 5)
        assert later["history"] > first["history"]


@pytest.mark.parametrize("text, message", [
    ("not json", "not valid JSON"),
    ('{"type": "fly"}', "unknown message type 'fly'"),
    ('{"type": "speed", "epochs_per_frame": 1000}', "epochs_per_frame"),
    ('{"type": "set", "key": "hidden", "value": "200"}', "neurons per layer is 200; the limit is 32"),
    ('{"type": "set", "key": "lr", "value": "fast"}', "'fast' is not a number"),
    ('{"type": "edit", "layer": 9, "param": "w", "row": 0, "col": 0, "value": 1}', "layer 9 does not exist"),
    ('{"type": "seek", "index": 99999}', "past the history"),
    ("x" * 600000, "the limit is 524288"),
])
def test_bad_messages_get_an_error_and_the_session_keeps_training(client, text, message):
    with client.websocket_connect("/ws") as ws:
        ws.send_text('{"type":"play"}')
        before = receive_until(ws, lambda kind, m: kind == "frame" and m["epoch"] > 0)
        ws.send_text(text)
        error = receive_until(ws, lambda kind, m: kind == "json" and m["type"] == "error")
        assert message in error["message"]
        receive_until(ws, lambda kind, m: kind == "frame" and m["epoch"] > before["epoch"] + 3)


def test_binary_messages_are_refused(client):
    with client.websocket_connect("/ws") as ws:
        ws.send_bytes(b"\x00\x01")
        error = receive_until(ws, lambda kind, m: kind == "json" and m["type"] == "error")
        assert "binary messages are not accepted" in error["message"]


def test_lr_changes_live_and_hidden_rebuilds(client):
    with client.websocket_connect("/ws") as ws:
        ws.send_text('{"type":"set","key":"lr","value":"0.3"}')
        state = receive_until(ws, lambda kind, m: kind == "json" and m["type"] == "state")
        assert state["spec"]["lr"] == "0.3"
        ws.send_text('{"type":"set","key":"hidden","value":"3"}')
        receive_until(ws, lambda kind, m: kind == "json" and m.get("compiling") is True)
        state = receive_until(ws, lambda kind, m: kind == "json" and m["type"] == "state")
        assert state["sizes"] == [2, 3, 1]


def test_edit_and_seek(client):
    with client.websocket_connect("/ws") as ws:
        ws.send_text('{"type":"edit","layer":0,"param":"w","row":1,"col":2,"value":-0.75}')
        frame = receive_until(ws, lambda kind, m: kind == "frame")
        ws.send_text('{"type":"play"}')
        receive_until(ws, lambda kind, m: kind == "frame" and m["history"] > 20)
        ws.send_text('{"type":"seek","index":3}')
        shown = receive_until(ws, lambda kind, m: kind == "frame" and m["position"] == 3)
        assert shown["playing"] is False and frame["history"] >= 1


def test_token_is_required_when_set(make_app):
    client = TestClient(make_app(token="s3cret"))
    assert client.get("/").status_code == 403
    assert client.get("/?token=s3cret").status_code == 200
    with pytest.raises(Exception):
        with client.websocket_connect("/ws") as ws:
            ws.receive()
    with client.websocket_connect("/ws?token=s3cret") as ws:
        ws.send_text('{"type":"step"}')
        assert receive_until(ws, lambda kind, m: kind == "frame" and m["epoch"] >= 1)["epoch"] >= 1


def test_exports_run_file_weights_and_gif(client, tmp_path):
    from nnwatch.record import Run
    from nnwatch.video.files import probe_video

    with client.websocket_connect("/ws") as ws:
        ws.send_text('{"type":"hello","query":"dataset=xor&hidden=3"}')
        state = receive_until(ws, lambda kind, m: kind == "json" and m["type"] == "state")
        ws.send_text('{"type":"play"}')
        last = receive_until(ws, lambda kind, m: kind == "frame" and m["history"] > 12)
        ws.send_text('{"type":"pause"}')
        sid = state["session"]
        run_file = tmp_path / "r.npz"
        run_file.write_bytes(client.get(f"/export/{sid}/run.npz").content)
        run = Run.load(run_file)
        assert len(run) >= last["history"] and run.arch.sizes == (2, 3, 1)
        weights = client.get(f"/export/{sid}/weights.json").json()
        assert weights["sizes"] == [2, 3, 1] and len(weights["layers"][0]["w"]) == 2
        gif = tmp_path / "v.gif"
        response = client.get(f"/export/{sid}/video.gif")
        assert response.headers["content-type"] == "image/gif"
        gif.write_bytes(response.content)
        assert probe_video(gif)["width"] == 640
    assert client.get(f"/export/{sid}/run.npz").status_code == 404  # gone with its socket


def test_refused_hello_still_tells_the_page_its_state(client):
    with client.websocket_connect("/ws") as ws:
        ws.send_text('{"type":"hello","query":"hidden=lots"}')
        error = receive_until(ws, lambda kind, m: kind == "json" and m["type"] == "error")
        assert "'lots' is not a whole number" in error["message"]
        state = receive_until(ws, lambda kind, m: kind == "json" and m["type"] == "state")
        assert state["sizes"] == [2, 4, 2, 1]


def test_flow_control_survives_a_message_flood(client):
    with client.websocket_connect("/ws") as ws:
        ws.send_text('{"type":"play"}')
        receive_until(ws, lambda kind, m: kind == "frame" and m["epoch"] > 0)
        for _ in range(200):
            ws.send_text('{"type":"speed","epochs_per_frame":2}')
        receive_until(ws, lambda kind, m: kind == "json" and "messages a second" in m.get("message", ""))
        before = receive_until(ws, lambda kind, m: kind == "frame")
        receive_until(ws, lambda kind, m: kind == "frame" and m["epoch"] > before["epoch"] + 4, limit=2000)


def test_drawn_points_and_the_confusion_matrix(client):
    left = [[-3 - i * 0.2, (i % 5) - 2, 0] for i in range(10)]
    right = [[3 + i * 0.2, (i % 5) - 2, 1] for i in range(10)]
    with client.websocket_connect("/ws") as ws:
        ws.send_text(json.dumps({"type": "points", "points": left + right}))
        state = receive_until(ws, lambda kind, m: kind == "json" and m["type"] == "state"
                              and m["dataset"]["train"] and len(m["dataset"]["train"]) == 10)
        ws.send_text('{"type":"play"}')
        frame = receive_until(ws, lambda kind, m: kind == "frame" and m["epoch"] > 20)
        confusion = frame["confusion"]
        assert len(confusion) == 2 and sum(map(sum, confusion)) == 10  # the 10 test points
        assert confusion[0][0] + confusion[1][1] == 10  # two well separated groups: all right
        assert state["classes"] == ["0", "1"]


def test_csv_upload(client):
    rows = ["a,b,kind"] + [f"{(i % 9) - 4},{(i * 7 % 9) - 4},{'in' if abs((i % 9) - 4) < 2 else 'out'}"
                           for i in range(80)]
    with client.websocket_connect("/ws") as ws:
        ws.send_text('{"type":"hello","query":""}')
        state = receive_until(ws, lambda kind, m: kind == "json" and m["type"] == "state")
        sid = state["session"]
        response = client.post(f"/upload/{sid}", content="\n".join(rows).encode(), headers={"x-filename": "mine.csv"})
        assert response.status_code == 200, response.text
        new = receive_until(ws, lambda kind, m: kind == "json" and m["type"] == "state")
        assert new["classes"] == ["in", "out"] and len(new["dataset"]["train"]) == 40
        bad = client.post(f"/upload/{sid}", content=b"a,b,c\n1,x,2\n3,4,5\n", headers={"x-filename": "mine.csv"})
        assert bad.status_code == 400 and "'x' is not a number" in bad.text
        assert bad.text.startswith("mine.csv") and "/tmp" not in bad.text  # the user's name, not a server path
        big = client.post(f"/upload/{sid}", content=b"1" * (3 * 2**20))
        assert big.status_code == 413 and "limit of 2 MB" in big.text
