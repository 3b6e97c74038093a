"""Figure 4: the source's MNIST experiment, scaled down: two-hidden-layer MLPs against their linearisation.

For one learning-rate exponent ``alpha``, :func:`run` trains ``n_seeds``
:class:`~exactdln.wide_networks.MLP` networks of every width ``n`` for
``n_steps`` full-batch gradient-descent steps of ``eta = eta0 n^alpha`` and
evaluates the linearised model trained by the same update exactly. The
quantity is the source's: the mean squared difference between the network
and its linearisation on the test set at the end of training. Its log-log
slope against the width is :func:`measure`'s number; in the short-time
regime (``eta0 n^alpha n_steps`` small) the gap grows like ``t^2 / n`` and the
MSE falls like ``n^{4 alpha - 2}``, while a converged smooth network has a
gap ``O(1/n)`` and an MSE slope of -2. With ``flow_time`` every width trains
``round(flow_time / eta)`` steps instead (matched training: every ``alpha``
and width reaches the same flow time, and ``alpha`` only sets the
discretisation).
"""

from __future__ import annotations

import sys

import numpy as np

from ..._checks import positive_float, positive_int
from ...fits import loglog_slope
from ...linearisation import linearised_gd, train_gd
from ...wide_networks import init_mlp
from . import slopes


def alpha_key(alpha) -> str:
    """``alpha`` as a file name and JSON key: its shortest form without ``.0`` (``0``, ``-0.5``, ``-1``)."""
    value = float(alpha)
    return str(int(value)) if value == int(value) else repr(value)


def run(
    task: dict,
    *,
    activation: str,
    widths,
    alpha: float,
    eta0: float,
    n_steps: int | None = None,
    n_seeds: int,
    seed: int,
    flow_time: float | None = None,
    reference_width: int | None = None,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """``(W, S)`` arrays ``mse_test``, ``mse_train`` (network against linearisation at the end),
    ``loss_diff_test`` (``|L_test(F) - L_test(F_lin)|``, the test losses' difference),
    ``loss``/``loss_lin`` (training loss of both at the end), ``loss_initial``,
    ``accuracy``/``accuracy_lin`` (test sign accuracy), with ``widths``, ``etas (W,)``, ``alpha``
    and ``n_steps`` (one number, or ``(W,)`` with ``flow_time``).

    The learning rate is ``eta0 n^alpha``, or ``eta0 (n / reference_width)^alpha``. Either every width
    trains ``n_steps`` steps (the table's protocol: the flow time ``eta n_steps`` then depends on
    ``alpha`` and ``n``) or, with ``flow_time``, ``round(flow_time / eta)`` steps (matched training)."""
    x, y, x_test, y_test = task["x"], task["y"], task["x_test"], task["y_test"]
    eta0 = positive_float("eta0", eta0)
    if (n_steps is None) == (flow_time is None):
        raise ValueError("give exactly one of n_steps (a fixed number of steps) and flow_time (matched)")
    if n_steps is not None:
        n_steps = positive_int("n_steps", n_steps)
    else:
        flow_time = positive_float("flow_time", flow_time)
    out: dict[str, list] = {}
    for width in widths:
        width = positive_int("widths[i]", width)
        if reference_width is None:
            eta = eta0 * width ** float(alpha)
        else:
            eta = eta0 * (width / positive_int("reference_width", reference_width)) ** float(alpha)
        steps = n_steps if flow_time is None else max(round(flow_time / eta), 1)
        if progress:
            print(f"alpha {alpha:g}, width {width}: eta = {eta:.3g}, {steps} steps", file=sys.stderr)
        net = init_mlp(x.shape[0], width, n_seeds, np.random.default_rng([seed, width]))
        run_ = train_gd(
            net,
            x,
            y,
            activation=activation,
            eta=eta,
            n_steps=steps,
            record=[0, steps],
            x_test=x_test,
            progress=progress,
        )
        lin, lin_test = linearised_gd(
            net.ntk(x, activation),
            run_.train[0],
            y,
            eta=eta,
            steps=run_.steps,
            ntk_test_train=net.ntk(x_test, activation, x),
            f0_test=run_.test[0],
        )
        row = {
            "mse_test": np.mean((run_.test[-1] - lin_test[-1]) ** 2, axis=-1),
            "mse_train": np.mean((run_.train[-1] - lin[-1]) ** 2, axis=-1),
            "loss_diff_test": np.abs(
                0.5 * np.mean((run_.test[-1] - y_test) ** 2 - (lin_test[-1] - y_test) ** 2, axis=-1)
            ),
            "loss": 0.5 * np.mean((run_.train[-1] - y) ** 2, axis=-1),
            "loss_initial": 0.5 * np.mean((run_.train[0] - y) ** 2, axis=-1),
            "loss_lin": 0.5 * np.mean((lin[-1] - y) ** 2, axis=-1),
            "accuracy": np.mean(np.sign(run_.test[-1]) == y_test, axis=-1),
            "accuracy_lin": np.mean(np.sign(lin_test[-1]) == y_test, axis=-1),
            "etas": eta,
            "steps": steps,
        }
        for k, v in row.items():
            out.setdefault(k, []).append(v)
    steps = out.pop("steps")
    return {
        **{k: np.asarray(v) for k, v in out.items()},
        "widths": np.asarray(widths, dtype=int),
        "alpha": float(alpha),
        "n_steps": n_steps if flow_time is None else np.asarray(steps, dtype=int),
    }


def measure(runs: dict, *, tolerance: float = slopes.TOLERANCE) -> dict:
    """Per ``alpha`` (the keys of ``runs``): the slope of ``log`` of the seed-mean test MSE against
    ``log n`` (and of the test losses' difference, linear in the gap while the residuals are of order
    one), the training loss of the widest network at the start and the end, its test accuracy, the flow
    time it reaches, and the short-time theory slope
    ``4 alpha - 2``. Also, over all widths, :func:`~.slopes.fit`'s standard error and power-law check of
    both slopes (``stderr``, ``power_law``, ``loss_diff_stderr``, ``loss_diff_power_law``), the
    smallest and largest flow time and the largest final training loss relative to the initial one."""
    out: dict = {}
    for key, d in runs.items():
        mse = d["mse_test"].mean(axis=-1)
        flow_times = d["etas"] * d["n_steps"]
        fits = {
            name: slopes.named(slopes.fit(d["widths"], d[field], fit_min=0, tolerance=tolerance))
            for name, field in (("mse", "mse_test"), ("loss_diff", "loss_diff_test"))
        }
        out[key] = {
            "slope": loglog_slope(d["widths"], mse),
            "loss_diff_slope": loglog_slope(d["widths"], d["loss_diff_test"].mean(axis=-1)),
            "short_time_slope": 4.0 * d["alpha"] - 2.0,
            "loss_widest": float(d["loss"][-1].mean()),
            "loss_initial_widest": float(d["loss_initial"][-1].mean()),
            "accuracy_widest": float(d["accuracy"][-1].mean()),
            "flow_time_widest": float(np.ravel(flow_times)[-1]),
            "flow_time_min": float(np.min(flow_times)),
            "flow_time_max": float(np.max(flow_times)),
            "loss_ratio_max": float(np.max(d["loss"].mean(axis=-1) / d["loss_initial"].mean(axis=-1))),
            **{k: v for k, v in fits["mse"].items() if k != "slope"},
            **{f"loss_diff_{k}": v for k, v in fits["loss_diff"].items() if k != "slope"},
        }
    return out
