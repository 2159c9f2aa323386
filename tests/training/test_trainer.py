"""Training end to end: the seed stories' numbers, learning, determinism."""

import numpy as np
import pytest

from nnwatch.errors import SpecError
from nnwatch.model.mlp import predict
from nnwatch.drivers import train
from nnwatch.spec import Spec
from nnwatch.training.trainer import Trainer


def perceptron_spec(iterations=10_000) -> Spec:
    np.random.seed(1)  # the tutorial's legacy generator, exactly as it draws its weights
    weights = 2 * np.random.random((3, 1)) - 1
    return Spec.from_dict({
        "data": {"name": "perceptron"},
        "network": {"hidden": [], "bias": False, "output": "sigmoid"},
        "training": {"loss": "half_squared", "reduction": "sum", "optimizer": "sgd", "learning_rate": 1.0,
                     "batch_size": "full", "init": "explicit", "init_weights": [{"w": weights.tolist()}],
                     "epochs": iterations, "dtype": "float64"},
        "schedule": {"kind": "at", "at": [iterations]},
    })


def test_seed_003_perceptron_gives_the_printed_outputs():
    run = train(perceptron_spec())
    x = run.dataset.x_train
    out = predict(run.final.params, x, run.arch)
    # SEEDS.md §5 prints [0.00966449, 0.00786506, 0.99358898, 0.99211957].
    np.testing.assert_array_equal(np.round(out, 4), np.round([0.00966449, 0.00786506, 0.99358898, 0.99211957], 4))
    assert run.final.step == 10_000 and run.final.params[0]["w"].dtype == np.float64


def test_same_seed_gives_identical_snapshots_and_another_seed_differs():
    spec = Spec().with_flat(dataset="xor", hidden="4", epochs="5", snapshots="6", dropout="0.2", shuffle="true")
    a, b = train(spec), train(spec)
    assert len(a) == len(b) and all(s == t for s, t in zip(a.snapshots, b.snapshots))
    c = train(spec.with_flat(seed="1"))
    assert not np.array_equal(a.final.params[0]["w"], c.final.params[0]["w"])


def test_circle_is_learned():
    run = train(Spec().with_flat(dataset="circle", hidden="4,2", epochs="60", lr="0.1", snapshots="5"))
    assert run.final.test_accuracy >= 0.95
    assert run.final.test_loss < run[0].test_loss / 3


def test_four_gaussian_classes_with_softmax_beat_chance():
    run = train(Spec().with_flat(dataset="gaussians", classes="4", hidden="8", optimizer="adam", lr="0.01",
                                 epochs="30", snapshots="3"))
    assert run.arch.output == "softmax" and run.arch.sizes[-1] == 4
    assert run.final.test_accuracy > 0.45  # overlapping groups: chance is 0.25


def test_regression_plane_is_fitted():
    run = train(Spec().with_flat(dataset="reg_plane", hidden="4", epochs="20", snapshots="3"))
    assert run.arch.output == "linear"
    assert np.isnan(run.final.test_accuracy)
    assert run.final.test_loss < 0.01


def test_target_loss_stops_early():
    run = train(Spec().with_flat(dataset="gauss", hidden="2", epochs="500", target_loss="0.05", lr="0.1"))
    assert run.status == "target reached"
    assert run.final.epoch < 500 and run.final.train_loss <= 0.05


def test_diverged_run_ends_with_its_last_finite_snapshot():
    run = train(Spec().with_flat(dataset="reg_plane", hidden="8,8", activation="relu", lr="100", init="he",
                                 epochs="50"))
    assert run.status == "diverged"
    assert all(np.all(np.isfinite(layer["w"])) for s in run.snapshots for layer in s.params)


def test_features_must_exist_in_the_data():
    with pytest.raises(SpecError, match="x1..x3"):
        Trainer(Spec().with_flat(dataset="xor3", features="x1,x9"))


def test_full_batch_means_one_step_per_epoch():
    trainer = Trainer(Spec().with_flat(dataset="circle", batch="full"))
    assert trainer.batch_size == 250 and trainer.steps_per_epoch == 1


def test_frame_is_advance_then_metrics_then_probe():
    from nnwatch import probes
    from nnwatch.drivers.recorder import snapshot_of

    spec = Spec().with_flat(dataset="circle", hidden="4,3", epochs="1")
    fused, plain = Trainer(spec), Trainer(spec)
    points = probes.grid(density=12).points
    metrics, outputs = fused.frame(fused.steps_per_epoch, fused.probe_features(points))
    plain.advance(plain.steps_per_epoch)
    assert fused.step == plain.step == 25
    for key, value in plain.metrics().items():
        assert metrics[key] == pytest.approx(value, rel=1e-6)
    expected = probes.layer_outputs(snapshot_of(plain), points)[1:]
    assert [o.shape for o in outputs] == [(144, 4), (144, 3), (144, 1)]
    for got, want in zip(outputs, expected):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_readme_python_example():
    import nnwatch

    run = nnwatch.train(nnwatch.Spec(), dataset="circle", hidden="4,2", epochs=20, snapshots=4)
    assert run.spec.data.name == "circle" and run.arch.sizes == (2, 4, 2, 1) and run.final.epoch == 20


def test_residual_networks_train_through_the_shared_forward():
    # The engine and NumPy run the same forward: the engine's accuracy is what NumPy computes for its params.
    spec = Spec().with_flat(dataset="gaussians", hidden="6x12", residual="true", init="he", optimizer="adam",
                            lr="0.01", batch="50", epochs="5")
    trainer = Trainer(spec)
    before = trainer.metrics()["train_loss"]
    trainer.advance(5 * trainer.steps_per_epoch)
    out = predict(trainer.params, trainer._features(trainer.dataset.x_train), trainer.arch)
    accuracy = np.mean(np.argmax(out, axis=1) == trainer.dataset.y_train)
    assert trainer.arch.residual and trainer.metrics()["train_accuracy"] == pytest.approx(accuracy, abs=1e-6)
    assert trainer.metrics()["train_loss"] < before - 0.2
