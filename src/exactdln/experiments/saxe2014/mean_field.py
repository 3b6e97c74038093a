"""Figure 8: the mean-field variance map of a deep tanh network and its fixed point ``q_inf(g)``.

Theory: :func:`~exactdln.random_matrices.tanh_variance_map` (their eq. 48) and
:func:`~exactdln.random_matrices.tanh_fixed_point` (eq. 49). Simulation: wide networks
``x^{l+1} = g W_l tanh(x^l)`` with Haar orthogonal ``W_l`` (one set of weights shared by every
gain); the map from the variance of one layer to the next, and ``q_inf`` as the population
variance averaged over the last layers of a deep network (as in the source: depth 30, the
last 5 layers).
"""

from __future__ import annotations

import numpy as np

from ..._checks import positive_int
from ...initialisations import random_orthogonal
from ...random_matrices import tanh_fixed_point, tanh_forward, tanh_variance_map


def run(
    *,
    n: int,
    layers: int,
    last: int,
    map_gain: float,
    map_variances,
    gains,
    theory_gains,
    input_variance: float,
    n_inputs: int,
    map_samples: int,
    seed: int,
) -> dict:
    """Returns ``map_q (M,)``, ``map_theory (M,)``, ``map_sim (M,)`` (the first layer of the network
    at ``map_gain``, averaged over ``map_samples`` inputs), ``theory_gains``, ``theory_q``, ``gains``,
    ``sim_q (G, n_inputs)`` (mean variance over the last ``last`` of ``layers`` layers, inputs of
    population variance ``input_variance``), ``sim_layers (G, n_inputs, layers)`` and the same
    protocol applied to the variance map itself, ``depth_theory_q (G,)`` and
    ``depth_theory_layers (G, layers)`` (``layers - 1`` iterations of eq. 48 from
    ``input_variance``), which separates the finite depth from the finite width."""
    n = positive_int("n", n)
    layers = positive_int("layers", layers)
    w_seed, x_seed = np.random.SeedSequence(seed).spawn(2)
    rng = np.random.default_rng(w_seed)
    weights = [random_orthogonal(n, rng) for _ in range(layers - 1)]
    z = np.random.default_rng(x_seed).standard_normal((n_inputs + map_samples, n))
    z, z_map = z[:n_inputs], z[n_inputs:]
    map_q = np.asarray(map_variances, dtype=float)
    map_sim = np.array(
        [
            np.mean([np.mean(tanh_forward(np.sqrt(q) * zi, weights[:1], map_gain)[1] ** 2) for zi in z_map])
            for q in map_q
        ]
    )
    depth_theory = []
    for g in gains:
        qs = [float(input_variance)]
        for _ in range(layers - 1):
            qs.append(float(tanh_variance_map(qs[-1], g)))
        depth_theory.append(qs)
    depth_theory = np.asarray(depth_theory)
    sim_layers = np.array(
        [
            [np.mean(tanh_forward(np.sqrt(input_variance) * zi, weights, g) ** 2, axis=1) for zi in z]
            for g in gains
        ]
    )
    return {
        "map_q": map_q,
        "map_gain": map_gain,
        "map_theory": tanh_variance_map(map_q, map_gain),
        "map_sim": map_sim,
        "theory_gains": np.asarray(theory_gains, dtype=float),
        "theory_q": np.array([tanh_fixed_point(g) for g in theory_gains]),
        "gains": np.asarray(gains, dtype=float),
        "sim_layers": sim_layers,
        "sim_q": sim_layers[:, :, -last:].mean(axis=2),
        "depth_theory_layers": depth_theory,
        "depth_theory_q": depth_theory[:, -last:].mean(axis=1),
        "n": n,
        "layers": layers,
        "last": last,
    }


def gain_indices(quoted, gains) -> list[int]:
    """The index in ``gains`` of each gain of ``quoted`` (to 1e-12); raises if one is not among them."""
    gains = np.asarray(gains, dtype=float)
    found = []
    for g in quoted:
        i = int(np.argmin(np.abs(gains - g)))
        if abs(gains[i] - g) > 1e-12:
            raise ValueError(f"gain {g} was not simulated (gains: {gains})")
        found.append(i)
    return found


def measure(d: dict, quoted) -> dict:
    """``q_fixed_point``: theory, simulation (mean over inputs) and relative gap for each gain in
    ``quoted`` (keys ``theory_g<g>``, ``sim_g<g>``, ``gap_g<g>``); the gaps to the finite-depth
    theory (the variance map iterated as deep as the network); the largest relative gap of the
    one-layer map."""
    out, depth = {}, {}
    for g, i in zip(quoted, gain_indices(quoted, d["gains"]), strict=True):
        theory = tanh_fixed_point(g)
        sim = float(np.mean(d["sim_q"][i]))
        out[f"theory_g{g:g}"] = theory
        out[f"sim_g{g:g}"] = sim
        out[f"gap_g{g:g}"] = abs(sim - theory) / theory
        depth[f"g{g:g}"] = abs(sim - d["depth_theory_q"][i]) / d["depth_theory_q"][i]
    gap_map = np.abs(d["map_sim"] - d["map_theory"]) / d["map_theory"]
    return {
        "q_fixed_point": out,
        "q_fixed_point_max_gap": max(v for k, v in out.items() if k.startswith("gap")),
        "q_fixed_point_finite_depth_gap": depth,
        "variance_map_max_gap": float(gap_map.max()),
        "mean_field_n": int(d["n"]),
        "mean_field_layers": int(d["layers"]),
    }
