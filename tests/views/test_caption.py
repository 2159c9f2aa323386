"""The caption view: a line too long for a small frame is set smaller until it fits the strip."""

from nnwatch.video.compose import FrameRenderer, layout_rects
from nnwatch.video.overlaps import layout_problems
from nnwatch.video.render import RenderOptions
from nnwatch.views import Frame

LONG = ("From input to output directly: the disc goes to one end, the ring to the other, a separation no "
        "straight line could make (99% of test points right)")


def test_a_long_caption_shrinks_to_fit_a_small_frame(small_run):
    layout = ("caption", "boundary")
    sizes = {}
    for size in ((1280, 720), (640, 360)):
        renderer = FrameRenderer(RenderOptions(layout=layout, size=size).scene(small_run), layout, size)
        frame = Frame(snapshot=small_run.final, title="Trained weights", caption=LONG)
        assert layout_problems(renderer, frame, layout_rects(layout, *size)) == []
        view = renderer.views[0]
        sizes[size] = (view.caption.get_fontsize(), view.sizes[id(view.caption)])
        renderer.render(Frame(snapshot=small_run.final, title="Trained weights", caption="Short"))
        assert view.caption.get_fontsize() == view.sizes[id(view.caption)]  # a short line keeps its size
    shown, own = sizes[(1280, 720)]
    assert shown == own                    # it fits at 720p as it is
    shown, own = sizes[(640, 360)]
    assert 0.7 * own <= shown < 0.95 * own  # smaller at 360p, and no smaller than it must be
