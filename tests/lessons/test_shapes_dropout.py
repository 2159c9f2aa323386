"""shapes-dropout (SEEDS.md §2): a 5-layer MLP with dropout that learns, one example per snapshot, and frames
whose sample view shows that example's image and the network's probabilities."""

import numpy as np
import pytest

from nnwatch import probes
from nnwatch.lessons.frames import TRAIN
from nnwatch.lessons.shapes_dropout import UNKNOWN_BELOW


def test_it_learns_the_shapes(shapes_video):
    run = shapes_video.run
    assert run.arch.sizes == (576, 64, 32, 16, 3) and len(run.arch.sizes) == 5
    assert run.arch.output == "softmax" and run.spec.network.dropout == 0.2
    assert run.spec.training.optimizer == "adam" and run.dataset.classes == ("circle", "square", "triangle")
    assert run.dataset.image_shape == (24, 24)
    assert run.final.test_accuracy >= 0.9
    assert run[0].test_accuracy < 0.5                                # it starts by guessing
    assert [s.epoch for s in run.snapshots] == list(range(0, 251, 25))


def test_one_example_per_snapshot(shapes_video):
    run, plan = shapes_video.run, shapes_video.plan
    assert 30 <= plan.seconds <= 60
    assert shapes_video.view_options["sample"]["unknown_below"] == UNKNOWN_BELOW == 0.6
    assert shapes_video.layout == ("caption", "network", "sample", "metrics")
    assert plan[0].title == "A 5-layer MLP with dropout learning hand-drawn shapes"  # not "a perceptron"
    first = next(shot for shot in plan.shots if shot.kind == "forward")
    assert first.frame(0.4).reveal >= run.arch.n_layers  # the answer is on screen for the last 60 % of a shot
    forward = [shot.frame(0.0) for shot in plan.shots if shot.kind == "forward"]
    assert [f.snapshot.step for f in forward] == [s.step for s in run.snapshots]
    assert [f.position for f in forward] == list(range(len(run)))
    examples = [f.example for f in forward]
    assert len(set(examples)) == len(examples) and all(f.split == TRAIN for f in forward)
    labels = run.dataset.y_train[examples]
    assert labels.tolist() == [k % 3 for k in range(len(run))]       # circle, square, triangle in turn

    # Within an example's shot the forward pass lights the columns one after another.
    kinds = plan.kinds()
    start = kinds.index("forward")
    reveals = [plan[i].reveal for i in range(start, start + kinds[start:].index("move"))]
    assert reveals[0] == -1 and reveals[-1] >= 4 and reveals == sorted(reveals)


def test_the_verdict_applies_the_unknown_threshold(shapes_video):
    run = shapes_video.run
    plan = shapes_video.plan
    kinds = plan.kinds()
    last_of_each = [i for i in range(len(kinds) - 1) if kinds[i] == "forward" and kinds[i + 1] != "forward"]
    for i in last_of_each:
        frame = plan[i]
        probs = probes.layer_outputs(frame.snapshot, run.dataset.x_train[frame.example][None, :])[-1][0]
        best = run.dataset.classes[int(np.argmax(probs))]
        if probs.max() < UNKNOWN_BELOW:
            assert frame.caption.startswith("Unknown") and best in frame.caption
        else:
            assert frame.caption.startswith(f"The network says {best}")


def _sample_pixels(renderer, frame):
    image = renderer.render(frame)[..., :3].copy()
    sample = next(v for v in renderer.views if v.name == "sample")
    box = sample.image_ax.get_window_extent()
    height = image.shape[0]
    rows = slice(int(height - box.y1) + 2, int(height - box.y0) - 2)
    return image, image[rows, int(box.x0) + 2:int(box.x1) - 2], sample


def test_a_frame_shows_the_example_and_its_probabilities(shapes_video):
    run, plan = shapes_video.run, shapes_video.plan
    renderer = shapes_video.renderer((640, 360))
    kinds = plan.kinds()
    ends = [i for i in range(len(kinds) - 1) if kinds[i] == "forward" and kinds[i + 1] != "forward"]
    frame_a, frame_b = plan[ends[-1]], plan[ends[-2]]
    assert frame_a.example != frame_b.example
    _, pixels_a, sample = _sample_pixels(renderer, frame_a)
    probs = probes.layer_outputs(frame_a.snapshot, run.dataset.x_train[frame_a.example][None, :])[-1][0]
    assert [bar.get_width() for bar in sample.bars] == pytest.approx(probs.tolist(), abs=1e-6)
    assert np.array_equal(sample.picture.get_array(), run.dataset.x_train[frame_a.example].reshape(24, 24))
    _, pixels_b, _ = _sample_pixels(renderer, frame_b)
    assert pixels_a.shape == pixels_b.shape and pixels_a.size > 0
    assert pixels_a.min() < 60 and pixels_a.max() > 200                # dark ink on a light page
    assert np.mean(np.any(pixels_a != pixels_b, axis=-1)) > 0.05      # another drawing
