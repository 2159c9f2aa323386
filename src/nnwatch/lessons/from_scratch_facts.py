"""The numbers of lesson ``from-scratch`` as the tutorial gives them (see from_scratch.py), read by the lesson and
by its shots (from_scratch_shots.py)."""

import numpy as np

PRINTED = (0.00966449, 0.00786506, 0.99358898, 0.99211957)  # the perceptron's outputs as the tutorial printed
RELU_WEIGHTS = {"node_0": (2.0, 4.0), "node_1": (4.0, -5.0), "output": (2.0, 7.0)}
RELU_INPUT = (2.0, 3.0)  # a, b
PRINTED_START_MAE = 0.4964
XOR_ROWS = ([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], [0, 1, 1, 0])  # where 0.4964 comes from
MAE_EVERY, MAE_STEPS = 10_000, 60_000
PERCEPTRON_STEPS, DIGIT_STEPS = 10_000, 60_000
PERCEPTRON_SHOWN = (0, 10, 100, 1000, PERCEPTRON_STEPS)  # the perceptron's snapshots the video moves through
DIGIT_SHOWN = (0, 100, 1000, 10_000, DIGIT_STEPS)
TWO = 2


def outputs(snapshot, x) -> np.ndarray:
    from nnwatch import probes

    return probes.layer_outputs(snapshot, np.asarray(x, dtype=np.float64))[-1][:, 0]
