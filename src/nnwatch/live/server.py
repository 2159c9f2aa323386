"""The live app's server: FastAPI, one Session per WebSocket.

GET / serves the page, /catalog what the page builds its menus from, /static/* the package's own files (nothing
else on disk is reachable). Each WebSocket gets its own Session; a receiver applies the browser's messages (a
bad one gets an error message, the session lives on), and a clock ticks training at ``TICK_HZ`` and sends a
frame whenever the browser has drawn the last one. Bound to 127.0.0.1 by the CLI unless told otherwise; any
other address needs the token. Every request passes the Host and Origin checks of ``origins.py`` first.

A session's work (training, compiling, frames, uploads, exports) runs on that session's own worker thread, one
piece at a time: one heavy session cannot stall the others (XLA and NumPy release the GIL while they compute).
Only a tick expected to take under ``INLINE_TICK_SECONDS`` runs on the event loop itself, when the worker is
idle. The worker's lock is held by whatever touches the Session, so nothing races on it; the session's asyncio
lock keeps what the receiver and the clock send in order (no frame between 'compiling' and the new state). A
tick and its frame take about ``TICK_SECONDS`` (see session.py), so a message waits no longer behind the clock.
"""

from __future__ import annotations

import asyncio
import secrets
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from functools import partial
from pathlib import Path

from fastapi import FastAPI, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import FileResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.background import BackgroundTask

from nnwatch.catalog import catalog_json
from nnwatch.errors import NNWatchError
from nnwatch.live.origins import Guard, GuardMiddleware, guard_for
from nnwatch.live.protocol import (
    MAX_MESSAGE_BYTES,
    Control,
    error_message,
    parse_message,
)
from nnwatch.live.session import LiveLimits, Session, fit_to_view
from nnwatch.live.settings import spec_from_query
from nnwatch.live.trainer import MakeTrainer
from nnwatch.live.warmup import Warmer, one_click_away

__all__ = ["MAX_MESSAGES_PER_S", "SERVER_OPTIONS", "STATIC", "TICK_HZ", "WS_MAX_BYTES", "create_app"]

STATIC = Path(__file__).parent / "static"
TICK_HZ = 60
MAX_MESSAGES_PER_S = 120
REBUILDING = ("hello", "set", "reset", "regenerate", "points")  # messages that may compile a new network
READY = '{"type":"ready"}'
MAX_UPLOAD_BYTES = 2 * 2**20
EXPORTS = {"run.npz": "application/octet-stream", "weights.json": "application/json", "video.gif": "image/gif",
           "video.mp4": "video/mp4"}
# uvicorn reads WebSocket messages of up to 16 MiB by default before the protocol can refuse them. Twice the
# protocol's cap: a message a little over it still reaches the protocol and gets its error message; a
# larger one closes the socket (1009) unread.
WS_MAX_BYTES = 2 * MAX_MESSAGE_BYTES
SERVER_OPTIONS = {"log_level": "warning", "ws_max_size": WS_MAX_BYTES}  # uvicorn's, for every server started
# A tick this short runs on the event loop: the hop to a thread and back costs more than it. Measured on 2
# cores, 16 light sessions took about 1.5x the CPU per frame when every tick hopped.
INLINE_TICK_SECONDS = 0.004


def create_app(token: str | None = None, limits: LiveLimits | None = None, *, make_trainer: MakeTrainer,
               host: str | None = None, port: int | None = None, allowed_hosts=None, allowed_origins=(),
               warm: bool = False) -> FastAPI:
    """The app. With a ``token``, the page and the WebSocket both need ``?token=...``.

    ``make_trainer(spec, dataset)`` makes each session's trainer (``nnwatch play`` gives the training package's
    ``Trainer``; see live/trainer.py): the server itself never imports the training code.

    ``host`` and ``port`` (where it is served) give the Host headers it answers: those and the loopback
    names at that port; ``allowed_hosts`` replaces them. ``allowed_origins`` are other sites' pages allowed to
    use it. Without a port it checks no Host (see origins.py); ``nnwatch play`` always gives one.
    ``warm`` compiles the opening network at once and, after each change, the networks one click away, on a
    background thread (warmup.py), so that a change is drawn without waiting for its compile.
    """
    limits = limits or LiveLimits()
    guard = guard_for(host, port, allowed_origins)
    if allowed_hosts is not None:
        guard = Guard(frozenset(h.lower() for h in allowed_hosts), guard.origins)
    _one_blas_thread()
    app = FastAPI(title="nnwatch play", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(GuardMiddleware, guard=guard)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.state.sessions = {}  # id -> Session, while its WebSocket is open (for exports)
    app.state.warmer = _warmer(make_trainer, limits) if warm else None
    on_build = app.state.warmer and partial(_warm_neighbours, app.state.warmer, limits)
    session_trainer = app.state.warmer.for_sessions(make_trainer) if app.state.warmer else make_trainer

    def allowed(given: str | None) -> bool:
        return token is None or (given is not None and secrets.compare_digest(given, token))

    @app.get("/")
    async def page(token: str | None = None):
        if not allowed(token):
            return PlainTextResponse("this nnwatch server needs the token printed when it started", 403)
        return FileResponse(STATIC / "index.html")

    @app.get("/catalog")
    async def catalog(token: str | None = None):
        # What the page builds its menus, thumbnails and formulas from (nnwatch.catalog), with this server's caps.
        if not allowed(token):
            return PlainTextResponse("this nnwatch server needs its token", 403)
        return Response(catalog_json(live_limits=asdict(limits)), media_type="application/json")

    @app.get("/export/{session_id}/{name}")
    async def export(session_id: str, name: str, token: str | None = None):
        if not allowed(token):
            return PlainTextResponse("this nnwatch server needs its token", 403)
        session = app.state.sessions.get(session_id)
        if session is None or name not in EXPORTS:
            return PlainTextResponse(f"no such export; choose from: {', '.join(EXPORTS)}", 404)
        if name == "weights.json":
            text = await session.worker.run(session.weights_json)
            return Response(text, media_type=EXPORTS[name],
                            headers={"Content-Disposition": 'attachment; filename="nnwatch-weights.json"'})
        folder = Path(tempfile.mkdtemp(prefix="nnwatch-export-"))
        run = await session.worker.run(session.to_run)  # the history as it is now; training goes on meanwhile
        path = await asyncio.to_thread(_export_file, run, name, folder)
        return FileResponse(path, media_type=EXPORTS[name], filename=f"nnwatch-{name}",
                            background=BackgroundTask(shutil.rmtree, folder, True))  # removed once sent

    @app.post("/upload/{session_id}")
    async def upload(session_id: str, request: Request, token: str | None = None):
        if not allowed(token):
            return PlainTextResponse("this nnwatch server needs its token", 403)
        session = app.state.sessions.get(session_id)
        if session is None:
            return PlainTextResponse("no such session", 404)
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_UPLOAD_BYTES:
                return PlainTextResponse(f"the upload is over the limit of {MAX_UPLOAD_BYTES // 2**20} MB", 413)
        try:  # the worker orders it with the session's messages; the clock sends the new state
            await session.worker.run(_use_upload, session, body, request.headers.get("x-filename", "upload.csv"))
        except NNWatchError as err:
            return PlainTextResponse(str(err), 400)
        return PlainTextResponse("ok")

    @app.websocket("/ws")
    async def socket(ws: WebSocket, token: str | None = None):
        if not allowed(token):
            await ws.close(code=1008)
            return
        await ws.accept()
        worker = _Worker()
        session = await worker.run(partial(Session, make_trainer=session_trainer, on_build=on_build,
                                           build_behind=True), "", limits)  # drawn before it is compiled
        session.id, session.lock, session.worker = secrets.token_urlsafe(8), asyncio.Lock(), worker
        app.state.sessions[session.id] = session
        try:
            await _serve(ws, session)
        finally:
            app.state.sessions.pop(session.id, None)
            worker.close()

    return app


def _warmer(make_trainer: MakeTrainer, limits: LiveLimits) -> Warmer:
    warmer = Warmer(make_trainer, limits.density)
    warmer.ask([spec_from_query("")])  # the page opens on it: compiled while the browser loads the page
    return warmer


def _warm_neighbours(warmer: Warmer, limits: LiveLimits, spec, custom) -> None:
    warmer.ask(one_click_away(spec, limits.max_layers, limits.max_neurons), custom)


def _one_blas_thread() -> None:
    """NumPy's BLAS on one thread for the whole server process. A frame's confusion matrix multiplies small
    matrices, for which OpenBLAS's thread pool costs more than the arithmetic and fights XLA for the cores:
    measured on 2 cores, 8 layers of 32 over 2,500 points took about 100 ms a frame with the pool, 12 without."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


class _Worker:
    """Where one session's work runs: its own thread, one piece at a time, holding ``busy`` while it works."""

    def __init__(self):
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nnwatch-session")
        self.busy = threading.Lock()

    async def run(self, work, *args):
        """``work(*args)`` on the thread, after the session's earlier work; the event loop goes on meanwhile."""
        return await asyncio.get_running_loop().run_in_executor(self.thread, self._locked, work, args)

    def _locked(self, work, args):
        with self.busy:
            return work(*args)

    def close(self) -> None:
        self.thread.shutdown(wait=False, cancel_futures=True)


def _use_upload(session: Session, body: bytes, filename: str) -> None:
    """Load an uploaded CSV or NPZ with the file loader (same checks and messages) and train on it."""
    from nnwatch.data import load_file

    name = Path(filename).name or "upload.csv"
    suffix = ".npz" if body[:2] == b"PK" else ".csv"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (Path(name).stem + suffix)
        path.write_bytes(body)
        d = session.spec.data
        try:
            dataset = load_file(path, train_share=d.train_share or 0.5, seed=session.spec.data_seed)
        except NNWatchError as err:
            # The loader names the file it read, here a server temp path: say the user's file name instead.
            raise type(err)(str(err).replace(str(path), name)) from None
    session.use_data(fit_to_view(dataset))
    session.outbox.append(session.state_message())


def _export_file(run, name: str, folder: Path) -> Path:
    """A run file, or a short video of the session's history through the video writers."""
    if name == "run.npz":
        return run.save(folder / "run.npz")
    from nnwatch.video.render import render

    size = (640, 360) if name.endswith(".gif") else (1280, 720)
    fps = 12 if name.endswith(".gif") else 30
    seconds = min(10.0, 2 + len(run) / 20)  # a short history makes a short video
    return render(run, folder / name.replace("video", "nnwatch"), size=size, fps=fps, duration=seconds)


async def _serve(ws: WebSocket, session: Session) -> None:
    lock = session.lock
    ready = asyncio.Event()
    ready.set()
    clock = asyncio.create_task(_clock(ws, session, lock, ready))
    try:
        await _receive(ws, session, lock, ready)
    except WebSocketDisconnect:
        pass
    finally:
        clock.cancel()


async def _receive(ws: WebSocket, session: Session, lock: asyncio.Lock, ready: asyncio.Event) -> None:
    window, count = time.monotonic(), 0
    while True:
        message = await ws.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1000))
        text = message.get("text")
        if text is not None and text.replace(" ", "") == READY:
            ready.set()  # flow control is never rate-limited: a lost 'ready' would stop the frames for good
            continue
        count += 1
        if time.monotonic() - window >= 1.0:
            window, count = time.monotonic(), 1
        if count > MAX_MESSAGES_PER_S:
            await ws.send_text(error_message(f"more than {MAX_MESSAGES_PER_S} messages a second; "
                                             "this one was dropped"))
            continue
        if text is None:
            await ws.send_text(error_message("binary messages are not accepted; send JSON text"))
            continue
        await _handle(ws, session, lock, ready, text)


async def _handle(ws: WebSocket, session: Session, lock: asyncio.Lock, ready: asyncio.Event, text: str) -> None:
    try:
        parsed = parse_message(text)
    except NNWatchError as err:
        await ws.send_text(error_message(str(err)))
        return
    if isinstance(parsed, Control) and parsed.type == "ready":
        ready.set()
        return
    rebuilding = parsed.type in REBUILDING
    async with lock:
        if rebuilding:
            await ws.send_text('{"type":"status","compiling":true}')
        replies = await session.worker.run(_obey, session, parsed)
        if rebuilding:
            replies.append('{"type":"status","compiling":false}')
    for reply in replies:
        await ws.send_text(reply)


def _obey(session: Session, parsed) -> list[str]:
    """The session's replies to one message, or its error (a refused hello also says what the page has)."""
    try:
        return session.apply(parsed)
    except NNWatchError as err:
        replies = [error_message(str(err))]
        if parsed.type == "hello":
            replies.append(session.state_message())  # the page learns what it has instead
        return replies


async def _clock(ws: WebSocket, session: Session, lock: asyncio.Lock, ready: asyncio.Event) -> None:
    """Tick training at TICK_HZ; send a frame when there is news and the browser drew the last one."""
    period = 1.0 / TICK_HZ
    try:
        while True:
            started = time.monotonic()
            async with lock:
                frame, outbox = await _tick_where_cheapest(session, ready.is_set())
            for text in outbox:
                await ws.send_text(text)
            if frame is not None:
                ready.clear()
                await ws.send_bytes(frame)
            await asyncio.sleep(max(0.0, period - (time.monotonic() - started)))
    except (WebSocketDisconnect, RuntimeError):
        return


async def _tick_where_cheapest(session: Session, drawn: bool) -> tuple[bytes | None, list[str]]:
    """The tick on the event loop when the worker is idle and the tick short (or there is nothing to do), else
    on the worker."""
    worker = session.worker
    if worker.busy.acquire(blocking=False):
        try:
            if not (session.playing or session.outbox or (session.dirty and drawn)):
                return None, []  # paused with nothing new to draw
            if session.tick_estimate() <= INLINE_TICK_SECONDS:
                return _tick(session, drawn)
        finally:
            worker.busy.release()
    return await worker.run(_tick, session, drawn)


def _tick(session: Session, drawn: bool) -> tuple[bytes | None, list[str]]:
    """One tick on the worker: train, the frame if the browser drew the last one, and the pending messages."""
    news = session.tick()
    frame = session.frame() if news and drawn else None
    outbox, session.outbox = session.outbox, []
    return frame, outbox
