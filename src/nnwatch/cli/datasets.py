"""`nnwatch datasets`: every built-in dataset, one line each."""

from __future__ import annotations

from rich.markup import escape

from nnwatch.cli.common import console

__all__ = ["datasets_command"]


def datasets_command() -> None:
    """List the built-in datasets.

    Example:  nnwatch datasets
    """
    from nnwatch.data import list_datasets

    entries = list_datasets()
    width = max(len(name) for name, _ in entries)
    for name, description in entries:
        # One line per dataset, whatever the terminal's width (the terminal wraps it, not us).
        console.print(f"[bold cyan]{name:<{width}}[/]  {escape(description)}", soft_wrap=True, highlight=False)
    console.print("\nYour own data: --file data.csv (header row; label in the last column or --label NAME) "
                  "or --file data.npz (arrays x and y).", highlight=False)
