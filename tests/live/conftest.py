"""A real live server for the tests that need one: uvicorn on 127.0.0.1, a free port, in a thread.

Every app here trains with ``nnwatch.training.Trainer``, as `nnwatch play` does (live itself never imports it).
"""

import socket
import threading
import time
from functools import partial

import pytest
import uvicorn

from nnwatch.live.server import SERVER_OPTIONS, create_app
from nnwatch.training import Trainer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LiveServer:
    """create_app(host=127.0.0.1, port=...) served with the options `nnwatch play` uses."""

    def __init__(self, **app_options):
        self.port = free_port()
        self.app = create_app(host="127.0.0.1", port=self.port, make_trainer=Trainer, **app_options)
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, **SERVER_OPTIONS)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.02)
        self.origin = f"http://127.0.0.1:{self.port}"
        self.url = self.origin + "/"
        self.ws_url = f"ws://127.0.0.1:{self.port}/ws"

    def stop(self):
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def make_app():
    """create_app with the trainer `nnwatch play` gives it; its other options as keywords."""
    return partial(create_app, make_trainer=Trainer)


@pytest.fixture
def live_server():
    """A function starting a LiveServer (create_app's options as keywords); each is stopped after the test."""
    started = []

    def start(**app_options):
        started.append(LiveServer(**app_options))
        return started[-1]

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="module")
def module_server():
    """One LiveServer with the defaults for a whole test module (the browser tests share one)."""
    server = LiveServer()
    yield server
    server.stop()
