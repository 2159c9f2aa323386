"""`nnwatch render`: train (or load) a run and write a video of it learning."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

import typer

from rich.markup import escape

from nnwatch import interrupts
from nnwatch.cli.common import (free_default, note_if_not_learned, print_video, progress_bar, spec_from_cli, tracker,
                                user_errors, with_spec_flags)
from nnwatch.errors import NNWatchError

__all__ = ["render_command", "RENDER_EXAMPLES", "parse_size", "parse_view_options"]

RENDER_EXAMPLES = """
Examples:

  nnwatch render                                     # 2-8-8-1 learning the spiral -> spiral.mp4 (20 s, 720p)

  nnwatch render --dataset circle --hidden 4,2 -o circle.gif

  nnwatch render spec.toml -o out.mp4 --layout network,boundary,metrics --fps 30 --size 1920x1080 --duration 30

  nnwatch render --run spiral.npz -o frames/         # a recorded run, as PNG frames

  nnwatch render --layout boundary --discretize --size 720x720 -o boundary.mp4

  nnwatch render --layout transform --dataset circle --hidden 3 -o t.mp4   # the plane through a 2-3-1 net

  nnwatch render --layout transform --hidden 8,8 --projection cycle        # wide layers, neuron pairs in turn

  nnwatch render --layout transform --hidden 8 --neurons 0,2,5 --untrained # random weights, 3 neurons in 3-D

  nnwatch render --layout transform --hidden 3 --direct --over training    # input to output, as it trains

  nnwatch render --layout depth --dataset gaussians --hidden 8x50 --residual    # one frame per layer

  nnwatch render --layout caption,depth --dataset gaussians --hidden 8x100 --residual --readout probe

  nnwatch render --layout network,sample --dataset shapes --option network.max_drawn=8 --option sample.unknown_below=0.6
"""


def parse_size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", text or "")
    if not match:
        raise NNWatchError(f"size '{text}' is not WIDTHxHEIGHT, e.g. 1280x720")
    return int(match.group(1)), int(match.group(2))


@user_errors
@with_spec_flags
def render_command(
    spec_file: Optional[Path] = typer.Argument(None, help="A spec file (.toml or .json); flags override it."),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="Video to write: .mp4, .gif, or a folder for PNG frames "
                                               "(default: DATASET.mp4)."),
    run_file: Optional[Path] = typer.Option(None, "--run", help="Render this run file instead of training."),
    layout: str = typer.Option("network,boundary,metrics", "--layout",
                               help="Views, comma-separated: network, boundary, metrics, sample, caption, transform, "
                                    "depth; the relu-fold lesson's pictures: perceptron, activations, "
                                    "separable, basis, classify, basics (all in turn)."),
    fps: Optional[float] = typer.Option(None, "--fps", help="Frames per second, 1..120 (default 30; 10 for GIF)."),
    size: Optional[str] = typer.Option(None, "--size", help="WIDTHxHEIGHT (default 1280x720; 800x450 for GIF)."),
    duration: Optional[float] = typer.Option(None, "--duration", help="Seconds of video (default 20; 12 for GIF)."),
    pacing: str = typer.Option("change", "--pacing", help="change: screen time by how much the picture changes "
                                                           "(the default); even: the same for every snapshot."),
    per_snapshot: Optional[float] = typer.Option(None, "--per-snapshot",
                                                 help="Seconds each snapshot gets (sets the duration)."),
    palette: str = typer.Option("playground", "--palette", help="playground (orange/blue) or synapses (red/green)."),
    discretize: bool = typer.Option(False, "--discretize", help="Show the output's sign only, as the Playground."),
    show_test: bool = typer.Option(True, "--test/--no-test", help="Draw the test points."),
    values: bool = typer.Option(False, "--values", help="Write each neuron's value beside it."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Render processes (default: by length)."),
    preset: Optional[str] = typer.Option(None, "--preset", help="x264 speed preset for MP4, ultrafast .. veryslow "
                                                               "(default: small files at faster than real time)."),
    projection: Optional[str] = typer.Option(None, "--projection", rich_help_panel="Transform view",
                                             help="How layers wider than 3 are seen: pca (2 axes), pca3 (3-D), "
                                                  "neurons (--neurons), cycle (neighbouring pairs in turn)."),
    neurons: Optional[str] = typer.Option(None, "--neurons", rich_help_panel="Transform view",
                                          help="2 or 3 neurons (from 0) to see wide layers through, e.g. 0,2."),
    direct: bool = typer.Option(False, "--direct", rich_help_panel="Transform view",
                                help="One stage from the input straight to the output."),
    over: str = typer.Option("stages", "--over", rich_help_panel="Transform view",
                             help="stages (walk the trained network) or training (one stage as it trains)."),
    untrained: bool = typer.Option(False, "--untrained", rich_help_panel="Transform view",
                                   help="Walk the random initial weights (trains 1 epoch unless --epochs)."),
    readout: str = typer.Option("auto", "--readout", rich_help_panel="Depth view",
                                help="How each layer is read: head (the output layer applied at every depth), "
                                     "probe (a linear classifier fitted per layer), auto (head for a residual "
                                     "network of one width). The depth view trains 100 epochs unless --epochs."),
    view_option: list[str] = typer.Option([], "--option",
                                          help="Any view's option, VIEW.NAME=VALUE (repeatable), e.g. "
                                               "network.max_drawn=8, sample.unknown_below=0.6, depth.density=100."),
    spec_flags: dict[str, Any] = None,
) -> None:
    """Render a video of a network learning."""
    from nnwatch.video.render import check_layout, check_render, default_size, needs_training, render

    target = output or free_default(Path(f"{_default_name(spec_file, run_file, spec_flags)}.mp4"))
    dims = parse_size(size) if size else default_size(target)
    views = check_layout(layout.split(","))
    view_options: dict[str, Any] = {}
    if "transform" in views:
        view_options["transform"] = _transform_options(projection, neurons, direct, over, untrained)
        if untrained and not run_file and "epochs" not in (spec_flags or {}):
            spec_flags = {**(spec_flags or {}), "epochs": "1"}  # only the initial weights are shown
    if "depth" in views:
        view_options["depth"] = {"readout": readout}
        spec_flags = _depth_flags(run_file, spec_file, spec_flags or {}, readout)
    for name, options in parse_view_options(view_option).items():
        view_options[name] = {**view_options.get(name, {}), **options}
    settings = dict(layout=views, size=dims, fps=fps, duration=duration, workers=workers, per_snapshot=per_snapshot,
                    pacing=pacing,
                    palette=palette, discretize=discretize, show_test=show_test, show_values=values,
                    writer={"preset": preset} if preset and str(target).lower().endswith(".mp4") else {},
                    view_options=view_options)
    # render()'s own checks, twice before any work: the options and target now, the views once the (untrained)
    # network exists. A bad option fails in a moment instead of after the training.
    check_render(None, target, **settings)
    trains = needs_training(views)  # the perceptron, the activations...: fixed facts, no network shown
    run = _load_or_train(run_file, spec_file, spec_flags or {},
                         check=lambda untrained, snapshots: check_render(untrained, target, snapshots=snapshots,
                                                                         **settings), train=trains)
    with progress_bar() as bar:
        path = render(run, target, progress=tracker(bar, bar.add_task("rendering", total=None)), **settings)
    print_video(path)
    if trains and not untrained:
        note_if_not_learned(run)


def _transform_options(projection, neurons, direct: bool, over: str, untrained: bool) -> dict[str, Any]:
    """The transform view's options from the flags (checked with the others, before any training)."""
    options = {"direct": direct, "over": over, "untrained": untrained}
    if projection:
        options["projection"] = projection
    if neurons:
        options["neurons"] = neurons
    return options


def parse_view_options(given: list[str]) -> dict[str, dict[str, str]]:
    """``--option VIEW.NAME=VALUE`` flags as {view: {name: text}}; the views' options classes read the text."""
    out: dict[str, dict[str, str]] = {}
    for item in given or []:
        key, eq, value = item.partition("=")
        view, dot, name = key.strip().partition(".")
        if not (eq and dot and view and name.strip()):
            raise NNWatchError(f"--option takes VIEW.NAME=VALUE, e.g. network.max_drawn=8; got '{item}'")
        out.setdefault(view, {})[name.strip()] = value.strip()
    return out


def _depth_flags(run_file, spec_file, flags: dict[str, Any], readout: str) -> dict[str, Any]:
    """Check the depth view's needs before any training; it shows only the final network, so unless told
    otherwise it trains 100 epochs (the default 2,000 take minutes for a network 250 layers deep)."""
    from nnwatch.probes.depth import check_hidden_layers, check_readout

    check_readout([], readout)
    if run_file:
        return flags
    if not spec_file and "epochs" not in flags:
        flags = {**flags, "epochs": "100"}
    hidden = spec_from_cli(spec_file, flags).network.hidden
    check_hidden_layers(len(hidden))
    check_readout(hidden, readout)
    return flags


def _default_name(spec_file, run_file, flags) -> str:
    if run_file:
        return Path(run_file).stem
    if flags.get("file"):
        return Path(flags["file"]).stem
    if spec_file:
        return Path(spec_file).stem
    return flags.get("dataset", "spiral")


def _load_or_train(run_file, spec_file, flags, check=None, train: bool = True):
    """The run to render: a run file as it is, or a network trained from the spec (``train`` False: its
    untrained network, for views that show none). ``check(run, snapshots)`` sees the untrained network first,
    with the number of snapshots training will take, so an error a view would give comes before the training,
    not after it."""
    from nnwatch.record import Run
    from nnwatch.drivers.recorder import planned_snapshots, record, snapshot_of
    from nnwatch.training import Trainer

    if run_file:
        if spec_file or flags:
            raise NNWatchError("--run renders a recorded run as it is: give no spec file or spec flags with it")
        return Run.load(run_file)
    trainer = Trainer(spec_from_cli(spec_file, flags))
    interrupts.check()  # a Ctrl-C during the imports of JAX or the data stops here, not after the first compile
    untrained = Run(spec=trainer.spec, dataset=trainer.dataset, arch=trainer.arch, snapshots=[snapshot_of(trainer)],
                    status="untrained")
    if check is not None:
        check(untrained, planned_snapshots(trainer) if train else 1)
    if not train:
        return untrained
    with progress_bar() as bar:
        task = bar.add_task(f"training {escape(trainer.dataset.name)}", total=None)
        return record(trainer, progress=tracker(bar, task))
