# Part IV's shared names and helper functions (rule files hold only rules).

BP22_RULES = ["gd", "fa", "gln", "hebb"]  # Figure 1's rules, in the source's order
BP22_LAZY_WIDTHS = [str(n) for n in BP22["lazy_kernels"]["widths"]]
BP22_DFA_GAMMAS = [f"g{i}" for i in range(len(BP22["dfa_tanh"]["gamma0s"]))]
BP22_FA_WIDTHS = [str(n) for n in BP22["deep_fa"]["widths"]]
BP22_FEATURE_RULES = list(BP22["feature_change"]["rules"])


def bordelon_runs(template, names):
    """``{name: path}`` of one result file per name (for a notebook's or a measure rule's inputs)."""
    return {name: template.format(name=name) for name in names}


BP22_DEEP_CASES = list(BP22["deep_rules"]["cases"])
BP22_PARTICLE_CASES = list(BP22["deep_rules"]["particle_study"]["cases"])
BP22_DMFT_CHECKS = ["linear", "lazy", "monte_carlo", "cost"]
