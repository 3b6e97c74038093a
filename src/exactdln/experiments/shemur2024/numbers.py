"""The numbers Part V quotes (``results/shemur2024/numbers.json``), gathered from the four figures.

:func:`gather` takes the figures' measurements (the files
``results/shemur2024/figN/numbers.json``, keyed ``fig1`` ... ``fig4``). The keys
the issue names hold plain numbers or flat ``{activation: number}`` maps
(``mnist_mse_slopes``: ``{alpha: number}``, with the source's values under
``mnist_mse_slopes_source``); the measures of each experiment follow under
``width``, ``correlations``, ``output_scale``, ``linear_exact`` and ``mnist_mlp``.
"""

from __future__ import annotations

from collections.abc import Mapping


def gather(figures: Mapping[str, dict]) -> dict:
    """Every number of ``numbers.json`` (see the module docstring) from the figures' measurements.

    - ``fig1``: ``{"width": {task: {activation: ...}}}``, :func:`.width.measure` of the
      merged runs of the tasks ``teacher`` and ``mnist``;
    - ``fig2``: ``{"correlations": ..., "output_scale": ...}``,
      :func:`.correlation_sweep.measure` and :func:`.output_scale.measure`;
    - ``fig3``: ``{"gap_time_ratio": {activation: ...}, "linear_exact": ...}``,
      :func:`.width.gap_time_ratio` of the teacher runs and :func:`.linear_exact.measure`;
    - ``fig4``: ``{"mnist_mlp": ..., "mnist_mse_slopes_source": {alpha: ...}, ...}``,
      :func:`.mnist_mlp.measure` keyed by :func:`~.mnist_mlp.alpha_key` and the source's
      slopes.
    """
    w = figures["fig1"]["width"]
    c = figures["fig2"]["correlations"]
    s = figures["fig2"]["output_scale"]
    fig3, fig4 = figures["fig3"], figures["fig4"]
    lin = fig3["linear_exact"]
    mlp = fig4["mnist_mlp"]
    teacher = w["teacher"]
    acts = list(teacher)
    corr_acts = [a for a in c if not a.startswith("fd_")]

    def per(source, key, names):
        return {a: source[a][key] for a in names if key in source[a]}

    return {
        "gap_width_slope": per(teacher, "gap_sup_test_slope", acts),
        "ntk_change_width_slope": per(teacher, "ntk_change_slope", acts),
        "weight_change_width_slope": per(teacher, "weight_change_slope", acts),
        "gap_time_ratio": dict(fig3["gap_time_ratio"]),
        "c02_width_slope": per(c, "c02_slope", corr_acts),
        "c11_width_slope": per(c, "c11_slope", corr_acts),
        "c03_width_slope": per(c, "c03_slope", corr_acts),
        "hessian_width_slope": per(c, "hessian_norm_slope", corr_acts),
        "alpha_slope": {a: s[a]["plain_slope"] for a in s},
        "alpha_slope_doubling": {a: s[a]["doubling_slope"] for a in s},
        "lam_slope_linear": lin["lam_slope"],
        "mnist_mse_slopes": {k: v["slope"] for k, v in mlp.items()},
        "mnist_mse_slopes_source": dict(fig4["mnist_mse_slopes_source"]),
        "correlation_fd_max_err": c["fd_max_error"],
        "width": w,
        "correlations": c,
        "output_scale": s,
        "linear_exact": lin,
        "mnist_mlp": mlp,
    }
