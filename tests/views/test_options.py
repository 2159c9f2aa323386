"""Each view's options are a checked class: a misspelt key names the nearest one, a wrong type its type, an
option for a view the layout does not show is refused, and the options travel to worker processes as JSON."""

import json

import pytest

from nnwatch.errors import NNWatchError
from nnwatch.video.render import RenderOptions, check_render
from nnwatch.views import VIEWS, check_options
from nnwatch.views.depth import DepthOptions
from nnwatch.views.network import NetworkOptions
from nnwatch.views.sample import SampleOptions
from nnwatch.views.transform import TransformOptions


@pytest.mark.parametrize("layout, given, message", [
    (("transform",), {"transform": {"neuronz": "0,1"}},
     r"^unknown transform option 'neuronz' \(did you mean 'neurons'\?\); choose from: direct, lines, neurons"),
    (("depth",), {"depth": {"readuot": "head"}}, r"^unknown depth option 'readuot' \(did you mean 'readout'\?\)"),
    (("network",), {"network": {"max_draw": 8}}, r"^unknown network option 'max_draw' \(did you mean 'max_drawn'"),
    (("depth",), {"dpeth": {}}, r"^unknown view in the view options 'dpeth' \(did you mean 'depth'\?\)"),
    (("network", "boundary"), {"depth": {"readout": "head"}},
     r"^options for the depth view, which the layout \(network, boundary\) does not show$"),
    (("boundary",), {"boundary": {"x": 1}}, r"^the boundary view takes no options$"),
])
def test_an_unknown_option_is_one_line_naming_the_nearest(layout, given, message):
    with pytest.raises(NNWatchError, match=message):
        check_options(layout, given)


@pytest.mark.parametrize("layout, given, message", [
    (("network",), {"network": {"max_drawn": "many"}},
     r"^network option 'max_drawn' must be a whole number, got 'many'$"),
    (("network",), {"network": {"max_drawn": 2.5}}, r"^network option 'max_drawn' must be a whole number, got 2.5$"),
    (("network",), {"network": {"max_drawn": True}}, r"must be a whole number, got True"),
    (("transform",), {"transform": {"direct": "maybe"}}, r"^transform option 'direct' must be true or false"),
    (("transform",), {"transform": {"stage_seconds": "slow"}}, r"^transform option 'stage_seconds' must be a number"),
    (("transform",), {"transform": {"over": 3}}, r"^transform option 'over' must be text, got 3$"),
    (("sample",), {"sample": {"unknown_below": 1.5}}, r"'unknown_below' must be between 0 and 1, got 1.5$"),
    (("depth",), {"depth": {"readout": "haed"}}, r"unknown readout 'haed' \(did you mean 'head'\?\)"),
    (("depth",), {"depth": "probe"}, r"^the depth view's options are a mapping of names to values, got str$"),
])
def test_a_value_of_the_wrong_type_is_one_line(layout, given, message):
    with pytest.raises(NNWatchError, match=message):
        check_options(layout, given)


def test_values_are_read_by_their_types():
    checked = check_options(("network", "sample", "transform", "depth"), {
        "network": {"max_drawn": "8"}, "sample": {"unknown_below": "0.6"},
        "transform": {"neurons": "0,2", "direct": "true", "lines": 21}, "depth": {"readout": "probe"}})
    assert checked["network"] == NetworkOptions(max_drawn=8)
    assert checked["sample"] == SampleOptions(unknown_below=0.6)
    assert checked["transform"] == TransformOptions(projection="neurons", neurons=(0, 2), direct=True, lines=21)
    assert checked["depth"] == DepthOptions(readout="probe")


def test_the_basics_board_takes_the_options_of_the_views_it_shows():
    checked = check_options(("caption", "basics"), {"perceptron": {"dims": 2}, "transform": {"lines": 11}})
    assert checked["perceptron"].dims == 2 and checked["transform"].lines == 11


def test_every_view_declares_its_options_as_a_class_or_none():
    import dataclasses

    for name, view in VIEWS.items():
        assert view.options is None or dataclasses.is_dataclass(view.options), name
        if view.options is not None:
            view.options()  # its defaults are valid


def test_render_checks_the_options_before_anything_is_drawn(tmp_path):
    with pytest.raises(NNWatchError, match=r"unknown transform option 'neuronz' \(did you mean 'neurons'\?\)"):
        check_render(None, tmp_path / "v.mp4", layout=["transform"], view_options={"transform": {"neuronz": "0,1"}})
    with pytest.raises(NNWatchError, match="options for the depth view"):
        check_render(None, tmp_path / "v.mp4", view_options={"depth": {"readout": "probe"}})
    assert list(tmp_path.iterdir()) == []


def test_options_travel_to_workers_as_json():
    given = {"transform": TransformOptions(neurons=(0, 2)), "network": {"max_drawn": 8}}
    options = RenderOptions(layout=("network", "transform"), view_options=given)
    back = RenderOptions.from_json(json.loads(json.dumps(options.to_json())))
    checked = check_options(back.layout, back.view_options)
    assert checked["transform"] == TransformOptions(neurons=(0, 2)) and checked["network"].max_drawn == 8
