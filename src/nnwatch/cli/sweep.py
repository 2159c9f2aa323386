"""`nnwatch sweep`: train many configurations together and watch them side by side in a grid.

Every spec flag works as in `nnwatch train`; the swept ones take several values: `--hidden` is repeated (a
comma there separates layers), `--lr`, `--activation`, `--regularization`, `--reg-rate` and `--batch` take
comma-separated lists, and `--seeds N` runs each configuration with N seeds. The configurations are every
combination. Every check (count, grid size, output paths, 2-D data) runs before any training.
"""

from __future__ import annotations

import functools
import inspect
import itertools
import math
import re
from pathlib import Path
from typing import Any, Callable, List, Optional

import typer
from rich.markup import escape
from rich.table import Table

from nnwatch.cli.common import (SPEC_FLAGS, _flag_parameter, console, free_default, print_video, progress_bar,
                                spec_from_cli, tracker, user_errors)
from nnwatch.cli.render import parse_size
from nnwatch.errors import NNWatchError

__all__ = ["sweep_command", "SWEEP_EXAMPLES", "sweep_specs"]

SWEEP_EXAMPLES = """
Examples:

  nnwatch sweep --dataset spiral --features x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2 --hidden 1 --hidden 2 \\
      --hidden 4 --hidden 6 --hidden 8 --hidden 8,2 --hidden 8,4 --hidden 8,8 -o sweep.mp4

  nnwatch sweep --dataset circle --hidden 3 --activation relu --seeds 9   # how much initialization matters

  nnwatch sweep --hidden 8,8 --lr 0.003,0.03,0.3 --activation relu,tanh  # 6: too slow, right, too fast

  nnwatch sweep --hidden 8 --regularization l1 --reg-rate 0.001,0.01 --runs-dir runs/ --no-video

  nnwatch sweep spec.toml --hidden 2 --hidden 4 --seeds 64 --backend ray --address ray://head-node:10001
"""

# Swept spec keys: (flag, help). The rest of the spec flags keep one value for every configuration.
SWEPT = {
    "hidden": ("--hidden", "Hidden layers of one configuration, e.g. 8,2 ('none' for no hidden layer); "
                           "repeat the flag for each."),
    "activation": ("--activation", "Activations to sweep, comma-separated (relu,tanh): one for every layer."),
    "lr": ("--lr", "Learning rates to sweep, comma-separated (0.003,0.01,0.03)."),
    "regularization": ("--regularization", "Regularizations to sweep, comma-separated (none,l1,l2)."),
    "reg_rate": ("--reg-rate", "Regularization rates to sweep, comma-separated (0.001,0.01)."),
    "batch": ("--batch", "Batch sizes to sweep, comma-separated (1,10); the clock counts epochs."),
}
SWEEP_PANEL = "Sweep (each combination is one configuration)"


def _with_sweep_flags(command: Callable) -> Callable:
    """Add the spec flags that are not swept (as ``with_spec_flags`` does) and the swept ones as lists."""
    own = [p for p in inspect.signature(command).parameters.values() if p.name not in ("spec_flags", "swept")]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        swept = {k: kwargs.pop(k) for k in SWEPT}
        flags = {k: kwargs.pop(k) for k in SPEC_FLAGS if k in kwargs}
        return command(*args, spec_flags={k: v for k, v in flags.items() if v is not None}, swept=swept, **kwargs)

    extra = []
    for key, (flag, help_text) in SWEPT.items():
        kind = Optional[List[str]] if key == "hidden" else Optional[str]
        option = typer.Option(None, flag, help=help_text, rich_help_panel=SWEEP_PANEL, show_default=False)
        extra.append(inspect.Parameter(key, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=kind))
    extra += [_flag_parameter(k, kind, h) for k, (kind, h) in SPEC_FLAGS.items() if k not in SWEPT]
    wrapper.__signature__ = inspect.Signature(own + extra)  # typer reads the signature for its options
    return wrapper


def _values(flag: str, text: str | None) -> list[str] | None:
    if text is None:
        return None
    values = [v.strip() for v in text.split(",") if v.strip()]
    if not values:
        raise NNWatchError(f"{flag} gives no value: an empty sweep has nothing to train")
    return values


def sweep_specs(base, swept: dict[str, Any], seeds: int = 1, force: bool = False) -> list:
    """Every combination of the swept values (and ``seeds`` seeds from the base seed up) over a base spec."""
    from nnwatch.training.sweep import MAX_CONFIGS

    if seeds < 1:
        raise NNWatchError(f"--seeds must be at least 1, got {seeds}: an empty sweep has nothing to train")
    axes: dict[str, list] = {}
    hidden = swept.get("hidden")
    if hidden is not None:
        if not hidden or any(not h.strip() for h in hidden):
            raise NNWatchError("--hidden gives no layers: write e.g. --hidden 8,2, or --hidden none")
        axes["hidden"] = list(hidden)
    for key in ("activation", "lr", "regularization", "reg_rate", "batch"):
        values = _values(SWEPT[key][0], swept.get(key))
        if values is not None:
            axes[key] = values
    count = math.prod(len(v) for v in axes.values()) * seeds
    if count > MAX_CONFIGS and not force:
        raise NNWatchError(f"a sweep of {count} configurations is over the limit of {MAX_CONFIGS}; "
                           "pass --force to run it anyway")
    if seeds > 1 and base.data.seed is None:
        base = base.with_flat(data_seed=base.seed)  # the seeds vary the networks; the data stays the same
    specs = []
    for combo in itertools.product(*axes.values()):
        spec = base.with_flat(**dict(zip(axes, combo)))
        specs.extend(spec.with_flat(seed=base.seed + k) for k in range(seeds))
    return specs


@user_errors
@_with_sweep_flags
def sweep_command(
    spec_file: Optional[Path] = typer.Argument(None, help="A spec file (.toml or .json) every configuration "
                                                          "starts from; flags override it."),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="Video to write: .mp4, .gif, or a folder for PNG frames "
                                               "(default: DATASET-sweep.mp4)."),
    seeds: int = typer.Option(1, "--seeds", help="Seeds per configuration (from --seed up): how much "
                                                 "initialization matters.", rich_help_panel=SWEEP_PANEL),
    force: bool = typer.Option(False, "--force", help="Allow more than 256 configurations."),
    runs_dir: Optional[Path] = typer.Option(None, "--runs-dir", help="Also write each configuration's run "
                                                                     "file (.npz) into this folder."),
    video: bool = typer.Option(True, "--video/--no-video", help="Write the grid video (--no-video: only "
                                                                "train, e.g. with --runs-dir)."),
    size: Optional[str] = typer.Option(None, "--size", help="WIDTHxHEIGHT (default 1280x720; 640x360 for GIF)."),
    fps: float = typer.Option(30.0, "--fps", help="Frames per second, 1..120."),
    duration: float = typer.Option(20.0, "--duration", help="Seconds of video."),
    title: Optional[str] = typer.Option(None, "--title", help="The video's title line (default: the data "
                                                              "and the settings every configuration shares)."),
    discretize: bool = typer.Option(False, "--discretize", help="Show the output's sign only, as the Playground."),
    show_test: bool = typer.Option(True, "--test/--no-test", help="Draw the test points."),
    backend: str = typer.Option("local", "--backend", help="local (this process) or ray (a Ray cluster)."),
    address: Optional[str] = typer.Option(None, "--address", help="Ray cluster address for --backend ray, e.g. "
                                                                  "ray://head-node:10001 (default: start a "
                                                                  "local Ray)."),
    spec_flags: dict[str, Any] = None,
    swept: dict[str, Any] = None,
) -> None:
    """Train many configurations together and write a grid video of their boundaries."""
    from nnwatch.drivers.sweep import BACKENDS

    if backend not in BACKENDS:
        raise NNWatchError(f"unknown backend '{backend}'; choose from: {', '.join(BACKENDS)}")
    if address and backend != "ray":
        raise NNWatchError("--address is for --backend ray")
    if backend == "ray":
        from nnwatch.drivers.ray_backend import check_ray

        check_ray(address)
    base = spec_from_cli(spec_file, spec_flags or {})
    specs = sweep_specs(base, swept or {}, seeds, force)
    target, dims = _check_video(video, output, size, fps, duration, specs)
    run_paths = _check_runs_dir(runs_dir, specs)
    from nnwatch.training.trainer import build_dataset

    dataset = build_dataset(specs[0])
    if video and dataset.n_inputs != 2:
        raise NNWatchError(f"a sweep video draws each configuration's boundary over the plane, and "
                           f"'{dataset.name}' has {dataset.n_inputs} inputs; train it with --no-video "
                           "--runs-dir DIR")
    runs = _train(specs, dataset, force, backend, address)
    if run_paths:
        runs_dir.mkdir(exist_ok=True)
        for run, path in zip(runs, run_paths):
            run.save(path)
    _print_table(runs)
    if run_paths:
        console.print(f"[bold]{escape(str(runs_dir))}[/]: {len(run_paths)} run files", soft_wrap=True)
    if video:
        try:
            _render(runs, target, dims, fps, duration, title or _title(specs), discretize, show_test)
        except KeyboardInterrupt as err:
            if run_paths:  # finished and kept: say so rather than "nothing was written"
                err.written = f"only the {len(run_paths)} run files in '{runs_dir}' were written"
            raise


def _check_video(video: bool, output, size, fps, duration, specs):
    if not video:
        if output is not None:
            raise NNWatchError("-o names a video, and --no-video writes none")
        return None, None
    from nnwatch.video.render import check_render, default_size
    from nnwatch.video.sweep import LAYOUT, check_grid

    target = output or free_default(Path(f"{_stem(specs[0])}-sweep.mp4"))
    dims = parse_size(size) if size else default_size(target)
    # render()'s own checks (size, frame rate, duration, target) and the grid's, before any training.
    check_render(None, target, layout=LAYOUT, size=dims, fps=fps, duration=duration)
    check_grid(len(specs), dims)
    return target, dims


def _check_runs_dir(runs_dir: Path | None, specs) -> list[Path]:
    if runs_dir is None:
        return []
    from nnwatch.record.labels import config_labels

    if runs_dir.exists() and not runs_dir.is_dir():
        raise NNWatchError(f"--runs-dir '{runs_dir}' is a file, not a folder")
    parent = runs_dir.parent if str(runs_dir.parent) else Path(".")
    if not runs_dir.exists() and not parent.is_dir():
        raise NNWatchError(f"cannot make --runs-dir '{runs_dir}': the folder '{parent}' does not exist")
    width = len(str(len(specs)))
    return [runs_dir / f"{k:0{width}d}-{_slug(label)}.npz" for k, label in enumerate(config_labels(specs), start=1)]


def _slug(label: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", label.replace(",", "x")).strip("-")


def _stem(spec) -> str:
    return Path(spec.data.file).stem if spec.data.file else spec.data.name


def _train(specs, dataset, force: bool, backend: str, address: str | None):
    from nnwatch.drivers.sweep import sweep

    with progress_bar() as bar:
        where = f" on ray ({address})" if backend == "ray" and address else " on ray" if backend == "ray" else ""
        task = bar.add_task(escape(f"training {len(specs)} configuration{'s' * (len(specs) != 1)}{where}"),
                            total=None)
        # The progress callback is where a pending Ctrl-C stops the sweep: it comes between its stretches.
        return sweep(specs, force=force, backend=backend, address=address, data=dataset,
                     progress=tracker(bar, task))


def _render(runs, target: Path, dims, fps, duration, title, discretize, show_test) -> None:
    from nnwatch.video.sweep import render_sweep

    with progress_bar() as bar:
        path = render_sweep(runs, target, size=dims, fps=fps, duration=duration, title=title,
                            discretize=discretize, show_test=show_test,
                            progress=tracker(bar, bar.add_task("rendering", total=None)))
    print_video(path, f", {len(runs)} panels")


def _title(specs) -> str:
    """The data and every setting the configurations share, e.g. "spiral · 7 features · tanh · lr 0.01"."""
    first = specs[0]
    parts = [_stem(first)]
    if first.features:
        parts.append(",".join(first.features) if len(first.features) <= 3 else f"{len(first.features)} features")
    shared = [("activation", lambda s: s.network.activation if isinstance(s.network.activation, str)
               else ",".join(s.network.activation)),
              ("lr", lambda s: f"lr {s.training.learning_rate:g}"),
              ("reg", lambda s: "" if s.training.regularization == "none"
               else f"{s.training.regularization} {s.training.regularization_rate:g}"),
              ("batch", lambda s: f"batch {s.training.batch_size}")]
    for _, part in shared:
        values = {part(s) for s in specs}
        if len(values) == 1 and next(iter(values)):
            parts.append(values.pop())
    parts.append(f"{first.training.epochs} epochs")
    return " · ".join(parts)


def _print_table(runs) -> None:
    from nnwatch.record.labels import config_labels

    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("configuration", "train loss", "test loss", "test accuracy", "status"):
        table.add_column(column, justify="left" if column in ("configuration", "status") else "right")
    for label, run in zip(config_labels([r.spec for r in runs]), runs):
        final = run.final
        accuracy = "" if math.isnan(final.test_accuracy) else f"{100 * final.test_accuracy:.1f}%"
        table.add_row(escape(label), f"{final.train_loss:.4f}", "n/a" if math.isnan(final.test_loss)
                      else f"{final.test_loss:.4f}", accuracy, escape(run.status))
    console.print(table)
