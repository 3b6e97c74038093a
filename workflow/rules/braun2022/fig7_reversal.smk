# Figure 7: reversal learning at a saddle, and new structure on top of prior knowledge.
# Four independent computations (one job each), then the measured numbers and the figure.

FIGURES["braun2022"].append("fig7")
SETTINGS["reversal"] = B22["reversal"]
REVERSAL_PARTS = ["saddle", "shallow", "stall", "hierarchy"]


rule braun2022_reversal_run:
    input:
        library_modules("workflow/scripts/braun2022/reversal_run.py"),
    output:
        "results/braun2022/fig7/{part}.npz",
    log:
        "logs/braun2022/reversal/{part}.log",
    wildcard_constraints:
        part="|".join(REVERSAL_PARTS),
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=B22["reversal"],
        progress=config["progress"],
    script:
        "../../scripts/braun2022/reversal_run.py"


rule braun2022_reversal_measure:
    input:
        library_modules("workflow/scripts/braun2022/reversal_measure.py"),
        saddle="results/braun2022/fig7/saddle.npz",
        shallow="results/braun2022/fig7/shallow.npz",
        stall="results/braun2022/fig7/stall.npz",
        hierarchy="results/braun2022/fig7/hierarchy.npz",
    output:
        "results/braun2022/fig7/numbers.json",
    log:
        "logs/braun2022/reversal/measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=B22["reversal"],
    script:
        "../../scripts/braun2022/reversal_measure.py"


rule braun2022_fig7:
    input:
        library_modules("workflow/notebooks/braun2022/fig7_reversal.py"),
        saddle="results/braun2022/fig7/saddle.npz",
        shallow="results/braun2022/fig7/shallow.npz",
        stall="results/braun2022/fig7/stall.npz",
        hierarchy="results/braun2022/fig7/hierarchy.npz",
        numbers="results/braun2022/fig7/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/braun2022/fig7.pdf",
        png=report(
            "figures/braun2022/fig7.png",
            caption="../../report/braun2022/fig7.rst",
            category="Part I: Braun et al. 2022",
        ),
    log:
        "logs/braun2022/fig7.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/braun2022/fig7_reversal.py"
