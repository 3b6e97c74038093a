"""Exact derivative correlations of two-layer networks at initialisation (Shem-Ur & Oz 2024).

For a network ``f(x; theta)`` (here :class:`~exactdln.wide_networks.TwoLayer`
in NTK parameterisation) write ``g_nu = grad_theta f(x_nu)`` for the gradient at
item ``nu``. Shem-Ur & Oz's correlations contract ``D + d`` derivatives of
``f`` with ``d`` gradients, ``C_{D,d} ~ grad^{D+d} f . (grad f)^{(x) d}``; the
NTK is ``C_{0,1}``. On ``K`` evaluation points ``x_1..x_K`` this module
computes, exactly (closed forms, no automatic differentiation):

- ``ntk[mu, nu] = g_mu . g_nu`` (``C_{0,1}``);
- ``c02[mu, nu, rho] = D^2 f(x_mu)[g_nu, g_rho]`` (``C_{0,2}``, the Hessian of
  ``f(x_mu)`` contracted with two gradients);
- ``c11[mu, nu] = || D^2 f(x_mu) g_nu ||`` (``C_{1,1}`` is the vector
  ``Hessian(x_mu) g_nu`` in parameter space; we keep its Euclidean norm);
- ``c03[mu, nu, rho, sigma] = D^3 f(x_mu)[g_nu, g_rho, g_sigma]`` (``C_{0,3}``);
- ``hessian_norm[mu] = || D^2 f(x_mu) ||_2``, the spectral norm of the Hessian
  of the output in the parameters (Liu, Zhu & Belkin 2020).

Normalisation: none beyond the NTK parameterisation itself (``m^{-1/2}`` on
the output layer, ``d^{-1/2}`` on the inputs, standard normal weights), in
which ``ntk`` is of order one at every width; all quantities are raw
derivatives in these units. :meth:`Correlations.summary` reduces each tensor
to one number: the root mean square over seeds and index tuples (``c02``,
``c11``, ``c03``) and the mean over seeds and points (``hessian_norm``).

The closed forms. With ``h_r = w_r . x / sqrt(d)``, ``s = m^{-1/2}``,
``A[r, nu] = s phi(h_r(x_nu))`` (the ``a``-part of ``g_nu``),
``B[r, nu] = s a_r phi'(h_r(x_nu))`` (the ``w``-part is ``B[r, nu] x_nu / sqrt(d)``)
and ``G = x^T x / d``, a direction ``u`` changes the pre-activation at ``x_mu``
by ``beta_r(u) = u_{w_r} . x_mu / sqrt(d)`` (``= B[r, nu] G[nu, mu]`` for
``u = g_nu``), and

    D^2 f(x)[u, v] = s sum_r [u_{a_r} phi'_r beta_r(v) + v_{a_r} phi'_r beta_r(u)
                              + a_r phi''_r beta_r(u) beta_r(v)],
    D^3 f(x)[u, v, w] = s sum_r [phi''_r (u_{a_r} beta_r(v) beta_r(w) + two permutations)
                                 + a_r phi'''_r beta_r(u) beta_r(v) beta_r(w)]

with ``phi'_r = phi'(h_r(x))`` and so on.

The Hessian of ``f(x)`` is block diagonal over neurons, each block of rank two
in the span of ``e_{a_r}`` and ``(0, x / |x|)``: ``[[0, b_r], [b_r, c_r]]`` with
``b_r = s phi'_r |x| / sqrt(d)``, ``c_r = s a_r phi''_r |x|^2 / d``, so
``||D^2 f(x)||_2 = max_r (|c_r| + sqrt(c_r^2 + 4 b_r^2)) / 2``.

ReLU's derivatives are taken almost everywhere (``phi'' = phi''' = 0``): its
``c03`` vanishes and its ``c02`` keeps only the ``a``-``w`` cross terms; the
kinks act only when a pre-activation changes sign during training.

:func:`finite_difference_correlations` estimates the same quantities from
central finite differences of the outputs and the per-item gradients (an
independent check used by the tests and by the workflow's step study).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import as_matrix, positive_float
from .activations import derivatives
from .wide_networks import TwoLayer

QUANTITIES = ("ntk", "c02", "c11", "c03", "hessian_norm")


@dataclass(frozen=True)
class Correlations:
    """Derivative correlations at ``K`` points for ``S`` networks (see the module docstring).

    ``ntk (S, K, K)``, ``c02 (S, K, K, K)``, ``c11 (S, K, K)``,
    ``c03 (S, K, K, K, K)``, ``hessian_norm (S, K)``.
    """

    ntk: np.ndarray
    c02: np.ndarray
    c11: np.ndarray
    c03: np.ndarray
    hessian_norm: np.ndarray

    def summary(self) -> dict[str, float]:
        """Root mean squares of ``c02``, ``c11``, ``c03`` and the NTK diagonal; mean Hessian norm."""

        def rms(a):
            return float(np.sqrt(np.mean(np.square(a))))

        return {
            "ntk_diag": rms(np.diagonal(self.ntk, axis1=1, axis2=2)),
            "c02": rms(self.c02),
            "c11": rms(self.c11),
            "c03": rms(self.c03),
            "hessian_norm": float(np.mean(self.hessian_norm)),
        }


def _parts(net: TwoLayer, x, activation: str):
    if not isinstance(net, TwoLayer):
        raise ValueError(f"correlations are implemented for TwoLayer networks, got {type(net).__name__}")
    x = as_matrix("x", x)
    if x.shape[0] != net.n_in:
        raise ValueError(f"x has shape {x.shape}: the network takes n_in={net.n_in} inputs (rows)")
    h = net.preactivations(x)  # (S, m, K)
    phi, d1, d2, d3 = derivatives(activation, h, 3)
    s = 1.0 / np.sqrt(net.width)
    a = net.a[:, :, None]
    return x, s, a, s * phi, s * a * d1, d1, d2, d3


def correlations(net: TwoLayer, x, activation: str) -> Correlations:
    """Exact ``C_{0,1}`` (NTK), ``C_{0,2}``, ``|C_{1,1}|``, ``C_{0,3}`` and Hessian norms at ``x (d, K)``.

    Cost ``O(S m K^4)``; see the module docstring for the definitions and
    closed forms. Raises ``ValueError`` for a network that is not
    :class:`~exactdln.wide_networks.TwoLayer` or inputs of the wrong shape.
    """
    x, s, a, big_a, big_b, d1, d2, d3 = _parts(net, x, activation)
    g = x.T @ x / net.n_in  # (K, K), g[nu, mu]
    norms2 = np.diagonal(g)  # |x_mu|^2 / d
    ein = np.einsum
    ntk = ein("smu,smn->sun", big_a, big_a) + ein("smu,smn->sun", big_b, big_b) * g.T[None]
    # C_{0,2}[mu, nu, rho]
    t1 = ein("smu,smn,smr->sunr", d1, big_a, big_b, optimize=True)  # sum_r phi'_mu A_nu B_rho
    gm = g.T  # gm[mu, nu] = G[nu, mu]
    c02 = t1 * gm[None, :, None, :] + np.swapaxes(t1, 2, 3) * gm[None, :, :, None]
    smooth = activation == "tanh"
    if smooth:
        t2 = ein("smu,smn,smr->sunr", a * d2, big_b, big_b, optimize=True)
        c02 = c02 + t2 * gm[None, :, :, None] * gm[None, :, None, :]
    c02 = s * c02
    # |C_{1,1}[mu, nu]|: a-part s phi'_mu B_nu G[nu, mu];
    # w-part s (A_nu phi'_mu + a phi''_mu B_nu G[nu, mu]) x_mu / sqrt(d)
    part_a = ein("smu,smn->sun", d1**2, big_b**2) * gm[None] ** 2
    part_w = ein("smu,smn->sun", d1**2, big_a**2)
    if smooth:
        part_w = part_w + 2 * ein("smu,smn->sun", d1 * a * d2, big_a * big_b) * gm[None]
        part_w = part_w + ein("smu,smn->sun", (a * d2) ** 2, big_b**2) * gm[None] ** 2
    c11 = s * np.sqrt(part_a + part_w * norms2[None, :, None])
    # C_{0,3}[mu, nu, rho, sigma]
    k = x.shape[1]
    c03 = np.zeros((net.n_seeds, k, k, k, k))
    if smooth:
        q = ein("smu,smn,smr,smt->sunrt", d2, big_a, big_b, big_b, optimize=True)
        g_ = gm[None]
        c03 = (
            q * g_[:, :, None, :, None] * g_[:, :, None, None, :]
            + np.transpose(q, (0, 1, 3, 2, 4)) * g_[:, :, :, None, None] * g_[:, :, None, None, :]
            + np.transpose(q, (0, 1, 3, 4, 2)) * g_[:, :, :, None, None] * g_[:, :, None, :, None]
        )
        r = ein("smu,smn,smr,smt->sunrt", a * d3, big_b, big_b, big_b, optimize=True)
        c03 = c03 + r * g_[:, :, :, None, None] * g_[:, :, None, :, None] * g_[:, :, None, None, :]
        c03 = s * c03
    # spectral norm of the Hessian at each point: max over neurons of the 2x2 block norms
    b = s * d1 * np.sqrt(norms2)[None, None, :]
    c = s * a * d2 * norms2[None, None, :]
    hess = np.max(0.5 * (np.abs(c) + np.sqrt(c * c + 4 * b * b)), axis=1)
    return Correlations(ntk, c02, c11, c03, hess)


def finite_difference_correlations(net: TwoLayer, x, activation: str, step: float) -> Correlations:
    """The quantities of :func:`correlations` from central finite differences (an independent check).

    With the gradient directions ``g_nu`` (:meth:`~exactdln.wide_networks.TwoLayer.jacobian`)
    and ``f_mu(theta) = f(x_mu; theta)``:
    ``ntk[mu, nu] ~ (f_mu(theta + h g_nu) - f_mu(theta - h g_nu)) / 2h``;
    ``c02`` from the four-point mixed difference of ``f_mu`` along ``g_nu, g_rho``
    (divided by ``4 h^2``); ``c03`` from the eight-point one (``8 h^3``); ``c11``
    from the norm of ``(grad f_mu(theta + h g_nu) - grad f_mu(theta - h g_nu)) / 2h``;
    the Hessian norm from the spectral norm of the symmetrised Hessian whose
    column ``j`` is ``(grad f_mu(theta + h e_j) - grad f_mu(theta - h e_j)) / 2h``.
    Every error is ``O(h^2)`` plus rounding ``O(eps / h^k)`` for the ``k``-th
    derivative. ``h`` is relative to the gradients' scale: directions are
    ``g_nu`` as they are (of norm about one in NTK parameterisation). Small
    networks only (cost ``O(K^4)`` forward passes and ``n_params`` Jacobians).
    """
    h = positive_float("step", step)
    x = as_matrix("x", x)
    theta = net.flat()
    jac = net.jacobian(x, activation)  # (S, K, n)
    k = x.shape[1]

    def f_at(th):
        return net.unflat(th).outputs(x, activation)  # (S, K)

    def jac_at(th):
        return net.unflat(th).jacobian(x, activation)

    sgn = (1.0, -1.0)
    ntk = np.stack(
        [(f_at(theta + h * jac[:, n]) - f_at(theta - h * jac[:, n])) / (2 * h) for n in range(k)], -1
    )
    c02 = np.zeros((net.n_seeds, k, k, k))
    c03 = np.zeros((net.n_seeds, k, k, k, k))
    for n in range(k):
        for r in range(k):
            acc = sum(p * q * f_at(theta + h * (p * jac[:, n] + q * jac[:, r])) for p in sgn for q in sgn)
            c02[:, :, n, r] = acc / (4 * h * h)
            for t in range(k):
                acc = sum(
                    p * q * u * f_at(theta + h * (p * jac[:, n] + q * jac[:, r] + u * jac[:, t]))
                    for p in sgn
                    for q in sgn
                    for u in sgn
                )
                c03[:, :, n, r, t] = acc / (8 * h**3)
    c11 = np.stack(
        [
            np.linalg.norm((jac_at(theta + h * jac[:, n]) - jac_at(theta - h * jac[:, n])) / (2 * h), axis=-1)
            for n in range(k)
        ],
        -1,
    )
    n_params = theta.shape[1]
    cols = []
    for j in range(n_params):
        e = np.zeros_like(theta)
        e[:, j] = h
        cols.append((jac_at(theta + e) - jac_at(theta - e)) / (2 * h))
    hess = np.stack(cols, axis=-1)  # (S, K, n, n)
    hess = 0.5 * (hess + np.swapaxes(hess, -1, -2))
    hess_norm = np.max(np.abs(np.linalg.eigvalsh(hess)), axis=-1)
    return Correlations(ntk, c02, c11, c03, hess_norm)
