"""Views: each draws one kind of picture from Snapshots and probes onto a matplotlib Axes.

Usable on your own Axes for a still picture::

    import matplotlib.pyplot as plt
    from nnwatch.views import draw
    fig, ax = plt.subplots()
    draw("boundary", ax, run)            # the final snapshot; snapshot=run[10] for another
"""

from __future__ import annotations

from nnwatch.errors import unknown
from nnwatch.views.base import Frame, Raster, Scene, View
from nnwatch.views.activations import ActivationsView
from nnwatch.views.basics import BasicsView
from nnwatch.views.basis import BasisView
from nnwatch.views.boundary import BoundaryView
from nnwatch.views.caption import CaptionView
from nnwatch.views.classify import ClassifyView
from nnwatch.views.depth import DepthView
from nnwatch.views.metrics import MetricsView
from nnwatch.views.network import NetworkView
from nnwatch.views.perceptron import PerceptronView
from nnwatch.views.sample import SampleView
from nnwatch.views.separable import SeparableView
from nnwatch.views.sweep import SweepView
from nnwatch.views.transform import TransformView

__all__ = ["VIEWS", "Frame", "Scene", "View", "make_view", "draw", "as_artist", "check_options"]

VIEWS: dict[str, type[View]] = {cls.name: cls for cls in (NetworkView, BoundaryView, MetricsView, SampleView,
                                                           CaptionView, PerceptronView, ActivationsView, BasisView,
                                                           SeparableView, ClassifyView, BasicsView)}
VIEWS[TransformView.name] = TransformView
VIEWS[DepthView.name] = DepthView
VIEWS[SweepView.name] = SweepView


def make_view(name: str) -> View:
    if name not in VIEWS:
        raise unknown("view", name, VIEWS)
    return VIEWS[name]()


def check_options(layout, given) -> dict:
    """The view options of a video with this layout, each view's checked: ``{view name: options object}``."""
    from nnwatch.views.options import check_view_options

    return check_view_options(VIEWS, tuple(layout), given)


def draw(name: str, ax, run, snapshot=None, scene: Scene | None = None, **frame_fields) -> View:
    """Draw one view of a run on an existing Axes (a still picture); returns the view. ``frame_fields`` are
    Frame fields, and the view's own ``frame_field`` (``stage=`` for transform, ``layer=`` for depth)."""
    scene = scene or Scene(run, still=True)
    view = make_view(name)
    view.init(ax, scene)
    position = run.snapshots.index(snapshot) if snapshot is not None else len(run) - 1
    own = type(view).frame_field
    if own in frame_fields:
        frame_fields["extra"] = {**frame_fields.get("extra", {}), name: frame_fields.pop(own)}
    for item in view.update(Frame(snapshot=snapshot or run.final, position=float(position), **frame_fields)):
        as_artist(item)
    for artist in ax.findobj():
        artist.set_animated(False)  # a still picture draws everything in the normal way
    return view


def as_artist(item):
    """A view's drawable as a matplotlib artist: a Raster becomes an ordinary image on its Axes."""
    if not isinstance(item, Raster):
        return item
    image = item.ax.imshow(item.pixels, extent=item.extent, origin="upper", interpolation="nearest",
                           aspect="auto", alpha=item.alpha, zorder=item.zorder)
    return image
