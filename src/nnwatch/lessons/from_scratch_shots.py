"""The shots of lesson ``from-scratch`` (from_scratch.py), one function per part of the tutorial.

Every number a caption shows comes from ``facts`` (read from the trained networks) or from the snapshot the
frame draws, so the captions stay true to what the network on screen computes.
"""

from __future__ import annotations

import numpy as np

from nnwatch.lessons.base import Shot, fmt_row, ramp
from nnwatch.lessons.from_scratch_facts import (DIGIT_STEPS, MAE_STEPS, PERCEPTRON_STEPS, PRINTED, PRINTED_START_MAE,
                                                RELU_INPUT, RELU_WEIGHTS, TWO, XOR_ROWS, outputs)

__all__ = ["perceptron_shots", "relu_shots", "mae_shots", "digit_shots"]


def _fmt(values, digits: int) -> str:
    return "[" + ", ".join(f"{v:.{digits}f}" for v in values) + "]"


def _signed(v: float) -> str:
    """A weight as the tutorial writes it in a product: 3·(−5), not 3·-5."""
    return f"({v:g})".replace("-", "−") if v < 0 else f"{v:g}"


def _rows(ds) -> str:
    return ", ".join(f"{fmt_row(x)}→{float(y):g}" for x, y in zip(ds.x_train, ds.y_train))


def _moves(run, title, caption, seconds: float, example: int = 0, only=None) -> list[Shot]:
    """The weights moving from each snapshot to the next (tweened), ``caption(snapshot)`` under them;
    ``only`` limits the moves to those into the snapshots it names (by index)."""
    from nnwatch.lessons.frames import TRAIN, LessonFrame
    from nnwatch.video.timeline import tween

    shots = []
    for k in range(1, len(run)) if only is None else only:
        a, b = run[k - 1], run[k]

        def move(u, a=a, b=b, k=k):
            t = ramp(u, 0.0, 0.8)
            return LessonFrame(snapshot=tween(a, b, t), position=k - 1 + t, example=example, split=TRAIN,
                               title=title(a.step, b.step), caption=caption(b))

        shots.append(Shot(seconds, move, "train"))
    return shots


def _forward(frame, n_layers: int, title: str, waiting: str, done: str, seconds: float, kind: str) -> Shot:
    """One example going forward layer by layer; ``done`` is the caption once the output is lit."""
    def make(u):
        reveal = (n_layers + 1) * ramp(u, 0.0, 0.7) - 1
        return frame(reveal=reveal, title=title, caption=done if reveal >= n_layers else waiting)

    return Shot(seconds, make, kind)


# -- 1. the perceptron ---------------------------------------------------------------------------------------
def perceptron_shots(run, facts, lesson_title: str, s: float) -> list[Shot]:
    from nnwatch.lessons.frames import TRAIN, still

    ds, n = run.dataset, run.arch.n_layers
    start = still(run[0], 0.0, example=0, split=TRAIN)
    w0 = _fmt(facts["perceptron_start"], 2)
    shots = [
        Shot(4.5 * s, lambda u: start(reveal=-1.0, title=lesson_title,
                                      caption=f"Part 1, a single-layer perceptron: {_rows(ds)}"), "title"),
        Shot(5.0 * s, lambda u: start(title="3 inputs, 1 sigmoid output, no bias; np.random.seed(1)",
                                      caption=f"Weights 2·random((3, 1)) − 1 = {w0}; each iteration "
                                              f"w += Xᵀ·(error · sigmoid′(output))"), "title"),
    ]
    shots += _moves(run, lambda a, b: f"Training: iteration {a:,} → {b:,} of {PERCEPTRON_STEPS:,}",
                    lambda b: f"After {b.step:,} iterations w = {_fmt(np.asarray(b.params[0]['w'])[:, 0], 2)}",
                    1.6 * s)
    answers = facts["perceptron_outputs"]
    last = float(len(run) - 1)
    for j, (x, y) in enumerate(zip(ds.x_train, ds.y_train)):
        frame = still(run.final, last, example=j, split=TRAIN)
        head = f"Trained, row {fmt_row(x)} → {int(y)}"
        shots.append(_forward(frame, n, f"After {PERCEPTRON_STEPS:,} iterations: row {j + 1} of {len(ds.x_train)}",
                              f"{head}: forward…", f"{head}: output {answers[j]:.6f}", 1.8 * s, "forward"))
    end = still(run.final, last, example=len(ds.x_train) - 1, split=TRAIN)
    shots.append(Shot(5.5 * s, lambda u: end(title=f"Outputs after training: {_fmt(answers, 6)}",
                                             caption=f"The tutorial printed {_fmt(PRINTED, 8)}: the same "
                                                     f"network, trained the same way"), "result"))
    return shots


# -- 2. the ReLU forward pass --------------------------------------------------------------------------------
def relu_arithmetic(facts) -> tuple[str, str, str]:
    """The three sums as the tutorial writes them: node_0, node_1 and the output, each with its result."""
    a, b = RELU_INPUT
    h = facts["relu_hidden"]
    sums = []
    for k, name in enumerate(("node_0", "node_1")):
        wa, wb = RELU_WEIGHTS[name]
        z = a * wa + b * wb
        total = f"{z:g}".replace("-", "−")
        sums.append(f"{name} = relu({a:g}·{_signed(wa)} + {b:g}·{_signed(wb)}) = relu({total}) = {h[k]:g}")
    wo = RELU_WEIGHTS["output"]
    sums.append(f"output = {_signed(wo[0])}·{h[0]:g} + {_signed(wo[1])}·{h[1]:g} = {facts['relu_output']:g}")
    return sums[0], sums[1], sums[2]


def relu_shots(run, facts, s: float) -> list[Shot]:
    from nnwatch.lessons.frames import TRAIN, still

    frame = still(run[0], 0.0, example=0, split=TRAIN)  # step 0: the fixed weights, as given
    node0, node1, out = relu_arithmetic(facts)
    given = ", ".join(f"{k} = {_fmt(v, 0).replace('-', '−').replace('.', '')}" for k, v in RELU_WEIGHTS.items())
    a, b = RELU_INPUT
    return [
        Shot(5.0 * s, lambda u: frame(reveal=-1.0, title="Part 2, a forward pass with fixed weights (ReLU, no bias)",
                                      caption=f"{given}"), "relu"),
        Shot(3.5 * s, lambda u: frame(reveal=0.0, title=f"The inputs: a = {a:g}, b = {b:g}",
                                      caption="Each hidden node multiplies them by its weights and adds"), "relu"),
        Shot(5.5 * s, lambda u: frame(reveal=1.0, title="Hidden layer: relu(weighted sum) = max(0, sum)",
                                      caption=f"{node0}   ·   {node1}"), "relu"),
        Shot(5.5 * s, lambda u: frame(reveal=2.0, title=f"Output (linear): {out}",
                                      caption=f"node_1's negative sum became 0, so only node_0 reaches the output: "
                                              f"{node0}"), "relu"),
    ]


# -- 3. the 3-4-1 net on contradictory rows ------------------------------------------------------------------
def mae_list(facts, upto: int | None = None) -> str:
    return ", ".join(f"{v:.4f}" for step, v in facts["mae"].items() if upto is None or step <= upto)


def mae_shots(run, facts, s: float) -> list[Shot]:
    from nnwatch.lessons.frames import TRAIN, still

    ds = run.dataset
    start = still(run[0], 0.0, example=0, split=TRAIN)
    shots = [
        Shot(5.5 * s, lambda u: start(reveal=-1.0, title="Part 3, a 3-4-1 sigmoid network, np.random.seed(1)",
                                      caption=f"Rows {_rows(ds)}: [2, 2, 2] is labelled 0 and 1"), "title"),
    ]
    for k, snap in enumerate(run.snapshots):
        if k:
            before = run[k - 1].step
            shots += _moves(run, lambda x, y: f"Training: iteration {x:,} → {y:,} of {MAE_STEPS:,}",
                            lambda b, before=before: f"Error every 10,000 iterations: {mae_list(facts, before)}",
                            1.0 * s, only=[k])
        held = still(snap, float(k), example=0, split=TRAIN)
        title = f"Iteration {snap.step:,}: mean absolute error {facts['mae'][snap.step]:.4f}"
        caption = f"Error every 10,000 iterations: {mae_list(facts, snap.step)}"
        shots.append(Shot(1.8 * s, lambda u, held=held, title=title, caption=caption:
                          held(title=title, caption=caption), "mae"))
    end = still(run.final, float(len(run) - 1), example=2, split=TRAIN)
    out = facts["mae_outputs"]
    stuck = (f"[2, 2, 2] gets {out[2]:.2f} (labels 0 and 1): the error stays near "
             f"{facts['mae'][MAE_STEPS]:.2f}")
    origin = (f"The tutorial printed {PRINTED_START_MAE} first: these weights' error on the XOR rows "
              f"{', '.join(fmt_row(r) for r in XOR_ROWS[0])} → 0, 1, 1, 0 ({facts['xor_rows_start_mae']:.4f})")
    shots.append(Shot(6.5 * s, lambda u: end(title=stuck, caption=origin), "result"))
    return shots


# -- 4. digit bitmaps ----------------------------------------------------------------------------------------
def digit_shots(run, facts, s: float) -> list[Shot]:
    from nnwatch.lessons.frames import TRAIN, still

    ds, n = run.dataset, run.arch.n_layers
    start = still(run[0], 0.0, example=TWO, split=TRAIN)
    shots = [
        Shot(5.5 * s, lambda u: start(reveal=-1.0, title="Part 4, the digits 0-3 as 5x4 bitmaps",
                                      caption="20 pixels in, 20 sigmoid neurons, 1 sigmoid output trained on "
                                              "digit / 3: 0, 0.33, 0.67 and 1"), "title"),
    ]
    shots += _moves(run, lambda a, b: f"Training: iteration {a:,} → {b:,} of {DIGIT_STEPS:,}",
                    lambda b: f"After {b.step:,}: output × 3 for 0-3 = "
                              f"{_fmt(3 * outputs(b, ds.x_train), 2)}", 1.5 * s, example=TWO)
    last = float(len(run) - 1)
    for d in range(len(ds.x_train)):
        if d == TWO:
            continue  # asked last, on its own
        frame = still(run.final, last, example=d, split=TRAIN)
        said = facts["digit_outputs"][d]
        shots.append(_forward(frame, n, f"The bitmap of {d}", "forward…",
                              f"output × 3 = {said:.3f} (digit {d})", 2.0 * s, "forward"))
    two = still(run.final, last, example=TWO, split=TRAIN)
    shots.append(_forward(two, n, 'Predict the bitmap of "two"', "forward…",
                          f"output {facts['two']:.4f} × 3 = {facts['two_times_3']:.3f} ≈ 2", 5.0 * s, "query"))
    shots.append(Shot(6.0 * s, lambda u: two(title="Next step for images: convolutional networks (CNNs)",
                                             caption="This net sees 20 unrelated pixels; a CNN slides small "
                                                     "filters over the image, finding a stroke wherever it is"),
                      "ending"))
    return shots
