"""Random-matrix tools for deep networks at initialisation (Saxe, McClelland & Ganguli 2014, Sections 3–4).

- Products of independent random matrices, the end-to-end map ``W_k ... W_1`` of a deep
  linear network at initialisation: :func:`random_product` and :func:`product_spectrum`
  (singular values, to high relative accuracy by :func:`product_log_singular_values`, and
  eigenvalues), with the known large-``n`` limits for Gaussian factors
  of variance ``1/n``: the squared singular values follow the Fuss–Catalan law of order
  ``k`` (:func:`fuss_catalan_moment`, :func:`fuss_catalan_density`; mean ``1``, mean of
  ``sigma^4`` equal to ``k + 1``), the eigenvalues fill the unit disk with
  ``P(|lambda| <= r) = r^{2/k}`` (:func:`product_eigenvalue_radial_cdf`), and
  :func:`gaussian_product_sigma4` gives the exact finite-``n`` mean of ``sigma^4``. Products of
  orthogonal factors are orthogonal: every singular value is 1.
- Deep tanh networks ``x^{l+1} = g W_l tanh(x^l)`` (their eq. 20): the mean-field variance
  map ``q_{l+1} = g^2 E_z[tanh(sqrt(q_l) z)^2]`` (:func:`tanh_variance_map`, their eq. 48), its
  stable fixed point ``q_inf(g)`` (:func:`tanh_fixed_point`, eq. 49), the forward pass
  (:func:`tanh_forward`) and the end-to-end input–output Jacobian (:func:`tanh_jacobian`,
  eq. 22; its factors :func:`tanh_jacobian_factors`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import comb

import numpy as np

from ._checks import SeedLike, as_matrix, positive_float, positive_int, rng_from
from .initialisations import random_orthogonal

KINDS = ("gaussian", "orthogonal")


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    return kind


def random_factor(n: int, kind: str, seed: SeedLike) -> np.ndarray:
    """One ``n x n`` factor: Gaussian entries of variance ``1/n``, or a Haar orthogonal matrix."""
    n = positive_int("n", n)
    rng = rng_from(seed)
    if _kind(kind) == "gaussian":
        return rng.standard_normal((n, n)) / np.sqrt(n)
    return random_orthogonal(n, rng)


def random_product(n: int, depth: int, kind: str, seed: SeedLike) -> np.ndarray:
    """``W_depth ... W_1`` of ``depth`` independent :func:`random_factor` matrices, ``(n, n)``."""
    depth = positive_int("depth", depth)
    rng = rng_from(seed)
    out = random_factor(n, kind, rng)
    for _ in range(depth - 1):
        out = random_factor(n, kind, rng) @ out
    return out


def product_log_singular_values(factors: Sequence) -> np.ndarray:
    """Natural logarithms of the singular values of ``F_k ... F_1`` (``factors = [F_1, ..., F_k]``,
    square ``(n, n)``), descending, to high relative accuracy however widely they spread.

    Multiplying the factors out in floating point keeps only the singular values above about
    ``1e-16`` times the largest (the rest is rounding noise). Instead the product is kept as
    ``Q diag(d) T`` (the stabilised product of quantum Monte Carlo): ``Q`` orthogonal, ``d``
    positive (as logarithms, so it neither overflows nor underflows), ``T`` well conditioned
    (unit diagonal); each factor ``F`` updates it by a QR decomposition with column pivoting of
    ``F Q diag(d)``, whose diagonal gives the new ``d`` (the sum of the logarithms of ``|R_ii|``
    over the factors, the finite-time Lyapunov exponents). The singular values of the product
    are those of ``T^T diag(d)``, a column-scaled well-conditioned matrix, which the one-sided
    Jacobi SVD of LAPACK's ``dgejsv`` computes to high relative accuracy (Demmel & Veselic
    1992; Drmac & Veselic 2008). The logarithms of ``|R_ii|`` alone are off by factors of order
    one; this last step makes them exact.

    The spread of ``d`` within one call must stay inside double precision's range (about 600
    decades); a ``ValueError`` says when it does not.
    """
    import scipy.linalg as sla
    from scipy.linalg.lapack import dgejsv

    mats = [as_matrix(f"factors[{i}]", f) for i, f in enumerate(factors)]
    if not mats:
        raise ValueError("factors must hold at least one matrix")
    n = mats[0].shape[0]
    for i, f in enumerate(mats):
        if f.shape != (n, n) or not np.all(np.isfinite(f)):
            raise ValueError(f"factors[{i}] must be a finite ({n}, {n}) matrix, got shape {f.shape}")
    q, log_d, t = np.eye(n), np.zeros(n), np.eye(n)
    for f in mats:
        top = log_d.max()
        q, r, piv = sla.qr((f @ q) * np.exp(log_d - top)[None, :], pivoting=True)
        diag = np.abs(np.diag(r))
        if np.any(diag == 0):
            raise ValueError("the product is singular (a factor of rank below n)")
        t = (r / diag[:, None]) @ t[piv, :]
        log_d = np.log(diag) + top
    top = log_d.max()
    scale = np.exp(log_d - top)
    if scale.min() < 1e-290:
        raise ValueError(
            f"the singular values spread over {(top - log_d.min()) / np.log(10):.0f} decades, beyond "
            "double precision's range: split the product"
        )
    sva, _, _, work, _, info = dgejsv(t.T * scale[None, :], joba=0, jobu=3, jobv=3, jobr=0, jobp=0)
    if info != 0:
        raise RuntimeError(f"LAPACK dgejsv failed (info = {info})")
    return np.sort(np.log(sva) + np.log(work[0] / work[1]) + top)[::-1]


@dataclass(frozen=True)
class ProductSpectrum:
    """Spectra of ``n_samples`` independent products: ``log10_singular_values`` ``(n_samples, n)``
    (descending, to high relative accuracy: :func:`product_log_singular_values`),
    ``singular_values`` (their powers of ten; those below double precision's range are 0) and
    ``eigenvalues`` ``(n_samples, n)`` (complex, of the product multiplied out: those far below
    the largest in modulus are rounding noise)."""

    log10_singular_values: np.ndarray
    eigenvalues: np.ndarray

    @property
    def singular_values(self) -> np.ndarray:
        return 10.0**self.log10_singular_values


def product_spectrum(n: int, depth: int, kind: str, n_samples: int, seed: SeedLike) -> ProductSpectrum:
    """Singular values and eigenvalues of ``n_samples`` products of ``depth`` random ``n x n`` factors.

    Gaussian factors have entries of variance ``1/n`` (the scaled initialisation of Glorot &
    Bengio 2010, which preserves the norm of a typical vector on average); orthogonal factors
    are Haar distributed. The singular values come from the factors
    (:func:`product_log_singular_values`), resolved even where they lie far below double
    precision relative to the largest, as most of those of deep Gaussian products do (Saxe et
    al.'s "vanishingly small" singular values); the eigenvalues from the product multiplied out.
    """
    n_samples = positive_int("n_samples", n_samples)
    depth = positive_int("depth", depth)
    n = positive_int("n", n)
    rng = rng_from(seed)
    sv, ev = [], []
    for _ in range(n_samples):
        factors = [random_factor(n, kind, rng) for _ in range(depth)]
        sv.append(product_log_singular_values(factors) / np.log(10.0))
        a = factors[0]
        for f in factors[1:]:
            a = f @ a
        ev.append(np.linalg.eigvals(a))
    return ProductSpectrum(np.asarray(sv), np.asarray(ev))


def fuss_catalan_moment(k: int, j: int) -> float:
    """``j``-th moment of the Fuss–Catalan law of order ``k``: ``binom((k+1) j, j) / (k j + 1)``.

    This is the ``n -> inf`` limit of the mean of ``sigma^{2j}`` over the singular values of a
    product of ``k`` independent ``n x n`` Gaussian matrices with entries of variance ``1/n``
    (Alexeev, Götze & Tikhomirov 2010): ``1`` for ``j = 1`` and ``k + 1`` for ``j = 2``.
    ``k = 1`` gives the Catalan numbers (Marchenko–Pastur law).
    """
    k = positive_int("k", k)
    if isinstance(j, bool) or int(j) != j or j < 0:
        raise ValueError(f"j must be an integer >= 0, got {j!r}")
    j = int(j)
    return comb((k + 1) * j, j) / (k * j + 1)


def fuss_catalan_density(k: int, n_points: int = 400) -> tuple[np.ndarray, np.ndarray]:
    """Density of the Fuss–Catalan law of order ``k`` (squared singular values ``x = sigma^2``).

    The law lives on ``(0, (k+1)^{k+1} / k^k]``; with ``0 < phi < pi / (k + 1)``,

    ``x(phi) = sin((k+1) phi)^{k+1} / (sin(phi) sin(k phi)^k)``,
    ``rho(x(phi)) = sin(phi)^2 sin(k phi)^{k-1} / (pi sin((k+1) phi)^k)``

    (Haagerup & Möller 2013; Neuschel 2014). Returns ``(x, rho)`` on ``n_points`` values of
    ``phi``, ``x`` increasing. The density of ``sigma`` itself is ``2 sigma rho(sigma^2)``.
    """
    k = positive_int("k", k)
    n_points = positive_int("n_points", n_points)
    phi = np.linspace(0.0, np.pi / (k + 1), n_points + 2)[1:-1][::-1]  # x increases as phi decreases
    x = np.sin((k + 1) * phi) ** (k + 1) / (np.sin(phi) * np.sin(k * phi) ** k)
    rho = np.sin(phi) ** 2 * np.sin(k * phi) ** (k - 1) / (np.pi * np.sin((k + 1) * phi) ** k)
    return x, rho


def fuss_catalan_log10_density(k: int, n_points: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    """The Fuss–Catalan law of order ``k`` (:func:`fuss_catalan_density`) as the density of
    ``log10 sigma`` (``sigma^2`` the squared singular value): ``(log10 sigma, density)``, ``log10
    sigma`` increasing, computed in logarithms so that it reaches the far tail of small
    singular values (for ``k = 99`` down to ``sigma ~ 1e-100`` and beyond).

    With ``x = sigma^2``, the density of ``l = log10 sigma`` is ``rho(x) dx/dl = 2 ln(10) x
    rho(x)``. The parameter ``phi`` of :func:`fuss_catalan_density` is spaced in
    ``log(pi / (k + 1) - phi)`` near its end, where ``x -> 0``.
    """
    k = positive_int("k", k)
    n_points = positive_int("n_points", n_points)
    end = np.pi / (k + 1)
    # half the points uniform in phi, half geometric towards phi = pi / (k + 1) (x -> 0)
    uniform = np.linspace(0.0, end, n_points // 2 + 2)[1:-1]
    tail = end - end * np.geomspace(1e-30, 0.5, n_points - n_points // 2)
    phi = np.unique(np.concatenate([uniform, tail]))
    phi = phi[(phi > 0) & (phi < end)]
    s1, sk, sk1 = np.sin(phi), np.sin(k * phi), np.sin((k + 1) * phi)
    log_x = (k + 1) * np.log(sk1) - np.log(s1) - k * np.log(sk)
    log_rho = 2 * np.log(s1) + (k - 1) * np.log(sk) - np.log(np.pi) - k * np.log(sk1)
    ell = 0.5 * log_x / np.log(10.0)
    density = 2.0 * np.log(10.0) * np.exp(log_rho + log_x)
    order = np.argsort(ell)
    return ell[order], density[order]


def gaussian_product_sigma4(k: int, n: int) -> float:
    """Exact expected mean of ``sigma^4`` over the singular values of a product of ``k`` real
    ``n x n`` Gaussian matrices with entries of variance ``1/n``: ``E tr[(A A^T)^2] / n``.

    With ``p_j = E[(tr A_j A_j^T / n)^2]`` and ``q_j = E[tr((A_j A_j^T)^2) / n]`` after ``j``
    factors (``p_0 = q_0 = 1``), Wick's theorem for one more factor gives
    ``p_{j+1} = p_j + 2 q_j / n^2`` and ``q_{j+1} = p_j + (1 + 1/n) q_j``; as ``n -> inf``,
    ``q_k -> k + 1`` (:func:`fuss_catalan_moment`). The finite-``n`` excess grows with ``k``
    (about ``k^2 / (2n)`` relative to ``k + 1``).
    """
    k = positive_int("k", k)
    n = positive_int("n", n)
    p, q = 1.0, 1.0
    for _ in range(k):
        p, q = p + 2.0 * q / n**2, p + (1.0 + 1.0 / n) * q
    return q


def product_eigenvalue_radial_cdf(r, k: int) -> np.ndarray:
    """``P(|lambda| <= r) = min(r, 1)^{2/k}``: the ``n -> inf`` eigenvalue law of a product of ``k``
    Gaussian matrices (variance ``1/n``), uniform in angle with density
    ``|z|^{2/k - 2} / (k pi)`` on the unit disk (Burda, Janik & Waclaw 2010)."""
    k = positive_int("k", k)
    r = np.asarray(r, dtype=float)
    if np.any(r < 0) or not np.all(np.isfinite(r)):
        raise ValueError("r must be finite and >= 0")
    return np.minimum(r, 1.0) ** (2.0 / k)


# ---------------------------------------------------------------------------- deep tanh networks
def _gauss_expectation(f, q: float) -> float:
    """``E_z[f(sqrt(q) z)]`` for a standard normal ``z`` and an even ``f`` (adaptive quadrature)."""
    from scipy.integrate import quad

    root = np.sqrt(q)

    def integrand(z):
        return f(root * z) * np.exp(-0.5 * z * z)

    # split at the scale where f changes (|x| ~ 1) so that quad sees both regimes
    edge = min(1.0 / max(root, 1e-300), 40.0)
    value = quad(integrand, 0.0, edge, epsabs=1e-15, epsrel=1e-13, limit=200)[0]
    value += quad(integrand, edge, np.inf, epsabs=1e-15, epsrel=1e-13, limit=200)[0]
    return 2.0 * value / np.sqrt(2.0 * np.pi)


def tanh_variance_map(q, g: float = 1.0) -> np.ndarray:
    """Mean-field variance map of a deep tanh network, ``q_{l+1} = g^2 E_z[tanh(sqrt(q_l) z)^2]``.

    Saxe et al. (2014), eq. 48: the population variance of layer ``l + 1`` of
    ``x^{l+1} = g W tanh(x^l)`` with orthogonal ``W``, when the ``N`` activities of layer ``l``
    are distributed like a centred Gaussian of variance ``q_l`` (exact as ``N -> inf``).
    ``q >= 0`` may be an array; computed by adaptive quadrature to ~1e-13.
    """
    g = positive_float("g", g)
    q = np.asarray(q, dtype=float)
    if np.any(q < 0) or not np.all(np.isfinite(q)):
        raise ValueError("q must be finite and >= 0")
    flat = [0.0 if v == 0 else _gauss_expectation(lambda x: np.tanh(x) ** 2, v) for v in q.ravel()]
    return g * g * np.asarray(flat).reshape(q.shape)


def tanh_fixed_point(g: float) -> float:
    """Stable fixed point ``q_inf(g)`` of :func:`tanh_variance_map` (Saxe et al. 2014, eq. 49).

    ``0`` for ``g <= 1`` (activity dies out below the edge of chaos ``g_c = 1``); for
    ``g > 1`` the unique ``q > 0`` with ``q = g^2 E_z[tanh(sqrt(q) z)^2]`` (there
    ``0 < q < g^2``), found by Brent's method to ``1e-13`` relative.
    """
    from scipy.optimize import brentq

    g = positive_float("g", g)
    if g <= 1.0:
        return 0.0

    def excess(q):
        return float(tanh_variance_map(q, g)) - q

    # near 0 the map is g^2 (q - 2 q^2 + ...): positive excess below (g^2 - 1) / (2 g^2)
    lo = 0.25 * (g * g - 1.0) / (g * g)
    while excess(lo) <= 0:
        lo *= 0.5
    return brentq(excess, lo, g * g, xtol=1e-300, rtol=1e-13, maxiter=200)


def _layers(x1, weights) -> tuple[np.ndarray, list[np.ndarray]]:
    x1 = np.asarray(x1, dtype=float)
    if x1.ndim != 1 or not np.all(np.isfinite(x1)):
        raise ValueError(f"x1 must be a finite 1-D array of activities, got shape {x1.shape}")
    ws = [as_matrix(f"weights[{i}]", w) for i, w in enumerate(weights)]
    if not ws:
        raise ValueError("weights must hold at least one matrix")
    n = x1.size
    for i, w in enumerate(ws):
        if w.shape != (n, n):
            raise ValueError(f"weights[{i}] has shape {w.shape}; every layer must be ({n}, {n})")
    return x1, ws


def tanh_forward(x1, weights: Sequence, g: float) -> np.ndarray:
    """Activities of ``x^{l+1} = g W_l tanh(x^l)`` (Saxe et al. 2014, eq. 20), ``(L + 1, N)``.

    Row 0 is the input ``x1`` (``(N,)``), row ``l`` the activities after ``l`` layers;
    ``weights`` are ``L`` matrices ``(N, N)``. The population variance of layer ``l`` is
    ``np.mean(x[l] ** 2)`` (their eq. 21).
    """
    x1, ws = _layers(x1, weights)
    g = positive_float("g", g)
    out = [x1]
    for w in ws:
        out.append(g * (w @ np.tanh(out[-1])))
    return np.asarray(out)


def tanh_jacobian_factors(x1, weights: Sequence, g: float) -> list[np.ndarray]:
    """The factors ``g W_l diag(1 - tanh(x^l)^2)``, ``l = 1..L``, of the end-to-end Jacobian of
    :func:`tanh_forward` along the forward pass from ``x1``, first layer first: their product
    (last factor on the left) is :func:`tanh_jacobian`, and
    :func:`product_log_singular_values` of them gives its singular values to high relative
    accuracy."""
    x1, ws = _layers(x1, weights)
    g = positive_float("g", g)
    x, out = x1, []
    for w in ws:
        t = np.tanh(x)
        out.append((g * w) * (1.0 - t * t)[None, :])
        x = g * (w @ t)
    return out


def tanh_jacobian(x1, weights: Sequence, g: float) -> np.ndarray:
    """End-to-end Jacobian ``d x^{L+1} / d x^1`` of :func:`tanh_forward`, ``(N, N)`` (eq. 22).

    ``J = prod_{l = L..1} g W_l diag(1 - tanh(x^l)^2)``, evaluated along the forward pass
    from ``x1``. Its singular values measure how faithfully perturbations (and, transposed,
    back-propagated errors) travel through the network.
    """
    x1, ws = _layers(x1, weights)
    g = positive_float("g", g)
    x = x1
    jac = np.eye(x1.size)
    for w in ws:
        t = np.tanh(x)
        jac = (g * w) @ ((1.0 - t * t)[:, None] * jac)
        x = g * (w @ t)
    return jac
