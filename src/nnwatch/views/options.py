"""Each view's options: a frozen dataclass the view declares (``View.options``), filled from a plain mapping.

A video's view options are one mapping keyed by view name, ``{"transform": {"neurons": "0,2"}, "depth":
{"readout": "probe"}}`` (``RenderOptions.view_options``, ``Scene.options``). ``options_of`` turns one view's
mapping into its class, checking every key and value: a misspelt key is a one-line error naming the nearest
key, a value of the wrong type one naming the type wanted. ``check_view_options`` checks the whole mapping
against a layout before anything is trained or drawn: an option for a view that is not shown is an error too.

A field's type (its annotation) says how a value is read: ``bool``, ``int``, ``float``, ``str``, ``X | None``;
text is accepted for numbers and booleans (``"0.6"``, ``"true"``), as the command line gives them. A field
whose reading is more than its type (the transform view's neurons, "0,2") names its parser in its metadata:
``field(default=None, metadata={"parse": parse_neurons})``. Checks between fields go in ``__post_init__``.
"""

from __future__ import annotations

import dataclasses
import numbers
import types
import typing
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from nnwatch.errors import NNWatchError, unknown

__all__ = ["options_of", "check_view_options", "option_names"]

T = typing.TypeVar("T")
_TRUE, _FALSE = ("true", "yes", "1", "on"), ("false", "no", "0", "off")


def option_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def options_of(cls: type[T], given: Any, view: str) -> T:
    """``given`` (None, a ``cls``, or a mapping of field names to values) as a checked ``cls``."""
    if given is None:
        return cls()
    if isinstance(given, cls):
        return given
    if not isinstance(given, Mapping):
        raise NNWatchError(f"the {view} view's options are a mapping of names to values, got "
                           f"{type(given).__name__}")
    names = option_names(cls)
    for key in given:
        if key not in names:
            raise unknown(f"{view} option", str(key), names, NNWatchError)
    hints = _hints(cls)
    parsers = {f.name: f.metadata.get("parse") for f in dataclasses.fields(cls)}
    values = {key: parsers[key](value) if parsers[key] else _read(hints[key], value, f"{view} option '{key}'")
              for key, value in given.items()}
    return cls(**values)


def check_view_options(views: Mapping[str, type], layout: tuple[str, ...], given: Any) -> dict[str, Any]:
    """Every view's options, checked against the layout: ``{view name: options object}``.

    ``views`` is the registry (name -> View class). An option for a view the layout does not show is an
    error, unless a view in the layout shows that one inside it (``View.shows``: the basics board)."""
    if not given:
        return {}
    if not isinstance(given, Mapping):
        raise NNWatchError(f"view options are a mapping of view names to options, got {type(given).__name__}")
    shown = set(layout) | {inner for name in layout for inner in views[name].shows()}
    out = {}
    for name, options in given.items():
        if name not in views:
            raise unknown("view in the view options", str(name), views, NNWatchError)
        if name not in shown:
            raise NNWatchError(f"options for the {name} view, which the layout ({', '.join(layout)}) does not show")
        cls = views[name].options
        if cls is None:
            raise NNWatchError(f"the {name} view takes no options")
        out[name] = options_of(cls, options, name)
    return out


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _read(kind: Any, value: Any, what: str) -> Any:
    """``value`` read as a ``kind`` (an annotation), or a one-line error naming ``what`` and the type."""
    args = typing.get_args(kind)
    if typing.get_origin(kind) in (typing.Union, types.UnionType) and type(None) in args:
        if value is None:
            return None
        others = [a for a in args if a is not type(None)]
        return _read(others[0] if len(others) == 1 else Any, value, what)
    reader = _READERS.get(kind)
    return value if reader is None else reader(value, what)


def _bool(value: Any, what: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
        return value.strip().lower() in _TRUE
    raise NNWatchError(f"{what} must be true or false, got {value!r}")


def _int(value: Any, what: str) -> int:
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    raise NNWatchError(f"{what} must be a whole number, got {value!r}")


def _float(value: Any, what: str) -> float:
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            pass
    raise NNWatchError(f"{what} must be a number, got {value!r}")


def _str(value: Any, what: str) -> str:
    if isinstance(value, str):
        return value
    raise NNWatchError(f"{what} must be text, got {value!r}")


_READERS = {bool: _bool, int: _int, float: _float, str: _str}
