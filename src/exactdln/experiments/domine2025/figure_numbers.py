"""Each figure's ``results/domine2025/figN/numbers.json``: its measurements and its named numbers.

:func:`fig1` to :func:`fig5` take the ``measure(...)`` output of the figure's
computations (one JSON file each) and return what the figure's notebook reads: the
measurements, and at the top level the figure's share of the numbers the issue names
(:data:`NAMED`). :func:`exactdln.experiments.domine2025.numbers.gather` moves those named
numbers to the top level of ``results/domine2025/numbers.json`` and puts the rest under
``fig1`` to ``fig5``.
"""

from __future__ import annotations

from collections.abc import Mapping

# the top-level keys of each figure's numbers that are the part's named numbers (the rest
# are the figure's measurements); slope_theory_gap is shared: Fig. 2 holds the NTK's
# entries, Fig. 4 the convergence time's
NAMED = {
    "fig1": ("representation_identity_max_err", "gd_first_order_ratio"),
    "fig2": (
        "mode_closed_form_max_err",
        "ntk_abs_change_slope",
        "ntk_rel_change_slope",
        "kernel_distance_slope",
        "ntk_sign_asymmetry_square",
        "slope_theory_gap",
    ),
    "fig3": ("funnel_kd_lazy", "funnel_kd_rich", "funnel_lazy_sign", "plateau_err"),
    "fig4": ("convergence_time_slope", "slope_theory_gap"),
    "fig5": ("reversal_crossing_max_err", "reversal_stalls_at_zero", "forgetting_lam_spread"),
}


def _figure(fig: str, named: dict, measured: Mapping) -> dict:
    """``measured`` with the figure's ``named`` numbers beside it (checked to be :data:`NAMED`)."""
    if set(named) != set(NAMED[fig]):
        raise AssertionError(f"{fig}: named numbers {sorted(named)}, expected {sorted(NAMED[fig])}")
    clash = set(named) & set(measured)
    if clash:
        raise ValueError(f"{fig}: measurements named like the part's named numbers: {sorted(clash)}")
    return {**named, **measured}


def fig1(**shapes: Mapping) -> dict:
    """Figure 1: per network shape (the ``name`` of :func:`.minimal.measure`), its measurement.

    - ``representation_identity_max_err``: largest relative Frobenius error of
      :func:`exactdln.lambda_modes.representations_from_network_function` against the
      exact ``W1^T W1`` and ``W2 W2^T`` along the trajectories of every shape.
    - ``gd_first_order_ratio``: the largest gradient-descent gap at ``eta`` over the
      largest at ``eta / eta_refinement``.
    """
    if not shapes:
        raise ValueError("Figure 1 needs the measurement of at least one shape")
    runs = list(shapes.values())
    named = {
        "representation_identity_max_err": max(m["representation_identity_max"] for m in runs),
        "gd_first_order_ratio": max(m["gap_max"] for m in runs) / max(m["gap_fine_max"] for m in runs),
    }
    return _figure("fig1", named, {m["name"]: dict(m) for m in runs})


def fig2(*, modes: Mapping, lazy_ntk: Mapping, slope_shape: str) -> dict:
    """Figure 2: ``modes`` (:func:`.modes.measure`) and ``ntk`` (:func:`.lazy_ntk.measure`).

    - ``mode_closed_form_max_err``: largest relative error of
      :func:`exactdln.lambda_modes.lambda_mode_strength` against DOP853 (Fig. 2a–b).
    - ``ntk_abs_change_slope``, ``ntk_rel_change_slope``, ``kernel_distance_slope``:
      log–log slopes over ``|lam|`` on ``slope_shape``; ``slope_theory_gap``: each minus
      its theoretical value (-1, -2, -4).
    - ``ntk_sign_asymmetry_square``: largest ``|kd(+lam) - kd(-lam)|`` over the square
      shapes.
    """
    if slope_shape not in lazy_ntk:
        raise ValueError(f"slope_shape {slope_shape!r} is not a shape of the NTK sweep: {sorted(lazy_ntk)}")
    ntk = lazy_ntk[slope_shape]
    squares = [v for v in lazy_ntk.values() if isinstance(v, Mapping) and v.get("square")]
    if not squares:
        raise ValueError("the NTK sweep has no square shape: ntk_sign_asymmetry_square is undefined")
    named = {
        "mode_closed_form_max_err": modes["closed_vs_ode"],
        "ntk_abs_change_slope": ntk["abs_change_slope"],
        "ntk_rel_change_slope": ntk["rel_change_slope"],
        "kernel_distance_slope": ntk["kernel_distance_slope"],
        "ntk_sign_asymmetry_square": max(v["sign_asymmetry"] for v in squares),
        "slope_theory_gap": {
            "ntk_abs_change": ntk["abs_change_slope"] + 1,
            "ntk_rel_change": ntk["rel_change_slope"] + 2,
            "kernel_distance": ntk["kernel_distance_slope"] + 4,
        },
    }
    return _figure("fig2", named, {"modes": dict(modes), "ntk": dict(lazy_ntk)})


def fig3(*, funnel: Mapping, funnel_shape: str) -> dict:
    """Figure 3: the measurement of :func:`.funnel.measure`, as it is.

    - ``funnel_kd_lazy``, ``funnel_kd_rich``: kernel distance of ``funnel_shape`` at
      ``+-lazy_lam`` on its lazy and on its rich side; ``funnel_lazy_sign``: the lazy sign.
    - ``plateau_err``: per ``|lam|`` of the loss curves, relative error of the plateau
      against ``1/2 ||sigma_yx (I - P_row(W1(0)))||_F^2``.
    """
    if funnel_shape not in funnel:
        raise ValueError(f"funnel_shape {funnel_shape!r} is not a shape of Figure 3")
    f = funnel[funnel_shape]
    lazy_plus = f["lazy_sign"] == 1
    named = {
        "funnel_kd_lazy": f["kd_plus"] if lazy_plus else f["kd_minus"],
        "funnel_kd_rich": f["kd_minus"] if lazy_plus else f["kd_plus"],
        "funnel_lazy_sign": f["lazy_sign"],
        "plateau_err": {key: v["plateau_err"] for key, v in funnel["plateau"].items()},
    }
    return _figure("fig3", named, dict(funnel))


def fig4(*, hierarchy: Mapping) -> dict:
    """Figure 4: the measurement of :func:`.hierarchy.measure`, as it is.

    - ``convergence_time_slope``: power-law exponent of the time to the loss threshold
      against ``|lam|`` at large ``|lam|``; ``slope_theory_gap``: it minus its
      theoretical value (-1), key ``convergence_time``.
    """
    exponent = hierarchy["sweep"]["fit"]["power_exponent"]
    named = {"convergence_time_slope": exponent, "slope_theory_gap": {"convergence_time": exponent + 1}}
    return _figure("fig4", named, dict(hierarchy))


def fig5(*, reversal: Mapping, continual: Mapping) -> dict:
    """Figure 5: ``reversal`` (:func:`.reversal.measure`), ``continual`` (:func:`.continual.measure`).

    - ``reversal_crossing_max_err``, ``reversal_stalls_at_zero``: Fig. 5a–b.
    - ``forgetting_lam_spread``: Fig. 5c–d.
    """
    named = {
        "reversal_crossing_max_err": reversal["crossing_max_err"],
        "reversal_stalls_at_zero": reversal["stalls_at_zero"],
        "forgetting_lam_spread": continual["forgetting_spread"],
    }
    return _figure("fig5", named, {"reversal": dict(reversal), "continual": dict(continual)})
