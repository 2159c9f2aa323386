"""What a hostile page or client cannot make the live server do: read the server's files, talk to it from
another site (its Origin) or under another name (its Host: DNS rebinding). Over real WebSockets: Starlette's
test client, and a real uvicorn server for the handshakes."""

import json
import socket
import subprocess
import sys
import time
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketDenialResponse
from typer.testing import CliRunner
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from nnwatch.cli import app
from nnwatch.errors import NNWatchError
from nnwatch.live.origins import guard_for, parse_origin, refusal
from nnwatch.live.server import WS_MAX_BYTES

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


def test_the_page_cannot_make_the_server_read_its_files(make_app, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("x1,x2,label\n" + "".join(f"0.4242,-1.3131,hunter2\n2.7182,{i},swordfish\n" for i in range(5)))
    other = tmp_path / "id_key"
    other.write_text("hunter2-private-key,swordfish\n")
    attempts = [{"type": "hello", "query": urlencode({"dataset": "circle", "file": str(path)})}
                for path in (secret, other)]
    attempts += [{"type": "set", "key": "file", "value": str(path)} for path in (secret, other)]
    with TestClient(make_app()).websocket_connect("/ws") as ws:
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


@pytest.mark.parametrize("host, origin, refused", [
    ("127.0.0.1:8123", None, None),
    ("127.0.0.1:8123", "http://127.0.0.1:8123", None),
    ("localhost:8123", "http://localhost:8123/", None),
    ("[::1]:8123", "http://[::1]:8123", None),
    ("LOCALHOST:8123", "http://localhost:8123", None),
    ("127.0.0.1:8123", "https://course.example", None),  # allowed with --allow-origin
    ("evil.example:8123", "http://evil.example:8123", "does not answer to the host 'evil.example:8123'"),
    ("127.0.0.1:9999", None, "does not answer to the host '127.0.0.1:9999'"),
    ("", None, "does not answer to the host ''"),
    ("127.0.0.1:8123", "http://evil.example", "pages from 'http://evil.example' may not use"),
    ("127.0.0.1:8123", "http://localhost:8123", "pages from 'http://localhost:8123'"),  # not the Host it asks
    ("127.0.0.1:8123", "null", "pages from 'null'"),
])
def test_host_and_origin_rules(host, origin, refused):
    guard = guard_for("127.0.0.1", 8123, ["https://Course.example/"])
    reason = refusal(guard, host, origin)
    assert (reason is None) if refused is None else (refused in reason)


def test_the_host_given_is_answered_and_every_address_checks_origins_only():
    lan = guard_for("192.168.1.5", 8000)
    assert refusal(lan, "192.168.1.5:8000", "http://192.168.1.5:8000") is None
    assert "host" in refusal(lan, "192.168.1.6:8000", None)
    assert refusal(guard_for("::1", 80), "[::1]", "http://[::1]") is None  # the default port is left out
    everywhere = guard_for("0.0.0.0", 8000)  # a classroom: reached by names the server cannot know
    assert refusal(everywhere, "teacher.local:8000", "http://teacher.local:8000") is None
    assert "pages from 'http://evil.example'" in refusal(everywhere, "teacher.local:8000", "http://evil.example")


@pytest.mark.parametrize("text", ["course.example", "http://course.example/page", "ftp://course.example",
                                  "http://user@course.example", "*"])
def test_allowed_origins_must_be_origins(text):
    with pytest.raises(NNWatchError, match="must look like http://host:port"):
        parse_origin(text)


def test_foreign_pages_cannot_upload_export_or_connect(make_app):
    client = TestClient(make_app(host="127.0.0.1", port=8123), base_url="http://127.0.0.1:8123")
    evil = {"origin": "http://evil.example"}
    assert client.get("/").status_code == 200
    refused = client.get("/", headers={"host": "evil.example:8123"})
    assert refused.status_code == 403 and "does not answer to the host 'evil.example:8123'" in refused.text
    with client.websocket_connect("ws://127.0.0.1:8123/ws") as ws:
        ws.send_text('{"type":"hello","query":"dataset=xor"}')
        sid = json.loads(texts_until_state(ws)[-1])["session"]
        csv = b"a,b,kind\n" + b"".join(b"%d,%d,k%d\n" % (i % 7, i % 5, i % 2) for i in range(40))
        upload = client.post(f"/upload/{sid}", content=csv, headers=evil)
        assert upload.status_code == 403 and "pages from 'http://evil.example' may not use" in upload.text
        assert client.get(f"/export/{sid}/weights.json", headers=evil).status_code == 403
        assert client.get(f"/export/{sid}/weights.json").json()["sizes"] == [2, 4, 2, 1]
        own = client.post(f"/upload/{sid}", content=csv, headers={"origin": "http://127.0.0.1:8123"})
        assert own.status_code == 200 and json.loads(texts_until_state(ws)[-1])["classes"] == ["k0", "k1"]
    with pytest.raises(WebSocketDenialResponse) as refused_socket, \
            client.websocket_connect("ws://127.0.0.1:8123/ws", headers=evil):
        pass
    assert refused_socket.value.status_code == 403


def _handshake_status(port: int, host: str) -> str:
    """The status line a WebSocket handshake with this Host header gets (sent by hand: clients fill in Host)."""
    request = (f"GET /ws HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        raw.sendall(request.encode())
        return raw.recv(4096).decode("latin-1").split("\r\n")[0]


def test_a_real_server_refuses_foreign_origins_and_hosts_at_the_handshake(live_server):
    server = live_server()
    with pytest.raises(InvalidStatus) as refused:
        connect(server.ws_url, origin="http://evil.example", open_timeout=20)
    assert refused.value.response.status_code == 403
    assert b"pages from 'http://evil.example'" in refused.value.response.body
    assert " 403 " in _handshake_status(server.port, f"evil.example:{server.port}")  # DNS rebinding
    assert " 101 " in _handshake_status(server.port, f"localhost:{server.port}")
    for origin in (server.origin, None):  # the page itself; a script (no Origin)
        with connect(server.ws_url, origin=origin, open_timeout=20) as ws:
            ws.send('{"type":"hello","query":"dataset=xor&hidden=3"}')
            assert _next_state(ws)["sizes"] == [2, 3, 1]


def _next_state(ws) -> dict:
    for _ in range(200):
        message = ws.recv(timeout=30)
        if isinstance(message, str) and json.loads(message)["type"] == "state":
            return json.loads(message)
    raise AssertionError("no state message came")


def _start_cli(*args):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "nnwatch", "play", "--no-browser", "--port", str(port), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not _listening(port):
        assert time.monotonic() < deadline and proc.poll() is None, "nnwatch play did not start"
        time.sleep(0.1)
    return proc, port


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_nnwatch_play_allows_the_origins_given_and_reads_no_huge_message():
    proc, port = _start_cli("--allow-origin", "https://Course.example/")
    try:
        url = f"ws://127.0.0.1:{port}/ws"
        with pytest.raises(InvalidStatus) as refused:
            connect(url, origin="https://other.example", open_timeout=20)
        assert refused.value.response.status_code == 403
        with connect(url, origin="https://course.example", open_timeout=20) as ws:
            ws.send('{"type":"pause"}')
            assert json.loads(ws.recv(timeout=30))["type"] == "status"
            ws.send("x" * (WS_MAX_BYTES + 1))  # past the server's limit: closed unread (1009), not read whole
            with pytest.raises(ConnectionClosed) as closed:
                while True:
                    ws.recv(timeout=30)
            assert closed.value.rcvd.code == 1009
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_bad_allowed_origin_is_one_line():
    result = CliRunner().invoke(app, ["play", "--no-browser", "--allow-origin", "course"])
    assert result.exit_code == 2
    assert "error: allowed origin 'course' must look like http://host:port, without a path" in result.output
