"""The network view's words and numbers: inputs by their dataset's names, weights written on links when asked,
neurons' numbers under them where the column leaves room."""

import numpy as np
import pytest

from nnwatch.data import Dataset
from nnwatch.drivers import train
from nnwatch.video.compose import FrameRenderer, layout_rects
from nnwatch.video.overlaps import layout_problems
from nnwatch.views import Frame, Scene

SIZE = (1280, 720)


def drawn(run, layout=("network",), **scene):
    renderer = FrameRenderer(Scene(run, **scene), list(layout), SIZE)
    frame = Frame(snapshot=run.final, position=float(len(run) - 1))
    renderer.render(frame)
    return renderer, renderer.views[0], frame


def input_names(view):
    x_input = view.layers[0][0][1]
    return sorted(t.get_text() for t in view.ax.texts if t.get_text() and t.get_position()[0] < x_input)


@pytest.fixture(scope="module")
def circle():
    return train(dataset="circle", hidden="3", epochs=3, snapshots=3)


def test_a_plane_with_named_columns_shows_their_names(circle):
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (40, 2))
    named = Dataset(name="named", x_train=x, y_train=(x[:, 0] > 0).astype(np.int64), x_test=x[:0],
                    y_test=np.zeros(0, np.int64), task="classification", classes=("no", "yes"),
                    input_names=("depth", "width"), domain=((-1.0, 1.0), (-1.0, 1.0)))
    run = train(data=named, hidden="2", epochs=2, snapshots=2)
    assert input_names(drawn(run)[1]) == ["depth", "width"]
    assert input_names(drawn(circle)[1]) == ["X₁", "X₂"]  # the Playground's data keep its names


def test_weights_are_written_on_their_links_only_when_asked(circle):
    assert drawn(circle)[1].weight_texts == []
    renderer, view, frame = drawn(circle, options={"network": {"weights": True}})
    w = [np.asarray(p["w"]) for p in circle.final.params]
    expected = [f"{w[layer][i, j]:.2g}".replace("-", "−") for layer, i, j in view.link_index]
    assert [t.get_text() for t in view.weight_texts] == expected and len(expected) == 2 * 3 + 3 * 1
    # They follow the weights: the first snapshot's are the initial ones.
    view.update(Frame(snapshot=circle[0], position=0.0))
    assert view.weight_texts[0].get_text() == f"{np.asarray(circle[0].params[0]['w'])[0, 0]:.2g}".replace("-", "−")
    # A forward pass dims the links it has not reached, not their weights: those are given before it starts.
    view.update(Frame(snapshot=circle.final, position=2.0, reveal=0.0))
    assert view.links.get_colors()[-1][3] == pytest.approx(0.15)
    assert view.weight_texts[-1].get_alpha() in (None, 1.0) and view.weight_texts[-1].get_text()


def test_the_lowest_neurons_keep_room_for_their_numbers(circle):
    run = train(dataset="xor3", hidden="4", epochs=2, snapshots=2)
    for layout in (("network",), ("network", "metrics")):
        renderer, view, frame = drawn(run, layout, show_values=True)
        assert not any(view.values_beside)  # 3-4-1: every column has room under each neuron
        cache = renderer.fig.canvas.get_renderer()
        bottom = view.ax.get_window_extent().y0
        assert all(t.get_window_extent(cache).y0 >= bottom for t in view.values if t.get_text())
        assert layout_problems(renderer, frame, layout_rects(layout, *SIZE)) == []
    # Without numbers the neurons fill the panel as before.
    plain = drawn(run)[1]
    assert plain.node > view.node
