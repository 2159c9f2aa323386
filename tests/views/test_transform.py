"""The transform view in real frames: goldens, folds that land where they must on the picture, stills with
plain artists, networks changing within a video, its plan, and the errors a user can meet."""

import numpy as np
import pytest
from typer.testing import CliRunner

from nnwatch.data import make_dataset
from nnwatch.errors import NNWatchError
from nnwatch.model.mlp import Architecture
from nnwatch.drivers import train
from nnwatch.record import Run
from nnwatch.record.snapshot import Snapshot
from nnwatch.spec import Spec
from nnwatch.video.compose import FrameRenderer
from nnwatch.video.render import RenderOptions
from nnwatch.views import Frame, Scene, draw
from nnwatch.views.style import PALETTES, hex_rgb
from nnwatch.views.transform import TransformPlan, TransformView

SIZE = (320, 180)


def snapshot(sizes, activations, weights, output="sigmoid") -> Snapshot:
    arch = Architecture(features=("x1", "x2"), n_raw_inputs=2, sizes=tuple(sizes), activations=tuple(activations),
                        output=output, dtype="float64")
    return Snapshot.unmeasured(arch, [{"w": np.array(w, float), "b": np.array(b, float)} for w, b in weights])


def random_snapshot(sizes, activations, output="tanh", seed=0) -> Snapshot:
    rng = np.random.default_rng(seed)
    weights = [(rng.normal(0, 0.7, (a, b)), rng.normal(0, 0.3, b)) for a, b in zip(sizes[:-1], sizes[1:])]
    return snapshot(sizes, activations, weights, output)


FOLD_2D = snapshot((2, 2, 2), ["relu"], [([[0.25, 0.12], [-0.12, 0.25]], [0.3, -0.1]), (np.eye(2), [0, 0])])
FOLD_3D = snapshot((2, 3, 2), ["relu"], [([[0.3, 0.1, -0.1], [-0.05, 0.25, 0.2]], [0.3, 0.2, 0.1]),
                                         ([[1.0, 0.0], [0.0, 1.0], [0.5, -0.5]], [0.0, 0.0])])
WIDE = random_snapshot((2, 8, 8, 1), ["tanh", "tanh"])


def run_of(*snapshots) -> Run:
    """The circle data (100 points) with the given snapshots: no training needed."""
    dataset = make_dataset("circle", points=100, noise=0.1, seed=3)
    return Run(spec=Spec(), dataset=dataset, arch=snapshots[0].arch, snapshots=list(snapshots))


def renderer(run, size=SIZE, **options):
    return FrameRenderer(Scene(run, options={"transform": options}), ["transform"], size)


@pytest.mark.parametrize("name, snap, stage, options", [
    ("plane", FOLD_2D, 0.0, {}),            # the input grid and the data, before anything happens
    ("fold_2d", FOLD_2D, 3.0, {}),          # after ReLU: folded onto the first quadrant and its edges
    ("fold_3d", FOLD_3D, 2.6, {}),          # ReLU folding into the first octant, camera turned into 3-D
    ("pca", WIDE, 3.0, {"projection": "pca"}),
])
def test_golden_frames(name, snap, stage, options, golden):
    frame = renderer(run_of(snap), **options).render(Frame(snapshot=snap, extra={"transform": stage}, time=2.0))
    assert frame.shape == (180, 320, 4)
    golden(f"transform_{name}", frame)


def _class_pixels(frame, color, tolerance=40):
    """(x, y) of the frame pixels close to a class colour."""
    ys, xs = np.nonzero(np.abs(frame[..., :3].astype(int) - color).max(axis=-1) < tolerance)
    return xs, ys


def test_after_relu_every_point_is_drawn_in_the_first_quadrant():
    run = run_of(FOLD_2D)
    renderer_ = renderer(run, (640, 360))
    view = renderer_.views[0]
    before = renderer_.render(Frame(snapshot=FOLD_2D, extra={"transform": 2.0})).copy()
    after = renderer_.render(Frame(snapshot=FOLD_2D, extra={"transform": 3.0}))

    def origin_at(stage):  # each stage ends framed on its own points: the origin moves on screen
        picture = view.picture(Frame(snapshot=FOLD_2D, extra={"transform": stage}))
        return view._to_pixels(np.zeros((1, 2)), picture.extent)[0] + view.box[:2]

    slack = 3.0 * view.scene.theme.scale + 2  # a disc's radius and edge
    pal = PALETTES["playground"]
    for color in (hex_rgb(pal.negative), hex_rgb(pal.positive)):
        origin = origin_at(3.0)
        xs, ys = _class_pixels(after, color)
        assert len(xs) > 50
        assert xs.min() >= origin[0] - slack and ys.max() <= origin[1] + slack  # right of x2's axis, above x1's
        origin = origin_at(2.0)
        xs, ys = _class_pixels(before, color)
        assert xs.min() < origin[0] - slack - 5 or ys.max() > origin[1] + slack + 5  # it was the fold


def test_frames_follow_the_snapshot_even_when_the_network_changes():
    run = run_of(FOLD_2D)
    render = renderer(run).render
    flat = render(Frame(snapshot=FOLD_2D, extra={"transform": 1.5}, time=1.0)).copy()
    solid = render(Frame(snapshot=FOLD_3D, extra={"transform": 1.5}, time=1.0)).copy()
    view = renderer(run).views[0]
    assert view.picture(Frame(snapshot=FOLD_3D, extra={"transform": 1.5}, time=1.0)).caption == "layer 1: + b"
    assert len(view.picture(Frame(snapshot=FOLD_3D, extra={"transform": 1.5}, time=1.0)).labels) == 3  # n0, n1, n2
    assert len(view.picture(Frame(snapshot=FOLD_2D, extra={"transform": 1.5}, time=1.0)).labels) == 2
    assert np.abs(flat.astype(int) - solid.astype(int)).max(axis=-1).mean() > 1.0


def test_a_diverged_network_is_drawn_without_failing():
    broken = snapshot((2, 3, 2), ["relu"], [(np.full((2, 3), np.nan), np.zeros(3)), (np.full((3, 2), 1e300), [0, 0])])
    render = renderer(run_of(FOLD_3D)).render
    for stage in (0.5, 2.5, 4.5, 6.0):
        frame = render(Frame(snapshot=broken, extra={"transform": stage}, time=1.0))
        assert frame.shape == (180, 320, 4)


def test_captions_say_what_each_stage_does_and_through_which_lens():
    view = renderer(run_of(WIDE), projection="cycle").views[0]
    caption = view.picture(Frame(snapshot=WIDE, extra={"transform": 0.7}, time=0.0)).caption
    assert caption == "layer 1: W·x  (embedded 2 -> 8)\nneurons n0, n1 of 8 (cycling)"
    assert view.picture(Frame(snapshot=WIDE, extra={"transform": 0.7}, time=2.6)).caption.endswith(
        "neurons n1, n2 of 8 (cycling)")
    view = renderer(run_of(WIDE), neurons=[1, 3, 4]).views[0]
    assert view.picture(Frame(snapshot=WIDE, extra={"transform": 6.0})).caption == \
        "layer 2: tanh\nprojected onto neurons 1, 3, 4 of 8"


def test_a_still_uses_plain_artists():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection, PathCollection

    run = run_of(FOLD_3D)
    fig, ax = plt.subplots(figsize=(4, 3))
    draw("transform", ax, run, stage=3.0)
    lines = [c for c in ax.collections if isinstance(c, LineCollection)]
    points = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert sum(len(c.get_segments()) for c in lines) >= 82 * 160  # the 41 x 41 grid, 160 segments a line
    assert sum(len(c.get_offsets()) for c in points) == len(run.dataset.x_train) + len(run.dataset.x_test)
    assert "layer 1: relu" in [t.get_text() for t in ax.texts]
    plt.close(fig)


def test_plan_walks_every_stage_with_holds_at_the_fps_asked():
    run = run_of(FOLD_3D)
    plan = TransformView.plan_for(run, RenderOptions(layout=("transform",), fps=10))
    assert len(plan) == round((1 + 6 * 1.5 + 2) * 10)
    stages = [plan[i].extra["transform"] for i in range(len(plan))]
    assert stages[0] == 0.0 and stages[10] == 0.0 and stages[-1] == 6.0
    assert all(b >= a for a, b in zip(stages, stages[1:]))
    assert plan[len(plan) - 1].time == pytest.approx((len(plan) - 1) / 10)
    direct = TransformView.plan_for(run, RenderOptions(layout=("transform",), fps=10,
                                                       view_options={"transform": {"direct": True}}))
    assert len(direct) == round((1 + 3.0 + 2) * 10) and direct[len(direct) - 1].extra["transform"] == 1.0


def test_over_training_shows_one_stage_as_the_network_learns():
    run = train(dataset="circle", hidden="3", epochs=4, snapshots=4, points=60)
    plan = TransformPlan(run, TransformView.plan_for(
        run, RenderOptions(layout=("transform",), view_options={"transform": {"over": "training"}})).options,
        fps=10, duration=3.0)
    assert len(plan) == 30
    assert {plan[i].extra["transform"] for i in range(30)} == {3.0}  # the hidden layer's output throughout
    assert plan[0].snapshot is run.snapshots[0] and plan[29].snapshot is run.final
    assert plan[15].snapshot.epoch not in {s.epoch for s in run.snapshots}  # tweened in between
    untrained = TransformView.plan_for(run, RenderOptions(layout=("transform",),
                                                          view_options={"transform": {"untrained": True}}))
    assert untrained[50].snapshot is run.snapshots[0]


def test_what_cannot_be_drawn_is_one_clear_error():
    table = train(dataset="xor3", hidden="4", epochs=2, snapshots=2)
    with pytest.raises(NNWatchError, match="transform view needs 2-D raw inputs; this network takes 3"):
        FrameRenderer(Scene(table), ["transform"], SIZE)
    with pytest.raises(NNWatchError, match=r"neuron 8 is out of range: layer 1 has 8 neurons \(0..7\)"):
        renderer(run_of(WIDE), neurons="0,8")
    with pytest.raises(NNWatchError, match="unknown projection 'pcs'"):
        renderer(run_of(WIDE), projection="pcs")


@pytest.mark.parametrize("args, message", [
    (["--neurons", "0,5", "--hidden", "5,4"], "neuron 5 is out of range: layer 1 has 5 neurons (0..4)"),
    (["--projection", "tsne"], "unknown projection 'tsne'"),
    (["--dataset", "xor3"], "the transform view needs 2-D raw inputs; this network takes 3: use the network"),
])
def test_cli_bad_input_is_one_line_and_exit_2(tmp_path, args, message):
    from nnwatch.cli import app

    out = tmp_path / "t.mp4"
    result = CliRunner().invoke(app, ["render", "--layout", "transform", "--epochs", "1", "--size", "320x180",
                                      "-o", str(out), *args])
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split()) and "Traceback" not in result.output
    assert not out.exists()


def test_cli_renders_a_short_transform_video(tmp_path):
    from nnwatch.cli import app
    from nnwatch.video.files import probe_video

    out = tmp_path / "t.mp4"
    result = CliRunner().invoke(app, ["render", "--layout", "transform", "--dataset", "circle", "--hidden", "3",
                                      "--untrained", "--fps", "4", "--size", "320x180", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert probe_video(out)["frames"] == round((1 + 6 * 1.5 + 2) * 4)
