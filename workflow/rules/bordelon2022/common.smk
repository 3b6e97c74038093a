# Part IV's shared names and helper functions (rule files hold only rules).

BP22_RULES = ["gd", "fa", "gln", "hebb"]  # Figure 1's rules, in the source's order
BP22_LAZY_WIDTHS = [str(n) for n in BP22["lazy_kernels"]["widths"]]
BP22_DFA_GAMMAS = [f"g{i}" for i in range(len(BP22["dfa_tanh"]["gamma0s"]))]
BP22_FA_WIDTHS = [str(n) for n in BP22["deep_fa"]["widths"]]
BP22_FEATURE_RULES = list(BP22["feature_change"]["rules"])


def bordelon_problems(cfg):
    """Checks of the `bordelon2022` block that the schema cannot express."""

    def increasing(values):
        return all(b > a for a, b in zip(values, values[1:]))

    lazy, dfa, fa, fc = (
        cfg["lazy_kernels"],
        cfg["dfa_tanh"],
        cfg["deep_fa"],
        cfg["feature_change"],
    )
    gammas = fc["gamma0s"]
    problems = [
        (
            not increasing(lazy["rhos"]),
            f"bordelon2022.lazy_kernels.rhos={lazy['rhos']} must increase",
        ),
        (
            not increasing(fa["rhos"]),
            f"bordelon2022.deep_fa.rhos={fa['rhos']} must increase",
        ),
        (
            not increasing(dfa["gamma0s"]),
            f"bordelon2022.dfa_tanh.gamma0s={dfa['gamma0s']} must increase",
        ),
        (
            not increasing(gammas),
            f"bordelon2022.feature_change.gamma0s={gammas} must increase",
        ),
        (
            fc["width"] % 2 != 0,
            f"bordelon2022.feature_change.width={fc['width']} must be even (paired initialisation)",
        ),
        (
            any(n % 2 for n in fc["width_study"]["widths"]),
            f"bordelon2022.feature_change.width_study.widths={fc['width_study']['widths']} must be even",
        ),
    ]
    for key in ("small_window", "large_window"):
        lo, hi = fc[key]
        inside = [g for g in gammas if lo <= g <= hi]
        problems.append(
            (
                hi <= lo or len(inside) < 2,
                f"bordelon2022.feature_change.{key}={fc[key]} must be increasing and hold at "
                f"least two of bordelon2022.feature_change.gamma0s",
            )
        )
    for name, spec in fc["rules"].items():
        problems.append(
            (
                (spec["rule"] == "fa") != ("rho" in spec),
                f"bordelon2022.feature_change.rules.{name}: rule fa needs rho, the other rules take none",
            )
        )
    return problems


def bordelon_runs(template, names):
    """``{name: path}`` of one result file per name (for a notebook's or a measure rule's inputs)."""
    return {name: template.format(name=name) for name in names}
