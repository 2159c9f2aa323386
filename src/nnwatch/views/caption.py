"""The caption view: a title and a caption line that change along the timeline."""

from __future__ import annotations

from nnwatch.views.base import Frame, Scene, View

__all__ = ["CaptionView"]


class CaptionView(View):
    name = "caption"

    def init(self, ax, scene: Scene) -> None:
        theme = scene.theme
        ax.set_axis_off()
        self.title = ax.text(0.01, 0.62, "", transform=ax.transAxes, ha="left", va="center",
                             fontsize=theme.font(15), color=theme.text, weight="bold")
        self.caption = ax.text(0.01, 0.12, "", transform=ax.transAxes, ha="left", va="center",
                               fontsize=theme.font(11), color=theme.text)
        self.animated(self.title, self.caption)

    def update(self, frame: Frame) -> list:
        self.title.set_text(frame.title)
        self.caption.set_text(frame.caption)
        return [self.title, self.caption]
