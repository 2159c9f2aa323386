"""The live grids: the neuron maps' and the output heatmap's, one probe grid for both."""

import numpy as np

from nnwatch.live.protocol import decode_frame
from nnwatch.live.session import Session
from nnwatch.live.settings import LiveLimits, map_stride, output_density
from nnwatch.training import Trainer


def test_maps_coarser_than_half_the_playground_grid_take_every_second_point():
    for d in (10, 20, 50):
        fine = output_density(d)
        assert fine == 2 * d - 1 and map_stride(d) == 2
        assert np.allclose(np.linspace(-6, 6, fine)[::2], np.linspace(-6, 6, d))
    assert (output_density(51), map_stride(51)) == (51, 1)  # 101 would be denser than the Playground's 100
    assert (output_density(100), map_stride(100)) == (100, 1)


def test_a_dense_session_sends_its_output_maps_twice_at_one_density():
    session = Session("hidden=2", LiveLimits(density=60), make_trainer=Trainer)
    header, _, maps = decode_frame(session.frame())
    assert (header["density"], header["output_density"]) == (60, 60)
    d2 = 60 * 60
    assert maps.size == (2 + 2 + 1) * d2 + d2
    assert np.array_equal(maps[4 * d2:5 * d2], maps[5 * d2:])
