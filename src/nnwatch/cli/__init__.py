"""The `nnwatch` command line: a thin layer over the library."""

from __future__ import annotations

import os
import sys

from nnwatch import interrupts

# A stop signal becomes a flag from the command's first lines (see nnwatch.interrupts): `python -m nnwatch` sets
# that up in __main__, the `nnwatch` script here, before the typer and Rich imports below (a fifth of a second).
# Importing nnwatch.cli from Python (tests, notebooks) leaves the signals alone until main() runs.
if os.path.splitext(os.path.basename(sys.argv[0] if sys.argv else ""))[0] == "nnwatch":
    interrupts.install()

# Every picture nnwatch draws multiplies small matrices (a 100x100 grid through 8 neurons); OpenBLAS's thread
# pool costs more than that arithmetic and fights the video encoder for the cores: measured on 2 cores, the
# default video at 720p went from 68 to 100 frames/s with one BLAS thread. The setting only counts before NumPy
# loads, which in a fresh `nnwatch` process is after this line. A user's own setting wins.
if "numpy" not in sys.modules:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import typer
from rich.markup import escape

from nnwatch.cli.common import err_console, report_stop
from nnwatch.cli.datasets import datasets_command
from nnwatch.cli.lesson import LESSON_EXAMPLES, lesson_command
from nnwatch.cli.play import PLAY_EXAMPLES, play_command
from nnwatch.cli.render import RENDER_EXAMPLES, render_command
from nnwatch.cli.sweep import SWEEP_EXAMPLES, sweep_command
from nnwatch.cli.train import TRAIN_EXAMPLES, info_command, train_command

__all__ = ["app", "main"]

app = typer.Typer(name="nnwatch", help="Watch a neural network learn.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False, rich_markup_mode="rich")
app.command("train", help="Train a network and write a run file with its snapshots.\n" + TRAIN_EXAMPLES)(
    train_command)
app.command("render", help="Render a video of a network learning.\n" + RENDER_EXAMPLES)(render_command)
app.command("lesson", help="Replay a story of how networks learn, one command each.\n" + LESSON_EXAMPLES)(
    lesson_command)
app.command("sweep", help="Train many configurations together and watch them side by side.\n" + SWEEP_EXAMPLES)(
    sweep_command)
app.command("play", help="Start the live Playground in the browser.\n" + PLAY_EXAMPLES)(play_command)
app.command("info")(info_command)
app.command("datasets")(datasets_command)


def main() -> None:
    """Run the CLI. Usage errors (unknown flag, missing argument) are one line and exit 2, like every user error;
    Ctrl-C and SIGTERM stop at the next safe point, leave nothing behind and exit 130 and 143."""
    interrupts.install()
    if len(sys.argv) == 1:
        sys.argv.append("--help")  # a bare `nnwatch` shows what it can do
    try:
        code = app(standalone_mode=False)
    except typer.Abort as err:
        # Click turns a KeyboardInterrupt outside a command's own error handling (while parsing) into Abort.
        code = report_stop(err.__cause__ or err)
    except Exception as err:
        # The parser's own errors (unknown flag, missing argument) carry format_message and exit_code.
        if not (hasattr(err, "format_message") and hasattr(err, "exit_code")):
            raise
        ctx = getattr(err, "ctx", None)
        command = f"nnwatch {ctx.info_name} --help" if ctx is not None and ctx.parent else "nnwatch --help"
        err_console.print(f"[bold red]error:[/] {escape(err.format_message())} (see '{command}')", highlight=False,
                          soft_wrap=True)
        code = err.exit_code
    sys.exit(code or 0)
