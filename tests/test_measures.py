"""Measures against cases with known answers."""

import numpy as np
import pytest

import exactdln as ed
from exactdln.measures import kernel_distance


def test_kernel_distance_known_values():
    k = np.array([[2.0, 1.0], [1.0, 2.0]])
    assert kernel_distance(k, 3 * k) == pytest.approx(0.0, abs=1e-16)
    assert kernel_distance(np.diag([1.0, 0.0]), np.diag([0.0, 1.0])) == pytest.approx(1.0, rel=1e-15)
    assert kernel_distance(np.eye(2), np.diag([1.0, 0.0])) == pytest.approx(1 - 1 / np.sqrt(2), rel=1e-14)
    assert kernel_distance(np.eye(2), -np.eye(2)) == pytest.approx(2.0)


def test_kernel_distance_is_one_minus_the_cosine_and_broadcasts_over_time():
    rng = np.random.default_rng(0)
    k0 = rng.standard_normal((6, 6))
    kt = rng.standard_normal((5, 6, 6))
    cos = np.einsum("ij,tij->t", k0, kt) / (np.linalg.norm(k0) * np.linalg.norm(kt, axis=(1, 2)))
    np.testing.assert_allclose(kernel_distance(k0, kt), 1 - cos, rtol=1e-13)
    np.testing.assert_allclose(
        kernel_distance(kt, kt[::-1]), [kernel_distance(a, b) for a, b in zip(kt, kt[::-1], strict=True)]
    )
    assert kernel_distance(k0, kt).shape == (5,)
    assert kernel_distance(kt[:, None], kt[None]).shape == (5, 5)


def test_kernel_distance_keeps_precision_for_nearly_unchanged_kernels():
    """1 - cos(theta) = 2 sin^2(theta / 2): tiny for the lazy regime, where 1 - cos rounds to 0."""
    a = np.diag([1.0, 0.0, 0.0])
    for theta in (1e-3, 1e-6, 1e-10):
        b = np.diag([np.cos(theta), np.sin(theta), 0.0])
        assert kernel_distance(a, 5 * b) == pytest.approx(2 * np.sin(theta / 2) ** 2, rel=1e-9)
    tiny, huge = 1e-200 * np.eye(3), 1e200 * np.diag([1.0, 1.0, 1.0 + 1e-8])
    assert kernel_distance(tiny, huge) == pytest.approx(1e-16 / 9, rel=1e-6)  # no under- or overflow


@pytest.mark.parametrize(
    ("k0", "kt", "match"),
    [
        (np.zeros((2, 2)), np.eye(2), "all-zero"),
        (np.eye(2), np.eye(3), "equal trailing shapes"),
        (np.ones(3), np.ones(3), "equal trailing shapes"),
        (np.eye(2), np.array([[np.nan, 0], [0, 1]]), "finite"),
    ],
)
def test_kernel_distance_refuses_bad_input(k0, kt, match):
    with pytest.raises(ValueError, match=match):
        kernel_distance(k0, kt)


SHAPES = [(3, 3, 3), (5, 3, 3), (3, 3, 5), (6, 2, 2), (2, 2, 6), (1, 1, 1), (4, 1, 1)]


def test_alignment_split_of_aligned_and_misaligned_maps():
    task = ed.tasks.random_regression(3, 3, 6, seed=1)
    u, _s, vt = np.linalg.svd(task.sigma_yx)
    aligned = (u * [1.0, 2.0, 3.0]) @ vt
    on, off = ed.measures.alignment_split(aligned, task.sigma_yx)
    assert on == pytest.approx(np.sqrt(14)) and off == pytest.approx(0, abs=1e-12)
    swapped = np.outer(u[:, 0], vt[1])  # maps mode 1's input to mode 0's output
    on, off = ed.measures.alignment_split(swapped, task.sigma_yx)
    assert on == pytest.approx(0, abs=1e-12) and off == pytest.approx(1.0)


def test_mode_strengths_and_representation_distance():
    task = ed.tasks.random_regression(4, 3, 8, seed=2)
    _u, s, vt = np.linalg.svd(task.sigma_yx, full_matrices=False)
    assert np.allclose(ed.measures.mode_strengths(task.sigma_yx, task.sigma_yx), s)
    target = vt.T @ np.diag(s) @ vt
    assert ed.measures.representation_distance(target, task.sigma_yx) == pytest.approx(0, abs=1e-13)


def test_loss_equals_data_loss_for_whitened_inputs():
    task = ed.tasks.random_regression(3, 2, 7, seed=3)
    w = np.random.default_rng(0).standard_normal((5, 2, 3))
    assert np.allclose(ed.measures.loss(w, task.sigma_yx, task.sigma_yy), task.loss(w), rtol=1e-12)


def test_ntk_matches_parameter_jacobian():
    rng = np.random.default_rng(4)
    w1, w2 = rng.standard_normal((4, 3)), rng.standard_normal((2, 4))
    x = rng.standard_normal((3, 5))
    eps = 1e-6

    def outputs(theta):
        a, b = theta[:12].reshape(4, 3), theta[12:].reshape(2, 4)
        return (b @ a @ x).ravel()  # index i * P + mu

    theta = np.concatenate([w1.ravel(), w2.ravel()])
    jac = np.stack(
        [(outputs(theta + eps * e) - outputs(theta - eps * e)) / (2 * eps) for e in np.eye(20)],
        axis=1,
    )
    k = ed.measures.ntk(w1.T @ w1, w2 @ w2.T, x)
    assert np.allclose(k, jac @ jac.T, rtol=1e-7, atol=1e-7)
    rsm = ed.measures.rsm(w1.T @ w1, x)
    assert np.allclose(rsm, (w1 @ x).T @ (w1 @ x))


def test_learning_time_known_answers():
    t = np.linspace(0.0, 1.0, 11)
    # a linear loss is interpolated exactly: 90% of the reduction at t = 0.9
    assert ed.measures.learning_time(t, 1.0 - t) == pytest.approx(0.9, abs=1e-12)
    # exponential decay to 0: t = ln 10; linear interpolation on a grid of spacing h errs by
    # at most h^2/8 max|L''| / |L'| ~ 1e-7 here (h = 1e-3)
    fine = np.linspace(0.0, 5.0, 5001)
    assert ed.measures.learning_time(fine, np.exp(-fine), final_loss=0.0) == pytest.approx(
        np.log(10), abs=1e-6
    )
    # batched, other fractions, and the first crossing of a loss that rises again afterwards
    both = np.stack([1.0 - t, 2.0 * (1.0 - t)])
    np.testing.assert_allclose(ed.measures.learning_time(t, both, fraction=0.5), [0.5, 0.5], atol=1e-12)
    bump = np.array([1.0, 0.0, 1.0, 0.0])
    assert ed.measures.learning_time(np.arange(4.0), bump) == pytest.approx(0.9)


@pytest.mark.parametrize(
    ("times", "loss", "kwargs", "match"),
    [
        ([0.0, 1.0, 1.0], [1.0, 0.5, 0.0], {}, "strictly increasing"),
        ([0.0, 1.0], [1.0, 0.5, 0.0], {}, "shape"),
        ([0.0, 1.0], [1.0, 0.0], {"fraction": 0.0}, "fraction"),
        ([0.0, 1.0], [1.0, 1.0], {}, "not reduced"),
        ([0.0, 1.0], [1.0, 0.5], {"final_loss": 0.0}, "never reaches"),
        ([0.0, 1.0], [1.0, np.nan], {}, "finite"),
    ],
)
def test_learning_time_rejects_bad_input(times, loss, kwargs, match):
    with pytest.raises(ValueError, match=match):
        ed.measures.learning_time(times, loss, **kwargs)


def test_classical_mds_recovers_a_planar_configuration():
    rng = np.random.default_rng(0)
    plane = rng.standard_normal((12, 2)) * [3.0, 1.0]  # a 2-D configuration with distinct spreads
    # embedded in 6-D by an orthonormal map and shifted: the distances are those of `plane`
    basis = np.linalg.qr(rng.standard_normal((6, 2)))[0]
    points = plane @ basis.T + rng.standard_normal(6)
    emb = ed.measures.classical_mds(points, n_components=2)
    assert emb.shape == (12, 2)

    def distances(z):
        return np.linalg.norm(z[:, None] - z[None], axis=-1)

    np.testing.assert_allclose(distances(emb), distances(plane), atol=1e-12)
    # it is the centred configuration up to an orthogonal map (Procrustes residual ~ rounding)
    centred = plane - plane.mean(axis=0)
    u, _, vt = np.linalg.svd(centred.T @ emb)
    np.testing.assert_allclose(centred @ u @ vt, emb, atol=1e-12)
    # the same numbers as the eigenvectors of the double-centred squared distances
    n = len(points)
    j = np.eye(n) - 1.0 / n
    g = -0.5 * j @ distances(points) ** 2 @ j
    vals, vecs = np.linalg.eigh(g)
    top = vecs[:, ::-1][:, :2] * np.sqrt(vals[::-1][:2])
    np.testing.assert_allclose(np.abs(top), np.abs(emb), atol=1e-10)
    # a 1-D configuration: the second coordinate is zero
    line = np.outer(np.arange(5.0), [1.0, 2.0, 2.0])
    emb = ed.measures.classical_mds(line, n_components=2)
    np.testing.assert_allclose(np.abs(emb[:, 0]), np.abs(np.arange(5.0) - 2.0) * 3.0, atol=1e-12)
    np.testing.assert_allclose(emb[:, 1], 0.0, atol=1e-12)


@pytest.mark.parametrize(
    ("points", "n_components", "match"),
    [
        (np.ones(4), 2, "2-D"),
        (np.ones((1, 3)), 1, "two points"),
        (np.array([[0.0, 1.0], [np.nan, 2.0]]), 1, "non-finite"),
        (np.ones((4, 3)), 0, "n_components"),
        (np.ones((4, 3)), 5, "n_components"),
        (np.ones((4, 3)), 1.5, "n_components"),
    ],
)
def test_classical_mds_rejects_bad_input(points, n_components, match):
    with pytest.raises(ValueError, match=match):
        ed.measures.classical_mds(points, n_components=n_components)
