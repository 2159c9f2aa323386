"""Hostile run files: right shapes with wrong contents, compressed bombs, foreign bytes. Each is one line naming
what is wrong, never a traceback; and saved runs get the user's usual file permissions."""

import io
import json
import os
import tracemalloc
import zipfile

import numpy as np
import pytest

from nnwatch.errors import LimitError, NNWatchError, RunFileError
from nnwatch.drivers import train
from nnwatch.record import Run
from nnwatch.spec import Spec

ZEROS = b"\0" * 2**20


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    run = train(Spec().with_flat(dataset="circle", hidden="3,2", epochs="2", snapshots="4", noise="0.1"))
    return run.save(tmp_path_factory.mktemp("runs") / "good.npz")


def arrays_of(path):
    with np.load(path, allow_pickle=False) as npz:
        return {k: npz[k] for k in npz.files}


def rewritten(good, tmp_path, change):
    arrays = arrays_of(good)
    change(arrays)
    np.savez(tmp_path / "bad.npz", **arrays)
    return tmp_path / "bad.npz"


def header(section, key, value):
    """A change setting one header field (section None: the top level)."""
    def change(arrays):
        head = json.loads(str(arrays["header"]))
        (head[section] if section else head)[key] = value
        arrays["header"] = np.array(json.dumps(head))
    return change


def array(name, make):
    def change(arrays):
        arrays[name] = make(arrays[name])
    return change


def first_label_99(y):
    y = y.copy()
    y[0] = 99
    return y


def with_nan(x):
    x = x.copy()
    x[1, 0] = np.nan
    return x


@pytest.mark.parametrize("change, message", [
    (array("snapshots/step", lambda a: a.astype(str)), "'snapshots/step' holds <U21, expected whole numbers"),
    (array("snapshots/step", lambda a: a - 100), "negative or non-finite step"),
    (array("snapshots/epoch", lambda a: a.astype(np.complex128)), "'snapshots/epoch' holds complex128"),
    (array("snapshots/w0", lambda a: a.astype(str)), "'snapshots/w0' holds <U"),
    (array("snapshots/w1", lambda a: a.astype(np.complex64)), "'snapshots/w1' holds complex64, expected float32"),
    (array("snapshots/b2", lambda a: a.astype(np.float64)), "'snapshots/b2' holds float64, expected float32"),
    (array("dataset/y_train", first_label_99), "its train labels run 0..99; 2 classes take 0..1"),
    (array("dataset/y_test", lambda y: y.astype(np.float64)), "'dataset/y_test' holds float64, expected whole"),
    (array("dataset/x_train", with_nan), "its train data hold NaN or infinity"),
    (lambda a: a.__setitem__("junk", np.zeros(3)), "holds an array 'junk' that no run file has"),
    (header(None, "version", "1"), "run file version '1'; this nnwatch reads version 1"),
    (header(None, "version", True), "run file version True"),
    (header(None, "n_snapshots", "4"), "n_snapshots is not valid"),
    (header(None, "n_snapshots", 10**9), "n_snapshots is not valid"),
    (header(None, "status", ["done"]), "status is not valid"),
    (header("dataset", "domain", [[float("nan"), 1.0], [-1.0, 1.0]]), "dataset.domain.0.0 is not valid"),
    (header("dataset", "domain", [[1.0, -1.0], [-1.0, 1.0]]), "low <= high"),
    (header("dataset", "classes", [0, 1]), "dataset.classes.0 is not valid"),
    (header("dataset", "classes", ["only"]), "classification needs at least 2 classes"),
    (header("dataset", "input_names", ["x1"]), "dataset.input_names has 1 entries for 2 raw inputs"),
    (header("dataset", "task", "clustering"), "dataset.task is not valid"),
    (header("dataset", "image_shape", [3, 3]), "dataset.image_shape [3, 3] does not hold 2 inputs"),
    (header("architecture", "activations", ["rleu", "tanh"]),
     "architecture.activations is not valid: unknown activation 'rleu' (did you mean 'relu'?)"),
    (header("architecture", "activations", ["tanh"]), "1 activations for 2 hidden layers"),
    (header("architecture", "output", "tanhh"), "architecture.output is not valid: unknown output activation"),
    (header("architecture", "features", ["x1", "x9"]), "'x9'"),
    (header("architecture", "n_raw_inputs", -2), "architecture.n_raw_inputs is not valid"),
    (header("architecture", "sizes", [2, 3.5, 2, 1]), "architecture.sizes.1 is not valid"),
    (header("architecture", "sizes", [2, 3, 2, 3]), "ends in 3 outputs; the dataset needs 1"),
    (header("architecture", "use_bias", "yes"), "architecture.use_bias is not valid"),
    (header("architecture", "dtype", "int8"), "architecture.dtype is not valid"),
    (header("architecture", "input_shift", [0.0]), "input_shift and input_scale must give one number"),
    (header("architecture", "sizes", None), "architecture.sizes is not valid"),
])
def test_bad_contents_name_the_field(good, tmp_path, change, message):
    bad = rewritten(good, tmp_path, change)
    with pytest.raises(RunFileError) as err:
        Run.load(bad)
    text = str(err.value)
    assert message in text and text.startswith(f"'{bad}': ") and "\n" not in text


def test_a_missing_header_field_is_named(good, tmp_path):
    def drop_task(arrays):
        head = json.loads(str(arrays["header"]))
        del head["dataset"]["task"]
        arrays["header"] = np.array(json.dumps(head))

    with pytest.raises(RunFileError, match="its header lacks dataset.task"):
        Run.load(rewritten(good, tmp_path, drop_task))


@pytest.mark.parametrize("data", [os.urandom(4000), b"\x80\x04not a pickle", b"", b"PK\x03\x04 not a zip"])
def test_foreign_bytes_are_not_a_run_file(tmp_path, data):
    path = tmp_path / "noise.npz"
    path.write_bytes(data)
    with pytest.raises(RunFileError) as err:
        Run.load(path)
    assert "not an nnwatch run file (not a valid .npz)" in str(err.value) and "Python objects" not in str(err.value)


# ------------------------------------------------------------------------------------------------ bombs

def copy_with(good, path, name, shape, dtype, body_bytes):
    """The good run's members, plus (or in place of) ``name``: a header for shape and a streamed body of zeros."""
    dtype = np.dtype(dtype)
    head = io.BytesIO()
    np.lib.format.write_array_header_1_0(head, {"descr": np.lib.format.dtype_to_descr(dtype),
                                                "fortran_order": False, "shape": shape})
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != name + ".npy":
                out.writestr(info.filename, src.read(info))
        with out.open(name + ".npy", "w", force_zip64=True) as member:
            member.write(head.getvalue())
            for start in range(0, body_bytes, len(ZEROS)):
                member.write(ZEROS[:min(len(ZEROS), body_bytes - start)])
    return path


def refusal_and_peak(path):
    tracemalloc.start()
    try:
        Run.load(path)
    except NNWatchError as err:
        raised = err
    else:
        raised = None
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return raised, peak


def test_an_unknown_big_member_is_refused_unopened(good, tmp_path):
    bomb = copy_with(good, tmp_path / "extra.npz", "extra", (12_500_000,), "<f8", 100_000_000)
    assert bomb.stat().st_size < 2**20
    raised, peak = refusal_and_peak(bomb)
    assert isinstance(raised, RunFileError) and "holds an array 'extra' that no run file has" in str(raised)
    assert peak < 50 * 2**20, f"{peak / 2**20:.0f} MiB allocated to refuse the file"


def test_a_member_bigger_than_the_header_allows_is_refused_unopened(good, tmp_path):
    n = len(Run.load(good))
    bomb = copy_with(good, tmp_path / "w0.npz", "snapshots/w0", (4_000_000, 2, 3), "<f4", 96_000_000)
    raised, peak = refusal_and_peak(bomb)
    assert f"the array 'snapshots/w0' has shape (4000000, 2, 3), expected ({n}, 2, 3)" in str(raised)
    assert peak < 50 * 2**20, f"{peak / 2**20:.0f} MiB allocated to refuse the file"


def test_a_header_over_the_text_limit_is_refused_unread(good, tmp_path):
    bomb = copy_with(good, tmp_path / "head.npz", "header", (), "<U5000000", 20_000_000)  # 20 MB of header text
    raised, peak = refusal_and_peak(bomb)
    assert isinstance(raised, LimitError) and "its header length is 5000000; the limit is 4194304" in str(raised)
    assert peak < 10 * 2**20


def test_saving_what_could_not_be_loaded_is_refused(good, tmp_path, monkeypatch):
    import nnwatch.record.run as run_module

    monkeypatch.setattr(run_module, "MAX_RUN_BYTES", 1000)
    with pytest.raises(LimitError, match=r"MAX_RUN_BYTES; take fewer snapshots\) is \d+; the limit is 1000"):
        Run.load(good).save(tmp_path / "big.npz")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------------------- permissions

@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_saved_runs_get_the_users_umask(good, tmp_path, umask, mode):
    run = Run.load(good)
    old = os.umask(umask)
    try:
        path = run.save(tmp_path / "r.npz")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == mode
    assert [p.name for p in tmp_path.iterdir()] == ["r.npz"]  # no temp file left beside it
