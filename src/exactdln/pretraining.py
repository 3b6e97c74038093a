"""Greedy layer-wise pretraining of deep linear networks with linear autoencoders.

Saxe, McClelland & Ganguli (2014, Section 3) explain why unsupervised pretraining speeds up
deep linear networks: a linear autoencoder trained on inputs with correlations
``sigma_xx = Q Lambda Q^T`` learns ``W_dec W_enc -> Q M Q^T`` (``M`` approaching ``I`` on the
learned principal directions), so its encoder is ``W_enc = R M^{1/2} Q^T`` for some rotation
``R``. If the task's input singular vectors ``V`` agree with ``Q`` (``V^T sigma_xx V``
nearly diagonal), this is a decoupled start with mode strengths near one, from which depth
costs almost nothing. Stacking such encoders, each trained on the outputs of the layers
below, is greedy layer-wise pretraining.

Everything here works on correlation matrices: for a linear network the autoencoder's
gradient needs only the correlation of its inputs, so pretraining costs the same for any
number of items. Times are counted in gradient-descent steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._checks import SeedLike, as_matrix, positive_float, positive_int, rng_from
from .simulation import train_deep


def _correlation(name: str, c) -> np.ndarray:
    c = as_matrix(name, c)
    if c.shape[0] != c.shape[1] or not np.allclose(c, c.T, rtol=1e-10, atol=1e-12 * np.abs(c).max()):
        raise ValueError(f"{name} must be a symmetric (n, n) correlation matrix, got shape {c.shape}")
    if np.linalg.eigvalsh(0.5 * (c + c.T))[0] < -1e-10 * np.abs(c).max():
        raise ValueError(f"{name} must be positive semi-definite")
    return 0.5 * (c + c.T)


def autoencoder_loss(w_enc, w_dec, sigma_xx) -> np.ndarray:
    """Reconstruction loss ``1/(2P) sum ||x - W_dec W_enc x||^2 = 1/2 tr[(I - W) sigma_xx (I - W)^T]``.

    ``W = W_dec W_enc``; weights may carry leading batch axes. Its minimum over encoders with
    ``n_hidden`` units is half the sum of the eigenvalues of ``sigma_xx`` beyond the
    ``n_hidden`` largest (principal component analysis).
    """
    sigma_xx = np.asarray(sigma_xx, dtype=float)
    resid = np.eye(sigma_xx.shape[-1]) - np.asarray(w_dec) @ np.asarray(w_enc)
    return 0.5 * np.sum((resid @ sigma_xx) * resid, axis=(-2, -1))


def linear_autoencoder(
    sigma_xx,
    n_hidden: int,
    *,
    eta: float,
    n_steps: int,
    init_std: float,
    seed: SeedLike,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Train ``x -> W_dec W_enc x`` to reconstruct its input by full-batch gradient descent.

    The target is the input, so the task correlation is ``sigma_yx = sigma_xx`` (not
    whitened: :func:`~exactdln.simulation.train_deep` with ``sigma_xx``). Both layers start
    from independent Gaussian entries of standard deviation ``init_std``.

    Parameters
    ----------
    sigma_xx : array (n, n)
        Correlation of the autoencoder's inputs (symmetric, positive semi-definite).
    n_hidden : int
        Hidden units (the encoder's output dimension).
    eta, n_steps : float, int
        Learning rate and number of steps.
    init_std : float
        Standard deviation of the initial weights.
    seed : int or Generator

    Returns
    -------
    w_enc : array (n_hidden, n)
    w_dec : array (n, n_hidden)
    loss : array (2,)
        Reconstruction loss (:func:`autoencoder_loss`) before and after training.
    """
    sigma_xx = _correlation("sigma_xx", sigma_xx)
    n = sigma_xx.shape[0]
    n_hidden = positive_int("n_hidden", n_hidden)
    init_std = positive_float("init_std", init_std)
    rng = rng_from(seed)
    w_enc = init_std * rng.standard_normal((n_hidden, n))
    w_dec = init_std * rng.standard_normal((n, n_hidden))
    traj = train_deep(
        [w_enc, w_dec], sigma_xx, sigma_xx=sigma_xx, eta=eta, n_steps=n_steps, record=[0, n_steps]
    )
    enc, dec = traj.weights[0][-1], traj.weights[1][-1]
    loss = np.array(
        [
            autoencoder_loss(traj.weights[0][0], traj.weights[1][0], sigma_xx),
            autoencoder_loss(enc, dec, sigma_xx),
        ]
    )
    return enc, dec, loss


@dataclass(frozen=True)
class Pretrained:
    """Result of :func:`greedy_pretraining`.

    ``weights[l]`` is the encoder of layer ``l + 1`` (``(n_{l+1}, n_l)``); ``steps[l]`` the
    gradient-descent steps spent on it and ``etas[l]`` its learning rate; ``loss[l]`` its
    reconstruction loss before and after training, and ``optimum[l]`` the smallest loss an
    autoencoder of that size can reach (discarded variance / 2).
    """

    weights: tuple[np.ndarray, ...]
    steps: np.ndarray
    etas: np.ndarray
    loss: np.ndarray
    optimum: np.ndarray

    @property
    def total_steps(self) -> int:
        """All pretraining steps, summed over layers."""
        return int(self.steps.sum())


def greedy_pretraining(
    sigma_xx,
    widths: Sequence[int],
    *,
    eta_ratio: float,
    n_steps: int,
    init_std: float,
    seed: SeedLike,
) -> Pretrained:
    """Greedy layer-wise pretraining: layer ``l`` is the encoder of an autoencoder of the layer below.

    Layer 1 is trained on ``C_0 = sigma_xx``; layer ``l`` on the correlation
    ``C_{l-1} = W_{l-1} C_{l-2} W_{l-1}^T`` of the outputs of the layers below it (Saxe et al.
    2014, Section 3 and Appendix F), each by :func:`linear_autoencoder` for ``n_steps`` steps at
    the learning rate ``eta_ratio / lambda_max(C_{l-1})`` (gradient descent on an autoencoder is
    stable near its optimum for ``eta < 1 / lambda_max``, so ``eta_ratio`` in ``(0, 1)``).

    Parameters
    ----------
    sigma_xx : array (n_0, n_0)
        Input correlation ``x x^T / P``.
    widths : sequence of int
        ``[n_0, n_1, ..., n_L]``: input dimension, then the output dimension of every
        pretrained layer.
    eta_ratio : float
        Learning rate as a fraction of ``1 / lambda_max`` of each layer's input correlation.
    n_steps : int
        Gradient-descent steps per layer.
    init_std : float
        Standard deviation of every autoencoder's initial weights.
    seed : int or Generator

    Returns
    -------
    Pretrained
    """
    sigma_xx = _correlation("sigma_xx", sigma_xx)
    widths = [positive_int(f"widths[{i}]", n) for i, n in enumerate(widths)]
    if len(widths) < 2 or widths[0] != sigma_xx.shape[0]:
        raise ValueError(
            f"widths must start with the input dimension {sigma_xx.shape[0]} and list at least "
            f"one layer, got {widths}"
        )
    eta_ratio = positive_float("eta_ratio", eta_ratio)
    if eta_ratio >= 1:
        raise ValueError(f"eta_ratio must be < 1 (stability of the autoencoders), got {eta_ratio!r}")
    n_steps = positive_int("n_steps", n_steps)
    rng = rng_from(seed)
    c = sigma_xx
    weights, etas, losses, optima = [], [], [], []
    for n_hidden in widths[1:]:
        eigenvalues = np.linalg.eigvalsh(c)[::-1]
        if eigenvalues[0] <= 0:
            raise ValueError("the layer's inputs carry no variance: nothing to pretrain on")
        eta = eta_ratio / eigenvalues[0]
        enc, _, loss = linear_autoencoder(c, n_hidden, eta=eta, n_steps=n_steps, init_std=init_std, seed=rng)
        weights.append(enc)
        etas.append(eta)
        losses.append(loss)
        optima.append(0.5 * float(np.clip(eigenvalues[n_hidden:], 0.0, None).sum()))
        c = enc @ c @ enc.T
        c = 0.5 * (c + c.T)
    return Pretrained(
        tuple(weights),
        np.full(len(weights), n_steps),
        np.asarray(etas),
        np.asarray(losses),
        np.asarray(optima),
    )
