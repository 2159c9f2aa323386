"""A TF Playground link translated into nnwatch's keys: every key of the Playground's URL handled."""

from urllib.parse import parse_qsl

import pytest

from nnwatch.live.playground_link import PLAYGROUND_ONLY_KEYS, TRANSLATED_KEYS, translate
from nnwatch.live.settings import spec_from_query

# Every key the Playground's state writes into its URL (its State.PROPS), and its hides (<control>_hide).
PLAYGROUND_URL_KEYS = ("activation", "batchSize", "dataset", "regDataset", "learningRate", "regularization",
                       "regularizationRate", "noise", "networkShape", "seed", "showTestData", "discretize",
                       "percTrainData", "x", "y", "xTimesY", "xSquared", "ySquared", "sinX", "sinY", "cosX", "cosY",
                       "problem", "initZero", "hideText", "collectStats", "tutorial")
# SEEDS.md section 6's circle experiment as the Playground writes it.
CIRCLE = ("activation=relu&batchSize=1&dataset=circle&regDataset=reg-plane&learningRate=0.03&regularizationRate=0.001"
          "&noise=0&networkShape=4&seed=0.12345&showTestData=false&discretize=false&percTrainData=50&x=true&y=true"
          "&xTimesY=false&xSquared=false&ySquared=false&cosX=false&sinX=false&cosY=false&sinY=false"
          "&collectStats=false&problem=classification&initZero=false&hideText=false&regularization=L1")


def flat(link):
    return dict(parse_qsl(link.query))


def test_every_playground_key_is_translated():
    assert set(PLAYGROUND_URL_KEYS) <= TRANSLATED_KEYS
    for key in PLAYGROUND_URL_KEYS:  # each one alone is read, never refused as an unknown setting
        link = translate(f"{key}=true&batchSize=10")
        assert not any("is not a Playground setting" in n for n in link.notices), (key, link.notices)


def test_the_circle_experiment_becomes_nnwatch_keys():
    link = translate(CIRCLE, {"discretize": "false"})
    assert link.from_playground
    assert flat(link) == {"dataset": "circle", "lr": "0.03", "reg_rate": "0.001", "batch": "1", "noise": "0",
                          "train_share": "0.5", "activation": "relu", "regularization": "l1", "hidden": "4",
                          "seed": "12345", "features": "x1,x2"}
    assert link.page == {}  # discretize=false and showTestData=false: nothing to show
    assert len(link.notices) == 1 and "seed" in link.notices[0]  # the seed is nnwatch's own
    spec = spec_from_query(link.query)
    assert spec.network.hidden == [4] and spec.training.batch_size == 1 and spec.training.regularization == "l1"


@pytest.mark.parametrize(("given", "expected"), [
    ("noise=35", {"noise": "0.35"}),                      # the Playground's 0..50 slider, /100 as nnwatch's noise
    ("percTrainData=70", {"train_share": "0.7"}),
    ("networkShape=", {"hidden": "none"}),                # empty: no hidden layer
    ("networkShape=8,8,2", {"hidden": "8,8,2"}),
    ("dataset=gauss", {"dataset": "gauss"}),
    ("problem=regression&regDataset=reg-gauss&dataset=xor", {"dataset": "reg_gauss"}),
    ("problem=classification&regDataset=reg-gauss&dataset=xor", {"dataset": "xor"}),
    ("regularization=none", {"regularization": "none"}),
    ("regularization=L2", {"regularization": "l2"}),
    ("initZero=true", {"init": "zeros"}),
    ("x=false&y=true&sinX=true&cosY=true&xSquared=true", {"features": "x2,x1sq,sinx1,cos(x2)"}),
    ("seed=0.98765", {"seed": "98765"}),
])
def test_values_in_the_playground_units(given, expected):
    link = translate(f"{given}&batchSize=10")
    assert {k: v for k, v in flat(link).items() if k in expected} == expected
    spec_from_query(link.query)  # nnwatch accepts what it became


def test_page_pairs_take_nnwatch_names():
    link = translate("showTestData=true&batchSize=1", {"learningRate_hide": "true", "xTimesY_hide": "true",
                                                       "discretize": "true", "noise_hide": "true"})
    assert link.page == {"lr_hide": "true", "x1x2_hide": "true", "discretize": "true", "noise_hide": "true",
                         "show_test": "true"}
    # In an nnwatch link too, where the spec stays nnwatch's (its noise=0.2 is not the Playground's 0.2 %).
    mixed = translate("hidden=2&noise=0.2", {"batchSize_hide": "true", "lr_hide": "true"})
    assert mixed.page == {"batch_hide": "true", "lr_hide": "true"} and mixed.query == "hidden=2&noise=0.2"
    assert mixed.from_playground and not mixed.notices


def test_nnwatch_keys_added_to_a_playground_link_are_read_as_nnwatch_reads_them():
    link = translate("batchSize=5&epochs=300&optimizer=adam")
    assert flat(link)["epochs"] == "300" and flat(link)["optimizer"] == "adam" and not link.notices


@pytest.mark.parametrize(("given", "word"), [
    ("regDataset=reg-maximum&problem=regression", "regDataset"), ("dataset=moonshine", "dataset"),
    ("hideText=true", "hideText"), ("collectStats=true", "collectStats"), ("tutorial=what-is-a-neuron", "tutorial"),
    ("learningRate=fast", "learningRate"), ("activation=swish", "activation"), ("x=false&y=false", "features"),
    ("problem=clustering", "problem"), ("numHiddenLayers=3", "numHiddenLayers"),
])
def test_what_cannot_be_honoured_is_a_notice_not_a_refusal(given, word):
    link = translate(f"{given}&batchSize=10")
    assert any(n.startswith(f"Playground link: {word}") for n in link.notices), link.notices
    spec_from_query(link.query)  # the rest of the link still builds


def test_nnwatch_links_pass_untouched():
    link = translate("dataset=xor&hidden=3,3&lr=0.1&noise=0.2", {"lr_hide": "true", "speed": "5"})
    assert not link.from_playground and link.query == "dataset=xor&hidden=3,3&lr=0.1&noise=0.2"
    assert link.page == {"lr_hide": "true", "speed": "5"} and not link.notices
    assert not PLAYGROUND_ONLY_KEYS & {"dataset", "noise", "seed", "activation", "regularization"}
