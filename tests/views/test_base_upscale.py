"""Upscaling a grid to pixels: nearest-neighbour indices, and the linear blend class maps are drawn with."""

import numpy as np

from nnwatch.views.base import upscale_index, upscale_smooth


def test_nearest_index_gives_each_sample_its_share_of_pixels():
    assert upscale_index(2, 5).tolist() == [0, 0, 0, 1, 1]
    assert upscale_index(4, 4).tolist() == [0, 1, 2, 3]


def test_a_class_boundary_becomes_a_blend_one_cell_wide_not_a_stair():
    grid = np.zeros((4, 4, 3), np.uint8)
    grid[:, 2:] = 200                                   # left half 0, right half 200
    out = upscale_smooth(grid, 8, 8)
    assert out.shape == (8, 8, 3) and out.dtype == np.uint8
    # Samples at the centres of their two pixels: the outer pixels keep them, the two across the edge blend a
    # quarter and three quarters; monotone, no overshoot.
    assert out[3, :, 0].tolist() == [0, 0, 0, 50, 150, 200, 200, 200]
    assert np.all(out == out[:1])                       # every row the same: nothing leaks across rows
    np.testing.assert_array_equal(upscale_smooth(grid, 4, 4), grid)
    assert upscale_smooth(grid[::-1], 6, 10).shape == (6, 10, 3)   # any shape, views of any stride
