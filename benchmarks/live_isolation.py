"""One heavy session beside a light one on one server: how soon the light one is answered (goal: <= 100 ms).

Starts the real server (uvicorn, 127.0.0.1, a free port, the options `nnwatch play` uses) in a thread and
opens two WebSockets. The heavy session trains 8 layers of 32 (ReLU) on 5,000 points at batch 1, 100 epochs a
frame asked, acknowledging every frame as a browser does. The light one sends pause and play in turn every
50 ms for SECONDS and times each status reply; then the heavy session's own pause is timed. Every tick the
heavy session trains is timed on the server, its frame included (the server's ``_tick`` is wrapped for that).
Prints one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import socket
import statistics
import threading
import time

import uvicorn
import websockets

from nnwatch.live import server as server_module
from nnwatch.live.protocol import decode_frame
from nnwatch.training import Trainer

HEAVY = "dataset=circle&points=5000&batch=1&hidden=32,32,32,32,32,32,32,32&activation=relu"
SECONDS = 6.0
TICKS: list[tuple[str, float, int]] = []  # (session id, seconds, steps) of every tick that trained


def timed_tick(session, drawn, tick=server_module._tick):
    started, playing, step = time.perf_counter(), session.playing, session.trainer.step
    result = tick(session, drawn)
    if playing:
        TICKS.append((session.id, time.perf_counter() - started, session.trainer.step - step))
    return result


def start_server() -> tuple[uvicorn.Server, threading.Thread, int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = server_module.create_app(host="127.0.0.1", port=port, make_trainer=Trainer)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, **server_module.SERVER_OPTIONS))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    return server, thread, port


async def acknowledge(ws, statuses: list[float]) -> None:
    """The heavy session's page: draws (acknowledges) every frame; notes when each play/pause status came."""
    async for message in ws:
        if isinstance(message, bytes):
            await ws.send('{"type":"ready"}')
        elif "playing" in json.loads(message):
            statuses.append(time.monotonic())


async def reply_ms(ws, text: str) -> float:
    sent = time.monotonic()
    await ws.send(text)
    while True:
        message = await ws.recv()
        if isinstance(message, bytes):
            await ws.send('{"type":"ready"}')
        elif "playing" in json.loads(message):
            return (time.monotonic() - sent) * 1000


async def measure(port: int) -> dict:
    url = f"ws://127.0.0.1:{port}/ws"
    async with websockets.connect(url, max_size=None) as heavy, websockets.connect(url, max_size=None) as light:
        for text in ({"type": "hello", "query": HEAVY}, {"type": "speed", "epochs_per_frame": 100}, {"type": "play"}):
            await heavy.send(json.dumps(text))
        statuses: list[float] = []
        task = asyncio.create_task(acknowledge(heavy, statuses))
        while len(TICKS) < 10:  # compiled and training
            await asyncio.sleep(0.05)
        decode_frame(await light.recv())  # the light session is up
        replies, stop_at, first_tick = [], time.monotonic() + SECONDS, len(TICKS)
        while time.monotonic() < stop_at:
            replies.append(await reply_ms(light, '{"type":"pause"}' if len(replies) % 2 == 0 else '{"type":"play"}'))
            await asyncio.sleep(0.05)
        sent = time.monotonic()
        await heavy.send('{"type":"pause"}')
        while not any(t > sent for t in statuses):
            await asyncio.sleep(0.001)
        task.cancel()
        return {"replies": replies, "heavy_pause_ms": (min(t for t in statuses if t > sent) - sent) * 1000,
                "first_tick": first_tick}


if __name__ == "__main__":
    server_module._tick = timed_tick
    server, thread, port = start_server()
    try:
        result = asyncio.run(measure(port))
    finally:
        server.should_exit = True
        thread.join(timeout=30)  # a thread killed inside XLA at exit aborts the process
    heavy_id = TICKS[0][0]  # the light session starts playing only once the heavy one has ticked
    heavy = [(seconds, steps) for sid, seconds, steps in TICKS[result["first_tick"]:] if sid == heavy_id]
    replies = result["replies"]
    print(json.dumps({
        "reply_ms_p50": round(statistics.median(replies), 1), "reply_ms_max": round(max(replies), 1),
        "replies": len(replies), "heavy_tick_ms_p50": round(statistics.median(s for s, _ in heavy) * 1000, 1),
        "heavy_tick_ms_max": round(max(s for s, _ in heavy) * 1000, 1),
        "heavy_steps_per_tick_p50": int(statistics.median(n for _, n in heavy)),
        "heavy_pause_ms": round(result["heavy_pause_ms"], 1), "goal_reply_ms": 100}))
