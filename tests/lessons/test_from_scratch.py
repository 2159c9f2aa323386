"""from-scratch (SEEDS.md §5): the tutorial's numbers from the engine's runs, the script, and a short render."""

import numpy as np
import pytest

from nnwatch.lessons import LESSONS, list_lessons
from nnwatch.lessons.from_scratch import PRINTED, FromScratch
from nnwatch.video.files import probe_video
from nnwatch.video.overlaps import script_problems


@pytest.fixture(scope="module")
def runs():
    return FromScratch().train()


@pytest.fixture(scope="module")
def video(runs):
    return FromScratch().video(runs)


def _captions(video):
    frames = [shot.frame(0.99) for shot in video.plan.shots]
    return [f"{f.title} | {f.caption}" for f in frames]


def test_the_perceptron_ends_at_the_printed_outputs(runs, video):
    run = runs["perceptron"]
    assert run.arch.sizes == (3, 1) and not run.arch.use_bias and run.final.step == 10_000
    out = video.facts["perceptron_outputs"]
    assert np.allclose(out, PRINTED, atol=1e-4)
    assert video.facts["perceptron_start"] == pytest.approx([-0.16595599, 0.44064899, -0.99977125])
    assert any(f"[{out[0]:.6f}, {out[1]:.6f}" in c and "0.00966449" in c for c in _captions(video))


def test_the_relu_forward_pass_gives_16_0_32(runs, video):
    facts = video.facts
    assert facts["relu_hidden"] == [16.0, 0.0] and facts["relu_output"] == 32.0
    assert runs["relu"].arch.output == "linear" and runs["relu"].arch.activations == ("relu",)
    text = " ".join(_captions(video))
    assert "relu(2·2 + 3·4) = relu(16) = 16" in text
    assert "relu(2·4 + 3·(−5)) = relu(−7) = 0" in text and "2·16 + 7·0 = 32" in text


def test_the_mean_absolute_error_every_10000(runs, video):
    mae = video.facts["mae"]
    assert list(mae) == list(range(0, 60_001, 10_000))
    values = list(mae.values())
    assert all(a > b for a, b in zip(values, values[1:]))         # printed errors decrease
    assert values[0] == pytest.approx(0.4711, abs=5e-5)           # these rows from these weights
    # The tutorial's 0.4964: the same initial network's error on the classic XOR rows.
    assert round(video.facts["xor_rows_start_mae"], 4) == 0.4964
    text = " ".join(_captions(video))
    assert ", ".join(f"{v:.4f}" for v in values) in text and "0.4964" in text


def test_two_is_predicted(video):
    assert video.facts["two_times_3"] == pytest.approx(2.0, abs=0.05)
    outputs = np.array(video.facts["digit_outputs"])
    assert np.allclose(outputs, [0, 1, 2, 3], atol=0.1)
    last = [shot for shot in video.plan.shots if shot.kind == "query"][0].frame(0.99)
    assert f"× 3 = {video.facts['two_times_3']:.3f}" in last.caption
    assert "CNN" in video.plan.shots[-1].frame(0.5).title


def test_the_script_and_registry(video):
    plan = video.plan
    assert len(plan) >= 150 and 45 <= plan.seconds <= 90
    assert len(plan) == len(plan.kinds()) == sum(len(p.plan) for p in video.parts)
    assert [p.run.arch.sizes for p in video.parts] == [(3, 1), (2, 2, 1), (3, 4, 1), (20, 20, 1)]
    assert "from-scratch" in LESSONS and "from-scratch" in dict(list_lessons())
    assert plan[len(plan) - 1].part == 3 and plan[0].part == 0


def test_key_frames_are_clean(video):
    for part in video.parts:
        assert script_problems(part) == []


def test_a_short_version_renders(runs, tmp_path):
    quick = FromScratch(seconds=0.05).video(runs)
    path = quick.render(tmp_path / "fs.mp4", size=(320, 180), fps=5)
    info = probe_video(path)
    assert info["frames"] == len(quick.plan_at(5)) > 0 and (info["width"], info["height"]) == (320, 180)


def _drawn(part, index=-1):
    """A part's renderer after drawing its frame ``index``, and its views by name."""
    renderer = part.renderer()
    renderer.render(part.plan[index % len(part.plan)])
    return renderer, {view.name: view for view in renderer.views}


def test_the_forward_pass_writes_the_weights_on_their_links(video):
    _, views = _drawn(video.parts[1])
    network = views["network"]
    # Links in order (layer, from, to): a→node_0, a→node_1, b→node_0, b→node_1, node_0→out, node_1→out.
    assert [t.get_text() for t in network.weight_texts] == ["2", "4", "4", "−5", "2", "7"]
    for text, ((x0, y0), (x1, y1)) in zip(network.weight_texts, network.links.get_segments()):
        x, y = text.get_position()
        along = ((x - x0) * (x1 - x0) + (y - y0) * (y1 - y0)) / ((x1 - x0) ** 2 + (y1 - y0) ** 2)
        off = abs((x - x0) * (y1 - y0) - (y - y0) * (x1 - x0)) / np.hypot(x1 - x0, y1 - y0)
        assert off < 0.5 and 0.6 < along < 0.85  # on its link, nearer the neuron it feeds than the crossing
        assert text.get_bbox_patch() is not None  # on a patch of background: the link runs under it
    # Other parts write no weights: a 20-20-1 network's 400 links would be a wall of numbers.
    assert all(not view.weight_texts for part in (0, 2, 3)
               for view in _drawn(video.parts[part], 0)[1].values() if view.name == "network")


def test_the_forward_pass_names_its_inputs_a_and_b(video):
    _, views = _drawn(video.parts[1])
    ax = views["network"].ax
    x_input = views["network"].layers[0][0][1]
    names = sorted(t.get_text() for t in ax.texts if t.get_position()[0] < x_input and t.get_text())
    assert names == ["a", "b"]


def test_numbers_stand_under_their_neurons_where_the_columns_leave_room(video):
    for part in (0, 1, 2):  # 3-1, 2-2-1 and 3-4-1: every column has room under each neuron
        assert not any(_drawn(video.parts[part], 0)[1]["network"].values_beside), part
    renderer, views = _drawn(video.parts[3])
    network = views["network"]  # 20-20-1: too dense, so beside, on a patch the links run under
    assert network.values_beside[:2] == [True, True]
    beside = [t for t in network.values if t.get_ha() == "left"]
    assert beside and all(t.get_bbox_patch() is not None for t in beside)
    assert all(t.get_bbox_patch() is None for t in network.values if t.get_ha() == "center")


def test_the_digit_and_the_output_bar_keep_apart(video):
    renderer, views = _drawn(video.parts[3])
    sample = views["sample"]
    cache = renderer.fig.canvas.get_renderer()
    picture = sample.picture.get_window_extent(cache)
    (name,) = [t for t in sample.bars_ax.get_yticklabels() if t.get_text() == "output"]
    assert name.get_window_extent(cache).x0 - picture.x1 >= 6  # a clear gap, not touching
