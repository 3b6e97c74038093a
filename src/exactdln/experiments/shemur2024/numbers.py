"""The numbers Part V quotes (``results/shemur2024/numbers.json``), gathered from the five figures.

:func:`gather` takes the figures' measurements (the files
``results/shemur2024/figN/numbers.json``, keyed ``fig1`` ... ``fig5``). The keys
the issues name hold plain numbers or flat ``{activation: number}`` maps
(``mnist_mse_slopes``, ``mnist_matched_time_slopes`` and
``mnist_authors_protocol_slopes``: ``{alpha: number}``, with the source's values
under ``mnist_mse_slopes_source``; the SGD maps also hold the two-hidden-layer
network as ``mlp_<activation>``); the measures of each experiment follow under
``width``, ``correlations``, ``output_scale``, ``linear_exact``, ``collapse``,
``mnist_mlp``, ``mnist_matched``, ``mnist_authors`` and ``sgd``.
"""

from __future__ import annotations

from collections.abc import Mapping


def _sgd(fig5: dict) -> dict:
    """The issue's SGD keys from Figure 5's measure (``sgd``: per run, ``plan``: each run's role)."""
    sgd, plan = fig5["sgd"], fig5["plan"]

    def by_role(role):
        return {
            (f"mlp_{p['activation']}" if role == "mlp" else p["activation"]): name
            for name, p in plan.items()
            if p["role"] == role
        }

    main = {**by_role("main"), **by_role("mlp")}
    full = by_role("full")
    (noncontracting,) = by_role("noncontracting").values()
    return {
        "sgd_gap_width_slope": {a: sgd[n]["sup_test_slope"] for a, n in main.items()},
        "sgd_gap_width_slope_stderr": {a: sgd[n]["sup_test_stderr"] for a, n in main.items()},
        "sgd_gap_growth": {a: sgd[n]["growth"] for a, n in main.items()},
        "sgd_vs_gd_gap_ratio": {
            a: sgd[main[a]]["sup_test_widest"] / sgd[full[a]]["sup_test_widest"] for a in full if a in main
        },
        "sgd_noncontracting_gap_width_slope": sgd[noncontracting]["sup_test_slope"],
    }


def gather(figures: Mapping[str, dict]) -> dict:
    """Every number of ``numbers.json`` (see the module docstring) from the figures' measurements.

    - ``fig1``: ``{"width": {task: {activation: ...}}}``, :func:`.width.measure` of the
      merged runs of the tasks ``teacher`` and ``mnist``;
    - ``fig2``: ``{"correlations": ..., "output_scale": ...}``,
      :func:`.correlation_sweep.measure` and :func:`.output_scale.measure`;
    - ``fig3``: ``{"gap_time_ratio": {activation: ...}, "collapse": {activation: ...},
      "linear_exact": ...}``, :func:`.width.gap_time_ratio` and :func:`.width.collapse` of the
      teacher runs and :func:`.linear_exact.measure`;
    - ``fig4``: ``{"mnist_mlp": ..., "mnist_matched": ..., "mnist_authors": ...,
      "mnist_mse_slopes_source": {alpha: ...}, ...}``, :func:`.mnist_mlp.measure` of the
      fixed-step and the matched-time runs keyed by :func:`~.mnist_mlp.alpha_key`,
      :func:`.authors_protocol.measure` and the source's slopes;
    - ``fig5``: ``{"sgd": ..., "plan": ...}``, :func:`.sgd.measure` of every run of
      :func:`.sgd.plan`.
    """
    w = figures["fig1"]["width"]
    c = figures["fig2"]["correlations"]
    s = figures["fig2"]["output_scale"]
    fig3, fig4, fig5 = figures["fig3"], figures["fig4"], figures["fig5"]
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
        "mnist_matched_time_slopes": {k: v["slope"] for k, v in fig4["mnist_matched"].items()},
        "mnist_authors_protocol_slopes": {
            k: v["loss_difference_slope"] for k, v in fig4["mnist_authors"].items()
        },
        "correlation_fd_max_err": c["fd_max_error"],
        **_sgd(fig5),
        "width": w,
        "correlations": c,
        "output_scale": s,
        "linear_exact": lin,
        "collapse": dict(fig3["collapse"]),
        "mnist_mlp": mlp,
        "mnist_matched": fig4["mnist_matched"],
        "mnist_authors": fig4["mnist_authors"],
        "sgd": fig5["sgd"],
    }
