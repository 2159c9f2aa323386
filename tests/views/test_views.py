"""Views drawn into real frames: small goldens, the colours of known links, still pictures on own Axes."""

import numpy as np
import pytest

from nnwatch.errors import NNWatchError
from nnwatch.drivers import train
from nnwatch.video.compose import FrameRenderer, render_naive
from nnwatch.views import Frame, Scene, draw
from nnwatch.views.style import PALETTES, hex_rgb

SIZE = (320, 180)


def final_frame(run, **fields):
    return Frame(snapshot=run.final, position=float(len(run) - 1), **fields)


@pytest.mark.parametrize("layout", [["network"], ["boundary"], ["metrics"], ["sample"],
                                    ["caption", "network", "boundary", "metrics"]])
def test_golden_frames(small_run, layout, golden):
    renderer = FrameRenderer(Scene(small_run), layout, SIZE)
    frame = renderer.render(final_frame(small_run, example=3, title="circle", caption="after 12 epochs"))
    assert frame.shape == (180, 320, 4)
    golden("_".join(layout), frame)


def test_blitted_frame_equals_a_frame_drawn_from_scratch(small_run):
    # (The metrics view is left out: its numbers are stamped glyphs in video frames, matplotlib text in stills.)
    scene = Scene(small_run)
    fast = FrameRenderer(scene, ["network", "boundary"], SIZE).render(final_frame(small_run)).copy()
    slow = render_naive(scene, ["network", "boundary"], SIZE, final_frame(small_run))
    diff = np.abs(fast[..., :3].astype(int) - slow[..., :3].astype(int)).max(axis=-1)
    assert (diff > 60).mean() < 0.01


def _link_pixel(view, index, frame):
    """The frame pixel a third of the way along link ``index`` (crossing links meet in the middle)."""
    (x0, y0), (x1, y1) = view.links.get_segments()[index]
    px, py = view.ax.transData.transform((x0 + (x1 - x0) / 3, y0 + (y1 - y0) / 3))
    return frame[int(round(frame.shape[0] - py)), int(round(px)), :3].astype(int)


def test_positive_and_negative_links_have_their_colours():
    spec_weights = '[{"w": [[4.0, -4.0], [0.0, 0.0]], "b": [0, 0]}, {"w": [[1.0], [1.0]], "b": [0]}]'
    run = train(dataset="circle", hidden="2", epochs=1, lr=1e-5, init="explicit", init_weights=spec_weights,
                snapshots=2)
    for name in ("playground", "synapses"):
        renderer = FrameRenderer(Scene(run, palette=PALETTES[name]), ["network"], (640, 360))
        frame = renderer.render(final_frame(run))
        view = renderer.views[0]
        positive = view.link_index.index((0, 0, 0))  # x1 -> first hidden neuron, w = +4
        negative = view.link_index.index((0, 0, 1))  # x1 -> second hidden neuron, w = -4
        pal = PALETTES[name]
        assert np.abs(_link_pixel(view, positive, frame) - hex_rgb(pal.positive)).max() <= 30, name
        assert np.abs(_link_pixel(view, negative, frame) - hex_rgb(pal.negative)).max() <= 30, name


def test_links_killed_by_l1_are_grey_and_dashed():
    import dataclasses

    spec_weights = '[{"w": [[4.0, -4.0], [1.0, 1.0]], "b": [0, 0]}, {"w": [[1.0], [1.0]], "b": [0]}]'
    run = train(dataset="circle", hidden="2", epochs=1, lr=1e-5, init="explicit", init_weights=spec_weights,
                snapshots=2, regularization="l1", reg_rate=0.001)
    params = [{k: v.copy() for k, v in layer.items()} for layer in run.final.params]
    params[0]["w"][0, 1] = 0.0  # x1 -> second hidden neuron: killed (L1 sets it to exactly 0 for good)
    renderer = FrameRenderer(Scene(run), ["network"], (640, 360))
    frame = renderer.render(Frame(snapshot=dataclasses.replace(run.final, params=params), position=1.0))
    view = renderer.views[0]
    dead, alive = view.link_index.index((0, 0, 1)), view.link_index.index((0, 0, 0))
    styles = view.links.get_linestyles()
    assert styles[dead][1] is not None and styles[alive][1] is None  # dashed against solid
    faint = np.array(hex_rgb(Scene(run).theme.faint)) / 255.0
    assert np.allclose(view.links.get_colors()[dead][:3], faint)
    (x0, y0), (x1, y1) = view.links.get_segments()[dead]
    along = [view.ax.transData.transform((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)) for t in np.linspace(.2, .4, 9)]
    pixels = np.array([frame[int(round(frame.shape[0] - py)), int(round(px)), :3] for px, py in along], dtype=int)
    negative = np.array(hex_rgb(PALETTES["playground"].negative))
    assert np.abs(pixels - negative).max(axis=1).min() > 60  # nowhere the colour of a negative weight


def test_boundary_needs_2d_inputs():
    table = train(dataset="xor3", hidden="4", epochs=2, snapshots=2)
    with pytest.raises(NNWatchError, match="boundary view needs 2-D inputs; 'xor3' has 3"):
        FrameRenderer(Scene(table), ["boundary"], SIZE)


def test_wide_layers_are_drawn_with_an_ellipsis():
    run = train(dataset="circle", hidden="40", epochs=1, snapshots=2)
    renderer = FrameRenderer(Scene(run), ["network"], (640, 360))
    view = renderer.views[0]
    drawn = [i for i, _, _ in view.layers[1]]
    assert len(drawn) == 12 and None in drawn and drawn[-1] == 39
    assert len(view.link_index) == 2 * 11 + 11


def test_views_draw_on_your_own_axes(small_run):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(9, 3))
    for ax, name in zip(axes, ("boundary", "network", "metrics")):
        draw(name, ax, small_run)
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba())[..., :3]
    plt.close(fig)
    blue, orange = hex_rgb("#0877bd"), hex_rgb("#f59322")
    near = lambda c: (np.abs(pixels.astype(int) - c).max(axis=-1) < 25).sum()  # noqa: E731
    assert near(blue) > 200 and near(orange) > 200  # the boundary's two classes are on the picture


def test_output_neurons_of_a_multi_class_network_carry_their_class_names():
    run = train(dataset="gaussians", hidden="3", epochs=1, snapshots=2)
    renderer = FrameRenderer(Scene(run), ["network"], (640, 360))
    names = [t.get_text() for t in renderer.views[0].ax.texts]
    assert [n for n in names if n in run.dataset.classes] == list(run.dataset.classes)
    two_class = FrameRenderer(Scene(train(dataset="circle", hidden="3", epochs=1, snapshots=2)), ["network"],
                              (640, 360))
    assert not {t.get_text() for t in two_class.views[0].ax.texts} & {"0", "1"}


def test_class_bars_wait_in_grey_while_the_forward_pass_travels(small_run):
    from nnwatch.views.sample import WAITING

    renderer = FrameRenderer(Scene(small_run), ["sample"], SIZE)
    renderer.render(final_frame(small_run, example=0, reveal=0.5))
    view = renderer.views[0]
    assert all(bar.get_width() == 1.0 and tuple(bar.get_facecolor()) == WAITING for bar in view.bars)
    assert view.verdict.get_text() == "thinking …"
    renderer.render(final_frame(small_run, example=0, reveal=float(small_run.arch.n_layers)))
    widths = [bar.get_width() for bar in view.bars]
    assert sum(widths) == pytest.approx(1.0) and all(tuple(b.get_facecolor()) != WAITING for b in view.bars)


def test_an_image_network_draws_its_most_varying_pixels_not_the_blank_border():
    run = train(dataset="shapes", points=60, hidden="4", epochs=1, snapshots=2)
    renderer = FrameRenderer(Scene(run), ["network"], (640, 360))
    drawn = [i for i, _, _ in renderer.views[0].layers[0] if i is not None]
    spread = run.dataset.x_train.std(axis=0)
    assert drawn == sorted(drawn) and len(drawn) == 11
    assert spread[drawn].min() >= np.sort(spread)[-11]     # the 11 that vary most
    side = run.dataset.image_shape[1]
    assert all(0 < i // side < side - 1 and 0 < i % side < side - 1 for i in drawn)  # none on the border


@pytest.mark.parametrize("layout, size", [(["network", "boundary", "metrics"], (1280, 720)),
                                          (["network", "boundary"], (1280, 720)), (["boundary"], (1280, 720)),
                                          (["caption", "boundary", "metrics"], (640, 360))])
def test_maps_of_the_plane_are_never_stretched(small_run, layout, size):
    renderer = FrameRenderer(Scene(small_run), layout, size)
    view = next(v for v in renderer.views if v.name == "boundary")
    _, _, width, height = view.box
    assert abs(width - height) <= 2  # [-6, 6]^2 drawn square: the circle's rings stay round


def test_metrics_numbers_sit_above_the_curves_in_their_colours(small_run):
    from nnwatch.views.metrics import ACCURACY_COLOR, TEST_COLOR, TRAIN_COLOR

    renderer = FrameRenderer(Scene(small_run), ["metrics"], (640, 360))
    renderer.render(final_frame(small_run))
    view = renderer.views[0]
    plot_top = renderer.fig.bbox.height - view.train_line.axes.get_window_extent().y1  # in frame rows
    for text in (view.counter, *view.value_texts):
        left, top, width, height = text.box
        assert top + height <= plot_top + 1
    assert [tuple(t.rgb) for t in view.value_texts] == [tuple(hex_rgb(c)) for c in
                                                        (TEST_COLOR, TRAIN_COLOR, ACCURACY_COLOR)]
    assert view.train_line.axes.get_legend() is None  # the coloured numbers are the legend
