"""exactdln.datasets.principal_component_task on images the test makes (no MNIST needed)."""

import numpy as np
import pytest


def test_principal_component_task_on_images_the_test_makes():
    from exactdln.datasets import principal_component_task

    rng = np.random.default_rng(1)
    images = rng.random((300, 20)) * np.linspace(1.0, 0.1, 20)
    labels = rng.integers(0, 3, size=300)
    task = principal_component_task(images, labels, 5)
    variances = np.diag(task.sigma_xx)
    assert task.x.shape == (5, 300) and task.y.shape == (3, 300)
    np.testing.assert_allclose(task.sigma_xx, np.diag(variances), atol=1e-12)
    assert np.all(np.diff(variances) < 0) and variances.sum() == pytest.approx(5.0)
    # the inputs are projections on the top eigenvectors of X X^T / P, rescaled
    lam = np.linalg.eigvalsh(images.T @ images / 300)[::-1][:5]
    np.testing.assert_allclose(variances / variances[0], lam / lam[0], rtol=1e-10)
    np.testing.assert_array_equal(task.y.sum(axis=0), 1.0)
    white = principal_component_task(images, labels, 5, whiten=True)
    white.check_whitened()
    with pytest.raises(ValueError, match="n_components"):
        principal_component_task(images, labels, 21)
    with pytest.raises(ValueError, match="labels"):
        principal_component_task(images, labels[:5], 3)
