"""Writing a file so that it appears whole or not at all, with the permissions any new file of the user gets.

The content goes to a hidden ``.<name>.<random>.part`` beside the target and is moved into place once complete;
an error or Ctrl-C on the way removes it. Not tempfile.mkstemp/mkdtemp: their 0600/0700 modes would carry over
to the finished file, where a user expects what their umask gives (0644 with the usual 022).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nnwatch import interrupts

__all__ = ["new_temp", "replaced_atomically"]


def new_temp(target: Path, directory: bool = False) -> Path:
    """A new, empty '.<name>.<random>.part' file (or folder) next to target, created with the umask's mode."""
    while True:
        tmp = target.parent / f".{target.name}.{secrets.token_hex(4)}.part"
        try:
            if directory:
                os.mkdir(tmp)
            else:
                os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            return tmp
        except FileExistsError:  # another writer's temp file of the same name: draw again
            continue


@contextmanager
def replaced_atomically(target: Path) -> Iterator[Path]:
    """Yield a temp file's path to fill; on success it replaces target, on any failure it is removed."""
    tmp = new_temp(target)
    try:
        yield tmp
        interrupts.check()  # a Ctrl-C while the file was written stops here, before anything is in place
        os.replace(tmp, target)
    except BaseException:  # KeyboardInterrupt too: an interrupted write must leave nothing behind
        tmp.unlink(missing_ok=True)
        raise
