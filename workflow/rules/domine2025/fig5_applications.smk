# Figure 5 (ours): applications across lam; reversal learning (zero crossings, the stall
# at lam = 0) and continual learning (forgetting independent of lam). One job each.

FIGURES["domine2025"].append("fig5")


rule domine2025_reversal:
    input:
        library_modules("workflow/scripts/domine2025/reversal.py"),
    output:
        data="results/domine2025/fig5/reversal.npz",
        numbers="results/domine2025/fig5/reversal.json",
    log:
        "logs/domine2025/reversal.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1000,
    params:
        run=D25["reversal"],
        eta_max=D25["eta_max"],
        eta_lam=D25["eta_lam"],
        progress=config["progress"],
    script:
        "../../scripts/domine2025/reversal.py"


rule domine2025_continual:
    input:
        library_modules("workflow/scripts/domine2025/continual.py"),
    output:
        data="results/domine2025/fig5/continual.npz",
        numbers="results/domine2025/fig5/continual.json",
    log:
        "logs/domine2025/continual.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=D25["continual"],
    script:
        "../../scripts/domine2025/continual.py"


# Figure 5's numbers: reversal's and continual learning's measurements.
rule domine2025_applications_measure:
    input:
        library_modules("workflow/scripts/domine2025/measure.py"),
        reversal="results/domine2025/fig5/reversal.json",
        continual="results/domine2025/fig5/continual.json",
    output:
        "results/domine2025/fig5/numbers.json",
    log:
        "logs/domine2025/applications_measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=500,
    params:
        figure="fig5",
        options={},
    script:
        "../../scripts/domine2025/measure.py"


rule domine2025_fig5:
    input:
        library_modules("workflow/notebooks/domine2025/fig5_applications.py"),
        reversal="results/domine2025/fig5/reversal.npz",
        continual="results/domine2025/fig5/continual.npz",
        numbers="results/domine2025/fig5/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/domine2025/fig5.pdf",
        png=report(
            "figures/domine2025/fig5.png",
            caption="../../report/domine2025/fig5.rst",
            category="Part II: Dominé et al. 2025",
        ),
    log:
        "logs/domine2025/fig5.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/domine2025/fig5_applications.py"
