"""xor-synapses (SEEDS.md §1): the run, the numbers the ending quotes, the script, and a short render."""

import numpy as np
import pytest

from nnwatch import probes
from nnwatch.lessons.frames import TRAIN
from nnwatch.lessons.xor_synapses import CYCLES, QUERY, XorSynapses
from nnwatch.video.files import probe_video

ROWS = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [0, 1, 0], [1, 0, 0], [1, 1, 1], [0, 0, 0]]
LABELS = [0, 1, 1, 1, 1, 0, 0]


def test_snapshots_at_his_thirteen_cycles(xor_run):
    assert [s.step for s in xor_run.snapshots] == [0, *CYCLES]
    assert CYCLES == (2, 10, 20, 50, 100, 200, 300, 400, 500, 1000, 2500, 12500, 60000)
    assert xor_run.status == "done" and xor_run.arch.sizes == (3, 4, 1)
    assert xor_run.arch.activations == ("sigmoid",) and xor_run.arch.output == "sigmoid"
    ds = xor_run.dataset
    assert ds.x_train.tolist() == ROWS and ds.y_train.tolist() == LABELS
    assert len(ds.x_test) == 0 and len(ds.y_test) == 0  # one question is no test set: no test curve to show
    assert np.isnan(xor_run.final.test_loss) and xor_run.final.train_accuracy == 1.0


def test_it_learns_and_answers_the_new_situation(xor_run, xor_video):
    final = xor_run.final
    answers = probes.layer_outputs(final, np.array(ROWS, float))[-1][:, 0]
    assert np.all(np.abs(answers - LABELS) < 0.05)
    query = float(probes.layer_outputs(final, np.array([QUERY]))[-1][0, 0])
    assert query < 0.05
    assert xor_video.facts["query_answer"] == pytest.approx(query)
    assert f"answers {query:.3f} (correct: 0)" in xor_video.plan[-1].title


def test_synapses_out_of_the_third_input_withered(xor_run, xor_video):
    strength = np.abs(xor_run.final.params[0]["w"]).sum(axis=1)   # total |w| leaving x1, x2, x3
    start = np.abs(xor_run[0].params[0]["w"]).sum(axis=1)
    assert strength[2] < 0.1 * min(strength[0], strength[1])
    assert strength[2] < 0.5 * start[2]                             # it shrank, while the others grew
    assert min(strength[:2]) > 5 * max(start[:2])
    assert np.abs(xor_run.final.params[0]["w"][2]).max() < np.abs(xor_run.final.params[0]["w"][:2]).min()
    assert xor_video.facts["strength"] == pytest.approx(strength.tolist())
    assert f"|w| {strength[2]:.1f} in all" in xor_video.plan[-1].caption


def test_the_script(xor_run, xor_video):
    plan = xor_video.plan
    assert xor_video.fps == 30 and xor_video.size == (1280, 720)
    assert xor_video.palette == "synapses" and xor_video.show_values
    assert xor_video.layout == ("caption", "network", "metrics")
    assert 60 <= plan.seconds <= 90 and len(plan) == round(xor_video.seconds * 30)
    kinds = plan.kinds()
    assert kinds[0] == "title" and kinds[-1] == "query"
    assert [s.kind for s in plan.shots].count("forward") == 13 * 7
    assert [s.kind for s in plan.shots].count("backward") == 13 * 7

    # The first example of cycle 2: inputs go forward column by column, then the error flows back.
    first = kinds.index("forward")
    forward = [plan[i] for i in range(first, kinds.index("backward"))]
    reveals = [f.reveal for f in forward]
    assert reveals == sorted(reveals) and reveals[0] == -1 and reveals[-1] >= 1.5
    assert all(f.snapshot is xor_run[1] and f.split == TRAIN and f.example == 0 for f in forward)
    assert forward[0].caption == "cycle 2 · example [0, 0, 1] → 0 · thinking…"
    said = float(probes.layer_outputs(xor_run[1], np.array([ROWS[0]], float))[-1][0, 0])
    assert forward[-1].caption == f"cycle 2 · example [0, 0, 1] → 0 · network says {said:.2f}"
    backward = [plan[i] for i in range(kinds.index("backward"), len(kinds)) if kinds[i] == "backward"][:20]
    steps = sorted({f.backward for f in backward if f.backward is not None})
    assert steps == [0.0, 1.0] and all(f.reveal == 2 for f in backward)
    assert "flows back" in backward[0].caption

    # Every sampled cycle thinks about all 7 examples, in order, slower early than late.
    by_cycle = {}
    for shot in plan.shots:
        if shot.kind == "forward":
            frame = shot.frame(0.0)
            by_cycle.setdefault(frame.snapshot.step, []).append((frame.example, shot.seconds))
    assert list(by_cycle) == list(CYCLES)
    assert all([e for e, _ in shots] == list(range(7)) for shots in by_cycle.values())
    assert by_cycle[2][0][1] > 2 * by_cycle[60000][0][1]

    # The ending: the final network asked [1, 1, 0] (a row of no set), all columns lit.
    last = plan[-1]
    assert last.snapshot is xor_run.final and last.reveal == 2
    assert last.example_input(xor_video.scene())[0].tolist() == list(QUERY)


def test_the_network_view_draws_the_query(xor_video):
    renderer = xor_video.renderer((640, 360))
    renderer.render(xor_video.plan[-1])
    network = next(v for v in renderer.views if v.name == "network")
    shown = [t.get_text() for t in network.values]
    assert shown[:3] == ["1.00", "1.00", "0.00"]                    # the inputs [1, 1, 0]
    assert shown[-1] == f"{xor_video.facts['query_answer']:.2f}"


def test_the_metrics_show_no_test_curve_or_test_accuracy(xor_video):
    renderer = xor_video.renderer((640, 360))
    renderer.render(xor_video.plan[len(xor_video.plan) // 2])
    metrics = next(v for v in renderer.views if v.name == "metrics")
    assert [kind for kind, _ in metrics._value_lines()] == ["train", "accuracy"] and metrics.test_line is None
    shown = [t._last[0] for t in metrics.value_texts]
    assert shown[0].startswith("— training loss") and shown[1].startswith("··· training accuracy")


def test_a_short_version_renders(xor_run, tmp_path):
    quick = XorSynapses(example_seconds=(0.1, 0.1), title_seconds=0.3, move_seconds=0.1, query_seconds=0.5)
    video = quick.video(xor_run)
    path = video.render(tmp_path / "xor.mp4", size=(320, 180), fps=5)
    info = probe_video(path)
    assert len(video.plan_at(5)) == round(video.seconds * 5) == 56
    assert info["frames"] == 56 and (info["width"], info["height"]) == (320, 180)
    assert info["duration_s"] == pytest.approx(video.seconds, abs=0.2)
