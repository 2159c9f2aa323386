"""The metrics view: train and test loss as training goes, accuracy, and the epoch counter.

The whole curve's range is known from the run, so the axes are fixed at init and only the lines grow.
The x axis is logarithmic when the snapshots are log-spaced, so the curve moves as steadily as the video.
A run that did not learn (``probes.learning``, judged once at init) says so in the header once the video has
reached its last snapshot: a failed network's curves would otherwise look like any others.
"""

from __future__ import annotations

import math

import numpy as np

from nnwatch.probes.learning import judge
from nnwatch.views.base import Frame, Scene, View
from nnwatch.views.style import VERDICT_COLOR
from nnwatch.views.text import GlyphText

__all__ = ["MetricsView"]


TRAIN_COLOR, TEST_COLOR, ACCURACY_COLOR = "#555555", "#0877bd", "#2ca02c"


class MetricsView(View):
    """Curves below, numbers above: the epoch counter and one line per curve, in the curve's colour (the
    numbers are the legend), in a strip of their own so that no curve ever runs under them. Under the numbers,
    for a run that did not learn, the verdict (its lines are kept free from the start, so nothing moves)."""

    name = "metrics"

    def init(self, ax, scene: Scene) -> None:
        self.scene = scene
        self.verdict = judge(scene.run)  # once: it is shown on every frame of the last snapshot
        snaps = scene.run.snapshots
        self.epochs = np.array([s.epoch for s in snaps])
        self.train = np.array([s.train_loss for s in snaps])
        self.test = np.array([s.test_loss for s in snaps])
        # A log axis when the snapshots span orders of magnitude (log schedules, or lists like 2 ... 60000):
        # the video gives each snapshot equal time, and so should the axis.
        positive = self.epochs[self.epochs > 0]
        self.log_x = positive.size > 2 and positive[-1] / positive[0] > 100
        self.train_acc = np.array([s.train_accuracy for s in snaps])
        self.test_acc = np.array([s.test_accuracy for s in snaps])
        self.acc_of = self.test_acc if np.isfinite(self.test_acc).any() else self.train_acc
        self.has_test = bool(np.isfinite(self.test).any())
        self.has_acc = bool(np.isfinite(self.acc_of).any())
        theme = scene.theme
        header = self._make_room(ax, theme)
        self.train_line, = ax.plot([], [], color=TRAIN_COLOR, lw=1.6 * theme.scale)
        # A run without test data (a lesson's few rows) gets no test curve, nor a number for one.
        self.test_line = ax.plot([], [], color=TEST_COLOR, lw=1.6 * theme.scale)[0] if self.has_test else None
        self.acc_line = self._accuracy_axis(ax, theme) if self.has_acc else None
        self._fix_axes(ax, theme)
        self._make_texts(ax, theme, header)
        self.animated(*(line for line in (self.train_line, self.test_line, self.acc_line) if line is not None))

    # -- the header strip ------------------------------------------------------------------------------------
    def _value_lines(self) -> list[tuple[str, str]]:
        """(kind, colour) of each number line, top to bottom."""
        lines = [("test", TEST_COLOR)] if self.has_test else []
        lines.append(("train", TRAIN_COLOR))
        return lines + ([("accuracy", ACCURACY_COLOR)] if self.has_acc else [])

    def _make_room(self, ax, theme) -> dict:
        """Lower the Axes' top to free a strip for the numbers above the curves; returns where they go."""
        dpi, fig_h = ax.figure.dpi, ax.figure.bbox.height
        bbox = ax.get_window_extent()
        line_px = theme.font(10) * dpi / 72 * 1.3
        counter_w = 14 * theme.font(11) * dpi / 72 * 0.602
        values_w = VALUE_CHARS * theme.font(10) * dpi / 72 * 0.602
        n_values = len(self._value_lines())
        beside = counter_w + values_w + 12 * theme.scale <= bbox.width  # else the counter gets a line of its own
        chars = int(bbox.width / math.ceil(theme.font(10) * dpi / 72 * 0.602))  # a stamped glyph's whole pixels
        # A short panel (a small frame, a third of a column) keeps the verdict to one line, for the curves.
        lines = 2 if bbox.height >= 20 * line_px else 1
        self.verdict_lines = self.verdict.fitted(chars, lines) if self.verdict else []
        rows = (n_values if beside else n_values + 1) + len(self.verdict_lines)
        strip = rows * line_px + 6 * theme.scale
        left, bottom, width, height = ax.get_position().bounds
        height = max(height - strip / fig_h, 0.2 * height)
        ax.set_position([left, bottom, width, height])
        return {"rows": rows, "beside": beside, "line_px": line_px, "chars": chars}

    def _make_texts(self, ax, theme, header: dict) -> None:
        bbox = ax.get_window_extent()
        line = header["line_px"] / bbox.height  # one text line in axes fractions
        top = 1.0 + header["rows"] * line + 3 * theme.scale / bbox.height
        first_value = top if header["beside"] else top - line
        self.counter = self._text(ax, 0.0, top, theme.font(11), theme.text, "left", 14)
        self.value_texts = [self._text(ax, 1.0, first_value - k * line, theme.font(10), color, "right", VALUE_CHARS)
                            for k, (_, color) in enumerate(self._value_lines())]
        self.verdict_text = None
        if self.verdict_lines:  # the last lines of the strip, from the left edge, as wide as the panel
            below = first_value - len(self.value_texts) * line
            self.verdict_text = self._text(ax, 0.0, below, theme.font(10), VERDICT_COLOR, "left", header["chars"],
                                           lines=len(self.verdict_lines))

    def _text(self, ax, x, y, size, color, ha, chars, lines: int = 1):
        if self.scene.still:
            return ax.text(x, y, "", transform=ax.transAxes, va="top", ha=ha, fontsize=size, color=color,
                           family="monospace", linespacing=1.05)
        # Numbers change every frame: stamped glyphs, far cheaper than matplotlib text.
        return GlyphText(ax, x, y, size, color, ha=ha, max_chars=chars, max_lines=lines)

    # -- the curves -------------------------------------------------------------------------------------------
    def _accuracy_axis(self, ax, theme):
        """Accuracy (0..100 %) as a dotted line on its own scale at the right."""
        twin = ax.twinx()
        twin.set_ylim(0, 100)
        twin.tick_params(labelsize=theme.font(8), colors=theme.faint)
        twin.set_ylabel("accuracy %", fontsize=theme.font(9), color=theme.faint)
        twin.spines["top"].set_visible(False)
        line, = twin.plot([], [], color=ACCURACY_COLOR, lw=1.2 * theme.scale, ls=":")
        return line

    def _fix_axes(self, ax, theme) -> None:
        x = self._x(self.epochs)
        ax.set_xlim(x[0], max(x[-1], x[0] + 1e-9))
        finite = np.concatenate([self.train[np.isfinite(self.train)], self.test[np.isfinite(self.test)]])
        top = float(finite.max()) if finite.size else 1.0
        ax.set_ylim(0, top * 1.05 or 1.0)
        if self.log_x:
            from matplotlib.ticker import NullFormatter

            ax.set_xscale("log")
            # Over a short log range matplotlib labels the minor ticks too (2x10^0, 3x10^0, ...), side by side.
            ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("epoch", fontsize=theme.font(9), color=theme.faint)
        ax.set_ylabel("loss", fontsize=theme.font(9), color=theme.faint)
        ax.tick_params(labelsize=theme.font(8), colors=theme.faint)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)

    def _x(self, epochs: np.ndarray) -> np.ndarray:
        return epochs + 1.0 if self.log_x else epochs

    # -- per frame -------------------------------------------------------------------------------------------
    def update(self, frame: Frame) -> list:
        n = int(math.floor(frame.position)) + 1
        snap = frame.snapshot
        xs = np.append(self._x(self.epochs[:n]), self._x(np.array([snap.epoch])))
        self.train_line.set_data(xs, np.append(self.train[:n], snap.train_loss))
        drawn = [self.train_line]
        if self.test_line is not None:
            self.test_line.set_data(xs, np.append(self.test[:n], snap.test_loss))
            drawn.append(self.test_line)
        if self.acc_line is not None:
            now = snap.test_accuracy if self.acc_of is self.test_acc else snap.train_accuracy
            self.acc_line.set_data(xs, 100 * np.append(self.acc_of[:n], now))
            drawn.append(self.acc_line)
        texts = [f"Epoch {int(snap.epoch):06d}"] + [self._value(kind, snap) for kind, _ in self._value_lines()]
        return [*drawn, *self._texts(texts), *self._verdict(frame)]

    def shown_verdict(self, frame: Frame) -> str:
        """What the verdict lines say in ``frame``: nothing before the run's last snapshot, or when it learned."""
        ended = frame.position >= len(self.epochs) - 1
        return "\n".join(self.verdict_lines) if ended else ""

    def _verdict(self, frame: Frame) -> list:
        if self.verdict_text is None:
            return []
        text = self.shown_verdict(frame)
        if isinstance(self.verdict_text, GlyphText):
            return [self.verdict_text.raster(text)]
        self.verdict_text.set_text(text)
        return [self.verdict_text]

    def _value(self, kind: str, snap) -> str:
        if kind == "test":
            return f"— test loss {_number(snap.test_loss)}"
        if kind == "train":
            return f"— training loss {_number(snap.train_loss)}"
        which = "test" if self.acc_of is self.test_acc else "training"
        value = snap.test_accuracy if which == "test" else snap.train_accuracy
        return f"··· {which} accuracy {100 * value:.1f}%" if math.isfinite(value) else f"··· {which} accuracy -"

    def _texts(self, texts: list[str]) -> list:
        items = [self.counter, *self.value_texts]
        if isinstance(self.counter, GlyphText):
            return [item.raster(text) for item, text in zip(items, texts)]
        for item, text in zip(items, texts):
            item.set_text(text)
        return items


VALUE_CHARS = 28  # the longest number line: "··· training accuracy 100.0%"


def _number(value: float) -> str:
    return f"{value:.3f}" if math.isfinite(value) else "-"
