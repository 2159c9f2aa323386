"""What every command shares: the spec flags (one per flat spec key), and turning user errors into one line.

The spec flags are generated from one table so that ``train`` (and later ``render``, ``sweep``) take the same
flags with the same help, and a new spec field needs one new row here. The names a help text lists
(activations, output units, features) come from the catalog, so a new activation shows up here by itself.
"""

from __future__ import annotations

import functools
import inspect
import signal
import sys
from pathlib import Path
from typing import Any, Callable, Optional

import typer
from rich.console import Console
from rich.markup import escape

from nnwatch import interrupts
from nnwatch.catalog import activation_names, feature_names, output_unit_names
from nnwatch.data.registry import GROUPED_DATASETS
from nnwatch.errors import NNWatchError

__all__ = ["free_default", "SPEC_FLAGS", "with_spec_flags", "spec_from_cli", "user_errors", "console", "err_console",
           "progress_bar", "report_stop", "tracker", "print_video"]

console = Console()
err_console = Console(stderr=True)

# flat key -> (type, help). Flags are --flat-key with '_' as '-'; booleans get --x/--no-x.
SPEC_FLAGS: dict[str, tuple[type, str]] = {
    "dataset": (str, "Built-in dataset (see `nnwatch datasets`)."),
    "file": (str, "Your own data: a CSV (header row; label in the last column or --label) or NPZ (x, y)."),
    "points": (int, "Number of points to generate (default: the dataset's own, e.g. 500)."),
    "noise": (float, "Noise as a fraction, 0..1 (the Playground's 0..50 is 0..0.5)."),
    "train_share": (float, "Share of points used for training, 0..1 (default 0.5 for Playground sets)."),
    "data_seed": (int, "Seed for the data only (default: --seed)."),
    "label": (str, "Name of the label column in --file."),
    "task": (str, "classification or regression (default: inferred)."),
    "classes": (int, "Number of groups for the " + " and ".join(f"'{n}'" for n in GROUPED_DATASETS) + " datasets."),
    "image_size": (int, "Image side in pixels for the 'shapes' dataset."),
    "standardize": (bool, "Standardize the inputs (mean 0, deviation 1 on the training split; default: on for "
                          "--file data, off for built-in sets)."),
    "features": (str, f"Input features, comma-separated: {','.join(feature_names())} or expressions "
                      "such as 'sin(x1*x2)'."),
    "hidden": (str, "Hidden layer sizes, comma-separated, e.g. 8,8; 8x250 for 250 layers of 8 ('none' for no "
                    "hidden layer)."),
    "activation": (str, f"{', '.join(activation_names())}; one for all layers or one per layer, comma-separated."),
    "output_unit": (str, f"Output unit: {', '.join(output_unit_names())}."),
    "bias": (bool, "Use biases."),
    "dropout": (float, "Dropout rate on hidden layers while training, 0..1."),
    "residual": (bool, "Residual layers: each hidden layer of unchanged width adds its input (h + f(hW + b))."),
    "residual_step": (float, "What each residual layer adds is scaled by this, 0..1 (h + step * f(hW + b))."),
    "loss": (str, "auto, half_squared (the Playground's), mse, cross_entropy."),
    "reduction": (str, "Average (mean) or add up (sum) the loss over a batch."),
    "optimizer": (str, "sgd, momentum or adam."),
    "lr": (float, "Learning rate."),
    "momentum": (float, "Momentum for --optimizer momentum."),
    "batch": (str, "Batch size, or 'full' for the whole training set."),
    "shuffle": (bool, "Reshuffle the training data every epoch (the Playground does not)."),
    "regularization": (str, "none, l1 or l2."),
    "reg_rate": (float, "Regularization rate."),
    "init": (str, "playground (uniform ±0.5, biases 0.1), xavier, he, zeros, explicit."),
    "init_weights": (str, "Explicit initial weights as JSON: [{\"w\": [[...]], \"b\": [...]}, ...]."),
    "epochs": (int, "Epochs to train."),
    "target_loss": (float, "Stop early once the training loss is at or below this."),
    "dtype": (str, "float32 or float64."),
    "deep_supervision": (bool, "Train every depth of a residual network of one width to be read by the output "
                               "layer: the loss is the mean of its loss at each hidden layer."),
    "schedule": (str, "Snapshot schedule: log, every or at."),
    "snapshots": (int, "Number of snapshots for --schedule log."),
    "every": (int, "Snapshot every N units for --schedule every."),
    "at": (str, "Snapshot at these units for --schedule at, comma-separated."),
    "unit": (str, "Schedule unit: step or epoch."),
    "seed": (int, "Seed for data, initial weights and dropout."),
}


def _flag_parameter(key: str, kind: type, help_text: str) -> inspect.Parameter:
    flag = "--" + key.replace("_", "-")
    panel = "Spec (override the spec file)"
    if kind is bool:
        option = typer.Option(None, f"{flag}/--no-{key.replace('_', '-')}", help=help_text, rich_help_panel=panel,
                              show_default=False)
        return inspect.Parameter(key, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=Optional[bool])
    # Values arrive as text and are parsed by the spec, so a bad one gets the spec's one-line error.
    option = typer.Option(None, flag, help=help_text, rich_help_panel=panel, show_default=False,
                          metavar=kind.__name__.upper() if kind is not str else "TEXT")
    return inspect.Parameter(key, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=Optional[str])


def with_spec_flags(command: Callable) -> Callable:
    """Add one option per spec key to a command; the command receives them as a dict ``spec_flags``."""
    own = [p for p in inspect.signature(command).parameters.values() if p.name != "spec_flags"]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        flags = {k: kwargs.pop(k) for k in SPEC_FLAGS if k in kwargs}
        return command(*args, spec_flags={k: v for k, v in flags.items() if v is not None}, **kwargs)

    extra = [_flag_parameter(k, kind, h) for k, (kind, h) in SPEC_FLAGS.items()]
    wrapper.__signature__ = inspect.Signature(own + extra)  # typer reads the signature for its options
    return wrapper


def free_default(path: Path, most: int = 999) -> Path:
    """A default output name that replaces nothing: ``path`` if free, else the first free ``stem-2``,
    ``stem-3``, ... beside it (``spiral.mp4`` is the quick start's video; the next example without -o must not
    write over it). An explicit -o still replaces its file (atomically)."""
    if not path.exists():
        return path
    for n in range(2, most + 1):
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
    raise NNWatchError(f"'{path.stem}-2{path.suffix}' to '{path.stem}-{most}{path.suffix}' all exist; name the "
                       "output with -o")


def spec_from_cli(spec_file: Optional[Path], flags: dict[str, Any]):
    from nnwatch.spec import Spec

    base = Spec.load(spec_file) if spec_file else Spec()
    return base.with_flat(**flags) if flags else base


def user_errors(command: Callable) -> Callable:
    """Print a user error as one line on stderr and exit 2; a stop signal (Ctrl-C, SIGTERM) exits 128 + its
    number once what was begun is undone (see ``report_stop``). Nothing else is caught."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = command(*args, **kwargs)
        except NNWatchError as err:
            # Escaped: Rich would read "[ray]" in 'pip install "nnwatch[ray]"' as a style and drop it.
            err_console.print(f"[bold red]error:[/] {escape(str(err))}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
        except KeyboardInterrupt as err:
            sys.exit(report_stop(err))
        if interrupts.requested() is not None:
            # The signal came after the last check: the output is whole, but the process still stops as asked.
            sys.exit(report_stop(None))
        return result

    return wrapper


def report_stop(err: BaseException | None) -> int:
    """Say on stderr why the command stopped and what it left, and return the exit code (128 + the signal).

    ``err`` is the KeyboardInterrupt that ended the command (a command that kept some finished output sets
    ``err.written`` to say which), or None when the signal came after the command had finished its work.
    """
    signum = getattr(err, "signum", None) or interrupts.requested() or signal.SIGINT
    stop = interrupts.Interrupted(signum)
    if err is None:
        err_console.print(stop.verb, highlight=False)
    else:
        written = getattr(err, "written", None) or "nothing was written"
        err_console.print(f"{stop.verb}: {escape(written)}", highlight=False, soft_wrap=True)
    return stop.exit_code


def tracker(bar, task, **fields: Any) -> Callable[[int, int], None]:
    """A progress callback that moves ``task`` on ``bar`` (with ``fields``, e.g. visible=True), and stops at a
    pending Ctrl-C: progress is reported between stretches of work, which is where stopping is safe."""

    def update(done: int, total: int) -> None:
        interrupts.check()
        bar.update(task, completed=done, total=total, **fields)

    return update


def progress_bar():
    """A Rich progress bar on stdout: description, bar, done/total, time left."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=console, transient=False)


def print_video(path: Path, extra: str = "") -> None:
    """The line a finished video gets: its path, frames, size and length, as read back from the file."""
    from nnwatch.video.files import probe_video

    info = probe_video(path)
    seconds = f", {info['duration_s']:.1f} s" if info.get("duration_s") else ""
    console.print(f"[bold]{escape(str(path))}[/]: {info['frames']} frames, {info['width']}x{info['height']}"
                  f"{seconds}{extra}", soft_wrap=True)


def note_if_not_learned(run) -> None:
    """One line after the summary when the run did not learn (probes.learning), so a failed network is never
    mistaken for the picture of one that worked."""
    from nnwatch.probes.learning import not_learned

    verdict = not_learned(run)
    if verdict:
        console.print(f"[yellow]note[/]: this network {escape(verdict)}", soft_wrap=True)
