"""Ctrl-C and SIGTERM as a request to stop, honoured where stopping is safe.

Python raises KeyboardInterrupt at whatever bytecode runs next. While JAX starts and compiles, that is often a
callback called from C (JAX's garbage-collection hook), which prints "Exception ignored" and swallows it: the
command ran on and wrote its file. So the command line calls ``install()``, which turns SIGINT, SIGTERM and
SIGHUP into a flag, and the loops that take time (training between snapshots, a sweep's stops, every frame
written, a file about to be moved into place) call ``check()``, which raises ``Interrupted`` there. On the way
out everything is undone as for any exception: temporary files removed, worker processes killed.

A second signal raises at once, for the rare stretch that reaches no check in time; where it lands is again
Python's choice, and a swallowed one is caught by the next check, since the flag stays set.

Without ``install()`` (a script or notebook using the library) no flag is ever set, ``check()`` is one global
read, and Ctrl-C is Python's own KeyboardInterrupt.
"""

from __future__ import annotations

import signal
import threading

__all__ = ["HANDLED", "Interrupted", "check", "clear", "install", "requested"]

# Only signals whose default is to end the process: each gets the same clean exit, with code 128 + its number.
HANDLED = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))

_received: int | None = None  # the first signal that asked us to stop, until clear()


class Interrupted(KeyboardInterrupt):
    """A signal asked the command to stop; raised at a safe point. ``exit_code`` is 128 + the signal's number.

    A KeyboardInterrupt, so code that cleans up after Ctrl-C (and never after Exception) treats it the same.
    """

    def __init__(self, signum: int = signal.SIGINT):
        self.signum = int(signum)
        super().__init__(signal.Signals(self.signum).name)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def verb(self) -> str:
        """'interrupted' for Ctrl-C, 'terminated' for the others (a kill, a closed terminal)."""
        return "interrupted" if self.signum == signal.SIGINT else "terminated"


def install() -> None:
    """Turn the stop signals into the flag ``check()`` reads. Call it from the main thread.

    A signal that is ignored already stays ignored: ``nohup`` ignores SIGHUP, and a shell starts background
    jobs with SIGINT ignored, and both mean it.
    """
    for signum in HANDLED:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _on_signal)


def _on_signal(signum: int, frame) -> None:
    global _received
    if _received is None:
        _received = signum  # only a flag: raising here could land in a C callback and be swallowed
        return
    raise Interrupted(_received)


def check() -> None:
    """Raise ``Interrupted`` if a stop signal came since ``install()``.

    Only the main thread raises: a worker thread (an encoder, a live session) never dies of it half-way; the
    main thread, which owns the clean-up, stops at its next check.
    """
    if _received is not None and threading.current_thread() is threading.main_thread():
        raise Interrupted(_received)


def requested() -> int | None:
    """The signal that asked us to stop, or None."""
    return _received


def clear() -> None:
    """Forget a received signal (for a long-running host that handled it, and for tests)."""
    global _received
    _received = None
