"""The lesson registry: names, one-line errors, quick listing, and the Script that lays shots on frames."""

import subprocess
import sys

import pytest

from nnwatch.errors import NNWatchError
from nnwatch.lessons import LESSONS, Lesson, Script, Shot, get_lesson, list_lessons, render_lesson


def test_both_lessons_are_listed():
    assert set(LESSONS) == {"xor-synapses", "shapes-dropout", "relu-fold", "deep-layers", "spiral-sweep",
                            "from-scratch"}
    for name, lesson in LESSONS.items():
        assert isinstance(lesson, Lesson) and lesson.name == name
        assert lesson.title and lesson.summary and "\n" not in lesson.summary
    assert [name for name, _ in list_lessons()] == list(LESSONS)
    assert get_lesson("xor-synapses") is LESSONS["xor-synapses"]


def test_unknown_lesson_names_the_valid_ones():
    with pytest.raises(NNWatchError) as err:
        get_lesson("xor-synapse")
    message = str(err.value)
    assert "unknown lesson 'xor-synapse'" in message and "did you mean 'xor-synapses'" in message
    assert "shapes-dropout" in message and "\n" not in message


def test_render_lesson_checks_the_target_before_training(tmp_path):
    with pytest.raises(NNWatchError, match="unknown lesson"):
        render_lesson("nope", tmp_path / "out.mp4")
    with pytest.raises(NNWatchError, match=r"\.avi"):
        render_lesson("xor-synapses", tmp_path / "out.avi")
    with pytest.raises(NNWatchError, match="does not exist"):
        render_lesson("xor-synapses", tmp_path / "missing" / "out.mp4")


def test_listing_lessons_loads_neither_jax_nor_matplotlib():
    code = ("import sys, nnwatch.lessons as L; L.list_lessons(); "
            "print([m for m in ('jax', 'matplotlib') if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


class _Frame:
    def __init__(self, u):
        self.u, self.time = u, None


def test_script_lasts_as_long_at_any_frame_rate():
    shots = [Shot(0.5, _Frame, "a"), Shot(0.25, _Frame, "b"), Shot(0.0, _Frame, "empty"), Shot(1.25, _Frame, "c")]
    for fps in (4, 10, 30):
        script = Script(shots, fps)
        assert len(script) == round(2.0 * fps) and script.seconds == pytest.approx(2.0)
        kinds = script.kinds()
        assert len(kinds) == len(script) and "empty" not in kinds
        assert kinds.count("a") == round(0.5 * fps)
    script = Script(shots, 10)
    assert [script[i].u for i in range(5)] == pytest.approx([0, 0.2, 0.4, 0.6, 0.8])  # shot a: frames 0-4
    assert script[5].u == 0 and script.shot_at(5).kind == "b"
    assert script[-1].u == pytest.approx(11 / 12) and script[-1].time == pytest.approx(1.9)
    assert len(script[2:6]) == 4
    with pytest.raises(IndexError):
        script[len(script)]
