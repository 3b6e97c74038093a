# Figure 3: mode strengths on hierarchical data, linear and tanh networks (one job each); the
# measure writes the figure's numbers (results/saxe2014/fig3/numbers.json).

FIGURES["saxe2014"].append("fig3")


rule saxe2014_hierarchy:
    input:
        library_modules("workflow/scripts/saxe2014/hierarchy.py"),
    output:
        "results/saxe2014/fig3/{network}.npz",
    log:
        "logs/saxe2014/hierarchy/{network}.log",
    wildcard_constraints:
        network="|".join(HIERARCHY_NETWORKS),
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1000,
    params:
        run=S14["hierarchy"],
        progress=config["progress"],
    script:
        "../../scripts/saxe2014/hierarchy.py"


rule saxe2014_hierarchy_measure:
    input:
        library_modules("workflow/scripts/saxe2014/hierarchy_measure.py"),
        linear="results/saxe2014/fig3/linear.npz",
        tanh="results/saxe2014/fig3/tanh.npz",
    output:
        "results/saxe2014/fig3/numbers.json",
    log:
        "logs/saxe2014/hierarchy_measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        networks=HIERARCHY_NETWORKS,
    script:
        "../../scripts/saxe2014/hierarchy_measure.py"


rule saxe2014_fig3:
    input:
        library_modules("workflow/notebooks/saxe2014/fig3_hierarchy.py"),
        linear="results/saxe2014/fig3/linear.npz",
        tanh="results/saxe2014/fig3/tanh.npz",
        numbers="results/saxe2014/fig3/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/saxe2014/fig3.pdf",
        png=report(
            "figures/saxe2014/fig3.png",
            caption="../../report/saxe2014/fig3.rst",
            category="Part III: Saxe et al. 2014",
        ),
    log:
        "logs/saxe2014/fig3.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/saxe2014/fig3_hierarchy.py"
