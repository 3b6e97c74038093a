"""Task generators: whitening, reproducibility, hierarchy structure, reversals, sequences."""

import numpy as np
import pytest

import exactdln as ed


@pytest.mark.parametrize("n_in,n_out,p", [(1, 1, 1), (5, 2, 10), (3, 7, 3), (10, 4, 40)])
def test_generated_inputs_are_whitened(n_in, n_out, p):
    for task in (
        ed.tasks.random_regression(n_in, n_out, p, seed=0),
        ed.tasks.student_teacher(n_in, n_out, p, teacher_scale=0.35, seed=0),
    ):
        assert task.x.shape == (n_in, p) and task.y.shape == (n_out, p)
        assert np.allclose(task.sigma_xx, np.eye(n_in), atol=1e-12)
        task.check_whitened()


def test_same_seed_same_task():
    a = ed.tasks.student_teacher(5, 2, 10, teacher_scale=0.35, seed=42)
    b = ed.tasks.student_teacher(5, 2, 10, teacher_scale=0.35, seed=42)
    c = ed.tasks.student_teacher(5, 2, 10, teacher_scale=0.35, seed=43)
    assert np.array_equal(a.y, b.y) and not np.allclose(a.y, c.y)


def test_whiten_and_reject():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 8)) * 5 + 1
    xw = ed.tasks.whiten(x)
    assert np.allclose(xw @ xw.T / 8, np.eye(3), atol=1e-13)
    with pytest.raises(ValueError, match="not whitened: max"):
        ed.tasks.check_whitened(x)
    with pytest.raises(ValueError, match="cannot be whitened"):
        ed.tasks.whiten(rng.standard_normal((4, 3)))
    with pytest.raises(ValueError, match="cannot be whitened"):
        ed.tasks.whiten(np.ones((2, 5)))


def test_student_teacher_targets_are_a_linear_teacher():
    task = ed.tasks.student_teacher(6, 4, 12, teacher_scale=0.3, seed=1, n_hidden_teacher=2)
    assert np.linalg.matrix_rank(task.sigma_yx, tol=1e-10) == 2
    # targets are exactly sigma_yx x for whitened x, so sigma_yy = sigma_yx sigma_yx^T
    assert np.allclose(task.sigma_yy, task.sigma_yx @ task.sigma_yx.T, atol=1e-12)


def test_semantic_hierarchy_structure():
    task = ed.tasks.semantic_hierarchy()
    assert task.x.shape == (8, 8) and task.y.shape == (8, 8)
    assert np.allclose(task.x, np.sqrt(8) * np.eye(8))
    task.check_whitened()
    assert len(task.item_names) == 8 and len(task.feature_names) == 8
    # shared feature, then each internal node of the binary tree splits its subtree
    assert np.all(task.y[0] == 1)
    assert task.y[1].tolist() == [1, 1, 1, 1, -1, -1, -1, -1]
    assert task.y[7].tolist() == [0, 0, 0, 0, 0, 0, 1, -1]
    # rows are orthogonal (a Haar basis), so the singular values are degenerate by level
    s = np.linalg.svd(task.sigma_yx, compute_uv=False)
    assert np.allclose(s, [1, 1, np.sqrt(0.5), np.sqrt(0.5), 0.5, 0.5, 0.5, 0.5])
    distinct = np.linalg.svd(
        ed.tasks.semantic_hierarchy(distinct_singular_values=True).sigma_yx, compute_uv=False
    )
    assert np.min(-np.diff(distinct)) > 1e-3


def test_hierarchy_grouping_is_a_permutation_of_items():
    base = ed.tasks.semantic_hierarchy()
    order = [0, 4, 1, 5, 2, 6, 3, 7]
    other = ed.tasks.semantic_hierarchy(grouping=order)
    assert np.array_equal(other.y[:, order], base.y)
    with pytest.raises(ValueError, match="permutation"):
        ed.tasks.semantic_hierarchy(grouping=[0, 0, 1, 2, 3, 4, 5, 6])


def test_reversals():
    task = ed.tasks.random_regression(3, 4, 9, seed=2)
    assert np.array_equal(task.reversed().y, -task.y)
    part = task.reversed([1, 3])
    assert np.array_equal(part.y[[0, 2]], task.y[[0, 2]])
    assert np.array_equal(part.y[[1, 3]], -task.y[[1, 3]])
    with pytest.raises(ValueError, match="features must be indices"):
        task.reversed([4])
    u, s, vt = np.linalg.svd(task.sigma_yx)
    flipped = task.modes_reversed([1])
    expected = task.sigma_yx - 2 * s[1] * np.outer(u[:, 1], vt[1])
    assert np.allclose(flipped.sigma_yx, expected, atol=1e-13)
    with pytest.raises(ValueError, match="modes must be indices"):
        task.modes_reversed([3])


def test_task_sequence_shares_inputs():
    seq = ed.tasks.task_sequence(4, 5, 6, 25, seed=0)
    assert len(seq) == 4
    for t in seq[1:]:
        assert np.array_equal(t.x, seq[0].x) and not np.allclose(t.y, seq[0].y)
    st = ed.tasks.task_sequence(2, 3, 2, 6, seed=0, kind="student_teacher", teacher_scale=0.3)
    assert np.allclose(st[0].sigma_yy, st[0].sigma_yx @ st[0].sigma_yx.T)
    with pytest.raises(ValueError, match="kind must be"):
        ed.tasks.task_sequence(2, 3, 2, 6, seed=0, kind="nonsense")


def test_bad_task_input():
    with pytest.raises(ValueError, match="items"):
        ed.Task(np.zeros((2, 3)), np.zeros((1, 4)))
    with pytest.raises(ValueError, match="non-finite"):
        ed.Task(np.full((2, 3), np.nan), np.zeros((1, 3)))
    with pytest.raises(ValueError, match="P >= n_in"):
        ed.tasks.random_regression(5, 2, 3, seed=0)
    with pytest.raises(ValueError, match="explicit seed"):
        ed.tasks.random_regression(2, 2, 3, seed=None)


def test_identity_inputs_are_whitened_one_hot_items():
    from exactdln.tasks import check_whitened, identity_inputs

    x = identity_inputs(5)
    check_whitened(x)
    np.testing.assert_array_equal(x, np.sqrt(5) * np.eye(5))
    with pytest.raises(ValueError, match="n_items"):
        identity_inputs(0)
