"""A Session without a server: what each message does to training and history."""

import json

import numpy as np
import pytest

from nnwatch.errors import LimitError, NNWatchError
from nnwatch.live.protocol import decode_frame, parse_message
from nnwatch.live.session import LiveLimits
from nnwatch.live.session import Session as LiveSession
from nnwatch.record.snapshot import Snapshot
from nnwatch.training import Trainer


def Session(query="", limits=LiveLimits()):  # noqa: N802 - the live Session, trained as `nnwatch play` trains it
    return LiveSession(query, limits, make_trainer=Trainer)


def send(session, text):
    return session.apply(parse_message(text))


@pytest.fixture
def session():
    return Session("dataset=circle&hidden=3", LiveLimits(density=20))


def test_opening_state_follows_the_playground(session):
    default = Session("", LiveLimits(density=20))
    assert default.spec.data.name == "circle" and default.spec.network.hidden == [4, 2]
    assert session.trainer.arch.sizes == (2, 3, 1) and not session.playing


def test_play_ticks_train_epochs_per_frame(session):
    send(session, '{"type": "speed", "epochs_per_frame": 4}')
    send(session, '{"type": "play"}')
    session.tick()
    assert session.trainer.epoch == 4
    header, params, maps = decode_frame(session.frame())
    assert header["epoch"] == 4 and header["sizes"] == [2, 3, 1]
    fine = header["output_density"]
    assert fine == 2 * 20 - 1  # the heatmap's grid: every second point of it is the 20x20 neuron maps' grid
    assert params.size == 2 * 3 + 3 + 3 + 1 and maps.size == (2 + 3 + 1) * 400 + fine * fine
    coarse_output, fine_output = maps[5 * 400:6 * 400].reshape(20, 20), maps[6 * 400:].reshape(fine, fine)
    assert np.array_equal(coarse_output, fine_output[::2, ::2])
    assert session.tick() is True and session.trainer.epoch == 8


def test_learning_rate_changes_without_a_reset(session):
    send(session, '{"type": "step"}')
    send(session, '{"type": "set", "key": "lr", "value": "0.3"}')
    assert session.trainer.epoch == 1 and session.trainer.learning_rate == 0.3


def test_other_settings_reset_and_regenerate_draws_new_data(session):
    send(session, '{"type": "step"}')
    send(session, '{"type": "set", "key": "hidden", "value": "4,4"}')
    assert session.trainer.epoch == 0 and session.trainer.arch.sizes == (2, 4, 4, 1)
    before = session.trainer.dataset.x_train.copy()
    send(session, '{"type": "regenerate"}')
    assert not np.array_equal(before, session.trainer.dataset.x_train)


def test_seek_rewinds_and_play_resumes_from_there(session):
    send(session, '{"type": "play"}')
    for _ in range(6):
        session.tick()
    kept = session.history[2]
    send(session, '{"type": "seek", "index": 2}')
    assert not session.playing and session.trainer.step == kept.step
    np.testing.assert_array_equal(session.trainer.params[0]["w"], kept.params[0]["w"])
    send(session, '{"type": "play"}')
    session.tick()
    assert len(session.history) == 4 and session.trainer.step > kept.step


def test_edit_changes_one_weight(session):
    send(session, '{"type": "edit", "layer": 0, "param": "w", "row": 1, "col": 2, "value": -0.75}')
    assert session.trainer.params[0]["w"][1, 2] == -0.75
    with pytest.raises(NNWatchError, match=r"w\[5, 0\] is outside layer 0's shape \[2, 3\]"):
        send(session, '{"type": "edit", "layer": 0, "param": "w", "row": 5, "col": 0, "value": 1}')


def test_limits_are_enforced_with_their_names():
    small = Session("", LiveLimits(max_layers=2, max_neurons=4, density=20))
    with pytest.raises(LimitError, match="hidden layers is 3; the limit is 2"):
        send(small, '{"type": "set", "key": "hidden", "value": "2,2,2"}')
    with pytest.raises(LimitError, match="neurons per layer is 5; the limit is 4"):
        send(small, '{"type": "set", "key": "hidden", "value": "5"}')
    assert small.trainer.arch.sizes == (2, 4, 2, 1)  # unchanged after the refusals


def test_tables_are_refused(session):
    with pytest.raises(NNWatchError, match="the live app draws 2-D data"):
        send(session, '{"type": "set", "key": "dataset", "value": "xor3"}')


def test_an_edit_after_a_seek_shows_the_edited_network(session):
    send(session, '{"type": "play"}')
    for _ in range(4):
        session.tick()
    send(session, '{"type": "seek", "index": 0}')
    send(session, '{"type": "edit", "layer": 1, "param": "b", "row": 0, "value": 3.0}')
    header, params, _ = decode_frame(session.frame())
    assert params[-1] == 3.0 and session.position is None


def test_state_carries_the_loss_history(session):
    send(session, '{"type": "play"}')
    for _ in range(5):
        session.tick()
    losses = json.loads(session.state_message())["losses"]
    assert len(losses) == 6 and losses[0][0] == 0 and losses[-1][0] == 5
    assert losses[-1][1] == pytest.approx(session.metrics["train_loss"])


def test_frames_list_the_links_l1_killed():
    strong = Session("dataset=circle&hidden=8&regularization=l1&reg_rate=0.3&lr=0.1", LiveLimits(density=20))
    send(strong, '{"type": "speed", "epochs_per_frame": 20}')
    send(strong, '{"type": "play"}')
    strong.tick()
    header, params, _ = decode_frame(strong.frame())
    assert len(header["dead"]) > 5
    layer, i, j = header["dead"][0]
    assert strong.trainer.params[layer]["w"][i, j] == 0.0
    # read from the Snapshot, they are the links the engine's own L1 mask says are dead
    masks = strong.trainer.dead_links
    engine_says = {(g, int(a), int(b)) for g, mask in enumerate(masks) for a, b in zip(*np.nonzero(mask))}
    assert {tuple(link) for link in header["dead"]} == engine_says


def test_the_history_is_snapshots_and_exports_read_the_same_ones(session):
    send(session, '{"type": "play"}')
    for _ in range(5):
        session.tick()
    assert len(session.history) == 6 and all(isinstance(s, Snapshot) for s in session.history.snapshots)
    last = session.history[-1]
    assert (last.step, last.epoch, last.train_loss) == (session.trainer.step, session.trainer.epoch,
                                                       session.metrics["train_loss"])
    send(session, '{"type": "seek", "index": 3}')
    run = session.to_run()
    assert len(run.snapshots) == 4 and all(a is b for a, b in zip(run.snapshots, session.history.snapshots))
    weights = json.loads(session.weights_json())
    assert weights["epoch"] == session.history[3].epoch
    np.testing.assert_allclose(weights["layers"][0]["w"], session.history[3].params[0]["w"], rtol=1e-6)


def test_a_scrubbed_frame_shows_its_snapshot_with_the_probes_confusion_matrix(session):
    from nnwatch.probes.confusion import confusion_matrix

    send(session, '{"type": "speed", "epochs_per_frame": 5}')
    send(session, '{"type": "play"}')
    for _ in range(4):
        session.tick()
    send(session, '{"type": "seek", "index": 1}')
    header, params, _ = decode_frame(session.frame())
    shown, ds = session.history[1], session.trainer.dataset
    assert (header["position"], header["history"], header["step"], header["epoch"]) == (1, 5, shown.step, shown.epoch)
    assert header["train_loss"] == shown.train_loss and header["test_accuracy"] == shown.test_accuracy
    np.testing.assert_array_equal(params[:6], shown.params[0]["w"].ravel())
    assert header["confusion"] == confusion_matrix(shown, ds.x_test, ds.y_test, ds.n_classes).tolist()
    assert sum(map(sum, header["confusion"])) == len(ds.x_test)
    right = header["confusion"][0][0] + header["confusion"][1][1]
    assert right / len(ds.x_test) == pytest.approx(shown.test_accuracy)  # one rule for "which class?"


def test_frames_say_diverged_as_the_status_message_does():
    from nnwatch.record.status import DIVERGED

    wild = Session("dataset=reg_plane&hidden=8,8&activation=relu&lr=100&init=he", LiveLimits(density=10))
    assert decode_frame(wild.frame())[0]["diverged"] is False
    send(wild, '{"type": "speed", "epochs_per_frame": 25}')
    send(wild, '{"type": "play"}')
    for _ in range(50):
        wild.tick()
        if wild.trainer.status == DIVERGED:
            break
    header = decode_frame(wild.frame())[0]
    assert header["diverged"] is True and "status" not in header and header["stopped"].startswith("diverged")
    assert json.loads(wild.status_message())["diverged"] is True


def test_uploaded_data_in_other_units_is_fitted_to_the_view():
    from nnwatch.data.points import points_dataset
    from nnwatch.live.session import fit_to_view

    big = points_dataset([[0, 100, 0], [600, 300, 1], [300, 200, 0], [450, 120, 1]], train_share=1.0)
    fitted = fit_to_view(big)
    assert np.abs(fitted.x_train).max() == pytest.approx(5.5)
    assert fitted.domain == ((-6.0, 6.0), (-6.0, 6.0)) and "scaled" in fitted.description
    small = points_dataset([[0, 1, 0], [2, -3, 1]], train_share=1.0)
    np.testing.assert_array_equal(fit_to_view(small).x_train, small.x_train)


def test_stop_conditions_pause_training():
    by_epochs = Session("dataset=circle&hidden=3&epochs=7", LiveLimits(density=20))
    send(by_epochs, '{"type": "speed", "epochs_per_frame": 5}')
    send(by_epochs, '{"type": "play"}')
    by_epochs.tick()
    by_epochs.tick()
    assert by_epochs.trainer.epoch == 7 and not by_epochs.playing
    header, _, _ = decode_frame(by_epochs.frame())
    assert header["stopped"] == "reached 7 epochs" and header["playing"] is False
    by_loss = Session("dataset=gauss&hidden=2&lr=0.1&target_loss=0.1", LiveLimits(density=20))
    send(by_loss, '{"type": "play"}')
    for _ in range(200):
        if not by_loss.tick() or not by_loss.playing:
            break
    assert not by_loss.playing and by_loss.metrics["train_loss"] <= 0.1
    assert "target" in by_loss.stopped


def test_reset_draws_new_weights_on_the_same_data_and_the_seed_reproduces_them(session):
    data, weights = session.trainer.dataset.x_train.copy(), session.trainer.params[0]["w"].copy()
    send(session, '{"type": "reset"}')
    first = session.trainer.params[0]["w"].copy()
    send(session, '{"type": "reset"}')
    assert not np.array_equal(first, weights) and not np.array_equal(first, session.trainer.params[0]["w"])
    np.testing.assert_array_equal(session.trainer.dataset.x_train, data)  # the data stay
    state = json.loads(session.state_message())
    again = Session(state["query"], LiveLimits(density=20))  # the URL the page shows after the reset
    np.testing.assert_array_equal(again.trainer.params[0]["w"], session.trainer.params[0]["w"])
    np.testing.assert_array_equal(again.trainer.dataset.x_train, data)
    weights = session.trainer.params[0]["w"].copy()
    send(session, '{"type": "regenerate"}')  # new data, the same initial weights
    assert not np.array_equal(session.trainer.dataset.x_train, data)
    np.testing.assert_array_equal(session.trainer.params[0]["w"], weights)


def test_a_batch_change_keeps_the_epochs_counted(session):
    for _ in range(3):
        send(session, '{"type": "step"}')
    assert session.epoch == 3
    send(session, '{"type": "set", "key": "batch", "value": "1"}')
    assert session.epoch == 3
    send(session, '{"type": "step"}')
    assert session.epoch == 4 and [s.epoch for s in session.history] == [0, 1, 2, 3, 4]
    send(session, '{"type": "seek", "index": 1}')
    send(session, '{"type": "step"}')  # at batch 1 from epoch 1
    assert session.epoch == 2 and decode_frame(session.frame())[0]["epoch"] == 2


def test_feature_maps_are_clamped_not_scaled():
    s = Session("dataset=circle&hidden=2&features=x1,x1x2", LiveLimits(density=20))
    x1x2 = s.feature_maps[1].reshape(20, 20)
    assert x1x2[0, 0] == 255 and x1x2[0, -1] == 0 and x1x2[-1, -1] == 255  # +-1 at the corners (36 clamped)
    assert (x1x2 == 255).sum() > 100  # solid quadrants: most of each is clamped, not a ramp
    x1 = s.feature_maps[0].reshape(20, 20)
    near_zero = -6 + 10 * 12 / 19  # x1 at column 10: 0.32, shown as itself (scaled by its maximum 6 it was 0.05)
    assert x1[0, 0] == 0 and x1[0, -1] == 255 and x1[0, 10] == round((near_zero + 1) * 127.5)


def test_links_l1_killed_stay_dead_after_a_scrub_back():
    s = Session("dataset=circle&hidden=4&regularization=l1&reg_rate=0.3&lr=0.1", LiveLimits(density=20))
    send(s, '{"type": "play"}')
    while not decode_frame(s.frame())[0]["dead"]:
        s.tick()
    for _ in range(3):
        s.tick()
    index = len(s.history) - 3
    dead = decode_frame(s.frame())[0]["dead"]
    send(s, f'{{"type": "seek", "index": {index}}}')
    shown = decode_frame(s.frame())[0]["dead"]  # the scrubbed-back frame has its own moment's dead links
    assert shown and all(link in dead for link in shown)
    send(s, '{"type": "set", "key": "batch", "value": "full"}')  # so that a step is one optimizer step
    send(s, '{"type": "step"}')  # resumed from there: those links stay dead (a live one at 0 would move)
    w = s.trainer.params
    assert all(w[layer]["w"][i, j] == 0 for layer, i, j in shown)
    zeros = Session("dataset=circle&hidden=2&regularization=l1&init=zeros", LiveLimits(density=20))
    assert decode_frame(zeros.frame())[0]["dead"] == []  # zeros at step 0 are an init, not L1's work
