"""How soon the live page shows a playing network, and a changed one (goals: <= 1.5 s and <= 0.3 s).

- first_picture_s: from starting ``nnwatch play --no-browser`` (a fresh interpreter, as a user types it) to the
  first frame of the default network, seen by a WebSocket client doing what the page does (hello, play,
  acknowledge each frame): its epoch-0 picture, drawn from NumPy before the trainer is compiled. The median of
  LAUNCHES launches.
- first_frame_s: the same to the first frame of that network trained past epoch 0.
- rebuild_s: with that session playing, from sending a change the page makes in one click (a neuron more, a
  layer more, a feature on; THINK seconds apart, as a person clicks) to the first frame of the new network (its
  picture); rebuild_trained_s to its first frame trained past epoch 0. Medians over CHANGES. rebuild_far_s and
  rebuild_far_trained_s: the same for networks several clicks away (nothing warmed them).
- serving_s: from the start to the server answering its page (the import and start-up share of first_frame_s).

Prints one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

import websockets

from nnwatch.live.protocol import decode_frame

LAUNCHES = 3
THINK = 2.0
CHANGES = [("hidden", "4,3"), ("hidden", "4,3,2"), ("features", "x1,x2,x1x2"), ("hidden", "5,3,2"),
           ("hidden", "5,3")]
FAR = [("hidden", "7,7,7"), ("hidden", "6,1,6")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_page(port: int, started: float, proc: subprocess.Popen) -> float:
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"nnwatch play exited: {proc.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1):
                return time.perf_counter() - started
        except OSError:
            time.sleep(0.01)


async def messages(ws):
    """("frame", header) for each binary frame (acknowledged once 'drawn', as the page does) and ("json", message)
    for the others."""
    async for message in ws:
        if isinstance(message, bytes):
            await ws.send('{"type":"ready"}')
            yield "frame", decode_frame(message)[0]
        else:
            yield "json", json.loads(message)


async def until_trained(stream, started: float, sizes: list[int]) -> tuple[float, float]:
    """Seconds from ``started`` to the first frame of the network of these sizes (its picture), and to its first
    frame trained past epoch 0."""
    picture = None
    async for kind, message in stream:
        if kind == "json" and message.get("type") == "error":
            raise RuntimeError(message)
        if kind == "frame" and message["sizes"] == sizes:
            picture = picture or time.perf_counter() - started
            if message["epoch"] > 0:
                return picture, time.perf_counter() - started
    raise RuntimeError("no frame came")


async def first_playing_frame(port: int, started: float):
    ws = await websockets.connect(f"ws://127.0.0.1:{port}/ws", origin=f"http://127.0.0.1:{port}",
                                  max_size=2 ** 24)
    await ws.send(json.dumps({"type": "hello", "query": ""}))
    await ws.send(json.dumps({"type": "play"}))
    stream = messages(ws)
    async for kind, message in stream:
        if kind == "json" and message.get("type") == "state":
            picture, trained = await until_trained(stream, started, message["sizes"])
            return picture, trained, ws, stream
    raise RuntimeError("no state came")


async def rebuild(ws, stream, key: str, value: str) -> tuple[float, float]:
    """From sending the change to the new network's first frame (after the server's new state), and to its first
    frame trained past epoch 0."""
    async for kind, _ in stream:  # a frame of the old network first, so the change lands mid-play
        if kind == "frame":
            break
    sent = time.perf_counter()
    await ws.send(json.dumps({"type": "set", "key": key, "value": value}))
    await ws.send(json.dumps({"type": "play"}))
    async for kind, message in stream:
        if kind == "json" and message.get("type") == "error":
            raise RuntimeError(message)
        if kind == "json" and message.get("type") == "state":
            return await until_trained(stream, sent, message["sizes"])
    raise RuntimeError("no state came")


async def one_launch(rebuilds: list[tuple[float, float]]) -> tuple[float, float, float]:
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "nnwatch", "play", "--no-browser", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        serving = wait_for_page(port, started, proc)
        picture, first, ws, stream = await first_playing_frame(port, started)
        if not rebuilds:  # the changes once: they measure compiling, not starting
            for key, value in CHANGES + FAR:
                await asyncio.sleep(THINK)
                rebuilds.append(await rebuild(ws, stream, key, value))
        await ws.close()
        return picture, first, serving
    finally:
        proc.terminate()
        proc.wait(timeout=10)


async def main() -> None:
    rebuilds: list[tuple[float, float]] = []
    pictures, firsts, servings = [], [], []
    for _ in range(LAUNCHES):
        picture, first, serving = await one_launch(rebuilds)
        pictures.append(picture)
        firsts.append(first)
        servings.append(serving)
    near, far = rebuilds[:len(CHANGES)], rebuilds[len(CHANGES):]
    print(json.dumps({"first_picture_s": round(statistics.median(pictures), 2),
                      "first_picture_all_s": [round(p, 2) for p in pictures],
                      "first_frame_s": round(statistics.median(firsts), 2),
                      "first_frame_all_s": [round(f, 2) for f in firsts],
                      "serving_s": round(statistics.median(servings), 2),
                      "rebuild_s": round(statistics.median(p for p, _ in near), 3),
                      "rebuild_all_s": [round(p, 3) for p, _ in near],
                      "rebuild_trained_s": round(statistics.median(t for _, t in near), 3),
                      "rebuild_trained_all_s": [round(t, 3) for _, t in near],
                      "rebuild_far_s": [round(p, 3) for p, _ in far],
                      "rebuild_far_trained_s": [round(t, 3) for _, t in far],
                      "goal_first_frame_s": 1.5, "goal_rebuild_s": 0.3}))


if __name__ == "__main__":
    asyncio.run(main())
