"""Lesson deep-layers: a trained residual network read out one layer at a time, the last frame the network's
own answer over the whole plane."""

import numpy as np
import pytest

from nnwatch.lessons import LESSONS
from nnwatch.lessons.deep_layers import STREAM_LENGTH, DeepLayers, deep_spec

LAYERS = 12


@pytest.fixture(scope="module")
def deep_video():
    return DeepLayers(layers=LAYERS, epochs=30).build()


def test_the_default_is_the_story_250_layers_on_four_intertwined_groups():
    spec = deep_spec()
    assert spec.network.hidden == [8] * 250 and spec.network.residual
    assert spec.data.name == "arms" and spec.data.classes == 4
    # Small steps that add up to the same length at any depth: one layer cannot unwind the arms alone.
    assert spec.network.residual_step == pytest.approx(STREAM_LENGTH / 249)
    assert deep_spec(layers=11).network.residual_step == pytest.approx(STREAM_LENGTH / 10)
    assert isinstance(LESSONS["deep-layers"], DeepLayers) and LESSONS["deep-layers"].layers == 250


@pytest.mark.parametrize("fps, per_layer", [(30, 2), (7, 1)])
def test_each_layer_gets_the_same_frames_at_any_frame_rate(deep_video, fps, per_layer):
    plan = deep_video.plan_at(fps)
    kinds = plan.kinds()
    layers = [plan[i].extra["depth"] for i in range(len(plan))]
    walk = [layer for layer, kind in zip(layers, kinds) if kind == "layer"]
    assert walk == [layer for layer in range(1, LAYERS + 1) for _ in range(per_layer)]
    first, after = kinds.index("layer"), kinds.index("layer") + LAYERS * per_layer
    assert set(layers[:first]) == {1} and set(layers[after:]) == {LAYERS}  # held before and after
    assert kinds[after:] and set(kinds[after:]) == {"end"}


def test_250_layers_with_their_holds_last_at_least_20_seconds(deep_video):
    # The plan's rule measured on the small fixture, extended to 250 layers: walk frames scale with layers.
    plan = deep_video.plan_at(30)
    kinds = plan.kinds()
    walk, held = kinds.count("layer"), sum(kind in ("hold", "end") for kind in kinds)
    assert walk % LAYERS == 0
    assert (250 * walk // LAYERS + held) / 30 >= 20


def test_the_lesson_trains_with_deep_supervision():
    assert deep_spec().training.deep_supervision


def test_captions_quote_the_readout(deep_video):
    facts = deep_video.facts
    run = deep_video.run
    assert facts["layers"] == LAYERS and len(facts["head_test_accuracy"]) == LAYERS
    # The head read at the last layer is the network itself.
    assert facts["head_test_accuracy"][-1] == pytest.approx(run.final.test_accuracy, abs=1e-6)
    assert 0.5 < facts["ideal_accuracy"] < 0.95 and 0 <= facts["groups_seen"][-1] <= 4
    plan = deep_video.plan
    last = plan[len(plan) - 1]
    assert last.extra["depth"] == LAYERS and last.title == f"Layer {LAYERS}: the whole plane classified"
    walk = [plan[i] for i, kind in enumerate(plan.kinds()) if kind == "layer"][::2]  # two frames a layer at 30 fps
    right = 100 * facts["head_test_accuracy"][4]
    assert walk[4].caption.startswith(f"Layer 5 of {LAYERS} · ")
    assert f"{right:.0f}% of the test points" in walk[4].caption


def test_it_renders_every_planned_frame(deep_video, tmp_path):
    path = deep_video.render(tmp_path / "frames", size=(320, 180), fps=2)
    assert len(list(path.glob("*.png"))) == len(deep_video.plan_at(2))


def test_renamed_accuracy_finds_the_best_renaming():
    from nnwatch.lessons.deep_layers import _renamed_accuracy

    labels = np.array([0, 0, 1, 1, 2, 2, 2])
    assert _renamed_accuracy((labels + 1) % 3, labels, 3) == 1.0
    # Predicted 0 covers two 0s and two 1s, predicted 1 two 2s: at best 4 of 7, whichever 0 is named.
    assert _renamed_accuracy(np.array([0, 0, 0, 0, 1, 1, 2]), labels, 3) == pytest.approx(4 / 7)


def test_key_frames_have_no_collisions(deep_video):
    from nnwatch.video.overlaps import script_problems

    assert script_problems(deep_video) == []


def test_accuracy_rises_with_depth_and_never_falls_to_chance(deep_video):
    # Small steps on arms that need unwinding: what the shared head reads climbs with depth (12 layers here;
    # benchmarks/deep_layers_rise.py measures the lesson's 250: about 45 % at layer 1, 85 % by layer 100), and
    # deep supervision keeps every depth well above chance (1/4).
    head = np.array(deep_video.facts["head_test_accuracy"])
    assert head.min() > 0.25 + 0.15
    thirds = [head[:4].mean(), head[4:8].mean(), head[8:].mean()]
    assert thirds[0] < thirds[1] < thirds[2] and head[-1] - head[0] > 0.1
    last = deep_video.plan[len(deep_video.plan) - 1]
    assert last.caption.startswith(f"The depth did the work: {100 * head[0]:.0f}% at layer 1")
