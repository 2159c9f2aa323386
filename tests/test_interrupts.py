"""nnwatch.interrupts: a stop signal only sets a flag; the next check in the main thread raises it."""

import signal
import threading

import pytest

from nnwatch import interrupts
from nnwatch.errors import NNWatchError


@pytest.fixture
def installed():
    saved = {signum: signal.getsignal(signum) for signum in interrupts.HANDLED}
    interrupts.clear()
    interrupts.install()
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)
    interrupts.clear()


@pytest.fixture
def pending(monkeypatch):
    """A Ctrl-C that came in before the code under test ran (as during an import or a compile)."""
    monkeypatch.setattr(interrupts, "_received", signal.SIGINT)


def test_a_signal_sets_the_flag_and_the_next_check_raises(installed):
    signal.raise_signal(signal.SIGINT)  # no exception here: only the flag
    assert interrupts.requested() == signal.SIGINT
    with pytest.raises(interrupts.Interrupted) as info:
        interrupts.check()
    assert isinstance(info.value, KeyboardInterrupt) and info.value.exit_code == 130
    assert info.value.verb == "interrupted"


def test_sigterm_is_a_stop_with_its_own_exit_code(installed):
    signal.raise_signal(signal.SIGTERM)
    with pytest.raises(interrupts.Interrupted) as info:
        interrupts.check()
    assert info.value.exit_code == 143 and info.value.verb == "terminated"


def test_a_second_signal_raises_at_once(installed):
    signal.raise_signal(signal.SIGINT)
    with pytest.raises(interrupts.Interrupted) as info:
        signal.raise_signal(signal.SIGTERM)
    assert info.value.exit_code == 130  # the first signal decides how the command ends


def test_only_the_main_thread_raises(installed):
    signal.raise_signal(signal.SIGINT)
    seen = []

    def worker():
        try:
            interrupts.check()
            seen.append("went on")
        except KeyboardInterrupt:
            seen.append("raised")

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen == ["went on"]


def test_an_ignored_signal_stays_ignored(installed):
    saved = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    try:
        interrupts.install()
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
        assert signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    finally:
        signal.signal(signal.SIGHUP, saved)


def test_without_install_nothing_is_caught():
    interrupts.clear()
    interrupts.check()  # no flag: nothing happens
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the test process keeps Python's own


def test_training_stops_at_a_pending_interrupt(pending):
    from nnwatch.drivers.recorder import record
    from nnwatch.spec import Spec
    from nnwatch.training import Trainer

    trainer = Trainer(Spec().with_flat(dataset="xor", hidden="2", epochs=5))
    with pytest.raises(interrupts.Interrupted):
        record(trainer)
    assert trainer.step == 0  # it stopped before the first stretch


def test_a_pending_interrupt_stops_a_writer_and_leaves_nothing(tmp_path, pending):
    import numpy as np

    from nnwatch.video.writers import open_writer

    frame = np.zeros((64, 64, 3), np.uint8)
    for name in ("v.mp4", "v.gif", "frames"):
        with pytest.raises(interrupts.Interrupted), open_writer(tmp_path / name, 10, (64, 64)) as writer:
            writer.write(frame)
    assert list(tmp_path.iterdir()) == []


def test_an_interrupt_during_the_last_frame_still_leaves_nothing(tmp_path, monkeypatch):
    import numpy as np

    from nnwatch.video.writers import open_writer

    with pytest.raises(interrupts.Interrupted), open_writer(tmp_path / "v.mp4", 10, (64, 64)) as writer:
        writer.write(np.zeros((64, 64, 3), np.uint8))
        monkeypatch.setattr(interrupts, "_received", signal.SIGTERM)  # after the last check in write()
    assert list(tmp_path.iterdir()) == []


def test_interrupted_is_no_user_error():
    # `except NNWatchError` (or Exception) in the code on the way out must never swallow a stop.
    assert not issubclass(interrupts.Interrupted, (NNWatchError, Exception))
