"""`nnwatch lesson`: replay one of the source stories as a video."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from nnwatch.cli.common import console, free_default, print_video, progress_bar, tracker, user_errors
from nnwatch.cli.render import parse_size

__all__ = ["lesson_command", "LESSON_EXAMPLES"]

LESSON_EXAMPLES = """
Examples:

  nnwatch lesson --list

  nnwatch lesson xor-synapses                        # -> xor-synapses.mp4

  nnwatch lesson shapes-dropout -o shapes.gif --size 640x360

  nnwatch lesson relu-fold --fps 5 -o frames/        # a quick look: PNG frames, same length
"""


@user_errors
def lesson_command(
    name: Optional[str] = typer.Argument(None, help="The lesson to render (see --list)."),
    list_all: bool = typer.Option(False, "--list", help="List the lessons and exit."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Video to write (default: NAME.mp4)."),
    size: Optional[str] = typer.Option(None, "--size", help="WIDTHxHEIGHT (default 1280x720; 640x360 for GIF)."),
    fps: Optional[float] = typer.Option(None, "--fps", help="Frames per second (default 30)."),
) -> None:
    """Replay a story of how networks learn, one command each."""
    from nnwatch.lessons import get_lesson, list_lessons, render_lesson

    if list_all or name is None:
        entries = list_lessons()
        width = max(len(n) for n, _ in entries)
        for lesson_name, summary in entries:
            console.print(f"[bold cyan]{lesson_name:<{width}}[/]  {escape(summary)}", soft_wrap=True,
                          highlight=False)
        if name is None and not list_all:
            console.print("\nRender one with `nnwatch lesson NAME`, e.g. `nnwatch lesson xor-synapses`.")
        return
    get_lesson(name)
    target = output or free_default(Path(f"{name}.mp4"))
    dims = parse_size(size) if size else None
    from nnwatch.video.render import check_render, default_size

    # render()'s own checks of the size, frame rate and target, before the lesson spends time training.
    check_render(None, target, size=dims or default_size(target), fps=30.0 if fps is None else fps)
    with progress_bar() as bar:
        training = bar.add_task(f"training {escape(name)}", total=None)
        drawing = bar.add_task("rendering", total=None, visible=False)  # shown once training is done
        path = render_lesson(name, target, progress=tracker(bar, drawing, visible=True), size=dims, fps=fps,
                             train_progress=tracker(bar, training))
    print_video(path)
