"""The dynamical mean field theory (DMFT) of Bordelon & Pehlevan (2022), solved with particles.

At infinite width a network trained with one of the rules of :mod:`exactdln.learning_rules`
is described by single-unit stochastic processes (one per hidden layer) coupled through
kernels (docs/mathematics.md §9.9). The solvers here sample those processes with ``M``
particles and march them in the *same discrete time* as the networks (full-batch Euler
steps of size ``dt``, :func:`exactdln.learning_rules.train` with ``method="euler"``), so that
networks of growing width approach them with squared error ``~ 1/N`` and no
time-discretisation mismatch enters the comparison:

- :func:`two_layer_dmft`: two-layer networks (``L = 1``), any activation and rule (GD,
  rho-FA, DFA, Hebb, GLN), as independent particles in ``h``-space;
- :func:`exactdln.dmft_deep.deep_dmft`: ``L`` hidden layers under GD, rho-FA, DFA or Hebb,
  marched causally in time with Gaussian sources drawn conditionally on their past and
  the response functions estimated by Stein's lemma;
- :func:`solve`: either, by depth.

The ``M`` particles are split into ``n_batches`` independent batches; every recorded
quantity is kept per batch (:class:`DMFTTrajectory`), and its Monte Carlo error is the
standard error of the batch mean (:meth:`DMFTTrajectory.mean`, :meth:`DMFTTrajectory.error`).
Conventions are those of :mod:`exactdln.learning_rules`: items ``x (D, P)``, targets
``y (P,)``, ``t = dt * step``, loss ``1/2 sum_mu Delta_mu^2``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import activations
from ._checks import as_matrix, positive_float, positive_int
from .rule_networks import RULES, check_rho
from .schedules import record_steps

#: The per-batch arrays of :class:`DMFTTrajectory` that :meth:`DMFTTrajectory.mean` averages.
FIELDS = ("outputs", "phi", "g", "g_tilde", "g_pseudo", "ntk")


@dataclass(frozen=True)
class DMFTTrajectory:
    """A DMFT solution recorded at ``T`` steps, from ``B = n_batches`` independent particle batches.

    ``times (T,)`` and ``steps (T,)`` (``t = dt * step``); ``y (P,)``; per batch:
    ``outputs (T, B, P)``; ``phi (T, B, L + 1, P, P)`` (``Phi_0 = K_x, ..., Phi_L``);
    ``g (T, B, L, P, P)`` (true-gradient kernels ``G_l``); ``g_tilde (T, B, L, P, P)``
    (``G~_l[mu, nu] = E[g_l,mu g~_l,nu]``); ``g_pseudo (T, B, L, P, P)`` (the pseudo-gradients'
    kernels ``E[g~_l,mu g~_l,nu]``); ``ntk (T, B, P, P)`` (the eNTK
    ``K = Phi_L + sum_{l<L} G~_{l+1} * Phi_l``). ``preactivation_steps (S,)`` and
    ``preactivations (S, L, B, m, P)``: the samples of ``h_1 .. h_L`` at those steps
    (``m = n_particles / n_batches`` per batch). ``n_particles`` is the total ``M``.
    ``info`` holds solver diagnostics (e.g. the number of Gaussian-source directions).
    """

    rule: str
    activation: str
    gamma0: float
    rho: float | None
    depth: int
    n_particles: int
    times: np.ndarray
    steps: np.ndarray
    y: np.ndarray
    outputs: np.ndarray
    phi: np.ndarray
    g: np.ndarray
    g_tilde: np.ndarray
    g_pseudo: np.ndarray
    ntk: np.ndarray
    preactivation_steps: np.ndarray
    preactivations: np.ndarray
    info: dict

    @property
    def n_batches(self) -> int:
        return self.outputs.shape[1]

    def _field(self, name: str) -> np.ndarray:
        if name == "loss":
            return self.batch_loss()
        if name not in FIELDS:
            raise ValueError(f"name must be 'loss' or one of {FIELDS}, got {name!r}")
        return getattr(self, name)

    def mean(self, name: str) -> np.ndarray:
        """The estimate of a field (``"loss"`` or one of :data:`FIELDS`): its mean over the batches.

        The loss is ``1/2 |y - f|^2`` of the batch-mean output ``f`` (not the mean of the
        batch losses, which is biased upwards by the batch variance of ``f``).
        """
        if name == "loss":
            return 0.5 * np.sum((self.y - self.outputs.mean(axis=1)) ** 2, axis=-1)
        return self._field(name).mean(axis=1)

    def error(self, name: str) -> np.ndarray:
        """Monte Carlo standard error of :meth:`mean`: the batch standard deviation over ``sqrt(B)``.

        Needs ``n_batches >= 2`` (``nan`` otherwise).
        """
        values = self._field(name)
        b = values.shape[1]
        if b < 2:
            return np.full(values.shape[:1] + values.shape[2:], np.nan)
        return values.std(axis=1, ddof=1) / np.sqrt(b)

    def batch_loss(self) -> np.ndarray:
        """``1/2 sum_mu Delta_mu^2`` of each batch, ``(T, B)``."""
        return 0.5 * np.sum((self.y - self.outputs) ** 2, axis=-1)

    def density(self, layer: int, step: int, bins) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Histogram density of the preactivations ``h_layer`` (all items pooled) at a kept step.

        ``layer`` is 1-based; ``step`` one of ``preactivation_steps``; ``bins`` as in
        :func:`numpy.histogram` (edges recommended, for comparisons). Returns ``(edges,
        density, error)``: the mean over batches of each batch's density and its standard error.
        """
        if not 1 <= int(layer) <= self.depth:
            raise ValueError(f"layer must be in 1..{self.depth}, got {layer!r}")
        where = np.flatnonzero(self.preactivation_steps == int(step))
        if where.size == 0:
            raise ValueError(f"step {step!r} was not kept; kept steps: {self.preactivation_steps.tolist()}")
        samples = self.preactivations[where[0], int(layer) - 1]  # (B, m, P)
        edges = np.histogram_bin_edges(samples, bins=bins)
        dens = np.stack([np.histogram(s.ravel(), bins=edges, density=True)[0] for s in samples])
        err = dens.std(axis=0, ddof=1) / np.sqrt(dens.shape[0]) if dens.shape[0] > 1 else np.nan * dens[0]
        return edges, dens.mean(axis=0), err


# ---------------------------------------------------------------------------- checks shared by the solvers


@dataclass(frozen=True)
class Problem:
    """Checked arguments of a solve (internal)."""

    rule: str
    activation: str
    gamma0: float
    rho: float | None
    depth: int
    x: np.ndarray
    y: np.ndarray
    kx: np.ndarray
    dt: float
    n_steps: int
    steps: np.ndarray
    keep: np.ndarray
    n_batches: int
    per_batch: int
    seed: int


def check_problem(
    rule,
    x,
    y,
    *,
    depth,
    activation,
    gamma0,
    rho,
    dt,
    n_steps,
    record,
    preactivation_steps,
    n_particles,
    n_batches,
    seed,
    multiple: int = 1,
) -> Problem:
    """Validate a solver's arguments; ``ValueError`` naming the problem.

    ``n_particles`` must be a multiple of ``multiple * n_batches`` (every batch the same
    size, and even for antithetic pairs when ``multiple = 2``).
    """
    if rule not in RULES:
        raise ValueError(f"rule must be one of {RULES}, got {rule!r}")
    activation = activations.check(activation)
    rho = check_rho(rule, rho)
    x = as_matrix("x", x)
    y = np.asarray(y, dtype=float)
    if y.ndim != 1 or y.shape[0] != x.shape[1] or not np.all(np.isfinite(y)):
        raise ValueError(
            f"y must be a finite array of shape ({x.shape[1]},) (one target per column of x), got {y.shape}"
        )
    gamma0 = positive_float("gamma0", gamma0)
    dt = positive_float("dt", dt)
    n_steps = 0 if n_steps == 0 else positive_int("n_steps", n_steps)
    steps = record_steps(record, n_steps)
    keep = np.unique(np.asarray(preactivation_steps, dtype=int))
    if keep.size and (keep[0] < 0 or keep[-1] > n_steps):
        raise ValueError(
            f"preactivation_steps must lie in [0, n_steps={n_steps}], got {preactivation_steps!r}"
        )
    n_particles = positive_int("n_particles", n_particles)
    n_batches = positive_int("n_batches", n_batches)
    if n_particles % (multiple * n_batches):
        raise ValueError(
            f"n_particles ({n_particles}) must be a multiple of {multiple} x n_batches ({n_batches})"
            + (" (antithetic pairs)" if multiple == 2 else "")
        )
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    return Problem(
        rule=rule,
        activation=activation,
        gamma0=gamma0,
        rho=rho,
        depth=positive_int("depth", depth),
        x=x,
        y=y,
        kx=x.T @ x / x.shape[0],
        dt=dt,
        n_steps=n_steps,
        steps=steps,
        keep=keep,
        n_batches=n_batches,
        per_batch=n_particles // n_batches,
        seed=int(seed),
    )


def psd_factor(c: np.ndarray, cutoff: float = 1e-12) -> np.ndarray:
    """``A (r, P)`` with ``A^T A = c`` for a symmetric PSD ``c`` (eigenvalues below ``cutoff * max``
    dropped)."""
    vals, vecs = np.linalg.eigh(0.5 * (c + c.T))
    top = max(float(vals[-1]), 0.0)
    use = vals > cutoff * top if top > 0 else np.zeros_like(vals, dtype=bool)
    return np.sqrt(vals[use])[:, None] * vecs[:, use].T


def orthonormal_normals(rng: np.random.Generator, m: int, k: int, centre: bool) -> np.ndarray:
    """``k`` standard normal columns of length ``m``, orthonormalised to ``Z^T Z = m I`` (moment matching).

    With ``centre=True`` the columns are also orthogonal to the constant vector (zero sample mean).
    """
    need = k + (1 if centre else 0)
    if need > m:
        raise ValueError(f"too few particles per batch ({m}) for {k} independent Gaussian directions")
    z = rng.standard_normal((m, k))
    if centre:
        z -= z.mean(axis=0)
    q, r = np.linalg.qr(z)
    return np.sqrt(m) * q * np.sign(np.diag(r))


def assemble(problem: Problem, records: list[dict], kept: list[np.ndarray], info: dict) -> DMFTTrajectory:
    """Stack per-batch records (``records[b]`` holds ``(T, ...)`` arrays) into a :class:`DMFTTrajectory`."""
    stack = {name: np.stack([r[name] for r in records], axis=1) for name in FIELDS}
    pre = np.stack(kept, axis=2) if kept else np.empty((0, problem.depth, 0, 0, problem.y.size))
    return DMFTTrajectory(
        rule=problem.rule,
        activation=problem.activation,
        gamma0=problem.gamma0,
        rho=problem.rho,
        depth=problem.depth,
        n_particles=problem.per_batch * problem.n_batches,
        times=problem.dt * problem.steps,
        steps=problem.steps,
        y=problem.y,
        preactivation_steps=problem.keep,
        preactivations=pre,
        info=info,
        **stack,
    )


# ---------------------------------------------------------------------------- two-layer networks


def _two_layer_start(problem: Problem, rng: np.random.Generator, moment_matching: bool) -> dict:
    """Particles of one batch at step 0: ``h (m, P)``, readout ``w (m,)``, the rule's frozen arrays.

    The second half of the particles mirrors the first (antithetic pairs): the same ``h``
    (and gates), opposite readout and readout feedback, so that ``f(0) = 0`` exactly.
    With ``moment_matching`` the Gaussian directions of the first half are orthonormalised
    (their sample second moments are exact).
    """
    half = problem.per_batch // 2
    factor = psd_factor(problem.kx)  # (r, P): h = z factor, z ~ N(0, I_r)
    r = factor.shape[0]
    n_dirs = r + 2 + (r if problem.rule == "gln" else 0)
    if moment_matching:
        z = orthonormal_normals(rng, half, n_dirs, centre=False)
    else:
        z = rng.standard_normal((half, n_dirs))
    h = z[:, :r] @ factor
    w = z[:, r]
    start = {"h": np.concatenate([h, h]), "w": np.concatenate([w, -w])}
    if problem.rule in ("fa", "dfa"):
        rho = problem.rho if problem.rule == "fa" else 0.0
        fb = rho * w + np.sqrt(1.0 - rho * rho) * z[:, r + 1]
        start["feedback"] = np.concatenate([fb, -fb])
    if problem.rule == "gln":
        gates = z[:, r + 2 : 2 * r + 2] @ factor
        start["gate"] = activations.derivative(problem.activation, np.concatenate([gates, gates]))
    return start


def _two_layer_batch(problem: Problem, rng: np.random.Generator, moment_matching: bool):
    """March one batch of two-layer particles; returns the records and the kept preactivations."""
    act, g0, dt, kx, y = problem.activation, problem.gamma0, problem.dt, problem.kx, problem.y
    state = _two_layer_start(problem, rng, moment_matching)
    h, w = state["h"], state["w"]
    m = h.shape[0]
    out = {name: [] for name in FIELDS}
    kept, every = [], []
    for step in range(problem.n_steps + 1):
        if problem.rule == "gln":
            d = state["gate"]
            a = d * h
        else:
            a = activations.apply(act, h)
            d = activations.derivative_from_output(act, a)
        f = w @ a / (g0 * m)
        every.append(f)
        delta = y - f
        g = d * w[:, None]  # true gradient g = gamma0 N df/dh
        if problem.rule in ("gd", "gln"):
            gt = g
        elif problem.rule == "hebb":
            gt = a * delta
        else:
            gt = d * state["feedback"][:, None]
        if step in problem.steps:
            phi1 = a.T @ a / m
            gtilde = g.T @ gt / m
            out["outputs"].append(f)
            out["phi"].append(np.stack([kx, phi1]))
            out["g"].append((g.T @ g / m)[None])
            out["g_tilde"].append(gtilde[None])
            out["g_pseudo"].append((gt.T @ gt / m)[None])
            out["ntk"].append(phi1 + gtilde * kx)
        if step in problem.keep:
            kept.append(h[None].copy())
        if step == problem.n_steps:
            break
        if not np.all(np.isfinite(f)):
            raise FloatingPointError(f"the outputs overflowed at step {step} (t = {step * dt:g}): lower dt")
        h = h + (dt * g0) * (gt * delta) @ kx
        w = w + (dt * g0) * (a @ delta)
    return {name: np.stack(v) for name, v in out.items()}, kept, np.stack(every)


def two_layer_dmft(
    rule: str,
    x,
    y,
    *,
    gamma0: float,
    dt: float,
    n_steps: int,
    n_particles: int,
    seed: int,
    activation: str = "linear",
    rho: float | None = None,
    n_batches: int = 8,
    record=None,
    preactivation_steps=(),
    moment_matching: bool = True,
) -> DMFTTrajectory:
    """Infinite-width two-layer network (``L = 1``) trained by ``rule``, with ``M = n_particles`` particles.

    Each hidden unit is a particle ``(h in R^P, w, frozen variables)`` that, given the
    error ``Delta(k) = y - f(k)``, evolves on its own by the network's Euler step of size ``dt``:

        h(k+1) = h(k) + dt gamma0 K_x (Delta(k) * g~(k)),   w(k+1) = w(k) + dt gamma0 a(k) . Delta(k),
        f(k) = E[w(k) a(k)] / gamma0,

    ``a = phi(h)`` (GLN: ``phi'(m) h`` with frozen gates ``m ~ N(0, K_x)``), ``g~`` the
    rule's pseudo-gradient (GD, GLN: ``phi'(h) w``; rho-FA and DFA: ``phi'(h) z~`` with
    ``z~ = rho w(0) + sqrt(1 - rho^2) zeta``, ``rho = 0`` for DFA; Hebb: ``Delta * a``;
    GLN uses the gates' ``phi'(m)``), from ``h(0) ~ N(0, K_x)``, ``w(0), zeta ~ N(0, 1)``.
    The first layer acts only through ``W x``, so working in ``h``-space is exact and a
    step costs ``O(M P^2)``. Particles come in antithetic pairs (``w, z~ -> -w, -z~``), so
    ``f(0) = 0`` exactly; ``moment_matching`` makes the sample second moments of the
    starting Gaussians exact (then linear networks are solved exactly at any ``M``).

    ``record`` lists the recorded steps (default every step); ``preactivation_steps`` the
    steps at which the particles' ``h`` are kept; ``info["all_outputs"] (n_steps + 1, B, P)``
    holds the per-batch outputs at every step, whatever ``record``. ``n_particles`` must be a multiple of
    ``2 n_batches``. Raises ``ValueError`` for bad input and ``FloatingPointError`` if the
    outputs overflow.
    """
    problem = check_problem(
        rule,
        x,
        y,
        depth=1,
        activation=activation,
        gamma0=gamma0,
        rho=rho,
        dt=dt,
        n_steps=n_steps,
        record=record,
        preactivation_steps=preactivation_steps,
        n_particles=n_particles,
        n_batches=n_batches,
        seed=seed,
        multiple=2,
    )
    streams = np.random.SeedSequence(problem.seed).spawn(problem.n_batches)
    records, kept, every = [], [], []
    for stream in streams:
        rec, keep, outputs = _two_layer_batch(problem, np.random.default_rng(stream), moment_matching)
        records.append(rec)
        every.append(outputs)
        kept.append(np.stack(keep) if keep else None)
    pre = [k for k in kept if k is not None]
    info = {"solver": "two-layer particles", "all_outputs": np.stack(every, axis=1)}
    return assemble(problem, records, pre, info)


def solve(rule: str, x, y, *, depth: int, **kwargs) -> DMFTTrajectory:
    """The DMFT solver for ``depth`` hidden layers: :func:`two_layer_dmft` for ``depth = 1`` (any
    rule; ``cutoff`` and ``progress`` are ignored), :func:`exactdln.dmft_deep.deep_dmft` otherwise.
    Keyword arguments are passed on."""
    if depth == 1:
        kwargs.pop("cutoff", None)
        kwargs.pop("progress", None)
        return two_layer_dmft(rule, x, y, **kwargs)
    from .dmft_deep import deep_dmft

    return deep_dmft(rule, x, y, depth=depth, **kwargs)
