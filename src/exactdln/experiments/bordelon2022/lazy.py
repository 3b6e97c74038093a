"""Figure 2: lazy (initial) eNTKs of rho-FA and of gated linear networks, theory against width.

For two inputs at angle ``theta`` (:func:`~.items.circle_items`), the eNTK at
initialisation of a depth-``L`` ReLU network trained with rho-FA interpolates between
the NNGP kernel ``Phi_L`` (``rho = 0``) and the NTK (``rho = 1``), weighting weight layer
``l`` by ``rho^(L - l)`` (:func:`~exactdln.learning_rule_theory.lazy_kernels`).
:func:`run_width` measures it in ``n_seeds`` networks of one width (and the same
for linear networks, whose kernel is ``sum_l rho^(L - l) cos theta``); :func:`run_gln`
measures the lazy kernel of ReLU-gated linear networks of several depths against
``(L + 1) q^L cos theta`` and the printed ``L q^L cos theta``. :func:`measure` fits the
squared finite-width gap against ``N`` and the GLN prefactor.
"""

from __future__ import annotations

import sys
from dataclasses import replace

import numpy as np

from ...fits import loglog_slope
from ...lazy_kernels import gln_lazy_kernel, lazy_kernels
from ...learning_rules import kernels
from ...rule_networks import fa_with_rho, init_networks
from .items import circle_items

# networks are drawn in chunks of seeds holding at most this many weight entries
CHUNK_ENTRIES = 2**24


def _chunks(n_seeds: int, width: int, depth: int, copies: int) -> list[tuple[int, int]]:
    per_seed = max(width * width * max(depth - 1, 1) * copies, 1)
    size = max(1, min(n_seeds, CHUNK_ENTRIES // per_seed))
    return [(a, min(size, n_seeds - a)) for a in range(0, n_seeds, size)]


def theory(rhos, depth: int, n_angles: int, activation: str = "relu") -> np.ndarray:
    """Infinite-width lazy rho-FA kernel ``K(x(0), x(theta))``, ``(R, n_angles)``."""
    _, x = circle_items(n_angles)
    kx = x.T @ x / 2
    return np.array([lazy_kernels("fa", kx, depth, activation, rho).ntk[0] for rho in rhos])


def run_width(
    *,
    width: int,
    seed: int,
    depth: int,
    n_angles: int,
    rhos,
    n_seeds: int,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """The initial rho-FA eNTK ``K[0, k] = K(x(0), x(theta_k))`` of ``n_seeds`` networks of one width.

    The same forward weights and feedback noise serve every ``rho``
    (:func:`~exactdln.learning_rules.fa_with_rho`) and both activations. Returns
    ``theta (n,)``, ``rhos (R,)``, ``relu``/``linear`` ``(R, S, n)`` network kernels and
    ``relu_theory``/``linear_theory`` ``(R, n)``.
    """
    rhos = np.asarray(rhos, dtype=float)
    theta, x = circle_items(n_angles)
    y = np.zeros(n_angles)  # the initial kernels of FA do not depend on the targets
    out = {a: np.empty((rhos.size, n_seeds, n_angles)) for a in ("relu", "linear")}
    for first, count in _chunks(n_seeds, width, depth, copies=3):
        if progress:
            print(f"lazy kernels, N={width}: seeds {first}-{first + count - 1}", file=sys.stderr)
        base = init_networks(
            "fa",
            n_in=2,
            width=width,
            depth=depth,
            n_seeds=count,
            seed=seed,
            activation="relu",
            rho=0.0,
            first=first,
        )
        for r, rho in enumerate(rhos):
            net = fa_with_rho(base, rho)
            for activation in ("relu", "linear"):
                k = kernels(replace(net, activation=activation), x, y).ntk
                out[activation][r, first : first + count] = k[:, 0, :]
    return {
        "theta": theta,
        "rhos": rhos,
        "width": width,
        **out,
        "relu_theory": theory(rhos, depth, n_angles, "relu"),
        "linear_theory": theory(rhos, depth, n_angles, "linear"),
    }


def run_gln(
    *, width: int, seed: int, depths, n_angles: int, n_seeds: int, progress: bool = False
) -> dict[str, np.ndarray]:
    """Initial eNTK ``K[0, k]`` of ReLU-gated linear networks (GD) for each depth, ``(n_depths, S, n)``,
    with the theory ``(L + 1) q^L cos theta`` and the printed form ``L q^L cos theta`` (``(n_depths, n)``)."""
    depths = np.asarray(depths, dtype=int)
    theta, x = circle_items(n_angles)
    y = np.zeros(n_angles)
    k = np.empty((depths.size, n_seeds, n_angles))
    for i, depth in enumerate(depths):
        for first, count in _chunks(n_seeds, width, int(depth), copies=1):
            if progress:
                print(f"GLN lazy kernel, L={depth}: seeds {first}-{first + count - 1}", file=sys.stderr)
            net = init_networks(
                "gln",
                n_in=2,
                width=width,
                depth=int(depth),
                n_seeds=count,
                seed=seed,
                activation="relu",
                first=first,
            )
            k[i, first : first + count] = kernels(net, x, y).ntk[:, 0, :]
    ours = np.array([gln_lazy_kernel(theta, int(d)) for d in depths])
    printed = ours * (depths / (depths + 1.0))[:, None]
    return {"theta": theta, "depths": depths, "width": width, "kernel": k, "theory": ours, "printed": printed}


def layer_weights_error(rhos, depth: int, n_angles: int) -> float:
    """Largest ``|K_lazy - sum_l rho^(L - l) cos theta|`` of the linear rho-FA lazy kernel
    (:func:`~exactdln.learning_rule_theory.lazy_kernels`, a layer-by-layer recursion) against
    the closed form, over ``rhos`` and the angles."""
    theta, _ = circle_items(n_angles)
    rhos = np.asarray(rhos, dtype=float)
    closed = np.array([sum(rho ** (depth - k) for k in range(depth + 1)) * np.cos(theta) for rho in rhos])
    return float(np.abs(theory(rhos, depth, n_angles, "linear") - closed).max())


def _relative_gap(run: dict, activation: str) -> float:
    """``|K_N - K_inf|^2 / |K_inf|^2`` over the angles, averaged over the networks and ``rho``."""
    net, ref = run[activation], run[f"{activation}_theory"][:, None, :]  # (R, S, n), (R, 1, n)
    return float(np.mean(np.sum((net - ref) ** 2, axis=-1) / np.sum(ref**2, axis=-1)))


def measure(widths: dict[int, dict], gln: dict, *, depth: int, n_angles: int) -> dict:
    """Numbers of Figure 2 from ``widths[N]`` (:func:`run_width`) and ``gln`` (:func:`run_gln`).

    ``gap_sq`` per width: the squared gap between network and theory, averaged over
    seeds, ``rho`` and angles (ReLU; ``gap_sq_linear`` for linear networks);
    ``width_slope``: least-squares slope of ``log gap_sq`` against ``log N`` (theory -1);
    ``relative_gap_sq`` and ``width_slope_relative``: the same for ``|K_N - K_inf|^2 / |K_inf|^2``
    over the angles (per network and ``rho``, then averaged); ``fraction_below_theory``: the
    fraction of the (``rho``, angle) points whose seed mean lies below the theory (every point
    uses the same networks, so these deviations are correlated); ``identity_gate_prefactor``:
    ``K(x, x) / K_x(x, x)`` of the linear networks at ``rho = 1`` (GD at initialisation: a GLN with
    identity gates) at the largest width, with its standard error (theory ``L + 1``).
    ``layer_weights_error``: :func:`layer_weights_error`; ``layer_weights_gap_networks``:
    the root-mean-square linear-network gap at the largest width. GLN: per depth the
    least-squares prefactor ``c_L`` of ``K = c_L q^L cos theta`` of each network, the offset
    ``mean(c_L) - L`` (1 if the prefactor is ``L + 1``, 0 if ``L``) with its standard error over
    seeds, the mean offset over depths and its rounded value ``gln_prefactor``, and the RMS
    gaps of the networks to both forms.
    """
    ns = np.array(sorted(widths))
    rhos = widths[ns[0]]["rhos"]
    gap = {
        a: np.array([np.mean((widths[n][a] - widths[n][f"{a}_theory"][:, None, :]) ** 2) for n in ns])
        for a in ("relu", "linear")
    }
    largest = widths[ns[-1]]
    offsets, stderr, gap_ours, gap_printed = {}, {}, {}, {}
    theta = gln["theta"]
    for i, d in enumerate(gln["depths"]):
        shape = ((1 - theta / np.pi) / 2) ** d * np.cos(theta)
        c = gln["kernel"][i] @ shape / (shape @ shape)  # least-squares prefactor of each network
        offsets[f"L{d}"] = float(c.mean()) - d
        stderr[f"L{d}"] = float(c.std(ddof=1) / np.sqrt(c.size))
        gap_ours[f"L{d}"] = float(np.sqrt(np.mean((gln["kernel"][i] - gln["theory"][i]) ** 2)))
        gap_printed[f"L{d}"] = float(np.sqrt(np.mean((gln["kernel"][i] - gln["printed"][i]) ** 2)))
    offset = float(np.mean(list(offsets.values())))
    relative = {a: np.array([_relative_gap(widths[n], a) for n in ns]) for a in ("relu", "linear")}
    below = [float(np.mean(widths[n]["relu"].mean(axis=1) < widths[n]["relu_theory"])) for n in ns]
    identity = largest["linear"][-1, :, 0]  # rho = 1 (GD's lazy kernel), theta = 0: K(x, x) = c K_x
    return {
        "relative_gap_sq": {f"N{n}": float(g) for n, g in zip(ns, relative["relu"], strict=True)},
        "relative_gap_sq_linear": {f"N{n}": float(g) for n, g in zip(ns, relative["linear"], strict=True)},
        "width_slope_relative": loglog_slope(ns, relative["relu"]),
        "width_slope_relative_linear": loglog_slope(ns, relative["linear"]),
        "fraction_below_theory": {f"N{n}": v for n, v in zip(ns, below, strict=True)},
        "identity_gate_depth": int(depth),
        "identity_gate_prefactor": float(identity.mean()),
        "identity_gate_prefactor_stderr": float(identity.std(ddof=1) / np.sqrt(identity.size)),
        "widths": [int(n) for n in ns],
        "gap_sq": {f"N{n}": float(g) for n, g in zip(ns, gap["relu"], strict=True)},
        "gap_sq_linear": {f"N{n}": float(g) for n, g in zip(ns, gap["linear"], strict=True)},
        "width_slope": loglog_slope(ns, gap["relu"]),
        "width_slope_linear": loglog_slope(ns, gap["linear"]),
        "layer_weights_error": layer_weights_error(rhos, depth, n_angles),
        "layer_weights_gap_networks": float(
            np.sqrt(np.mean((largest["linear"] - largest["linear_theory"][:, None, :]) ** 2))
        ),
        "kernel_rho0_at_zero": float(largest["relu_theory"][0, 0]),
        "kernel_rho1_at_zero": float(largest["relu_theory"][-1, 0]),
        "gln_prefactor_offset_per_depth": offsets,
        "gln_prefactor_offset_stderr_per_depth": stderr,
        "gln_width": int(gln["width"]),
        "gln_prefactor_offset": offset,
        "gln_prefactor": round(offset),
        "gln_gap_l_plus_1": gap_ours,
        "gln_gap_l": gap_printed,
    }
