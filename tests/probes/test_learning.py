"""The verdict a run that did not learn gets: chance from the labels, a third of the way to 100 % to pass."""

from dataclasses import replace

import numpy as np
import pytest

from nnwatch.drivers import train
from nnwatch.probes.learning import chance_accuracy, not_learned
from nnwatch.record.status import DIVERGED


@pytest.fixture(scope="module")
def circle_run():
    return train(dataset="circle", hidden="3", epochs=3, snapshots=3)


def with_final(run, **metrics):
    snapshots = run.snapshots[:-1] + [replace(run.final, **metrics)]
    return replace(run, snapshots=snapshots)


def test_chance_is_the_commonest_class_share():
    assert chance_accuracy(np.array([0, 0, 0, 1]), 2) == 0.75
    assert chance_accuracy(np.array([0, 1, 2, 3]), 4) == 0.25
    assert chance_accuracy(np.array([2, 2]), 3) == 1.0


def test_a_classifier_must_go_a_third_of_the_way_from_chance(circle_run):
    chance = chance_accuracy(circle_run.dataset.y_test, 2)
    bar = chance + (1 - chance) / 3
    assert not_learned(with_final(circle_run, test_accuracy=bar + 0.01)) is None
    verdict = not_learned(with_final(circle_run, test_accuracy=bar - 0.01))
    assert verdict == f"did not learn: test accuracy {bar - 0.01:.0%} (chance {chance:.0%})"


def test_without_a_test_set_the_training_accuracy_is_judged(circle_run):
    verdict = not_learned(with_final(circle_run, test_accuracy=float("nan"), train_accuracy=0.5))
    assert verdict.startswith("did not learn: training accuracy 50%")


def test_a_diverged_run_says_so_and_random_weights_are_not_judged(circle_run):
    assert not_learned(replace(circle_run, status=DIVERGED)).startswith("diverged")
    assert not_learned(replace(circle_run, snapshots=circle_run.snapshots[:1])) is None


def test_a_regression_that_kept_its_loss_did_not_learn():
    run = train(dataset="reg_plane", hidden="2", epochs=2, snapshots=2)
    start = run.snapshots[0].train_loss
    assert not_learned(with_final(run, train_loss=0.5 * start)) is None
    assert not_learned(with_final(run, train_loss=0.95 * start)).startswith("did not learn: training loss")
