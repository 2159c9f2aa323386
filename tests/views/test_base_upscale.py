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


def test_values_are_interpolated_before_they_are_coloured():
    from nnwatch.views.base import upscale_values

    grid = np.array([[-1.0, 1.0], [-1.0, 1.0]])
    out = upscale_values(grid, 2, 8)
    assert out.dtype == np.float32 and out.shape == (2, 8)
    np.testing.assert_allclose(out[0], [-1, -1, -0.75, -0.25, 0.25, 0.75, 1, 1], atol=1e-6)
    # Thresholded after interpolation the edge falls between pixels 3 and 4, one pixel wide at any scale.
    assert np.sign(upscale_values(grid, 4, 64)[0]).tolist() == [-1.0] * 32 + [1.0] * 32
    stacked = upscale_values(np.stack([grid, -grid], axis=-1), 3, 5)
    assert stacked.shape == (3, 5, 2)
    np.testing.assert_allclose(stacked[..., 1], -stacked[..., 0], atol=1e-6)
