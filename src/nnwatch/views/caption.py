"""The caption view: a title and a caption line that change along the timeline.

A line too long for the frame's width (a lesson's caption in a small GIF) is set smaller until it fits, down
to SMALLEST of its size; the strip has no room for a second line.
"""

from __future__ import annotations

from nnwatch.views.base import Frame, Scene, View

__all__ = ["CaptionView"]

SMALLEST = 0.7  # the least share of its size a line is shrunk to
LEFT = 0.01     # where the lines start, as a share of the strip's width (and the room kept at the right)


class CaptionView(View):
    name = "caption"
    needs_training = False  # the frames' own words (video.render.needs_training)

    def init(self, ax, scene: Scene) -> None:
        theme = scene.theme
        ax.set_axis_off()
        self.ax = ax
        self.title = ax.text(LEFT, 0.62, "", transform=ax.transAxes, ha="left", va="center",
                             fontsize=theme.font(15), color=theme.text, weight="bold")
        self.caption = ax.text(LEFT, 0.12, "", transform=ax.transAxes, ha="left", va="center",
                               fontsize=theme.font(11), color=theme.text)
        self.sizes = {id(self.title): theme.font(15), id(self.caption): theme.font(11)}
        self.animated(self.title, self.caption)

    def update(self, frame: Frame) -> list:
        for text, line in ((self.title, frame.title), (self.caption, frame.caption)):
            if text.get_text() != line:
                text.set_text(line)
                self._fit(text)
        return [self.title, self.caption]

    def _fit(self, text) -> None:
        """Set ``text`` at its size, or smaller if it would run past the strip's right end."""
        size = self.sizes[id(text)]
        text.set_fontsize(size)
        if not text.get_text():
            return
        renderer = self.ax.figure.canvas.get_renderer()
        room = self.ax.get_window_extent(renderer).width * (1 - 2 * LEFT)
        width = text.get_window_extent(renderer).width
        if width > room:
            text.set_fontsize(size * max(room / width, SMALLEST))
