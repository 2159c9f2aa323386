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
        self.log_x = scene.run.spec.schedule.kind == "log" and len(self.epochs) > 2 and self.epochs[-1] > 0
        theme = scene.theme
        self.train_line, = ax.plot([], [], color="#555555", lw=1.6 * theme.scale, label="training loss")
        self.test_line, = ax.plot([], [], color="#0877bd", lw=1.6 * theme.scale, label="test loss")
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
        self.animated(self.train_line, self.test_line)

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
        ax.legend(loc="center right", fontsize=theme.font(8), frameon=False)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)

    def _x(self, epochs: np.ndarray) -> np.ndarray:
        return epochs + 1.0 if self.log_x else epochs

    def update(self, frame: Frame) -> list:
        n = int(math.floor(frame.position)) + 1
        snap = frame.snapshot
        xs = np.append(self._x(self.epochs[:n]), self._x(np.array([snap.epoch])))
        self.train_line.set_data(xs, np.append(self.train[:n], snap.train_loss))
        self.test_line.set_data(xs, np.append(self.test[:n], snap.test_loss))
        counter = f"Epoch {int(snap.epoch):06d}"
        lines = [f"test loss {snap.test_loss:.3f}" if math.isfinite(snap.test_loss) else "",
                 f"training loss {snap.train_loss:.3f}"]
        if math.isfinite(snap.test_accuracy):
            lines.append(f"test accuracy {100 * snap.test_accuracy:.1f}%")
        elif math.isfinite(snap.train_accuracy):
            lines.append(f"accuracy {100 * snap.train_accuracy:.1f}%")
        values = "\n".join(line for line in lines if line)
        return [self.train_line, self.test_line, *self._texts(counter, values)]

    def _texts(self, counter: str, values: str) -> list:
        if isinstance(self.counter, GlyphText):
            return [self.counter.raster(counter), self.values.raster(values)]
        self.counter.set_text(counter)
        self.values.set_text(values)
        return [self.counter, self.values]
