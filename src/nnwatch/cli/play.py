"""`nnwatch play`: the live Playground in the browser."""

from __future__ import annotations

import ipaddress
import secrets
import socket
import threading
import webbrowser
from typing import Annotated

import typer

from nnwatch.cli.common import console, user_errors
from nnwatch.errors import NNWatchError

__all__ = ["PLAY_EXAMPLES", "play_command"]

PLAY_EXAMPLES = """
Examples:

  nnwatch play                                       # opens the Playground on a free local port

  nnwatch play --port 8000 --no-browser

  nnwatch play --max-layers 10 --max-neurons 64      # lift the Playground's size limits

  nnwatch play --host 0.0.0.0                        # a classroom: prints a URL with an access token

  nnwatch play --allow-origin https://course.example  # let that site's pages embed the Playground
"""


def _free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_trainer(spec, dataset):
    """The live page's trainer (the top layer hands live its trainer: live never imports training). JAX is
    imported on the first call, by the server's warm-up thread while the page loads, not before serving, and
    compiled programs are kept on disk for the next launch (training/compile_cache.py)."""
    from nnwatch.training import Trainer
    from nnwatch.training.compile_cache import enable_compile_cache

    enable_compile_cache()
    return Trainer(spec, dataset)


@user_errors
def play_command(
    port: int | None = typer.Option(None, "--port", help="Port (default: a free one)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; anything but loopback needs a token."),
    open_browser: bool = typer.Option(True, "--browser/--no-browser", help="Open the page in a browser."),
    token: str | None = typer.Option(None, "--token", help="Access token (made up when binding a non-local "
                                                           "address)."),
    max_layers: int = typer.Option(8, "--max-layers", help="Most hidden layers a user may add (1..50)."),
    max_neurons: int = typer.Option(32, "--max-neurons", help="Most neurons per layer (1..256)."),
    density: int = typer.Option(50, "--density", help="Side of the neuron maps' grid (10..100)."),
    allow_origin: Annotated[list[str] | None, typer.Option(
        "--allow-origin", metavar="URL", help="Another site whose pages may use this server, as "
                                              "http(s)://host[:port] (repeatable; the server's own page always "
                                              "may).")] = None,
) -> None:
    """Start the live Playground and print its URL."""
    import uvicorn

    from nnwatch.live.origins import WILDCARDS, host_name, parse_origin
    from nnwatch.live.server import SERVER_OPTIONS, create_app
    from nnwatch.live.session import LiveLimits

    for name, value, low, high in (("max layers", max_layers, 1, 50), ("max neurons", max_neurons, 1, 256),
                                   ("density", density, 10, 100)):
        if not low <= value <= high:
            raise NNWatchError(f"{name} must be {low}..{high}, got {value}")
    origins = [parse_origin(origin) for origin in allow_origin or ()]
    if not _is_loopback(host) and not token:
        token = secrets.token_urlsafe(12)
    port = port or _free_port(host)
    limits = LiveLimits(max_layers=max_layers, max_neurons=max_neurons, density=density)
    app = create_app(token=token, limits=limits, make_trainer=make_trainer, host=host, port=port,
                     allowed_origins=origins, warm=True)
    shown = '127.0.0.1' if host in WILDCARDS else host_name(host)
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    console.print(f"nnwatch play: [bold]{url}[/]  (Ctrl-C stops it)", soft_wrap=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    try:
        uvicorn.run(app, host=host, port=port, **SERVER_OPTIONS)
    except OSError as err:
        raise NNWatchError(f"cannot serve on {host}:{port}: {err.strerror or err}") from None
    finally:
        # Let a compile in progress finish: the interpreter leaving under XLA's feet aborts with a C++ error.
        app.state.warmer.close(wait=10)
