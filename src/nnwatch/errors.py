"""The errors nnwatch raises for things a user did.

Every user-facing problem (a bad spec, a broken CSV, a corrupt run file, a size over a limit) is raised as a
``NNWatchError`` carrying one line of text. The CLI prints that line and exits with code 2; anything else
escaping is a bug in nnwatch.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["NNWatchError", "SpecError", "DataError", "RunFileError", "LimitError", "suggest", "unknown"]


class NNWatchError(ValueError):
    """A problem with the user's input, explained in one line."""

    def __init__(self, message: str):
        # Keep it to one line: the CLI prints it as is, and multi-line errors read as crashes.
        super().__init__(" ".join(str(message).split()))


class SpecError(NNWatchError):
    """A spec (flags, TOML, URL query, Python arguments) that cannot be used."""


class DataError(NNWatchError):
    """A dataset that cannot be made or loaded (unknown name, bad CSV/NPZ contents)."""


class RunFileError(NNWatchError):
    """A run file that cannot be read: corrupt, foreign, or from an unknown version."""


class LimitError(NNWatchError):
    """A size over one of nnwatch's limits; the message names the limit."""


def suggest(name: str, choices: Iterable[str]) -> str:
    """' (did you mean X?)' for the nearest valid name, or '' when nothing is close."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.5)
    return f" (did you mean '{close[0]}'?)" if close else ""


def unknown(kind: str, name: str, choices: Iterable[str], error: type[NNWatchError] = SpecError) -> NNWatchError:
    """The error for an unknown name, with the nearest valid one and the full list."""
    choices = sorted(choices)
    return error(f"unknown {kind} '{name}'{suggest(name, choices)}; choose from: {', '.join(choices)}")
