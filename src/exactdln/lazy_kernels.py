"""The infinite-width kernels of every learning rule at initialisation: the lazy limit.

Bordelon & Pehlevan (2022): at infinite width the output of a network trained with any rule
of :mod:`exactdln.learning_rules` obeys ``df/dt = K Delta`` with the effective NTK
``K = Phi_L + sum_{l<L} G~_{l+1} * Phi_l``; as ``gamma0 -> 0`` the kernels stay at their
initial values. This module holds them for linear and ReLU networks (:func:`lazy_kernels`;
ReLU through the arc-cosine recursion of Cho & Saul) and the gated linear network's
``K = (L + 1) q^L * K_x`` (:func:`gln_lazy_kernel`) (docs/mathematics.md §9). Conventions
are those of :mod:`exactdln.learning_rules`: ``L`` hidden layers, input kernel
``K_x = x . x' / D``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import as_matrix, positive_int
from .rule_networks import RULES, check_rho


def _angles(h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``sqrt(q_mu q_nu)`` and the angle ``theta`` of a covariance matrix ``h``."""
    q = np.sqrt(np.clip(np.diag(h), 0.0, None))
    norm = np.outer(q, q)
    cos = np.divide(h, norm, out=np.ones_like(h), where=norm > 0)
    np.fill_diagonal(cos, 1.0)  # exactly: arccos is ill-conditioned at 1 (1 ulp gives theta ~ 1e-8)
    return norm, np.arccos(np.clip(cos, -1.0, 1.0))


def relu_expectations(h) -> tuple[np.ndarray, np.ndarray]:
    """``E[relu(u) relu(v)]`` and ``E[step(u) step(v)]`` for ``(u, v) ~ N(0, h)``, elementwise.

    The arc-cosine kernels of degree 1 and 0 (Cho & Saul 2009):
    ``sqrt(q q') (sin theta + (pi - theta) cos theta) / (2 pi)`` and
    ``(pi - theta) / (2 pi)``, where ``q = h_mu,mu`` and ``cos theta = h_mu,nu / sqrt(q q')``.
    ``h`` is a ``(P, P)`` covariance matrix.
    """
    h = as_matrix("h", h)
    if h.shape[0] != h.shape[1]:
        raise ValueError(f"h must be square, got {h.shape}")
    norm, theta = _angles(h)
    phi = norm * (np.sin(theta) + (np.pi - theta) * np.cos(theta)) / (2 * np.pi)
    return phi, (np.pi - theta) / (2 * np.pi)


def _expectations(h: np.ndarray, activation: str) -> tuple[np.ndarray, np.ndarray]:
    if activation == "linear":
        return h.copy(), np.ones_like(h)
    if activation == "relu":
        return relu_expectations(h)
    raise ValueError(
        f"lazy kernels have a closed form for activation 'linear' or 'relu', got {activation!r} "
        "(use wide networks, exactdln.learning_rules.kernels, for others)"
    )


@dataclass(frozen=True)
class LazyKernels:
    """Infinite-width kernels at initialisation (the lazy limit) on ``P`` items.

    ``phi (L + 1, P, P)``: ``Phi_0 = K_x, ..., Phi_L``; ``g (L, P, P)``: the true
    gradient kernels ``G_1 .. G_L``; ``g_tilde (L, P, P)``: the rule's ``G~_1 .. G~_L``;
    ``ntk (P, P)``: ``K = Phi_L + sum_{l<L} G~_{l+1} * Phi_l``.
    """

    phi: np.ndarray
    g: np.ndarray
    g_tilde: np.ndarray
    ntk: np.ndarray


def lazy_kernels(
    rule: str, kx, depth: int, activation: str = "linear", rho: float | None = None
) -> LazyKernels:
    """The rule's kernels at initialisation at infinite width.

    Forward: ``H_1 = K_x``, ``Phi_l = E[phi(h) phi(h')]`` and ``dPhi_l = E[phi'(h) phi'(h')]``
    under ``h ~ N(0, H_l)``, ``H_{l+1} = Phi_l``; GLN: ``Phi_l = Q * H_l`` and
    ``dPhi_l = Q`` with the gate correlation ``Q = E[phi'(m) phi'(m')]``, ``m ~ N(0, K_x)``.
    Backward: ``G_L = dPhi_L``, ``G_l = dPhi_l * G_{l+1}``. Rules:
    ``G~ = G`` (GD, GLN), ``G~_l = rho^(L + 1 - l) G_l`` (rho-FA: the readout's feedback
    ``z~`` and every ``W~_l`` each contribute one factor ``rho``), ``G~ = 0`` (DFA,
    Hebb: the pseudo-gradient is independent of the forward pass at initialisation),
    so that weight layer ``W_l`` enters ``K`` with weight ``rho^(L - l)`` under FA.

    ``kx`` is the ``(P, P)`` input kernel ``x . x' / D``; ``activation`` is
    ``"linear"`` or ``"relu"`` (``ValueError`` otherwise, and for a bad rule/rho/depth).
    """
    if rule not in RULES:
        raise ValueError(f"rule must be one of {RULES}, got {rule!r}")
    rho = check_rho(rule, rho)
    kx = as_matrix("kx", kx)
    if kx.shape[0] != kx.shape[1] or not np.allclose(
        kx, kx.T, rtol=0, atol=1e-12 * np.abs(kx).max(initial=1)
    ):
        raise ValueError(f"kx must be a symmetric (P, P) matrix, got shape {kx.shape}")
    depth = positive_int("depth", depth)
    phis, dphis = [kx], []
    if rule == "gln":
        _, gate = _expectations(kx, activation)
        for _ in range(depth):
            phis.append(gate * phis[-1])
            dphis.append(gate)
    else:
        h = kx
        for _ in range(depth):
            phi, dphi = _expectations(h, activation)
            phis.append(phi)
            dphis.append(dphi)
            h = phi
    g = [None] * depth
    g[-1] = dphis[-1]
    for layer in range(depth - 2, -1, -1):
        g[layer] = dphis[layer] * g[layer + 1]
    g = np.stack(g)
    if rule in ("gd", "gln"):
        gt = g.copy()
    elif rule == "fa":
        gt = g * (rho ** (depth - np.arange(depth)))[:, None, None]  # layer l = index + 1: rho^(L+1-l)
    else:
        gt = np.zeros_like(g)
    phi = np.stack(phis)
    ntk = phi[-1] + np.sum(gt * phi[:-1], axis=0)
    return LazyKernels(phi, g, gt, ntk)


def gln_lazy_kernel(theta, depth: int) -> np.ndarray:
    """Lazy eNTK of a ReLU-gated linear network between two inputs at angle ``theta``.

    ``K(theta) = (L + 1) q^L cos(theta)`` with ``q = (pi - theta) / (2 pi) = (1 - theta/pi) / 2``,
    for inputs with ``|x|^2 = D`` (so ``K_x = cos theta``) and 0/1 gates ``step(m)``: each
    of the ``L + 1`` weight layers contributes ``q^L cos(theta)``. (Bordelon & Pehlevan
    print the prefactor ``L``; gates ``sqrt(2) step(m)`` would remove the ``2^-L``.)
    """
    theta = np.asarray(theta, dtype=float)
    if not np.all(np.isfinite(theta)) or np.any(theta < 0) or np.any(theta > np.pi):
        raise ValueError("theta must lie in [0, pi]")
    depth = positive_int("depth", depth)
    return (depth + 1) * ((1 - theta / np.pi) / 2) ** depth * np.cos(theta)
