"""Figure 2e: Chizat, Oyallon & Bach's output-scale sweep at a fixed width, plain and doubling starts.

The trained output is ``F = alpha (f - f_0)`` from a standard normal start
("plain": the initial output is subtracted, as in Chizat et al., so that
``F`` starts at zero at every ``alpha``) or ``F = alpha f`` from a doubling
start (``f_0 = 0`` exactly; :func:`~exactdln.linearisation.init_two_layer`),
with the loss ``1/(2 P alpha^2) sum (F - y)^2``. The linearised model's
trajectory does not depend on ``alpha``; the network's distance from it falls
as ``1/alpha`` when ``C_{0,2}`` is nonzero at the start, and as ``1/alpha^2``
when it vanishes (doubling), although the Hessian norm is the same for both
starts.
"""

from __future__ import annotations

import numpy as np

from ..._checks import positive_float
from ...fits import loglog_slope
from ...linearisation import linearised_gd, train_gd
from ...wide_networks import init_two_layer
from . import slopes
from .records import record_grid

STARTS = ("plain", "doubling")


def run(
    task: dict,
    *,
    activation: str,
    start: str,
    width: int,
    scales,
    n_seeds: int,
    seed: int,
    eta: float,
    horizon: float,
    n_records: int,
) -> dict[str, np.ndarray]:
    """``gap_test (A, T, S)``: RMS gap on the test points at the recorded steps for every scale ``alpha``
    (the same initial weights at every scale), with ``scales``, ``steps``, ``times``."""
    if start not in STARTS:
        raise ValueError(f"start must be one of {STARTS}, got {start!r}")
    eta, horizon = positive_float("eta", eta), positive_float("horizon", horizon)
    n_steps = max(round(horizon / eta), 1)
    records = record_grid(n_steps, n_records)
    x, y, x_test = task["x"], task["y"], task["x_test"]
    net = init_two_layer(
        x.shape[0], width, n_seeds, np.random.default_rng([seed, width, 3]), doubling=start == "doubling"
    )
    k0, kt0 = net.ntk(x, activation), net.ntk(x_test, activation, x)
    gaps = []
    for alpha in scales:
        run_ = train_gd(
            net,
            x,
            y,
            activation=activation,
            eta=eta,
            n_steps=n_steps,
            record=records,
            x_test=x_test,
            scale=positive_float("scales[i]", alpha),
            center=start == "plain",
        )
        _, lin_test = linearised_gd(
            k0, run_.train[0], y, eta=eta, steps=run_.steps, ntk_test_train=kt0, f0_test=run_.test[0]
        )
        gaps.append(np.sqrt(np.mean((run_.test - lin_test) ** 2, axis=-1)))
    return {
        "gap_test": np.asarray(gaps),
        "scales": np.asarray(scales, dtype=float),
        "steps": records,
        "times": eta * records,
    }


def measure(runs: dict, *, fit_min_scale: float, tolerance: float = slopes.TOLERANCE) -> dict:
    """Slope of ``log`` of the seed-mean maximum (over the recorded steps) test gap against ``log alpha``,
    for ``alpha >= fit_min_scale``, with its standard error over seeds and power-law check
    (:func:`~.slopes.fit`); ``runs[activation][start]`` are :func:`run` dicts."""
    out: dict = {}
    for activation, starts in runs.items():
        entry = {}
        for start, d in starts.items():
            fit = d["scales"] >= fit_min_scale
            per_seed = d["gap_test"].max(axis=1)
            sup = per_seed.mean(axis=-1)
            check = slopes.fit(d["scales"], per_seed, fit_min=fit_min_scale, tolerance=tolerance)
            entry[f"{start}_slope"] = loglog_slope(d["scales"][fit], sup[fit])
            if check["stderr"] is not None:  # (one seed: none)
                entry[f"{start}_stderr"] = check["stderr"]
            entry[f"{start}_power_law"] = check["power_law"]
            entry[f"{start}_gap_largest_scale"] = float(sup[-1])
        out[activation] = entry
    return out
