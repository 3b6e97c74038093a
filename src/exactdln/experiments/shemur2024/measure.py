"""The numbers Part V quotes (``results/shemur2024/numbers.json``), gathered from every experiment.

The keys the issue names hold plain numbers or flat ``{activation: number}``
maps (``mnist_mse_slopes``: ``{alpha: number}``, with the source's values
under ``mnist_mse_slopes_source``); the measures of each experiment follow
under ``width``, ``correlations``, ``output_scale``, ``linear_exact`` and
``mnist_mlp``.
"""

from __future__ import annotations

from . import correlation_sweep, linear_exact, mnist_mlp, output_scale, width


def numbers(
    *,
    width_runs: dict,
    corr: dict,
    fd: dict,
    scale_runs: dict,
    linear: dict,
    mlp_runs: dict,
    fit_min_width: int,
    fit_min_scale: float,
    fit_min_lam: float,
    source_slopes: dict,
) -> dict:
    """Every number of ``numbers.json`` (see the module docstring) from the experiments' results.

    ``width_runs[data][activation]``: merged :mod:`.width` runs (data ``teacher``
    and ``mnist``); ``corr``/``fd``: :mod:`.correlation_sweep` results;
    ``scale_runs[activation][start]``: :mod:`.output_scale` runs; ``linear``: the
    :mod:`.linear_exact` run; ``mlp_runs[alpha]``: :mod:`.mnist_mlp` runs keyed by
    :func:`~.mnist_mlp.alpha_key`; ``source_slopes``: the source's MNIST slopes per
    exponent.
    """
    w = {data: width.measure(runs, fit_min_width=fit_min_width) for data, runs in width_runs.items()}
    c = correlation_sweep.measure(corr, fd, fit_min_width=fit_min_width)
    s = output_scale.measure(scale_runs, fit_min_scale=fit_min_scale)
    lin = linear_exact.measure(linear, fit_min_lam=fit_min_lam)
    mlp = mnist_mlp.measure(mlp_runs)
    teacher = w["teacher"]
    acts = [a for a in teacher]
    corr_acts = [a for a in c if not a.startswith("fd_")]

    def per(source, key, names):
        return {a: source[a][key] for a in names if key in source[a]}

    return {
        "gap_width_slope": per(teacher, "gap_sup_test_slope", acts),
        "ntk_change_width_slope": per(teacher, "ntk_change_slope", acts),
        "weight_change_width_slope": per(teacher, "weight_change_slope", acts),
        "gap_time_ratio": per(teacher, "gap_time_ratio", acts),
        "c02_width_slope": per(c, "c02_slope", corr_acts),
        "c11_width_slope": per(c, "c11_slope", corr_acts),
        "c03_width_slope": per(c, "c03_slope", corr_acts),
        "hessian_width_slope": per(c, "hessian_norm_slope", corr_acts),
        "alpha_slope": {a: s[a]["plain_slope"] for a in s},
        "alpha_slope_doubling": {a: s[a]["doubling_slope"] for a in s},
        "lam_slope_linear": lin["lam_slope"],
        "mnist_mse_slopes": {k: v["slope"] for k, v in mlp.items()},
        "mnist_mse_slopes_source": {str(k): float(v) for k, v in source_slopes.items()},
        "correlation_fd_max_err": c["fd_max_error"],
        "width": w,
        "correlations": c,
        "output_scale": s,
        "linear_exact": lin,
        "mnist_mlp": mlp,
    }
