"""How a spec's network is put together before it trains: its dataset, its Architecture and its initial
params, written once on the seam for whatever trains it (``training.Trainer``) and whatever draws it before it
has trained (the live page's first picture, ``live/first_frame.py``). NumPy only: nothing here loads JAX."""

from __future__ import annotations

from nnwatch.data import Dataset, make_dataset
from nnwatch.errors import SpecError
from nnwatch.model.features import parse_features
from nnwatch.model.mlp import Architecture, init_params, standardization
from nnwatch.model.output import output_for_task, output_unit
from nnwatch.spec import Spec

__all__ = ["build_architecture", "build_dataset", "default_features", "initial_params"]


def build_dataset(spec: Spec) -> Dataset:
    """The spec's dataset: a built-in generator, or the user's CSV/NPZ file."""
    d = spec.data
    if d.file:
        from nnwatch.data import load_file

        return load_file(d.file, label=d.label, task=d.task, train_share=d.train_share or 0.8, seed=spec.data_seed)
    return make_dataset(d.name, points=d.points, noise=d.noise, train_share=d.train_share, seed=spec.data_seed,
                        classes=d.classes, size=d.size)


def default_features(dataset: Dataset) -> list[str]:
    """x1, x2 for 2-D data (the Playground's default); every raw column otherwise."""
    if dataset.n_inputs == 2:
        return ["x1", "x2"]
    return [f"x{i + 1}" for i in range(dataset.n_inputs)]


def build_architecture(spec: Spec, dataset: Dataset) -> Architecture:
    features = parse_features(spec.features or default_features(dataset), dataset.n_inputs)
    output = spec.network.output
    if output == "auto":
        output = output_for_task(dataset.task, dataset.n_classes)
    if output_unit(output).multi_class and dataset.n_outputs < 2:
        raise SpecError("a softmax output needs more than two classes; use sigmoid or tanh for two")
    sizes = (len(features), *spec.network.hidden, dataset.n_outputs)
    shift, scale = standardization(dataset.x_train) if spec.data.standardizes() else ((), ())
    return Architecture(features=tuple(f.name for f in features), n_raw_inputs=dataset.n_inputs, sizes=sizes,
                        activations=spec.network.hidden_activations(), output=output,
                        use_bias=spec.network.bias, dtype=spec.training.dtype, residual=spec.network.residual,
                        residual_step=spec.network.residual_step,
                        input_shift=shift, input_scale=scale)


def initial_params(spec: Spec, arch: Architecture):
    """The params the spec's network starts from (NumPy, of the architecture's dtype): its init drawn from its
    seed, or the weights it gives (init 'explicit')."""
    t = spec.training
    explicit = [layer.model_dump() for layer in t.init_weights] if t.init_weights else None
    return init_params(arch, t.init, spec.seed, explicit)
