"""Networks as pure functions over a params pytree, their activations and their input features."""

from nnwatch.model.activations import HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS, activation, output_for_task
from nnwatch.model.mlp import INIT_KINDS, Architecture, forward, init_params, predict

__all__ = ["Architecture", "HIDDEN_ACTIVATIONS", "OUTPUT_ACTIVATIONS", "INIT_KINDS", "activation", "forward",
           "init_params", "output_for_task", "predict"]
