"""Real tables train with the defaults: the user's own columns are standardized on the training split."""

import csv

import numpy as np
import pytest

import nnwatch
from nnwatch.model.mlp import network_inputs
from nnwatch.record.run import Run

datasets = pytest.importorskip("sklearn.datasets")


def write_table(path, loader):
    table = loader()
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow([name.replace(" ", "_") for name in table.feature_names] + ["target"])
        for row, target in zip(table.data, table.target):
            out.writerow([repr(float(v)) for v in row] + [int(target)])
    return path


@pytest.fixture(scope="module")
def wine(tmp_path_factory):
    return write_table(tmp_path_factory.mktemp("tables") / "wine.csv", datasets.load_wine)


def test_file_data_is_standardized_on_its_training_split_by_default(wine):
    run = nnwatch.train(nnwatch.Spec().with_flat(file=str(wine), label="target", epochs="1"))
    arch, ds = run.arch, run.dataset
    assert arch.standardized and np.allclose(arch.input_shift, ds.x_train.mean(axis=0))
    assert np.allclose(arch.input_scale, ds.x_train.std(axis=0))
    assert ds.x_train.max() > 1000  # the data keeps the user's units (proline); only the network's input is scaled
    seen = network_inputs(arch, ds.x_train)
    assert np.allclose(seen.mean(axis=0), 0, atol=1e-9) and np.allclose(seen.std(axis=0), 1, atol=1e-9)


def test_built_in_sets_and_no_standardize_keep_their_coordinates(wine):
    assert not nnwatch.train(nnwatch.Spec().with_flat(dataset="circle", epochs="1")).arch.standardized
    off = nnwatch.Spec().with_flat(file=str(wine), label="target", epochs="1", standardize="false")
    assert not nnwatch.train(off).arch.standardized
    assert nnwatch.train(nnwatch.Spec().with_flat(dataset="circle", epochs="1", standardize="true")).arch.standardized


def test_the_run_file_keeps_the_standardization(wine, tmp_path):
    run = nnwatch.train(nnwatch.Spec().with_flat(file=str(wine), label="target", epochs="1"))
    back = Run.load(run.save(tmp_path / "wine.npz"))
    assert back.arch == run.arch and back.arch.input_scale == run.arch.input_scale


def test_wine_learns_with_the_defaults_and_not_without_standardizing(wine):
    # 300 epochs instead of the default 2,000 keep the test short; the full figure is benchmarks/table_accuracy.py.
    scaled = nnwatch.train(nnwatch.Spec().with_flat(file=str(wine), label="target", epochs="300"))
    raw = nnwatch.train(nnwatch.Spec().with_flat(file=str(wine), label="target", epochs="300", standardize="false"))
    assert scaled.final.test_accuracy >= 0.85
    assert raw.final.test_accuracy < 0.75
