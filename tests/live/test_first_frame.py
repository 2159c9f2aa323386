"""A new network's first picture, drawn from NumPy while its trainer compiles: the same frame the compiled
trainer gives at epoch 0, no JAX loaded for it, and nothing claimed trained before the trainer runs."""

import json
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from nnwatch.errors import NNWatchError
from nnwatch.live.first_frame import FirstNetwork
from nnwatch.live.protocol import decode_frame, parse_message
from nnwatch.live.session import Session
from nnwatch.live.settings import LiveLimits, spec_from_query
from nnwatch.training import Trainer

LIMITS = LiveLimits(density=50)  # the server's: a 99x99 probe grid
METRICS = ("train_loss", "test_loss", "train_accuracy", "test_accuracy")


def send(session, text):
    return session.apply(parse_message(text))


class Gated:
    """``make_trainer`` that builds the real Trainer only once opened: the first picture is all there is until
    then. ``built`` lists the hidden layers of what it built."""

    def __init__(self, fail: bool = False):
        self.gate, self.fail, self.built = threading.Event(), fail, []

    def __call__(self, spec, dataset):
        assert self.gate.wait(60), "the test never opened the gate"
        if self.fail:
            raise RuntimeError("no compiler today")
        self.built.append(spec.network.hidden)
        return Trainer(spec, dataset)


def behind(query, make_trainer, limits=LIMITS, **options):
    return Session(query, limits, make_trainer=make_trainer, build_behind=True, **options)


def adopted(session, timeout=60.0):
    """Tick until the session's trainer has taken over (as the server's clock does)."""
    deadline = time.monotonic() + timeout
    while session.building is not None:
        assert time.monotonic() < deadline, "the trainer was never built"
        session.tick()
        time.sleep(0.005)
    return session


SETTINGS = [
    "",  # the Playground's opening network: circle, 4,2 tanh, two classes
    "dataset=reg_plane&hidden=3",  # regression: a linear output, no accuracy
    "dataset=arms&classes=3&hidden=6,6",  # three classes: a softmax output
    "dataset=xor&features=x1,x2,x1x2,sinx1,x1sq&hidden=8,8,8&activation=relu",  # features, several layers
    "dataset=spiral&hidden=5,5&activation=sigmoid&standardize=true&init=he&train_share=0.8",
    "dataset=gauss&hidden=4,4,4&residual=true&output_unit=sigmoid&loss=cross_entropy&init=xavier",
]


@pytest.mark.parametrize("query", SETTINGS)
def test_the_numpy_first_frame_is_the_compiled_trainers_epoch_0(query):
    compiled = Session(query, LIMITS, make_trainer=Trainer)
    gated = Gated()
    try:
        picture = behind(query, gated)
        assert isinstance(picture.trainer, FirstNetwork) and "jax" not in type(picture.grid_features).__module__
        ours, theirs = decode_frame(picture.frame()), decode_frame(compiled.frame())
    finally:
        gated.gate.set()
    (head, params, maps), (their_head, their_params, their_maps) = ours, theirs
    assert head["epoch"] == 0 and head["step"] == 0 and head["history"] == 1
    for name in their_head:
        if name in METRICS and their_head[name] is not None:
            assert head[name] == pytest.approx(their_head[name], rel=1e-5), name
        else:
            assert head[name] == their_head[name], name  # sizes, confusion, dead links, payload lengths...
    np.testing.assert_array_equal(params, their_params)  # the very weights the trainer starts from
    differ = maps.astype(int) - their_maps
    assert np.abs(differ).max() <= 1 and np.count_nonzero(differ) <= 1e-3 * maps.size  # rounding, at most


def test_the_first_network_is_the_trainers_for_every_init():
    for init in ("playground", "xavier", "he", "zeros"):
        spec = spec_from_query(f"hidden=3,3&residual=true&init={init}&seed=7")
        first, trainer = FirstNetwork(spec), Trainer(spec)
        assert first.arch == trainer.arch and first.steps_per_epoch == trainer.steps_per_epoch
        assert first.starts_as(trainer)
        np.testing.assert_array_equal(first.dataset.x_train, trainer.dataset.x_train)


def test_the_first_frame_loads_no_jax():
    code = """
import sys, threading
from nnwatch.live.protocol import decode_frame
from nnwatch.live.session import Session
from nnwatch.live.settings import LiveLimits
gate = threading.Event()
def make_trainer(spec, dataset):
    gate.wait()
    from nnwatch.training import Trainer
    return Trainer(spec, dataset)
session = Session("", LiveLimits(), make_trainer=make_trainer, build_behind=True)
header = decode_frame(session.frame())[0]
print(header["epoch"], header["sizes"], 'jax' in sys.modules, flush=True)
gate.set()
session.building.ready.wait(120)
print(session.building.error, 'jax' in sys.modules)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=180)
    assert result.stdout.splitlines() == ["0.0 [2, 4, 2, 1] False", "None True"], result.stdout + result.stderr


def test_play_before_the_trainer_is_ready_starts_when_it_is():
    gated = Gated()
    session = behind("hidden=3", gated, LiveLimits(density=20))
    send(session, '{"type": "speed", "epochs_per_frame": 2}')
    status = json.loads(send(session, '{"type": "play"}')[0])
    assert status["playing"] is True and status["compiling"] is True
    session.frame()
    for _ in range(5):
        assert session.tick() is False  # nothing new: no frame claims training that did not happen
    header = decode_frame(session.frame())[0]
    assert (header["epoch"], header["step"], header["history"], header["playing"]) == (0, 0, 1, True)
    gated.gate.set()
    adopted(session)
    assert json.loads(session.outbox[-1]) == {"type": "status", "playing": True, "compiling": False,
                                              "diverged": False}
    while session.trainer.step == 0:
        session.tick()
    header = decode_frame(session.frame())[0]
    assert header["epoch"] == 2 and header["history"] == 2 and gated.built == [[3]]


def test_a_change_while_playing_says_compiling_only_when_the_build_takes_a_while():
    gated = Gated()
    gated.gate.set()
    session = adopted(behind("hidden=3", gated, LiveLimits(density=20)))
    send(session, '{"type": "play"}')
    session.tick()
    gated.gate.clear()
    send(session, '{"type": "set", "key": "hidden", "value": "4"}')  # still playing: the new network will train
    session.outbox.clear()
    session.tick()
    assert session.outbox == []  # a warmed network is built at once: no word said for it
    time.sleep(0.15)
    session.tick()
    assert [json.loads(m)["compiling"] for m in session.outbox] == [True]
    gated.gate.set()
    adopted(session)
    assert json.loads(session.outbox[-1])["compiling"] is False and session.playing
    while session.trainer.step == 0:
        session.tick()
    assert session.trainer.arch.sizes == (2, 4, 1)


def test_a_step_before_the_trainer_is_ready_waits_for_it():
    gated = Gated()
    session = behind("hidden=3", gated, LiveLimits(density=20))
    threading.Timer(0.3, gated.gate.set).start()
    send(session, '{"type": "step"}')
    assert session.building is None and session.epoch == 1 and session.trainer.step > 0


def test_settings_changed_while_compiling_reach_the_trainer():
    gated = Gated()
    session = behind("hidden=3&batch=10", gated, LiveLimits(density=20))
    send(session, '{"type": "set", "key": "lr", "value": "0.3"}')
    send(session, '{"type": "set", "key": "batch", "value": "1"}')
    assert session.trainer.steps_per_epoch == session.trainer.n_train  # the picture's counts follow at once
    gated.gate.set()
    adopted(session)
    assert isinstance(session.trainer, Trainer)
    assert (session.trainer.learning_rate, session.trainer.batch_size) == (0.3, 1)


def test_a_change_while_compiling_is_drawn_at_once_and_the_newest_network_trains():
    gated = Gated()
    warmed = []
    session = behind("hidden=3", gated, LiveLimits(density=20), on_build=lambda spec, _: warmed.append(spec))
    send(session, '{"type": "set", "key": "hidden", "value": "5"}')
    assert decode_frame(session.frame())[0]["sizes"] == [2, 5, 1] and warmed == []
    gated.gate.set()
    adopted(session)
    assert session.trainer.arch.sizes == (2, 5, 1) and gated.built == [[3], [5]]
    assert [spec.network.hidden for spec in warmed] == [[5]]  # asked for once the newest was built, not before


def test_the_pages_hello_reuses_the_build_under_way():
    gated = Gated()
    session = behind("", gated, LiveLimits(density=20))
    send(session, '{"type": "hello", "query": ""}')  # what the page sends first: the same network
    gated.gate.set()
    adopted(session)
    assert gated.built == [[4, 2]]


def test_a_build_that_fails_says_so_and_trains_nothing():
    gated = Gated(fail=True)
    session = behind("hidden=3", gated, LiveLimits(density=20))
    send(session, '{"type": "play"}')
    gated.gate.set()
    session.building.ready.wait(10)
    session.tick()
    error = json.loads(session.outbox[-1])
    assert error["type"] == "error" and "could not be built" in error["message"] and "no compiler" in error["message"]
    header = decode_frame(session.frame())[0]
    assert header["playing"] is False and header["epoch"] == 0 and "could not be built" in header["stopped"]
    with pytest.raises(NNWatchError, match="could not be built"):
        send(session, '{"type": "step"}')
    gated.fail = False
    send(session, '{"type": "set", "key": "hidden", "value": "2"}')  # another network gets a build of its own
    assert adopted(session).trainer.arch.sizes == (2, 2, 1) and isinstance(session.trainer, Trainer)


def test_a_spec_the_picture_cannot_vouch_for_is_built_at_once():
    session = behind("hidden=4,4&residual=true&deep_supervision=true", Trainer, LiveLimits(density=20))
    assert isinstance(session.trainer, Trainer) and session.building is None
    with pytest.raises(NNWatchError, match="deep supervision"):  # the trainer's own words, at once
        send(session, '{"type": "set", "key": "hidden", "value": "4,3"}')
    assert session.spec.network.hidden == [4, 4]


def test_the_server_sends_the_picture_before_the_trainer_is_built_and_trains_when_it_is(make_app):
    from fastapi.testclient import TestClient

    gated = Gated()
    client = TestClient(make_app(make_trainer=gated, limits=LiveLimits(density=20)))
    seen = []
    with client.websocket_connect("/ws") as ws:
        ws.send_text(json.dumps({"type": "hello", "query": "hidden=3"}))
        ws.send_text('{"type": "play"}')

        def receive():
            message = ws.receive()
            if message.get("bytes") is not None:
                ws.send_text('{"type":"ready"}')
                seen.append(("frame", decode_frame(message["bytes"])[0]))
            else:
                seen.append(("json", json.loads(message["text"])))
            return seen[-1]

        frames = lambda: [m for kind, m in seen if kind == "frame"]  # noqa: E731
        waiting = {"type": "status", "playing": True, "compiling": True, "diverged": False}
        # The hello's network drawn (after the session's opening one, perhaps), and play's answer: compiling.
        while not (frames() and frames()[-1]["sizes"] == [2, 3, 1] and ("json", waiting) in seen):
            receive()
        assert frames()[-1]["epoch"] == 0 and gated.built == []
        gated.gate.set()
        while not (frames()[-1]["epoch"] > 0):
            receive()
    assert all(f["epoch"] == 0 and f["step"] == 0 for f in frames()[:-1])  # nothing claimed trained before
    over = seen.index(("json", {**waiting, "compiling": False}))
    assert over < len(seen) - 1 and gated.built and gated.built[-1] == [3]
