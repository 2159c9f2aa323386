"""`nnwatch train` and `nnwatch info`."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Optional

import typer
from rich.markup import escape
from rich.table import Table

from nnwatch import interrupts
from nnwatch.cli.common import (console, free_default, note_if_not_learned, progress_bar, spec_from_cli, tracker,
                                user_errors, with_spec_flags)

__all__ = ["train_command", "info_command"]

TRAIN_EXAMPLES = """
Examples:

  nnwatch train                                      # 2-8-8-1 tanh on the spiral -> spiral.npz

  nnwatch train --dataset circle --hidden 4,2 --lr 0.1 -o circle.npz

  nnwatch train --dataset spiral --hidden 8,8 --features x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2 --epochs 300 -o s.npz

  nnwatch train spec.toml --epochs 100               # a spec file, with a flag on top

  nnwatch train --file mydata.csv --label species --hidden 16 --optimizer adam --lr 0.01
"""


@user_errors
@with_spec_flags
def train_command(
    spec_file: Optional[Path] = typer.Argument(None, help="A spec file (.toml or .json); flags override it."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Run file to write (default: DATASET.npz)."),
    print_spec: bool = typer.Option(False, "--print-spec", help="Print the spec as TOML and exit."),
    spec_flags: dict[str, Any] = None,
) -> None:
    """Train a network and write a run file with its snapshots."""
    from nnwatch.drivers.recorder import record
    from nnwatch.record.run import check_output_path
    from nnwatch.training import Trainer

    spec = spec_from_cli(spec_file, spec_flags or {})
    if print_spec:
        console.print(spec.to_toml(), highlight=False, markup=False)
        return
    default = Path(f"{Path(spec.data.file).stem if spec.data.file else spec.data.name}.npz")
    path = check_output_path(output or free_default(default))
    trainer = Trainer(spec)  # builds the data and checks the network before any output appears
    interrupts.check()  # a Ctrl-C during the imports of JAX or the data stops here, not after the first compile
    with progress_bar() as bar:
        task = bar.add_task(f"training {escape(spec.data.file or spec.data.name)}", total=None)
        run = record(trainer, progress=tracker(bar, task))
        bar.update(task, completed=run.final.step)
    interrupts.check()  # the last moment a Ctrl-C can still leave nothing at the target
    run.save(path)
    final = run.final
    console.print(f"[bold]{escape(str(path))}[/]: {escape(_arch_text(run))}, {len(run)} snapshots, "
                  f"{final.epoch:g} epochs, {run.status}; train loss {final.train_loss:.4f}, "
                  f"test loss {_num(final.test_loss)}"
                  + (f", test accuracy {_pct(final.test_accuracy)}" if not math.isnan(final.test_accuracy) else ""),
                  soft_wrap=True)
    note_if_not_learned(run)


@user_errors
def info_command(run_file: Path = typer.Argument(..., help="A run file written by `nnwatch train`.")) -> None:
    """Describe a run file: its spec, dataset, snapshots and final losses.

    Example:  nnwatch info spiral.npz
    """
    from nnwatch.record import Run

    run = Run.load(run_file)
    final = run.final
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    # Escaped: a file, column or class name such as "data[x]" would otherwise be read as Rich markup.
    table.add_row("run file", escape(str(run_file)))
    table.add_row("dataset", escape(_dataset_text(run)))
    table.add_row("network", escape(_arch_text(run)))
    table.add_row("inputs", escape(_inputs_text(run)))
    table.add_row("training", escape(_training_text(run)))
    table.add_row("snapshots", f"{len(run)} (steps {run[0].step}..{final.step}, epoch {final.epoch:g}); "
                               f"status {escape(run.status)}")
    table.add_row("train", f"loss {final.train_loss:.4f}" + _acc(final.train_accuracy))
    table.add_row("test", f"loss {_num(final.test_loss)}" + _acc(final.test_accuracy))
    console.print(table)
    console.print("\n[bold]spec[/]")
    console.print(run.spec.to_toml(), highlight=False, markup=False)


def _dataset_text(run) -> str:
    import numpy as np

    ds = run.dataset
    text = f"{ds.name}: {ds.task}, {len(ds.x_train)} train + {len(ds.x_test)} test points, {ds.n_inputs} inputs"
    if ds.n_classes:
        counts = np.bincount(np.concatenate([ds.y_train, ds.y_test]).astype(int), minlength=ds.n_classes)
        text += "; classes " + ", ".join(f"{name} ({n})" for name, n in zip(ds.classes, counts))
    return text


def _inputs_text(run) -> str:
    """Whether the network standardizes its raw inputs, and by what (the run's own numbers)."""
    a = run.arch
    if not a.standardized:
        return "as given (not standardized)"
    names = list(run.dataset.input_names) or [f"x{i + 1}" for i in range(a.n_raw_inputs)]
    pairs = [f"{n} ({m:.4g} ± {s:.4g})" for n, m, s in zip(names, a.input_shift, a.input_scale)]
    shown = ", ".join(pairs[:6]) + (f", ... {len(pairs) - 6} more" if len(pairs) > 6 else "")
    return f"standardized on the training split, (x - mean) / deviation: {shown}"


def _arch_text(run) -> str:
    a = run.arch
    acts = sorted(set(a.activations))
    hidden = "/".join(acts) if acts else "no hidden layer"
    return f"{'-'.join(str(s) for s in a.sizes)} ({hidden} -> {a.output}, features {', '.join(a.features)})"


def _training_text(run) -> str:
    from nnwatch.model.output import loss_for

    t = run.spec.training
    reg = f", {t.regularization} {t.regularization_rate:g}" if t.regularization != "none" else ""
    return f"{t.optimizer} lr {t.learning_rate:g}, batch {t.batch_size}, " \
           f"loss {loss_for(t.loss, run.arch.output)}{reg}, {t.epochs} epochs, " \
           f"{t.dtype}, seed {run.spec.seed}"


def _num(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.4f}"


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def _acc(value: float) -> str:
    return "" if math.isnan(value) else f", accuracy {_pct(value)}"
