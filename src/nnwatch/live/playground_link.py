"""A pasted TF Playground link, translated once: the Playground's hash keys -> nnwatch's flat keys and page keys.

A teacher's Playground URL (``#activation=relu&batchSize=1&dataset=circle&...&networkShape=4&seed=0.12345``)
builds the same experiment here. The page sends its hash (the spec part and its own pairs); ``translate`` gives
nnwatch's query, nnwatch's page pairs (``show_test``, ``discretize``, ``lr_hide`` ...) and a notice for each key
nnwatch cannot honour, which the page shows (a notice, never a refusal). The page then rewrites its URL in
nnwatch's keys. A hash in nnwatch's own keys passes through untouched.

The Playground's control names come from the catalog (``catalog.PLAYGROUND_KEYS``, its feature names); what
only its URL format knows (booleans as "true", noise and the training share in percent, a seed as a string,
dataset names with dashes) is written here, once.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from nnwatch.catalog import PLAYGROUND_FEATURE_KEYS, PLAYGROUND_KEYS
from nnwatch.data import DATASET_NAMES
from nnwatch.errors import NNWatchError
from nnwatch.model.features import PLAYGROUND_FEATURES
from nnwatch.spec import FLAT_KEYS, Spec

__all__ = ["PLAYGROUND_ONLY_KEYS", "TRANSLATED_KEYS", "Link", "is_playground_link", "translate", "translate_page"]

# The Playground's boolean features that nnwatch has as expressions rather than as named features.
_EXPRESSION_FEATURES = {"cosX": "cos(x1)", "cosY": "cos(x2)"}
_FEATURE_KEYS = {**PLAYGROUND_FEATURE_KEYS, **_EXPRESSION_FEATURES}
# Keys that only mean something to the Playground's own page: a notice when set, never an error.
_PLAYGROUND_PAGE_ONLY = {
    "hideText": "the Playground's article text: nnwatch's page has none to hide",
    "collectStats": "the Playground's usage statistics: nnwatch collects none",
}
# Keys the Playground writes into every URL and nnwatch's flat keys lack: one of them makes a hash a
# Playground link (its shared keys, activation, dataset, noise, seed, regularization, mean other things there).
PLAYGROUND_ONLY_KEYS = frozenset({"batchSize", "regDataset", "learningRate", "regularizationRate", "networkShape",
                                  "showTestData", "percTrainData", "problem", "initZero", "tutorial",
                                  *_FEATURE_KEYS, *_PLAYGROUND_PAGE_ONLY}) - set(FLAT_KEYS)
# Every Playground key ``translate`` reads (the rest of a Playground link gets an "unknown" notice).
TRANSLATED_KEYS = frozenset({"activation", "dataset", "noise", "seed", "regularization", "discretize",
                             *PLAYGROUND_ONLY_KEYS})
_TRUE = "true"  # the Playground writes booleans as "true" / "false"


@dataclass
class Link:
    """nnwatch's query and page pairs for a hash, and what of it could not be honoured."""

    query: str
    page: dict[str, str]
    notices: list[str] = field(default_factory=list)
    from_playground: bool = False


def is_playground_link(spec_keys) -> bool:
    """Whether a hash's spec keys are the Playground's (whose shared names, noise above all, mean other values)."""
    return any(key in PLAYGROUND_ONLY_KEYS for key in spec_keys)


def translate(query: str, page: dict[str, str] | None = None) -> Link:
    """nnwatch's state for a hash's spec part (``query``) and page pairs. A Playground link's spec is translated;
    the Playground's control names in hides (``learningRate_hide``) become nnwatch's in any hash."""
    page = dict(page or {})
    given = dict(parse_qsl(query.lstrip("#?"), keep_blank_values=True))
    ours = translate_page(page)
    if not is_playground_link(given):
        return Link(query=query, page=ours, from_playground=ours != page)
    link = _Translation(given, ours)
    return Link(query=urlencode(link.flat), page=link.page, notices=link.notices, from_playground=True)


def translate_page(page: dict[str, str]) -> dict[str, str]:
    """nnwatch's page pairs: discretize as nnwatch writes it, <control>_hide in nnwatch's names."""
    out = {}
    for key, value in page.items():
        name = key.removesuffix("_hide")
        if key.endswith("_hide"):
            out[f"{PLAYGROUND_KEYS.get(name, _FEATURE_KEYS.get(name, name))}_hide"] = value
        elif key != "discretize":
            out[key] = value
        elif value.lower() == _TRUE:
            out["discretize"] = _TRUE
    return out


class _Translation:
    """One Playground hash read key by key into ``flat`` (nnwatch spec keys), ``page`` and ``notices``."""

    def __init__(self, given: dict[str, str], page: dict[str, str]):
        self.given, self.flat, self.notices = given, {}, []
        self.page = page
        regression = given.get("problem", "classification") == "regression"
        if given.get("problem", "classification") not in ("classification", "regression"):
            self.notice("problem", "is not classification or regression: classification")
        self._dataset(given.get("regDataset" if regression else "dataset"), "regDataset" if regression else "dataset")
        self._number("learningRate", "lr")
        self._number("regularizationRate", "reg_rate")
        self._number("batchSize", "batch")
        self._number("noise", "noise", per_unit=100)
        self._number("percTrainData", "train_share", per_unit=100)
        self._choice("activation", "activation", lambda v: v)
        self._choice("regularization", "regularization", str.lower)
        self._shape()
        self._seed()
        self._features()
        if self._flag("initZero"):
            self.set("init", "zeros", "initZero")
        if self._flag("showTestData"):
            self.page["show_test"] = _TRUE
        for key, why in _PLAYGROUND_PAGE_ONLY.items():
            if self._flag(key):
                self.notice(key, f"ignored ({why})")
        if given.get("tutorial"):
            self.notice("tutorial", f"'{given['tutorial']}': the Playground's tutorials are not part of nnwatch")
        for key in given:
            if key in FLAT_KEYS and key not in TRANSLATED_KEYS:
                self.set(key, given[key], key)  # one of nnwatch's own keys added to the link: as nnwatch reads it
            elif key not in TRANSLATED_KEYS:
                self.notice(key, "is not a Playground setting nnwatch knows: ignored")

    def notice(self, key: str, text: str) -> None:
        self.notices.append(f"Playground link: {key} {text}")

    def set(self, key: str, value: str, source: str) -> None:
        """One nnwatch key, checked alone, so that one bad value costs a notice rather than the whole link."""
        try:
            Spec().with_flat(**{key: value})
        except NNWatchError as err:
            self.notice(source, f"'{self.given.get(source)}' cannot be used ({err}): left at nnwatch's default")
            return
        self.flat[key] = value

    def _flag(self, key: str) -> bool:
        return self.given.get(key, "false").lower() == _TRUE

    def _dataset(self, name: str | None, source: str) -> None:
        if name is None:
            return
        ours = name.replace("-", "_")  # the Playground's reg-plane is nnwatch's reg_plane
        if ours in DATASET_NAMES:
            self.set("dataset", ours, source)
        else:
            self.notice(source, f"'{name}' is not one of nnwatch's datasets: the default data instead")

    def _number(self, source: str, key: str, per_unit: int = 1) -> None:
        if source not in self.given:
            return
        try:
            value = float(self.given[source]) / per_unit
        except ValueError:
            self.notice(source, f"'{self.given[source]}' is not a number: left at nnwatch's default")
            return
        self.set(key, f"{value:g}" if key != "batch" else str(round(value)), source)

    def _choice(self, source: str, key: str, ours) -> None:
        if source in self.given:
            self.set(key, ours(self.given[source]), source)

    def _shape(self) -> None:
        if "networkShape" in self.given:  # "4,2"; empty: no hidden layer
            self.set("hidden", self.given["networkShape"].strip() or "none", "networkShape")

    def _seed(self) -> None:
        """The Playground seeds its own generator with a string ("0.12345"): nnwatch's draws differ whatever the
        number, so the seed becomes a whole number of its own (its digits) and the page says so."""
        text = self.given.get("seed")
        if not text:
            return
        digits = text.removeprefix("0.")
        seed = int(digits) if digits.isdigit() and len(digits) < 10 else zlib.crc32(text.encode())
        self.set("seed", str(seed), "seed")
        self.notice("seed", f"'{text}' is nnwatch's seed {seed}: the same experiment, drawn by nnwatch's own "
                            "random generator (other points and initial weights than the Playground's)")

    def _features(self) -> None:
        named = [key for key in _FEATURE_KEYS if key in self.given]
        if not named:
            return
        on = [_FEATURE_KEYS[key] for key in named if self._flag(key)]
        on.sort(key=lambda f: PLAYGROUND_FEATURES.index(f) if f in PLAYGROUND_FEATURES else len(PLAYGROUND_FEATURES))
        if not on:
            self.notice("features", "none is on: nnwatch needs at least one input, so X1 and X2")
            on = ["x1", "x2"]
        self.set("features", ",".join(on), "features")
