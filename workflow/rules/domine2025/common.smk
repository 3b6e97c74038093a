# Part II's shared names and helper functions (rule files hold only rules).

MINIMAL_SHAPES = list(D25["minimal"]["shapes"])
# Figure 1's per-shape results as named inputs of its notebook: shape_3_3_3, ...
MINIMAL_NAMED = {
    "shape_" + shape.replace("-", "_"): f"results/domine2025/fig1/{shape}.npz"
    for shape in MINIMAL_SHAPES
}


def domine_numbers(wildcards):
    """Every measured-number file that `domine2025_measure` gathers into numbers.json."""
    return {
        "minimal": expand("results/domine2025/fig1/{shape}.json", shape=MINIMAL_SHAPES),
        "modes": "results/domine2025/fig2/modes.json",
        "lazy_ntk": "results/domine2025/fig2/lazy_ntk.json",
        "funnel": "results/domine2025/fig3/funnel.json",
        "hierarchy": "results/domine2025/fig4/hierarchy.json",
        "reversal": "results/domine2025/fig5/reversal.json",
        "continual": "results/domine2025/fig5/continual.json",
    }
