"""The DMFT of deep networks (``L`` hidden layers) under GD, rho-FA, DFA and Hebb, marched in time.

One batch of ``m`` particles per hidden layer (one particle = one hidden unit) is marched
through the network's discrete time (full-batch Euler steps of size ``dt``), layer by layer
and step by step, with no iteration: every memory sum runs over earlier steps, so one pass
forward in time solves the equations (docs/mathematics.md §9.9). At step ``k``:

1. forward, ``l = 1 .. L``: the source ``u_l(k)`` (covariance ``Phi_{l-1}``, drawn
   conditionally on its past by a :class:`~exactdln.dmft_sources.Coupling`), the response
   term (GD: ``A``; rho-FA: ``C``) and the memory of the weight updates give ``h_l(k)``;
2. the output ``f(k)`` and the error ``Delta(k)``;
3. backward, ``l = L .. 1``: the rule's pseudo-gradients ``g~_l(k)`` (GD: the true
   gradients, with the backward source ``r_l`` and the response ``B``; rho-FA: the fixed
   feedback's source and ``rho`` times its response; DFA: ``phi'(h_l) z~_l``; Hebb:
   ``Delta phi(h_l)``);
4. the true gradients ``g_l(k)`` (for the kernels ``G_l``, ``G~_l`` and the eNTK; for
   GD they are step 3), which never feed back into the dynamics of the other rules.

DFA and Hebb never use ``W_l(0)^T`` in their dynamics, so steps 1-3 have no response
terms ("forward-only"). Cost per step and batch ``O(m P^2 k)`` (the memory sums) plus
``O(m r P)`` per source (``r`` directions): ``O(M P^2 T^2 L)`` for ``T`` steps.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg.blas import dgemm

from . import activations
from ._checks import positive_float
from ._progress import Progress
from .dmft import FIELDS, DMFTTrajectory, Problem, assemble, check_problem, psd_factor
from .dmft_sources import Coupling, Noise

#: The rules of :func:`deep_dmft`.
DEEP_RULES = ("gd", "fa", "dfa", "hebb")


class _Memory:
    """``U = sum_j upd(j) a(j)^T (m, r)``: a layer's weight-update history in a coupling's basis.

    Stored transposed (``U^T``, C order), so that ``U`` is a Fortran-ordered view that BLAS
    updates in place.
    """

    def __init__(self, m: int) -> None:
        self._data = np.zeros((16, m))  # U^T
        self.size = 0

    @property
    def array(self) -> np.ndarray:
        return self._data[: self.size].T

    def add(self, upd: np.ndarray, coef: np.ndarray) -> None:
        r = coef.shape[0]
        if r > self._data.shape[0]:
            grown = np.zeros((max(r, 2 * self._data.shape[0]), self._data.shape[1]))
            grown[: self.size] = self._data[: self.size]
            self._data = grown
        self.size = max(self.size, r)
        target = self._data[:r].T  # (m, r), Fortran-ordered view
        out = dgemm(1.0, upd, coef, trans_b=True, beta=1.0, c=target, overwrite_c=True)
        if not np.shares_memory(out, self._data):  # pragma: no cover - BLAS made a copy
            self._data[:r] = out.T

    def apply(self, coef: np.ndarray) -> np.ndarray:
        """``U a`` for coefficients ``a (r, P)`` (basis vectors beyond ``U``'s are zero in ``U``)."""
        r = min(coef.shape[0], self.size)
        return self._data[:r].T @ coef[:r]

    def transpose_apply(self, v: np.ndarray) -> np.ndarray:
        """``U^T v (r, P)`` for ``v (m, P)``."""
        return self._data[: self.size] @ v


class _Batch:
    """The particles of every layer of one batch and the state of their march."""

    def __init__(self, problem: Problem, rng: np.random.Generator, cutoff: float) -> None:
        self.pb = problem
        n_layers, m, p = problem.depth, problem.per_batch, problem.y.size
        self.m, self.p, self.n_layers = m, p, n_layers
        self.noise = [Noise(m, rng) for _ in range(n_layers)]
        factor = psd_factor(problem.kx)
        self.u_first = self.noise[0].draw(self.noise[0].block(), factor.shape[0]) @ factor
        self.w0 = self.noise[-1].scalar()
        rule, rho = problem.rule, problem.rho
        self.rho = rho if rule == "fa" else 0.0
        self.sigma = np.sqrt(1.0 - self.rho**2)
        self.feedback_top = None  # rho-FA's readout feedback z~ = rho w0 + sqrt(1 - rho^2) zeta
        if rule == "fa":
            zeta = self.noise[-1].scalar() if self.sigma > 0 else 0.0
            self.feedback_top = self.rho * self.w0 + self.sigma * zeta
        self.dfa = [self.noise[i].scalar() for i in range(n_layers)] if rule == "dfa" else None
        # couplings: forward sources u_l (l >= 2), and the backward sources of layers l < L
        self.cu = [None] + [Coupling(self.noise[i], cutoff) for i in range(1, n_layers)]
        below = range(n_layers - 1)
        self.cw = [Coupling(self.noise[i], cutoff) for i in below] if rule == "fa" and self.rho > 0 else None
        self.cb = (
            [Coupling(self.noise[i], cutoff) for i in below] if rule == "fa" and self.sigma > 0 else None
        )
        # GD's backward source r_l; the other rules' true gradients sample theirs only when
        # it correlates with the dynamics (rho-FA, rho > 0: it is part of cw)
        self.cr = [Coupling(self.noise[i], cutoff) for i in below] if rule == "gd" else None
        # the memory of W_l's updates, in the basis of the forward coupling u_{l+1}:
        # sum_{j<k} Delta(j) g~_{l+1}(j) a(j)^T, a(j) the coefficients of phi(h_l(j)) (layer l+1)
        self.memory = [None] + [_Memory(m) for _ in range(1, n_layers)]
        self.coef = [None] * n_layers  # coefficients of phi(h_{l-1}(k)) on the coupling u_l
        self.first_sum = np.zeros((m, p))  # sum_{j<k} Delta(j) g~_1(j)
        self.readout = np.zeros(m)  # w_L(k) - w_L(0)
        self.h = [None] * n_layers
        self.u = [self.u_first] + [None] * (n_layers - 1)
        self.a = [None] * n_layers
        self.d = [None] * n_layers
        self.g = [None] * n_layers
        self.gt = [None] * n_layers
        self.r_true = [None] * n_layers  # the true-gradient backward source of each layer
        self.r_pseudo = [None] * n_layers  # rho-FA: the feedback source of each layer

    # ------------------------------------------------------------------ helpers
    def _phi(self, z):
        return activations.apply(self.pb.activation, z)

    def _dphi(self, z):
        return activations.derivative(self.pb.activation, z)

    # ------------------------------------------------------------------ the passes
    def forward(self, k: int) -> None:
        pb = self.pb
        rate = pb.dt * pb.gamma0
        for i in range(self.n_layers):
            if i == 0:
                h = self.u_first + rate * self.first_sum @ pb.kx
            else:
                prev = self.a[i - 1]
                self.u[i] = self.cu[i].add(prev)
                self.coef[i] = self.cu[i].coef
                # sum_{j<k} Delta(j) g~_l(j) Phi_{l-1}(j, k), Phi_{l-1}(j, k) = a(j) . a(k)
                h = self.u[i] + rate * self.memory[i].apply(self.coef[i])
                response = None
                if pb.rule == "gd":
                    response = self.cr[i - 1]
                elif pb.rule == "fa" and self.rho > 0:
                    response = self.cw[i - 1]
                if response is not None:  # A (GD) or C (rho-FA): Stein on phi(h) - phi(u) of the layer below
                    h = h + response.response(prev - self._phi(self.u[i - 1]))
            self.h[i] = h
            self.a[i] = self._phi(h)
            self.d[i] = activations.derivative_from_output(pb.activation, self.a[i])

    def output(self) -> np.ndarray:
        top = self.a[-1]
        f = self.readout @ top / self.m
        if self.pb.rule in ("gd", "fa"):  # E[w0 phi(h_L)]: Stein on w0, with the control variate phi(u_L)
            f = f + self.w0 @ (top - self._phi(self.u[-1])) / self.m
        return f / self.pb.gamma0

    def _true_backward(self, k: int, sources: list | None) -> None:
        """True gradients ``g_l(k)`` (GD: also the dynamics) with the backward sources ``sources[l]``.

        ``sources=None`` (DFA, Hebb, FA with ``rho = 0``): the true gradient's source ``r_l``
        (and the readout's ``w_L(0)``) is independent of everything the dynamics uses, so it
        is not sampled: ``g_l`` holds only the rest, ``d_l (B + memory)``, and its part
        ``E[phi' phi'] * G_{l+1}`` of ``G_l`` is added exactly (:meth:`kernels`).
        """
        m, rate = self.m, self.pb.dt * self.pb.gamma0
        top = self.readout if sources is None else self.w0 + self.readout
        self.g[-1] = self.d[-1] * top[:, None]
        self.r_true[-1] = None if sources is None else self.w0[:, None]
        for i in range(self.n_layers - 2, -1, -1):
            above = self.g[i + 1]
            control = 0.0 if sources is None else self._dphi(self.u[i + 1]) * self.r_true[i + 1]
            # B: Stein on g_{l+1} - phi'(u_{l+1}) r_{l+1}; memory: sum_{j<k} phi(h_l(j)) E[Delta(j)
            # g~_{l+1}(j) g_{l+1}(k)] with phi(h_l(j)) = sqrt(m) q a(j); both through the same basis q
            coef = self.cu[i + 1].stein(above - control)
            past = self.memory[i + 1].transpose_apply(above)
            coef[: past.shape[0]] += (rate / m) * past
            z = self.cu[i + 1].expand(coef)
            if sources is not None:
                self.r_true[i] = sources[i].add(above)
                z += self.r_true[i]
            self.g[i] = self.d[i] * z

    def backward(self, k: int, delta: np.ndarray) -> None:
        rule = self.pb.rule
        if rule == "gd":
            self._true_backward(k, self.cr)
            self.gt = list(self.g)
            return
        if rule == "hebb":
            self.gt = [a * delta for a in self.a]
        elif rule == "dfa":
            self.gt = [d * z[:, None] for d, z in zip(self.d, self.dfa, strict=True)]
        else:
            self._fa_backward()
        self._true_backward(k, self.cw)

    def _fa_backward(self) -> None:
        """rho-FA pseudo-gradients ``z~_l = rho r~_l + sqrt(1 - rho^2) b_l + rho sum B~ a_l`` (no memory)."""
        self.gt[-1] = self.d[-1] * self.feedback_top[:, None]
        self.r_pseudo[-1] = self.feedback_top[:, None]
        for i in range(self.n_layers - 2, -1, -1):
            above = self.gt[i + 1]
            source = np.zeros_like(above)
            if self.cw is not None:
                source += self.rho * self.cw[i].add(above)
            if self.cb is not None:
                source += self.sigma * self.cb[i].add(above)
            z = source
            if self.rho > 0:
                control = self._dphi(self.u[i + 1]) * self.r_pseudo[i + 1]
                z = z + self.rho * self.cu[i + 1].response(above - control)
            self.r_pseudo[i] = source
            self.gt[i] = self.d[i] * z

    def update(self, k: int, delta: np.ndarray) -> None:
        rate = self.pb.dt * self.pb.gamma0
        self.first_sum += delta * self.gt[0]
        for i in range(1, self.n_layers):
            self.memory[i].add(delta * self.gt[i], self.coef[i])
        self.readout += rate * (self.a[-1] @ delta)

    def kernels(self, f: np.ndarray) -> dict:
        m, kx = self.m, self.pb.kx
        phi = np.stack([kx] + [a.T @ a / m for a in self.a])
        g = [v.T @ v / m for v in self.g]
        if self.pb.rule != "gd" and self.cw is None:  # the unsampled sources' part (see _true_backward)
            source = np.ones_like(kx)  # E[w_L(0)^2] = 1
            for i in range(self.n_layers - 1, -1, -1):
                g[i] = g[i] + (self.d[i].T @ self.d[i] / m) * source
                source = g[i]
        g = np.stack(g)
        gt = np.stack([v.T @ w / m for v, w in zip(self.g, self.gt, strict=True)])
        gp = g if self.pb.rule == "gd" else np.stack([w.T @ w / m for w in self.gt])
        ntk = phi[-1] + np.sum(gt * phi[:-1], axis=0)
        return {"outputs": f, "phi": phi, "g": g, "g_tilde": gt, "g_pseudo": gp, "ntk": ntk}

    def ranks(self) -> dict:
        out = {"u": [c.rank for c in self.cu[1:]]}
        for name in ("cr", "cw", "cb"):
            if getattr(self, name) is not None:
                out[name[1:]] = [c.rank for c in getattr(self, name)]
        out["noise_columns"] = [n.total for n in self.noise]
        return out


def _march(problem: Problem, rng: np.random.Generator, cutoff: float, bar: Progress, done: int):
    batch = _Batch(problem, rng, cutoff)
    records = {name: [] for name in FIELDS}
    kept = []
    for k in range(problem.n_steps + 1):
        batch.forward(k)
        f = batch.output()
        if not np.all(np.isfinite(f)):
            raise FloatingPointError(f"the outputs overflowed at step {k} (t = {k * problem.dt:g}): lower dt")
        delta = problem.y - f
        batch.backward(k, delta)
        if k in problem.steps:
            for name, value in batch.kernels(f).items():
                records[name].append(value)
        if k in problem.keep:
            kept.append(np.stack(batch.h))
        if k < problem.n_steps:
            batch.update(k, delta)
        bar.update(done + k + 1)
    return {name: np.stack(v) for name, v in records.items()}, kept, batch.ranks()


def deep_dmft(
    rule: str,
    x,
    y,
    *,
    depth: int,
    gamma0: float,
    dt: float,
    n_steps: int,
    n_particles: int,
    seed: int,
    activation: str = "linear",
    rho: float | None = None,
    n_batches: int = 4,
    record=None,
    preactivation_steps=(),
    cutoff: float = 1e-8,
    progress: bool = False,
) -> DMFTTrajectory:
    """Infinite-width network with ``depth`` hidden layers trained by ``rule`` (GD, rho-FA, DFA, Hebb).

    Solves the DMFT in the networks' discrete time (Euler steps of size ``dt``, as
    :func:`exactdln.learning_rules.train` with ``method="euler"``) with ``n_particles``
    particles per hidden layer, split into ``n_batches`` independent batches (the Monte
    Carlo error is their spread). Gaussian sources are drawn conditionally on their past
    with exact sample covariances; directions of the past whose residual variance falls
    below ``cutoff`` times the largest are dropped (docs/mathematics.md §9.9).
    Returns a :class:`~exactdln.dmft.DMFTTrajectory` with the outputs and all kernels at the
    ``record`` steps (default every step) and the preactivations at ``preactivation_steps``;
    ``info["ranks"]`` gives the number of source directions of each batch.

    The Stein regressions bias results by ``O(r / m)`` (``r`` directions, ``m = n_particles /
    n_batches``): negligible for linear and tanh networks, visible for ReLU (its ``phi'``
    jumps), where few batches of many particles are needed (docs/mathematics.md §9.9).

    Raises ``ValueError`` for a rule outside :data:`DEEP_RULES` (GLN: two layers only,
    :func:`~exactdln.dmft.two_layer_dmft`), bad shapes or sizes, too few particles per batch
    for the sources' directions, and ``FloatingPointError`` if the outputs overflow.
    """
    if rule not in DEEP_RULES:
        raise ValueError(f"deep_dmft covers the rules {DEEP_RULES}, got {rule!r} (GLN: two_layer_dmft)")
    cutoff = positive_float("cutoff", cutoff)
    if cutoff >= 1:
        raise ValueError(f"cutoff must be in (0, 1), got {cutoff!r}")
    problem = check_problem(
        rule,
        x,
        y,
        depth=depth,
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
    )
    streams = np.random.SeedSequence(problem.seed).spawn(problem.n_batches)
    total = problem.n_batches * (problem.n_steps + 1)
    bar = Progress(total, f"DMFT {rule} ({activation}, L={problem.depth}, M={n_particles})", progress)
    records, kept, ranks = [], [], []
    for b, stream in enumerate(streams):
        rec, keep, rank = _march(
            problem, np.random.default_rng(stream), cutoff, bar, b * (problem.n_steps + 1)
        )
        records.append(rec)
        ranks.append(rank)
        if keep:
            kept.append(np.stack(keep))
    return assemble(problem, records, kept, {"solver": "deep march", "cutoff": cutoff, "ranks": ranks})


__all__ = ["DEEP_RULES", "DMFTTrajectory", "deep_dmft"]
