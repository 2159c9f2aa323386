"""relu-fold (SEEDS.md §4): every item in the book's order with its numbers, real random networks that fold,
and a short render of the whole lesson."""

import numpy as np
import pytest

from nnwatch.errors import NNWatchError
from nnwatch.lessons import get_lesson
from nnwatch.lessons.relu_fold import NETS, ReluFold, circle_spec, classifier_spec, fold_facts, random_snapshot
from nnwatch.probes.transform import states


@pytest.fixture(scope="module")
def fold_video():
    """The lesson scripted over briefly trained runs (the real lesson trains longer; the script is the same)."""
    from nnwatch.drivers import train

    run = train(circle_spec(epochs=10))
    try:
        classifier = train(classifier_spec("digits", epochs=1))
    except NNWatchError:  # scikit-learn is optional: the lesson then uses the drawn shapes
        classifier = train(classifier_spec("shapes", epochs=1))
    return ReluFold().video(run, classifier)


def _shots(video, kind):
    return [shot for shot in video.plan.shots if shot.kind == kind]


def test_every_item_in_the_books_order(fold_video):
    kinds = []
    for shot in fold_video.plan.shots:
        if not kinds or kinds[-1] != shot.kind:
            kinds.append(shot.kind)
    assert kinds == ["title", "perceptron", "activation", "separable", "matrix", "network", "stage", "network",
                     "stage", "direct", "trained", "classify"]
    assert get_lesson("relu-fold").name == "relu-fold" and fold_video.layout == ("caption", "basics")
    assert 90 <= fold_video.plan.seconds <= 180 and len(fold_video.plan) == round(fold_video.seconds * 30)

    perceptrons = [shot.frame(0.5) for shot in _shots(fold_video, "perceptron")]
    assert [f.picture.dims for f in perceptrons] == [1, 2, 3]
    assert "20 °C" in perceptrons[0].caption and "Heaviside(w·x + b)" in perceptrons[0].title
    assert "humidity" in perceptrons[1].caption and "line" in perceptrons[1].title
    assert "wind speed" in perceptrons[2].caption and "plane" in perceptrons[2].title
    activations = [shot.frame(0.5) for shot in _shots(fold_video, "activation")]
    assert [f.picture.focus for f in activations] == ["heaviside", "sigmoid", "relu"]
    assert "probability" in activations[1].caption and "max(0, x)" in activations[2].title
    separable = [shot.frame(0.5) for shot in _shots(fold_video, "separable")]
    assert [f.title for f in separable] == ["Linearly separable", "Not linearly separable"]
    matrices = [shot.frame(0.5) for shot in _shots(fold_video, "matrix")]
    assert matrices[0].picture.matrix == ((1.0, 2.0), (2.0, 1.0))
    assert "(1, 2)" in matrices[0].caption and "(2, 1)" in matrices[0].caption
    assert [f.title.split()[0] for f in matrices[1:]] == ["Rotation", "Scaling", "Shearing", "Reflection"]
    assert any("origin stays put" in f.caption for f in matrices)
    classify = [shot.frame(0.9) for shot in _shots(fold_video, "classify")]
    assert len(classify) >= 3 and all("one output neuron per class" in f.title for f in classify)
    assert "largest" in classify[0].caption


def test_the_networks_walk_stage_by_stage(fold_video):
    stages = _shots(fold_video, "stage")
    assert len(stages) == 12
    small, wide = [shot.frame(0.0).snapshot for shot in (stages[0], stages[6])]
    assert small.arch.sizes == (2, 2, 2) and wide.arch.sizes == (2, 3, 2) and small.step == wide.step == 0
    for k, shot in enumerate(stages[:6]):
        # moves, then holds the result
        assert shot.frame(0.0).extra["transform"] == k and shot.frame(0.99).extra["transform"] == k + 1
        assert shot.frame(0.0).show == "transform"
    captions = " ".join(shot.frame(0.5).caption for shot in stages)
    for words in ("first quadrant", "first octant", "unit square", "shift"):
        assert words in captions
    direct = _shots(fold_video, "direct")[0]
    assert direct.frame(0.5).show == "transform-direct" and direct.frame(0.5).snapshot is wide
    trained = _shots(fold_video, "trained")[0].frame(0.5)
    assert trained.snapshot is fold_video.run.final and fold_video.run.arch.sizes == (2, 3, 1)


def test_the_random_networks_fold_plainly():
    g = np.linspace(-6, 6, 41)
    grid = np.column_stack([a.ravel() for a in np.meshgrid(g, g)])
    small = random_snapshot((2, 2, 2), NETS[(2, 2, 2)])
    facts = fold_facts(small, grid)
    assert min(facts["patterns"]) > 0.1       # W·x + b puts a good share of the square in every quadrant
    assert facts["folded"] > 0.5 and facts["inside"] > 0.5
    walk = states(small, grid)
    relu, output = walk[3], walk[-1]
    assert relu.min() == 0.0 and np.mean(np.any(relu == 0, axis=1)) == pytest.approx(facts["folded"])
    assert np.all((output > 0) & (output < 1))  # squashed into the unit square
    wide = random_snapshot((2, 3, 2), NETS[(2, 3, 2)])
    facts = fold_facts(wide, grid)
    assert sum(p > 0.02 for p in facts["patterns"]) >= 6  # the folded sheet reaches most of the octants
    assert states(wide, grid)[3].min() == 0.0
    # Real snapshots of the model's own initialisation: the same seed gives the same network.
    again = random_snapshot((2, 2, 2), NETS[(2, 2, 2)])
    assert all(np.array_equal(a["w"], b["w"]) and np.array_equal(a["b"], b["b"])
               for a, b in zip(small.params, again.params))


def test_a_short_render_of_the_whole_lesson(fold_video, tmp_path):
    target = tmp_path / "frames"
    fold_video.render(target, size=(160, 90), fps=1)
    files = sorted(target.glob("*.png"))
    assert len(files) == len(fold_video.plan_at(1)) == round(fold_video.seconds)


def test_key_frames_have_no_collisions(fold_video):
    """Each stage lands somewhere else (the fold, the sigmoid's unit square), so the middle and the end of every
    shot are checked, the transform view's painted labels among them."""
    from nnwatch.video.overlaps import script_problems

    assert script_problems(fold_video, moments=(0.5, 1.0)) == []
