"""Linear autoencoders and greedy layer-wise pretraining against principal component analysis."""

import numpy as np
import pytest

from exactdln.pretraining import autoencoder_loss, greedy_pretraining, linear_autoencoder


def correlation(seed, n=6, spread=(4.0, 0.2)):
    rng = np.random.default_rng(seed)
    q = np.linalg.qr(rng.standard_normal((n, n)))[0]
    lam = np.geomspace(*spread, n)
    return q @ np.diag(lam) @ q.T, q, lam


@pytest.mark.parametrize("n_hidden", [2, 4, 6, 8])
def test_linear_autoencoder_learns_the_principal_subspace(n_hidden):
    c, q, lam = correlation(0)
    enc, dec, loss = linear_autoencoder(c, n_hidden, eta=0.9 / lam[0], n_steps=3000, init_std=0.05, seed=1)
    k = min(n_hidden, 6)
    projection = q[:, :k] @ q[:, :k].T
    np.testing.assert_allclose(dec @ enc, projection, atol=1e-6)
    optimum = 0.5 * lam[k:].sum()
    assert loss[1] == pytest.approx(optimum, abs=1e-10)
    assert loss[0] > loss[1]
    assert autoencoder_loss(enc, dec, c) == pytest.approx(loss[1])


def test_greedy_pretraining_stacks_encoders_of_principal_directions():
    c, q, lam = correlation(2)
    widths = [6, 6, 4, 2]
    # small starts: each autoencoder stays balanced (to ~init_std^2 under the flow, to first order
    # in eta under gradient descent), so its encoder is a rotation of the principal directions
    pre = greedy_pretraining(c, widths, eta_ratio=0.9, n_steps=3000, init_std=1e-3, seed=3)
    assert [w.shape for w in pre.weights] == [(6, 6), (4, 6), (2, 4)]
    assert pre.total_steps == 9000
    assert pre.etas[0] == pytest.approx(0.9 / lam[0])
    np.testing.assert_allclose(pre.loss[:, 1], pre.optimum, atol=1e-8)
    # the product of the encoders maps the top-2 principal directions onto an orthogonal frame
    prod = pre.weights[2] @ pre.weights[1] @ pre.weights[0]
    np.testing.assert_allclose(prod.T @ prod, q[:, :2] @ q[:, :2].T, atol=1e-3)
    again = greedy_pretraining(c, widths, eta_ratio=0.9, n_steps=3000, init_std=1e-3, seed=3)
    for a, b in zip(pre.weights, again.weights, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"widths": [5, 3]}, "start with the input dimension 6"),
        ({"widths": [6]}, "at least"),
        ({"eta_ratio": 1.0}, "eta_ratio must be < 1"),
        ({"c": np.arange(36.0).reshape(6, 6)}, "symmetric"),
        ({"c": -np.eye(6)}, "positive semi-definite"),
    ],
)
def test_greedy_pretraining_rejects_bad_input(kwargs, match):
    c, _, _ = correlation(4)
    args = {"c": c, "widths": [6, 3], "eta_ratio": 0.5}
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        greedy_pretraining(
            args["c"], args["widths"], eta_ratio=args["eta_ratio"], n_steps=5, init_std=0.1, seed=0
        )
