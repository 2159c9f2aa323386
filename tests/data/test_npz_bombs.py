"""Compressed bombs: an .npz whose headers promise more than the limits allow is refused before it is opened up."""

import io
import tracemalloc
import zipfile

import numpy as np
import pytest

from nnwatch.data import load_file
from nnwatch.errors import DataError, LimitError

CHUNK = b"\0" * 2**20


def npy_member(archive: zipfile.ZipFile, name: str, shape, dtype="<f8", body_bytes=None) -> None:
    """Add an .npy member with a hand-written header and a body of zeros streamed in 1 MiB chunks.

    ``body_bytes`` defaults to what the header promises; another number makes a member that lies about itself.
    """
    dtype = np.dtype(dtype)
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": np.lib.format.dtype_to_descr(dtype),
                                                  "fortran_order": False, "shape": tuple(shape)})
    left = int(np.prod(shape)) * dtype.itemsize if body_bytes is None else body_bytes
    with archive.open(name + ".npy", "w", force_zip64=True) as member:
        member.write(header.getvalue())
        while left > 0:
            member.write(CHUNK[:min(left, len(CHUNK))])
            left -= len(CHUNK)


def bomb(path, rows=50_000_000):
    """x of ``rows`` rows of zeros: 400 MB of float64 in under 1 MB of file (y is never reached)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        npy_member(archive, "x", (rows, 1))
        npy_member(archive, "y", (1,), "|i1")
    return path


def small_npz(archive: zipfile.ZipFile, **arrays) -> None:
    for name, array in arrays.items():
        buffer = io.BytesIO()
        np.save(buffer, array)
        archive.writestr(name + ".npy", buffer.getvalue())


@pytest.fixture(scope="module")
def big_bomb(tmp_path_factory):
    return bomb(tmp_path_factory.mktemp("bombs") / "bomb.npz")


def peak_while(call):
    """(what call raised, peak bytes Python and NumPy allocated meanwhile)."""
    tracemalloc.start()
    try:
        call()
    except Exception as err:  # noqa: BLE001 - the caller asserts on what it was
        raised = err
    else:
        raised = None
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return raised, peak


def test_the_bomb_is_small_on_disk_and_refused_unopened(big_bomb):
    assert big_bomb.stat().st_size < 2 * 2**20  # fits the live server's 2 MB upload limit
    raised, peak = peak_while(lambda: load_file(big_bomb))
    assert peak < 50 * 2**20, f"{peak / 2**20:.0f} MiB allocated to refuse the file"
    assert isinstance(raised, LimitError)
    assert str(raised) == f"{big_bomb}: x has 50000000 rows; the limit is MAX_POINTS = 200000"


def test_rows_within_the_limit_but_too_many_bytes(tmp_path):
    # 20,000 rows of 1,000 one-byte columns pass the row and column limits; as float64 they would be 160 MB.
    path = tmp_path / "wide.npz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        npy_member(archive, "x", (20_000, 1000), "|u1")
        npy_member(archive, "y", (20_000,), "|u1")
    with pytest.raises(LimitError, match="x takes 160,000,000 bytes as float64; the limit is MAX_DATA_BYTES"):
        load_file(path)


def test_the_total_of_what_is_loaded_is_capped(tmp_path):
    from nnwatch.data.npz import open_npz

    path = tmp_path / "names.npz"
    with zipfile.ZipFile(path, "w") as archive:
        small_npz(archive, x=np.zeros((4, 2)), y=np.arange(4), classes=np.array(["a", "b", "c", "d"]))
    with open_npz(str(path)) as archive:
        assert archive.member("classes").nbytes == 16 and archive.member("x").shape == (4, 2)
        with pytest.raises(LimitError, match="its arrays take 112 bytes once loaded; the limit is CAP = 100 bytes"):
            archive.load(["x", "y", "classes"], 100, "CAP")
        assert archive.load(["x", "classes"], 100, "CAP")["classes"].tolist() == ["a", "b", "c", "d"]


def test_a_member_that_lies_about_its_size(tmp_path):
    path = tmp_path / "liar.npz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        npy_member(archive, "x", (4, 2), body_bytes=10 * 2**20)  # the header says 64 bytes of body
        npy_member(archive, "y", (4,), "<i8")
    with pytest.raises(DataError, match=r"'x' claims shape \(4, 2\) of float64 \(64 bytes\) but its zip entry "
                                        r"holds 10,485,760 bytes"):
        load_file(path)


@pytest.mark.parametrize("dtype, message", [("|O", "holds Python objects; object arrays are never loaded"),
                                            ([("a", "<f8")], "structured dtype")])
def test_object_and_structured_dtypes_are_refused_from_the_header(tmp_path, dtype, message):
    path = tmp_path / "odd.npz"
    with zipfile.ZipFile(path, "w") as archive:
        npy_member(archive, "x", (4, 2), dtype, body_bytes=0)
        npy_member(archive, "y", (4,), "<i8")
    with pytest.raises(DataError, match=message):
        load_file(path)


def test_members_other_than_arrays_and_unused_arrays(tmp_path):
    from nnwatch.data.npz import open_npz

    path = tmp_path / "notes.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(DataError, match="'notes.txt' is not a .npy array"):
        load_file(path)
    # An array the loader does not use is never read: this one claims 8 TB and holds nothing.
    with zipfile.ZipFile(path, "w") as archive:
        small_npz(archive, x=np.arange(6.0).reshape(6, 1), y=np.array(["a", "b"] * 3))
        npy_member(archive, "z", (10**12,), body_bytes=0)
    assert load_file(path, train_share=1.0).x_train.shape == (6, 1)
    with open_npz(str(path)) as archive, pytest.raises(DataError, match="'z' claims shape"):
        archive.member("z")
