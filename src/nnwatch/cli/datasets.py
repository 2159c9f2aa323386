"""`nnwatch datasets`: every built-in dataset, one line each."""

from __future__ import annotations

from rich.table import Table

from nnwatch.cli.common import console

__all__ = ["datasets_command"]


def datasets_command() -> None:
    """List the built-in datasets.

    Example:  nnwatch datasets
    """
    from nnwatch.data import list_datasets

    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for name, description in list_datasets():
        table.add_row(name, description)
    console.print(table)
    console.print("\nYour own data: --file data.csv (header row; label in the last column or --label NAME) "
                  "or --file data.npz (arrays x and y).", highlight=False)
