import json

import numpy as np
import pytest

from nnwatch.errors import NNWatchError, RunFileError
from nnwatch.drivers import train
from nnwatch.record import Run
from nnwatch.spec import Spec


@pytest.fixture(scope="module")
def run():
    return train(Spec().with_flat(dataset="circle", hidden="3,2", epochs="4", snapshots="6", noise="0.1"))


def test_run_has_scheduled_snapshots(run):
    assert run.status == "done" and len(run) >= 5
    assert run[0].step == 0 and run.final.step == 4 * 25
    assert [s.step for s in run.snapshots] == sorted({s.step for s in run.snapshots})
    assert run.final.params[0]["w"].shape == (2, 3)


def test_round_trip_is_bit_identical(run, tmp_path):
    path = run.save(tmp_path / "r.npz")
    again = Run.load(path)
    assert again.spec == run.spec and again.dataset == run.dataset and again.arch == run.arch
    assert again.status == run.status
    assert all(a == b for a, b in zip(run.snapshots, again.snapshots)) and len(again) == len(run)
    for a, b in zip(run.snapshots, again.snapshots):
        for la, lb in zip(a.params, b.params):
            assert la["w"].dtype == lb["w"].dtype and la["w"].tobytes() == lb["w"].tobytes()
    assert again.save(tmp_path / "r2.npz").read_bytes() == path.read_bytes()


def test_ten_thousand_snapshots_would_fit_in_20_mb(tmp_path):
    # 2,000 snapshots here; benchmarks/run_size.py writes the full 10,000 through the CLI.
    spec = Spec().with_flat(dataset="spiral", hidden="8,8", epochs="80", schedule="every", every="1")
    run = train(spec)
    assert len(run) == 2_001
    size = run.save(tmp_path / "big.npz").stat().st_size
    assert size / len(run) * 10_000 <= 20 * 2**20


def _rewrite(path, tmp_path, change):
    with np.load(path, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    change(arrays)
    out = tmp_path / "bad.npz"
    np.savez(out, **arrays)
    return out


def _header_change(key, value):
    def change(arrays):
        header = json.loads(str(arrays["header"]))
        header[key] = value
        arrays["header"] = np.array(json.dumps(header))
    return change


@pytest.mark.parametrize("change, message", [
    (_header_change("version", 99), "version 99; this nnwatch reads version 1"),
    (_header_change("format", "other"), "not an nnwatch run file"),
    (lambda a: a.pop("snapshots/w1"), "the array 'snapshots/w1' is missing"),
    (lambda a: a.__setitem__("snapshots/b0", a["snapshots/b0"][:, :2]), "has shape"),
    (lambda a: a.__setitem__("dataset/x_train", a["dataset/x_train"][:, :1]), "do not fit the network"),
    (lambda a: a.pop("header"), "no header"),
    (lambda a: a.__setitem__("header", np.array("{not json")), "not valid JSON"),
    (_header_change("spec", {"network": {"hidden": [0]}}), "holds a spec this nnwatch cannot use"),
])
def test_damaged_files_say_what_is_wrong(run, tmp_path, change, message):
    bad = _rewrite(run.save(tmp_path / "good.npz"), tmp_path, change)
    with pytest.raises(RunFileError, match=message) as err:
        Run.load(bad)
    assert "\n" not in str(err.value)


def test_foreign_corrupt_and_pickled_files(tmp_path):
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"PK\x03\x04 definitely not a zip")
    with pytest.raises(RunFileError, match="not an nnwatch run file"):
        Run.load(junk)
    pickled = tmp_path / "obj.npz"
    np.savez(pickled, header=np.array([{"a": 1}], dtype=object))
    with pytest.raises(RunFileError, match="Python objects"):
        Run.load(pickled)
    with pytest.raises(RunFileError, match="does not exist"):
        Run.load(tmp_path / "missing.npz")


def test_save_into_missing_directory_writes_nothing(run, tmp_path):
    with pytest.raises(NNWatchError, match="does not exist"):
        run.save(tmp_path / "nope" / "r.npz")
    assert not (tmp_path / "nope").exists()


def test_interrupted_save_leaves_nothing(run, tmp_path, monkeypatch):
    def explode(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(np, "savez", explode)
    with pytest.raises(KeyboardInterrupt):
        run.save(tmp_path / "r.npz")
    assert list(tmp_path.iterdir()) == []


def test_residual_networks_round_trip_and_older_files_load_as_plain(tmp_path):
    deep = train(Spec().with_flat(dataset="gaussians", hidden="4x3", residual="true", residual_step="0.1",
                                  epochs="1", snapshots="2"))
    again = Run.load(deep.save(tmp_path / "deep.npz"))
    assert again.arch.residual is True and again.spec.network.residual is True and again.arch == deep.arch
    assert again.arch.residual_step == 0.1

    def written_before_residual(arrays):
        header = json.loads(str(arrays["header"]))
        del header["architecture"]["residual"], header["architecture"]["residual_step"]
        del header["spec"]["network"]["residual"], header["spec"]["network"]["residual_step"]
        arrays["header"] = np.array(json.dumps(header))

    plain = train(Spec().with_flat(dataset="circle", hidden="3", epochs="1", snapshots="2"))
    old = Run.load(_rewrite(plain.save(tmp_path / "plain.npz"), tmp_path, written_before_residual))
    assert old.arch.residual is False and old.arch == plain.arch


def test_an_unmeasured_snapshot_has_its_numbers_and_no_measurements():
    from nnwatch.model.mlp import Architecture, init_params
    from nnwatch.record.snapshot import Snapshot

    arch = Architecture(features=("x1", "x2"), n_raw_inputs=2, sizes=(2, 3, 1), activations=("relu",),
                        output="tanh")
    params = init_params(arch, "he", seed=0)
    snap = Snapshot.unmeasured(arch, params, step=7, epoch=1.5)
    assert snap.params is params and snap.arch == arch and (snap.step, snap.epoch) == (7, 1.5)
    assert all(np.isnan([snap.train_loss, snap.test_loss, snap.train_accuracy, snap.test_accuracy]))
    assert snap == Snapshot.unmeasured(arch, [dict(layer) for layer in params], step=7, epoch=1.5)
