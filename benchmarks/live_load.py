"""16 concurrent live sessions on one server: frames per second each receives (goal: every one >= 20).

Starts the real server (uvicorn, 127.0.0.1, a free port) in a child process, opens 16 WebSockets that each
play a 2-8-8-1 network and acknowledge every frame as a browser does, counts frames for a fixed time, and
stops everything. Prints one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time

import websockets

SESSIONS, SECONDS = 16, 8.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def client(url: str, counts: list[int], index: int, start_at: float, stop_at: float) -> None:
    async with websockets.connect(url, max_size=None) as ws:
        await ws.send(json.dumps({"type": "hello", "query": "dataset=spiral&hidden=8,8"}))
        await ws.send(json.dumps({"type": "play"}))
        while time.monotonic() < stop_at:
            try:
                message = await asyncio.wait_for(ws.recv(), timeout=max(0.05, stop_at - time.monotonic()))
            except asyncio.TimeoutError:
                break
            if isinstance(message, bytes):
                if time.monotonic() >= start_at:
                    counts[index] += 1
                await ws.send('{"type":"ready"}')


async def run_load(port: int) -> list[float]:
    counts = [0] * SESSIONS
    now = time.monotonic()
    start_at, stop_at = now + 3.0, now + 3.0 + SECONDS  # 3 s to connect and compile before counting
    url = f"ws://127.0.0.1:{port}/ws"
    await asyncio.gather(*(client(url, counts, i, start_at, stop_at) for i in range(SESSIONS)))
    return [c / SECONDS for c in counts]


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError("the server did not start")


if __name__ == "__main__":
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "nnwatch", "play", "--no-browser", "--port", str(port),
                               "--density", "50"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        rates = asyncio.run(run_load(port))
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(json.dumps({"sessions": SESSIONS, "min_frames_per_s": round(min(rates), 1),
                      "mean_frames_per_s": round(sum(rates) / len(rates), 1), "goal_each": 20}))
