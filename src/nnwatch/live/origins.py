"""Which requests the live server answers: the Host and Origin checks, as Jupyter does them.

A page on any web site can open a WebSocket to 127.0.0.1 (browsers allow it) and POST to it, and a site whose
name is made to resolve to 127.0.0.1 (DNS rebinding) even reads the replies. So every request must name this
server in its Host header (the rebinding site's name is not one of them), and a browser's request must come
from this server's own page: its Origin (browsers always send one on a WebSocket and on a POST) must be the
Host it asks for, or one the user allowed with ``--allow-origin``. A request without an Origin (a script, not a
browser) passes the Origin check. Bound to every address (0.0.0.0), the server cannot know the names it is
reached by, so it checks no Host; such a server needs its token, which a rebinding site does not have.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse

from nnwatch.errors import NNWatchError

__all__ = ["LOOPBACK_NAMES", "WILDCARDS", "Guard", "GuardMiddleware", "guard_for", "host_name", "parse_origin",
           "refusal"]

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
WILDCARDS = ("0.0.0.0", "::", "")


@dataclass(frozen=True)
class Guard:
    """``hosts``: the Host headers answered (lower case, "name:port"); None answers any. ``origins``: origins
    allowed besides the server's own page."""

    hosts: frozenset[str] | None = None
    origins: frozenset[str] = frozenset()


def host_name(host: str) -> str:
    """The name as a Host header writes it: IPv6 addresses in brackets."""
    try:
        return f"[{host}]" if ipaddress.ip_address(host).version == 6 else host
    except ValueError:
        return host.lower()


def guard_for(host: str | None, port: int | None, allow_origins=()) -> Guard:
    """The guard of a server bound to host:port. Without a port (an app not yet told where it runs), or bound
    to every address, no Host is checked; the Origin check always holds."""
    origins = frozenset(parse_origin(o) for o in allow_origins)
    if port is None or host in WILDCARDS:
        return Guard(None, origins)
    names = {*LOOPBACK_NAMES, host_name(host or "127.0.0.1")}
    hosts = {f"{name}:{port}" for name in names}
    if port == 80:  # browsers leave the default port out of Host and Origin
        hosts |= names
    return Guard(frozenset(hosts), origins)


def refusal(guard: Guard, host: str | None, origin: str | None) -> str | None:
    """Why a request with these Host and Origin headers is refused, or None when it is answered."""
    host = (host or "").strip().lower()
    if guard.hosts is not None and host not in guard.hosts:
        return f"this nnwatch server does not answer to the host '{host}'"
    if origin is None:
        return None
    origin = origin.strip().lower().rstrip("/")
    if origin in (f"http://{host}", f"https://{host}") or origin in guard.origins:
        return None
    return f"pages from '{origin}' may not use this nnwatch server (allow one with --allow-origin)"


def parse_origin(text: str) -> str:
    """An origin as browsers send it ("http://host:port", lower case, no path), or NNWatchError."""
    parts = urlsplit(text.strip().lower())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/") \
            or parts.query or parts.fragment or "@" in parts.netloc:
        raise NNWatchError(f"allowed origin '{text}' must look like http://host:port, without a path")
    return f"{parts.scheme}://{parts.netloc}"


class GuardMiddleware:
    """Refuses (403) every HTTP request and WebSocket handshake that ``refusal`` refuses, before the app sees it."""

    def __init__(self, app, guard: Guard):
        self.app, self.guard = app, guard

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket"):
            headers = Headers(scope=scope)
            reason = refusal(self.guard, headers.get("host"), headers.get("origin"))
            if reason is not None:
                await _refuse(scope, receive, send, reason)
                return
        await self.app(scope, receive, send)


async def _refuse(scope, receive, send, reason: str) -> None:
    if scope["type"] == "http" or "websocket.http.response" in scope.get("extensions", {}):
        await PlainTextResponse(reason, 403)(scope, receive, send)  # a handshake gets the reason as its body
    else:
        await send({"type": "websocket.close", "code": 1008})  # the server answers the handshake with 403
