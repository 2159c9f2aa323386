"""The `nnwatch` command line: a thin layer over the library."""

from __future__ import annotations

import typer

from nnwatch.cli.datasets import datasets_command
from nnwatch.cli.train import TRAIN_EXAMPLES, info_command, train_command

__all__ = ["app", "main"]

app = typer.Typer(name="nnwatch", help="Watch a neural network learn.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False, rich_markup_mode="rich")
app.command("train", help="Train a network and write a run file with its snapshots.\n" + TRAIN_EXAMPLES)(
    train_command)
app.command("info")(info_command)
app.command("datasets")(datasets_command)


def main() -> None:
    app()
