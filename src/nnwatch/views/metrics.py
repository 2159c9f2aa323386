"""The metrics view: train and test loss as training goes, accuracy, and the epoch counter.

The whole curve's range is known from the run, so the axes are fixed at init and only the lines grow.
The x axis is logarithmic when the snapshots are log-spaced, so the curve moves as steadily as the video.
"""

from __future__ import annotations

import math

import numpy as np

from nnwatch.views.base import Frame, Scene, View
from nnwatch.views.text import GlyphText

__all__ = ["MetricsView"]


class MetricsView(View):
    name = "metrics"

    def init(self, ax, scene: Scene) -> None:
        self.scene = scene
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
        theme = scene.theme
        self.train_line, = ax.plot([], [], color="#555555", lw=1.6 * theme.scale, label="training loss")
        # A run without test data (a lesson's few rows) gets no test curve, nor a legend entry for one.
        self.test_line = (ax.plot([], [], color="#0877bd", lw=1.6 * theme.scale, label="test loss")[0]
                          if np.isfinite(self.test).any() else None)
        self.acc_line = self._accuracy_axis(ax, theme) if np.isfinite(self.acc_of).any() else None
        self._fix_axes(ax, theme)
        if scene.still:
            self.counter = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top", ha="left",
                                   fontsize=theme.font(11), color=theme.text, family="monospace")
            self.values = ax.text(0.98, 0.97, "", transform=ax.transAxes, va="top", ha="right",
                                  fontsize=theme.font(10), color=theme.text, family="monospace")
        else:  # numbers change every frame: stamped glyphs, far cheaper than matplotlib text
            self.counter = GlyphText(ax, 0.02, 0.97, theme.font(11), theme.text, max_chars=14, max_lines=1)
            self.values = GlyphText(ax, 0.98, 0.97, theme.font(10), theme.text, ha="right", max_chars=24,
                                    max_lines=3)
        self.animated(*(line for line in (self.train_line, self.test_line, self.acc_line) if line is not None))

    def _accuracy_axis(self, ax, theme):
        """Accuracy (0..100 %) as a dotted line on its own scale at the right."""
        twin = ax.twinx()
        twin.set_ylim(0, 100)
        twin.tick_params(labelsize=theme.font(8), colors=theme.faint)
        twin.set_ylabel("accuracy %", fontsize=theme.font(9), color=theme.faint)
        twin.spines["top"].set_visible(False)
        which = "test" if self.acc_of is self.test_acc else "training"
        line, = twin.plot([], [], color="#2ca02c", lw=1.2 * theme.scale, ls=":", label=f"{which} accuracy")
        return line

    def _fix_axes(self, ax, theme) -> None:
        x = self._x(self.epochs)
        ax.set_xlim(x[0], max(x[-1], x[0] + 1e-9))
        finite = np.concatenate([self.train[np.isfinite(self.train)], self.test[np.isfinite(self.test)]])
        top = float(finite.max()) if finite.size else 1.0
        ax.set_ylim(0, top * 1.35 or 1.0)  # headroom for the counter and values
        if self.log_x:
            ax.set_xscale("log")
        ax.set_xlabel("epoch", fontsize=theme.font(9), color=theme.faint)
        ax.set_ylabel("loss", fontsize=theme.font(9), color=theme.faint)
        ax.tick_params(labelsize=theme.font(8), colors=theme.faint)
        handles = [line for line in (self.train_line, self.test_line, self.acc_line) if line is not None]
        ax.legend(handles=handles, loc="center right", fontsize=theme.font(8), frameon=False)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)

    def _x(self, epochs: np.ndarray) -> np.ndarray:
        return epochs + 1.0 if self.log_x else epochs

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
        counter = f"Epoch {int(snap.epoch):06d}"
        lines = [f"test loss {snap.test_loss:.3f}" if math.isfinite(snap.test_loss) else "",
                 f"training loss {snap.train_loss:.3f}"]
        if math.isfinite(snap.test_accuracy):
            lines.append(f"test accuracy {100 * snap.test_accuracy:.1f}%")
        elif math.isfinite(snap.train_accuracy):
            lines.append(f"accuracy {100 * snap.train_accuracy:.1f}%")
        values = "\n".join(line for line in lines if line)
        return [*drawn, *self._texts(counter, values)]

    def _texts(self, counter: str, values: str) -> list:
        if isinstance(self.counter, GlyphText):
            return [self.counter.raster(counter), self.values.raster(values)]
        self.counter.set_text(counter)
        self.values.set_text(values)
        return [self.counter, self.values]
