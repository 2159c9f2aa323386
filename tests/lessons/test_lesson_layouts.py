"""The lessons' key frames, checked for collisions (nnwatch.video.overlaps): the first frame of every kind of
shot and a moment later, the middle and the end."""

from nnwatch.video.overlaps import script_problems


def test_xor_synapses_frames_are_clean(xor_video):
    assert script_problems(xor_video) == []


def test_shapes_dropout_frames_are_clean(shapes_video):
    assert script_problems(shapes_video) == []
