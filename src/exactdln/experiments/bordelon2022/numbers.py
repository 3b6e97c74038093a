"""``results/bordelon2022/numbers.json``: every number the issue names, from the six figures.

:func:`gather` takes the dicts of the figures' ``measure`` functions (the files
``results/bordelon2022/figN/numbers.json``, keyed ``fig1`` ... ``fig6``) and puts the
named numbers at the top level (plain numbers, booleans, or flat maps of them), with
the supporting evidence under additional keys and every figure's full measurement
under ``figure1`` ... ``figure6``.
"""

from __future__ import annotations

from collections.abc import Mapping


def _dmft(fig1: dict, fig3: dict, fig6: dict) -> dict:
    """The DMFT numbers the issue names (see :func:`gather`)."""
    gammas = {f"g{i}": f"{g:g}" for i, g in enumerate(fig3["gamma0s"])}
    slopes = {f"fig1_{rule}": v for rule, v in fig1["width_slope"].items()}
    slopes |= {f"fig3_gamma0_{gammas[k]}": v for k, v in fig3["width_slope"].items()}
    slopes |= {f"deep_{case}": v for case, v in fig6["width_slope"].items()}
    seconds = {f"fig1_{rule}": v for rule, v in fig1["dmft_seconds"].items()}
    seconds |= {f"fig3_gamma0_{gammas[k]}": v for k, v in fig3["seconds"].items()}
    seconds |= {f"deep_{case}": v for case, v in fig6["seconds"].items()}
    return {
        "dmft_linear_vs_closure_max_err": fig6["linear_gap"],
        "dmft_linear_mc_error": fig6["linear_mc_error"],
        "dmft_linear_vs_closure_euler_err": fig6["linear_gap_euler"],
        "dmft_lazy_limit_max_err": fig6["lazy_gap"],
        "dmft_lazy_limit_mc_error": fig6["lazy_mc_error"],
        "dmft_lazy_limit_gap_in_mc_errors": fig6["lazy_gap_in_errors"],
        "dmft_width_slopes": slopes,
        "dmft_mc_error_slope": fig6["mc_slope"],
        "dmft_error_smaller_for_larger_gamma0": fig3["error_smaller_for_larger_gamma0"],
        "dmft_seconds": seconds,
        "dmft_cost_exponents": fig6["cost_exponents"],
    }


def gather(figures: Mapping[str, dict]) -> dict:
    """The named numbers of Part IV from ``figures["fig1"]`` ... ``figures["fig5"]``.

    - ``gd_closure_vs_exact_solver``: largest gap between the two-layer GD closure
      (DOP853) and :class:`~exactdln.exact.ExactSolution` through the scalar
      lambda-balanced map (Fig. 5's theory job).
    - ``eq7_factor``: 2 if the closure with the factor 2 is closer to wide GD networks
      than the printed Eq. 7, else 1; ``eq7_gap_with_factor`` / ``eq7_gap_without_factor``.
    - ``closure_vs_width_slopes``: ``{"fig2", "fig4", "fig5"}``, log-log slopes of the
      squared network-theory gap against ``N`` (theory -1).
    - ``delta_h_slope_small_gamma`` per curve (theory 2 for GD and FA; Eq. 8 gives 1 for
      Hebb), ``delta_h_slope_large_gamma_gd`` (theory 1), ``delta_h_slope_large_gamma_fa``
      (rho = 0; theory 2/3), with the closures' slopes over the same windows.
    - ``lazy_kernel_layer_weights_err`` (closed form) and ``..._gap_networks``.
    - ``fa_rho_ordering``: the three orderings in networks (closure under ``..._closure``).
    - ``fig1_fa_alignment_first_lowest``, ``fig1_fa_alignment_final_above_gd``.
    - ``dfa_alignment_grows_with_gamma0``.
    - ``gln_prefactor``: the offset ``c - L`` of the fitted prefactor ``c`` of the lazy GLN
      kernel, rounded (1: ``L + 1``; 0: the printed ``L``), with the unrounded evidence.
    - ``g_tilde_init_offset``: 1 if ``G~_l(0) = rho^(L + 1 - l)`` fits the networks better
      than the printed ``rho^(L - l)`` (0 otherwise), with both gaps.
    - The DMFT (Figures 1, 3 and 6): ``dmft_linear_vs_closure_max_err``, the largest relative gap
      of a linear solve (extrapolated in ``dt``) to its closure, beside ``dmft_linear_mc_error``
      (and ``..._euler_err`` before the extrapolation); ``dmft_lazy_limit_max_err`` beside
      ``dmft_lazy_limit_mc_error`` (and the largest gap in Monte Carlo errors,
      ``dmft_lazy_limit_gap_in_mc_errors``); ``dmft_width_slopes`` by case (``fig1_<rule>``,
      ``fig3_gamma0_<value>``, ``deep_<case>``): the log-log slope of the relative squared eNTK
      gap of networks to the DMFT against ``N``; ``dmft_mc_error_slope`` per solver (theory
      -1/2); ``dmft_error_smaller_for_larger_gamma0`` (Figure 3); ``dmft_seconds`` (CPU seconds
      of each solve, by the same case names) and ``dmft_cost_exponents``.
    """
    fig1, fig2, fig3, fig4, g5, fig6 = (figures[f"fig{n}"] for n in range(1, 7))
    return {
        "gd_closure_vs_exact_solver": g5["gd_closure_vs_exact_solver"],
        "eq7_factor": g5["eq7_factor"],
        "eq7_gap_with_factor": g5["eq7_gap_with_factor"],
        "eq7_gap_without_factor": g5["eq7_gap_without_factor"],
        "closure_vs_width_slopes": {
            "fig2": fig2["width_slope"],
            "fig4": fig4["width_slope"],
            "fig5": g5["width_slope"],
        },
        "delta_h_slope_small_gamma": g5["delta_h_slope_small_gamma"],
        "delta_h_slope_small_gamma_theory": g5["delta_h_slope_small_gamma_theory"],
        "delta_h_slope_large_gamma_gd": g5["delta_h_slope_large_gamma"]["gd"],
        "delta_h_slope_large_gamma_fa": g5["delta_h_slope_large_gamma"]["fa_rho0"],
        "delta_h_slope_large_gamma_theory": g5["delta_h_slope_large_gamma_theory"],
        "lazy_kernel_layer_weights_err": fig2["layer_weights_error"],
        "lazy_kernel_layer_weights_gap_networks": fig2["layer_weights_gap_networks"],
        "fa_rho_ordering": fig4["ordering"],
        "fa_rho_ordering_closure": fig4["ordering_closure"],
        "fig1_fa_alignment_first_lowest": fig1["fa_alignment_first_lowest"],
        "fig1_fa_alignment_final_above_gd": fig1["fa_alignment_final_above_gd"],
        "dfa_alignment_grows_with_gamma0": fig3["alignment_grows_with_gamma0"],
        "gln_prefactor": fig2["gln_prefactor"],
        "gln_prefactor_offset_fitted": fig2["gln_prefactor_offset"],
        "g_tilde_init_offset": int(fig4["g_tilde_init_gap_ours"] < fig4["g_tilde_init_gap_printed"]),
        "g_tilde_init_gap_ours": fig4["g_tilde_init_gap_ours"],
        "g_tilde_init_gap_printed": fig4["g_tilde_init_gap_printed"],
        **_dmft(fig1, fig3, fig6),
        # every figure's full measurement; named figureN, not figN, so that their macros
        # (\BordelonFigureOne...) cannot collide with the named fig1_... keys (\BordelonFigOne...)
        "figure1": fig1,
        "figure2": fig2,
        "figure3": fig3,
        "figure4": fig4,
        "figure5": g5,
        "figure6": fig6,
    }
