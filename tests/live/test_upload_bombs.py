"""The live server's upload refuses a compressed bomb from its headers: 400, one line, and no memory spent on it."""

import io
import json
import tracemalloc
import zipfile

import numpy as np
import pytest
from fastapi.testclient import TestClient


ROWS = 50_000_000


def bomb_bytes() -> bytes:
    """An .npz whose x holds 50,000,000 rows of zeros (200 MB), written in 1 MiB chunks: 200 KB compressed."""
    buffer = io.BytesIO()
    zeros = b"\0" * 2**20
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, shape, dtype in (("x", (ROWS, 1), np.dtype("<f4")), ("y", (1,), np.dtype("|i1"))):
            header = io.BytesIO()
            np.lib.format.write_array_header_1_0(header, {"descr": dtype.str, "fortran_order": False,
                                                          "shape": shape})
            with archive.open(name + ".npy", "w", force_zip64=True) as member:
                member.write(header.getvalue())
                size = int(np.prod(shape)) * dtype.itemsize
                for _ in range(size // len(zeros)):
                    member.write(zeros)
                member.write(zeros[:size % len(zeros)])
    return buffer.getvalue()


@pytest.fixture
def client(make_app):
    return TestClient(make_app())


def test_upload_of_a_compressed_bomb_is_refused_from_its_headers(client):
    body = bomb_bytes()
    assert len(body) < 2**20  # well under the server's 2 MB upload limit
    with client.websocket_connect("/ws") as ws:
        ws.send_text('{"type":"hello","query":""}')
        for _ in range(200):
            message = ws.receive()
            state = json.loads(message["text"]) if message.get("text") else {}
            if state.get("type") == "state":
                break
        tracemalloc.start()
        try:
            response = client.post(f"/upload/{state['session']}", content=body, headers={"x-filename": "bomb.npz"})
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert response.status_code == 400
    assert peak < 50 * 2**20, f"{peak / 2**20:.0f} MiB allocated to refuse the upload"
    assert response.text.endswith(": x has 50000000 rows; the limit is MAX_POINTS = 200000")
    assert "\n" not in response.text and "bomb.npz" in response.text
