"""The numbers Part II quotes: the issue's named keys, computed from every figure's measurements.

:func:`collect` takes the ``measure(...)`` output of every computation and
returns the content of ``results/domine2025/numbers.json``: the named keys at
the top level (their definitions are in the docstring of :func:`collect`) and
each figure's supporting numbers under ``fig1`` to ``fig5``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def collect(
    *,
    minimal: Sequence[Mapping],
    modes: Mapping,
    lazy_ntk: Mapping,
    funnel: Mapping,
    hierarchy: Mapping,
    reversal: Mapping,
    continual: Mapping,
    slope_shape: str,
    funnel_shape: str,
) -> dict:
    """The named numbers of Part II and, under ``figN``, every figure's own.

    - ``mode_closed_form_max_err``: largest relative error of
      :func:`exactdln.limits.lambda_mode_strength` against DOP853 (Fig. 2a–b).
    - ``representation_identity_max_err``: largest relative Frobenius error of
      :func:`exactdln.measures.representations_from_network_function` against
      the exact ``W1^T W1`` and ``W2 W2^T`` along Fig. 1's trajectories.
    - ``ntk_abs_change_slope``, ``ntk_rel_change_slope``,
      ``kernel_distance_slope``: log–log slopes over ``|lam|`` on ``slope_shape``.
    - ``ntk_sign_asymmetry_square``: largest ``|kd(+lam) - kd(-lam)|`` over the
      square shapes of Fig. 2c–e.
    - ``funnel_kd_lazy``, ``funnel_kd_rich``: kernel distance of
      ``funnel_shape`` at ``+-lazy_lam`` on its lazy and its rich side;
      ``funnel_lazy_sign``: the lazy sign.
    - ``plateau_err``: per ``|lam|`` of Fig. 3's loss curves, relative error
      of the plateau against ``1/2 ||sigma_yx (I - P_row(W1(0)))||_F^2``.
    - ``convergence_time_slope``: power-law exponent of Fig. 4's time to the
      loss threshold against ``|lam|`` at large ``|lam|``.
    - ``reversal_crossing_max_err``, ``reversal_stalls_at_zero``: Fig. 5a–b.
    - ``forgetting_lam_spread``: Fig. 5c–d.
    - ``gd_first_order_ratio``: Fig. 1's largest gradient-descent gap at
      ``eta`` over the largest at ``eta / eta_refinement``.

    Also ``slope_theory_gap``: each fitted slope minus its theoretical value
    (-1, -2, -4 for the NTK, -1 for the convergence time).
    """
    if slope_shape not in lazy_ntk:
        raise ValueError(f"slope_shape {slope_shape!r} is not a shape of the NTK sweep: {sorted(lazy_ntk)}")
    if funnel_shape not in funnel:
        raise ValueError(f"funnel_shape {funnel_shape!r} is not a shape of Figure 3")
    ntk = lazy_ntk[slope_shape]
    squares = [v for v in lazy_ntk.values() if isinstance(v, Mapping) and v.get("square")]
    if not squares:
        raise ValueError("the NTK sweep has no square shape: ntk_sign_asymmetry_square is undefined")
    f = funnel[funnel_shape]
    lazy_plus = f["lazy_sign"] == 1
    return {
        "mode_closed_form_max_err": modes["closed_vs_ode"],
        "representation_identity_max_err": max(m["representation_identity_max"] for m in minimal),
        "ntk_abs_change_slope": ntk["abs_change_slope"],
        "ntk_rel_change_slope": ntk["rel_change_slope"],
        "kernel_distance_slope": ntk["kernel_distance_slope"],
        "ntk_sign_asymmetry_square": max(v["sign_asymmetry"] for v in squares),
        "funnel_kd_lazy": f["kd_plus"] if lazy_plus else f["kd_minus"],
        "funnel_kd_rich": f["kd_minus"] if lazy_plus else f["kd_plus"],
        "funnel_lazy_sign": f["lazy_sign"],
        "plateau_err": {key: v["plateau_err"] for key, v in funnel["plateau"].items()},
        "convergence_time_slope": hierarchy["sweep"]["fit"]["power_exponent"],
        "reversal_crossing_max_err": reversal["crossing_max_err"],
        "reversal_stalls_at_zero": reversal["stalls_at_zero"],
        "forgetting_lam_spread": continual["forgetting_spread"],
        "gd_first_order_ratio": max(m["gap_max"] for m in minimal) / max(m["gap_fine_max"] for m in minimal),
        "slope_theory_gap": {
            "ntk_abs_change": ntk["abs_change_slope"] + 1,
            "ntk_rel_change": ntk["rel_change_slope"] + 2,
            "kernel_distance": ntk["kernel_distance_slope"] + 4,
            "convergence_time": hierarchy["sweep"]["fit"]["power_exponent"] + 1,
        },
        "fig1": {m["name"]: dict(m) for m in minimal},
        "fig2": {"modes": dict(modes), "ntk": dict(lazy_ntk)},
        "fig3": dict(funnel),
        "fig4": dict(hierarchy),
        "fig5": {"reversal": dict(reversal), "continual": dict(continual)},
    }
