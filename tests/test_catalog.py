"""The catalog: built from the package's own tables, its thumbnails made by the real generators and feature
functions, and the CLI's help and the README's tables in step with it (each test fails when one drifts)."""

import json
import re
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from nnwatch import limits
from nnwatch.catalog import catalog, catalog_json, choices
from nnwatch.cli import app
from nnwatch.cli.common import SPEC_FLAGS
from nnwatch.data import DATASET_NAMES, dataset_info, make_dataset
from nnwatch.model.activations import FORMULAS, HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS
from nnwatch.model.features import FEATURE_LABELS, PLAYGROUND_FEATURES
from nnwatch.model.output import OUTPUT_UNITS
from nnwatch.spec import Spec
from nnwatch.views.style import CLASS_COLORS, PALETTES, diverging_lut

README = Path(__file__).parents[1] / "README.md"
CAT = catalog()


def by_name(entries):
    return {e["name"]: e for e in entries}


# -- what it holds ----------------------------------------------------------------------------------------------
def test_it_serialises_to_json_and_back():
    text = catalog_json(live_limits={"max_layers": 8})
    back = json.loads(text)
    assert back["live_limits"] == {"max_layers": 8}
    assert {k: v for k, v in back.items() if k != "live_limits"} == json.loads(json.dumps(CAT))


def test_names_and_formulas_are_the_model_s():
    acts = by_name(CAT["activations"])
    assert [a for a in acts if acts[a]["hidden"]] == list(HIDDEN_ACTIVATIONS)
    assert {a for a in acts if acts[a]["output"]} == set(OUTPUT_ACTIVATIONS)
    assert all(acts[a]["formula"] == FORMULAS[a] for a in acts)
    assert acts["relu"]["label"] == "ReLU" and acts["leaky_relu"]["label"] == "Leaky ReLU"
    assert [f["name"] for f in CAT["features"]] == list(PLAYGROUND_FEATURES)
    assert all(f["label"] == FEATURE_LABELS[f["name"]] for f in CAT["features"])
    assert by_name(CAT["features"])["x1sq"]["formula"] == "x1^2"
    assert by_name(CAT["features"])["sinx2"]["formula"] == "sin(x2)"
    assert [d["name"] for d in CAT["datasets"]] == list(DATASET_NAMES)
    assert all(d["task"] == dataset_info(d["name"]).task for d in CAT["datasets"])
    units = CAT["output_units"]
    assert set(units) == set(OUTPUT_UNITS)
    assert units["linear"]["threshold"] == OUTPUT_UNITS["linear"].threshold == 0.5
    assert units["softmax"]["multi_class"] and not units["tanh"]["multi_class"]


def test_colours_and_limits_are_the_packages():
    assert CAT["class_colors"] == list(CLASS_COLORS)
    pal = CAT["palettes"]["playground"]
    assert CAT["class_colors"][:2] == [pal["negative"], pal["positive"]]  # class 0 is -1 (orange), class 1 is +1
    assert pal["negative"] == "#f59322" and pal["positive"] == "#0877bd"
    assert pal["shades"] == diverging_lut(PALETTES["playground"]).tolist() and len(pal["shades"]) == 31
    assert CAT["limits"]["max_layers"] == limits.MAX_LAYERS and CAT["limits"]["max_neurons"] == limits.MAX_NEURONS


def test_every_menu_value_is_one_the_spec_takes():
    flat = {"lr": "lr", "reg_rate": "reg_rate", "dropout": "dropout", "activation": "activation",
            "regularization": "regularization", "optimizer": "optimizer", "init": "init", "loss": "loss",
            "output_unit": "output_unit"}
    menus = choices()
    assert set(menus) == set(flat)
    for key, values in menus.items():
        for value, label in values:
            Spec().with_flat(**{flat[key]: value})  # raises a SpecError for a value the spec refuses
            assert label
    assert [v for v, _ in menus["activation"]] == list(HIDDEN_ACTIVATIONS)


# -- thumbnails from the real generators ------------------------------------------------------------------------
def thumbnail(name):
    return np.array(by_name(CAT["datasets"])[name]["thumbnail"])


def test_dataset_thumbnails_are_the_generators_points():
    for name in [d for d in DATASET_NAMES if dataset_info(d).two_d]:
        ds = make_dataset(name, points=200, seed=7)
        x = np.concatenate([ds.x_train, ds.x_test])
        assert np.allclose(thumbnail(name)[:, :2], x, atol=0.006), name
    assert all("thumbnail" not in d for d in CAT["datasets"] if not d["two_d"])


def test_the_circle_thumbnail_has_class_1_inside_and_class_0_in_the_ring():
    points = thumbnail("circle")
    radius, label = np.hypot(points[:, 0], points[:, 1]), points[:, 2]
    assert np.all(radius[label == 1] < 2.51) and np.all(radius[label == 0] >= 3.49)
    assert 80 <= (label == 1).sum() <= 120


def test_other_thumbnails_follow_their_rules():
    xor = thumbnail("xor")
    assert np.array_equal(xor[:, 2], (xor[:, 0] * xor[:, 1] >= 0).astype(float))
    plane = thumbnail("reg_plane")
    assert np.allclose(plane[:, 2], (plane[:, 0] + plane[:, 1]) / 10, atol=0.011)
    assert set(thumbnail("gaussians")[:, 2]) == {0, 1, 2, 3}


def feature_grid(name):
    d = CAT["feature_thumbnail_density"]
    return np.array(by_name(CAT["features"])[name]["thumbnail"]).reshape(d, d)  # row 0 = lowest x2


def test_x1x2_thumbnail_is_four_solid_quadrants_clamped_as_the_playground():
    grid = feature_grid("x1x2")
    d = len(grid)
    low, high = slice(0, d // 2 - 2), slice(d // 2 + 2, d)  # away from the axes, |x1 x2| > 1
    assert np.all(grid[low, low] == 1) and np.all(grid[high, high] == 1)
    assert np.all(grid[low, high] == -1) and np.all(grid[high, low] == -1)


def test_feature_thumbnails_are_the_feature_functions_over_the_square():
    d = CAT["feature_thumbnail_density"]
    axis = np.linspace(-6, 6, d)
    x1 = feature_grid("x1")
    assert np.allclose(x1, np.clip(axis, -1, 1)[None, :].repeat(d, 0), atol=1e-3)
    assert np.allclose(feature_grid("sinx2"), np.sin(axis)[:, None].repeat(d, 1), atol=1e-3)
    assert feature_grid("x2sq").min() >= 0 and feature_grid("x2sq").max() == 1


# -- CLI help and README in step --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def train_help():
    result = CliRunner().invoke(app, ["train", "--help"], terminal_width=400, env={"COLUMNS": "400"})
    assert result.exit_code == 0
    return " ".join(result.output.split())


def test_cli_help_lists_the_catalog_s_names(train_help):
    activations = ", ".join(a["name"] for a in CAT["activations"] if a["hidden"])
    assert f"{activations}; one for all layers" in train_help
    features = ",".join(f["name"] for f in CAT["features"])
    assert f"comma-separated: {features} or expressions" in train_help
    units = ", ".join(v for v, _ in CAT["choices"]["output_unit"])
    assert f"Output unit: {units}." in train_help


def help_names(key):
    """The names a spec flag's help lists: "sgd, momentum or adam." -> [sgd, momentum, adam]."""
    text = re.sub(r"\s*\([^)]*\)", "", SPEC_FLAGS[key][1]).rstrip(".")
    return [w for w in re.split(r",\s*|\s+or\s+", text.strip()) if w]


def test_cli_help_lists_the_spec_s_options(train_help):
    for key in ("loss", "optimizer", "regularization"):
        assert help_names(key) == [v for v, _ in CAT["choices"][key]], key
        assert " ".join(SPEC_FLAGS[key][1].split()) in train_help
    assert [n for n in help_names("init") if n != "explicit"] == [v for v, _ in CAT["choices"]["init"]]


def test_cli_datasets_lists_every_catalog_dataset():
    output = CliRunner().invoke(app, ["datasets"], terminal_width=400).output
    for d in CAT["datasets"]:
        assert re.search(rf"^\s*{d['name']}\b", output, re.M), d["name"]


def readme_row(part):
    row = next(line for line in README.read_text().splitlines() if line.startswith(f"| {part} |"))
    return row


def names_after(row, field):
    """The names in the parentheses after `field` in a README row: "`activation` (relu, tanh; ...)"."""
    inside = re.search(rf"`{field}` \(([^)]*)\)", row).group(1)
    return [w.split(":")[0].split(" ")[0] for w in inside.split(";")[0].split(", ")]


def test_readme_tables_list_the_catalog_s_names():
    network, training = readme_row("network"), readme_row("training")
    assert names_after(network, "activation") == [a["name"] for a in CAT["activations"] if a["hidden"]]
    units = re.search(r"`output_unit` \(auto: [^;]*; or ([^)]*)\)", network).group(1).split(", ")
    assert units == list(OUTPUT_ACTIVATIONS)
    features = readme_row("features").split("|")[2]
    assert re.search(r"`([^`]*)`", features).group(1).split(", ") == list(PLAYGROUND_FEATURES)
    for field in ("loss", "optimizer", "regularization"):
        assert names_after(training, field) == [v for v, _ in CAT["choices"][field]], field
    # "`init` (playground: U(-0.5, 0.5) and biases 0.1; xavier; he; zeros; explicit with `init_weights`)"
    described = training[training.index("`init` (") + len("`init` ("):training.index("`epochs`")]
    init = [part.split(":")[0].split()[0] for part in described.split("; ")]
    assert [v for v, _ in CAT["choices"]["init"]] == [n for n in init if n != "explicit"]


def test_readme_datasets_section_names_every_dataset():
    text = README.read_text()
    section = text[text.index("## Datasets"):text.index("## Run files")]
    for name in DATASET_NAMES:
        assert re.search(rf"\b{name}\b", section), name
