"""exactdln.tasks.hierarchical_diffusion: the tree statistics of Saxe et al.'s Fig. 3 data."""

import numpy as np
import pytest

import exactdln as ed


def test_hierarchical_diffusion_statistics():
    """Leaves whose lowest common ancestor is d levels up agree with probability
    1/2 + (1 - 2 eps)^{2d} / 2, i.e. E[y_i y_j] = (1 - 2 eps)^{2d}."""
    eps, levels = 0.1, 3
    task = ed.tasks.hierarchical_diffusion(levels, 20000, eps, seed=0)
    assert task.x.shape == (8, 8) and task.y.shape == (20000, 8)
    assert set(np.unique(task.y)) == {-1.0, 1.0}
    task.check_whitened()
    corr = task.y.T @ task.y / task.n_out
    for i, j, d in ((0, 1, 1), (0, 2, 2), (0, 3, 2), (0, 4, 3), (5, 7, 2), (6, 7, 1)):
        assert corr[i, j] == pytest.approx((1 - 2 * eps) ** (2 * d), abs=0.02)
    # no flips: every feature is constant over the items (rank one); reproducible by seed
    flat = ed.tasks.hierarchical_diffusion(2, 50, 0.0, seed=1)
    assert np.linalg.matrix_rank(flat.y) == 1
    np.testing.assert_array_equal(flat.y, ed.tasks.hierarchical_diffusion(2, 50, 0.0, seed=1).y)
    with pytest.raises(ValueError, match="flip_prob"):
        ed.tasks.hierarchical_diffusion(2, 5, 0.7, seed=0)
