"""The depth view: one frame per hidden layer, the map read out at that depth, golden small frames."""

import numpy as np
import pytest
from typer.testing import CliRunner

from nnwatch.probes.depth import DepthReadout
from nnwatch.video.compose import FrameRenderer
from nnwatch.video.render import RenderOptions
from nnwatch.views import Frame, Scene, draw
from nnwatch.views.depth import MIN_SURE, DepthView, class_palette

SIZE = (320, 180)


@pytest.fixture(scope="module")
def deep_run():
    from nnwatch.drivers import train

    return train(dataset="gaussians", points="300", hidden="4x6", residual="true", init="he", optimizer="adam",
                 lr="0.02", batch="30", epochs="8", snapshots="2", seed="1")


def layer_frame(run, layer):
    return Frame(snapshot=run.final, position=float(len(run) - 1), extra={"depth": layer})


@pytest.mark.parametrize("layer", [1, 6])
def test_golden_frames(deep_run, layer, golden):
    scene = RenderOptions(layout=("depth",), size=SIZE).scene(deep_run)  # fonts sized for the frame, as render()
    frame = FrameRenderer(scene, ["depth"], SIZE).render(layer_frame(deep_run, layer))
    golden(f"depth_layer{layer}", frame)


@pytest.mark.parametrize("fps, per_layer", [(30, 2), (10, 1), (60, 4)])
def test_each_layer_gets_its_frames_between_the_documented_holds(deep_run, fps, per_layer):
    plan = DepthView.plan_for(deep_run, RenderOptions(layout=("depth",), fps=fps))
    start, end = round(1.0 * fps), round(3.0 * fps)       # HOLD_START and HOLD_END seconds
    assert len(plan) == start + 6 * per_layer + end
    layers = [plan[i].extra["depth"] for i in range(len(plan))]
    walk = [layer for layer in (1, 2, 3, 4, 5, 6) for _ in range(per_layer)]
    assert layers == [1] * start + walk + [6] * end
    assert all(plan[i].snapshot is deep_run.final for i in (0, len(plan) - 1))


def test_250_layers_last_at_least_20_seconds_at_30_fps():
    from nnwatch.views.depth import HOLD_END, HOLD_START, frames_per_layer

    frames = round(HOLD_START * 30) + 250 * frames_per_layer(30) + round(HOLD_END * 30)
    assert frames / 30 >= 20


def test_the_map_is_the_readout_of_the_frames_layer(deep_run):
    scene = Scene(deep_run)
    renderer = FrameRenderer(scene, ["depth"], SIZE)
    view = renderer.views[0]
    ds = deep_run.dataset
    depth = DepthReadout(deep_run.final, ds.x_train, ds.y_train, ds.x_test, ds.y_test, domain=ds.domain)
    for layer in (2, 6):
        heat = view.update(layer_frame(deep_run, layer))[0]
        read = depth.at(layer)
        assert np.array_equal(heat.pixels, view.map_pixels(read.winner, read.confidence))
    # Colours: a sure point has its class's colour, a tie the lightest shade of it.
    colors = class_palette(4, scene)
    sure = view.map_pixels(np.full((200, 200), 2, np.uint8), np.full((200, 200), 255, np.uint8))
    tie = view.map_pixels(np.full((200, 200), 2, np.uint8), np.zeros((200, 200), np.uint8))
    assert np.array_equal(sure[0, 0], colors[2])
    assert np.allclose(tie[0, 0], 255 + (colors[2] - 255) * MIN_SURE, atol=0.6)


def test_a_still_picture_on_your_own_axes(deep_run):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4))
    draw("depth", ax, deep_run, layer=3)
    texts = [t.get_text() for a in fig.axes for t in a.texts]
    assert "layer 3 / 6" in texts and any(t.startswith("Readout: shared head") for t in texts)
    fig.canvas.draw()
    plt.close(fig)


def test_render_from_the_command_line(tmp_path):
    from nnwatch.cli import app

    out = tmp_path / "d.mp4"
    result = CliRunner().invoke(app, ["render", "--layout", "depth", "--dataset", "gaussians", "--points", "200",
                                      "--hidden", "4x5", "--residual", "--epochs", "2", "--size", "320x180",
                                      "--fps", "10", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{out}: 45 frames" in result.stdout  # 10 held on layer 1, one per layer at 10 fps, 30 on the last


@pytest.mark.parametrize("args, message", [
    (["--hidden", "8"], "at least 2 hidden layers; this one has 1"),
    (["--hidden", "8,4", "--readout", "head"], "use the linear probe readout (--readout probe)"),
    (["--hidden", "8x3", "--readout", "haed"], "did you mean 'head'"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, message):
    from nnwatch.cli import app

    out = tmp_path / "d.mp4"
    result = CliRunner().invoke(app, ["render", "--layout", "depth", "--dataset", "gaussians", *args, "-o", str(out)])
    assert result.exit_code == 2 and message in result.output
    assert len(result.output.strip().splitlines()) == 1 and not out.exists()


@pytest.mark.parametrize("size", [(1280, 720), (640, 640)])  # the panel beside the map, and a strip above it
def test_a_run_that_did_not_learn_says_so_on_every_layer(size):
    from nnwatch.drivers import train
    from nnwatch.probes.learning import judge
    from nnwatch.video.compose import layout_rects
    from nnwatch.video.overlaps import layout_problems

    failed = train(dataset="arms", points="200", hidden="4x3", residual="true", epochs="1", snapshots="2", seed="0")
    verdict = judge(failed)
    assert verdict is not None and verdict.head == "did not learn"
    scene = RenderOptions(layout=("depth",), size=size).scene(failed)
    renderer = FrameRenderer(scene, ["depth"], size)
    for layer in (1, 3):
        renderer.render(layer_frame(failed, layer))
        shown = [t.get_text() for ax in renderer.fig.axes for t in ax.texts if "did not learn" in t.get_text()]
        assert len(shown) == 1 and shown[0].startswith("did not learn:")
    assert layout_problems(renderer, layer_frame(failed, 3), layout_rects(("depth",), *size)) == []


def test_a_run_that_learned_carries_no_verdict(deep_run):
    renderer = FrameRenderer(Scene(deep_run), ["depth"], SIZE)
    renderer.render(layer_frame(deep_run, 6))
    assert not [t for ax in renderer.fig.axes for t in ax.texts if "did not learn" in t.get_text()]
