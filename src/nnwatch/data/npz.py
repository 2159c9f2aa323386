""".npz archives read without trusting them: the shape, dtype and size of every array come from its .npy header
before any body is decompressed.

An .npz is a zip of .npy files, and zeros compress a thousandfold: a 778 KB upload can hold a 400 MB array. So
``open_npz`` lists the members, ``Npz.member`` reads one member's header (a few hundred bytes of the stream), and
the caller checks shapes against its own limits before ``Npz.load`` decompresses anything. Object arrays are
refused from the header too (loading them would unpickle). Errors carry no file name: callers add where.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

import numpy as np

from nnwatch.errors import DataError, LimitError, NNWatchError

__all__ = ["Member", "Npz", "open_npz"]

_HEADER_READERS = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}


@dataclass(frozen=True)
class Member:
    """One array of an archive as its .npy header describes it; ``nbytes`` is what loading it would take."""

    name: str
    shape: tuple[int, ...]
    dtype: np.dtype
    nbytes: int


class Npz:
    """An open archive: member names at once, each member's header on request, arrays only through ``load``."""

    def __init__(self, archive: zipfile.ZipFile, error: type[NNWatchError]):
        self._zip, self._error, self._members = archive, error, {}
        self._infos: dict[str, zipfile.ZipInfo] = {}
        for info in archive.infolist():
            name = info.filename.removesuffix(".npy")
            if name == info.filename:
                raise error(f"is not an .npz archive: {info.filename!r} is not a .npy array")
            if name in self._infos:
                raise error(f"holds two arrays named {name!r}")
            self._infos[name] = info

    @property
    def names(self) -> list[str]:
        return list(self._infos)

    def member(self, name: str) -> Member:
        """The member's shape, dtype and size from its header, after checking that the zip agrees with it."""
        if name not in self._members:
            self._members[name] = self._read_member(name)
        return self._members[name]

    def load(self, names: Iterable[str], max_bytes: int, limit_name: str) -> dict[str, np.ndarray]:
        """The named arrays, once their headers add up to at most ``max_bytes`` (``limit_name`` says which limit)."""
        members = [self.member(name) for name in names]
        total = sum(m.nbytes for m in members)
        if total > max_bytes:
            raise LimitError(f"its arrays take {total:,} bytes once loaded; the limit is {limit_name} = "
                             f"{max_bytes:,} bytes")
        return {m.name: self._read_array(m) for m in members}

    def _read_member(self, name: str) -> Member:
        info = self._infos[name]
        with _unreadable(self._error), self._zip.open(info) as stream:
            shape, dtype = self._read_header(name, stream)
            offset = stream.tell()  # where the body starts: the bytes read so far, all of them header
        if dtype.hasobject:
            raise self._error(f"the array {name!r} holds Python objects; object arrays are never loaded "
                              "(they could run code)")
        if dtype.fields is not None or dtype.subdtype is not None:
            raise self._error(f"the array {name!r} has a structured dtype ({dtype}); only plain arrays are read")
        nbytes = math.prod(shape) * dtype.itemsize  # Python ints: a lying shape cannot overflow this
        if info.file_size != offset + nbytes:
            # np.save writes the header, then exactly the body; any other size is a forged or damaged member.
            raise self._error(f"the array {name!r} claims shape {shape} of {dtype} ({nbytes:,} bytes) but its "
                              f"zip entry holds {info.file_size - offset:,} bytes")
        return Member(name, shape, dtype, nbytes)

    def _read_header(self, name: str, stream: IO[bytes]) -> tuple[tuple[int, ...], np.dtype]:
        try:
            version = np.lib.format.read_magic(stream)
            if version not in _HEADER_READERS:
                raise ValueError(f".npy format version {version[0]}.{version[1]}")
            shape, _fortran, dtype = _HEADER_READERS[version](stream)
        except ValueError as err:
            raise self._error(f"the array {name!r} has no readable .npy header ({err})") from None
        if any(n < 0 for n in shape):
            raise self._error(f"the array {name!r} has a negative dimension in its shape {shape}")
        return shape, dtype

    def _read_array(self, member: Member) -> np.ndarray:
        with _unreadable(self._error), self._zip.open(self._infos[member.name]) as stream:
            array = np.lib.format.read_array(stream, allow_pickle=False)
        if array.shape != member.shape or array.dtype != member.dtype:  # the same bytes, read twice
            raise self._error(f"the array {member.name!r} changed while it was read")
        return array


@contextmanager
def open_npz(source: str | IO[bytes], error: type[NNWatchError] = DataError) -> Iterator[Npz]:
    """Open an archive; a broken zip or .npy anywhere inside is one ``error`` saying it cannot be read."""
    with _unreadable(error):
        archive = zipfile.ZipFile(source)
    with archive:
        yield Npz(archive, error)


@contextmanager
def _unreadable(error: type[NNWatchError]) -> Iterator[None]:
    # Only around the archive's own reads, so that a bug in a caller is not reported as a broken file.
    try:
        yield
    except NNWatchError:
        raise
    except Exception as err:  # noqa: BLE001 - zip, zlib and numpy raise an open set of types for broken archives
        raise error(f"is not a readable .npz file ({type(err).__name__}: {err})") from None
