# Figure 4 (ours): the semantic hierarchy across lam; final representations, loss curves
# and the time to a loss threshold against |lam| with its fitted law.

FIGURES["domine2025"].append("fig4")


rule domine2025_hierarchy:
    input:
        library_modules("workflow/scripts/domine2025/hierarchy.py"),
    output:
        data="results/domine2025/fig4/hierarchy.npz",
        sweep="results/domine2025/fig4/sweep.npz",
        numbers="results/domine2025/fig4/hierarchy.json",
    log:
        "logs/domine2025/hierarchy.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1000,
    params:
        run=D25["hierarchy"],
        eta_max=D25["eta_max"],
        eta_lam=D25["eta_lam"],
        progress=config["progress"],
    script:
        "../../scripts/domine2025/hierarchy.py"


# Figure 4's numbers: the hierarchy's measurements, and the convergence-time exponent.
rule domine2025_hierarchy_measure:
    input:
        library_modules("workflow/scripts/domine2025/measure.py"),
        hierarchy="results/domine2025/fig4/hierarchy.json",
    output:
        "results/domine2025/fig4/numbers.json",
    log:
        "logs/domine2025/hierarchy_measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=500,
    params:
        figure="fig4",
        options={},
    script:
        "../../scripts/domine2025/measure.py"


rule domine2025_fig4:
    input:
        library_modules("workflow/notebooks/domine2025/fig4_hierarchy.py"),
        data="results/domine2025/fig4/hierarchy.npz",
        sweep="results/domine2025/fig4/sweep.npz",
        numbers="results/domine2025/fig4/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/domine2025/fig4.pdf",
        png=report(
            "figures/domine2025/fig4.png",
            caption="../../report/domine2025/fig4.rst",
            category="Part II: Dominé et al. 2025",
        ),
    log:
        "logs/domine2025/fig4.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/domine2025/fig4_hierarchy.py"
