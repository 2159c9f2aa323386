"""Networks as pure functions over a params pytree, their activations, output units, losses and input features."""

from nnwatch.model.activations import HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS, activation
from nnwatch.model.forward import LayerTaps, forward_taps, layer_forward
from nnwatch.model.mlp import INIT_KINDS, Architecture, forward, init_params, predict
from nnwatch.model.output import OUTPUT_UNITS, OutputUnit, output_for_task, output_unit

__all__ = ["Architecture", "HIDDEN_ACTIVATIONS", "OUTPUT_ACTIVATIONS", "OUTPUT_UNITS", "INIT_KINDS", "LayerTaps",
           "OutputUnit", "activation", "forward", "forward_taps", "init_params", "layer_forward", "output_for_task",
           "output_unit", "predict"]
