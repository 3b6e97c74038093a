# Figure 7: reversal learning at a saddle, and new structure on top of prior knowledge.
# Four independent computations (one job each), then the measured numbers and the figure.

FIGURE_NAMES.append("fig7")
MEASURED["reversal"] = "results/fig7/numbers.json"
REVERSAL_PARTS = ["saddle", "shallow", "stall", "hierarchy"]


rule reversal_run:
    input:
        LIBRARY,
    output:
        "results/fig7/{part}.npz",
    log:
        "logs/reversal/{part}.log",
    wildcard_constraints:
        part="|".join(REVERSAL_PARTS),
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=config["reversal"],
        progress=config["progress"],
    script:
        "../scripts/reversal_run.py"


rule reversal_measure:
    input:
        library=LIBRARY,
        saddle="results/fig7/saddle.npz",
        shallow="results/fig7/shallow.npz",
        stall="results/fig7/stall.npz",
        hierarchy="results/fig7/hierarchy.npz",
    output:
        "results/fig7/numbers.json",
    log:
        "logs/reversal/measure.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=config["reversal"],
    script:
        "../scripts/reversal_measure.py"


rule fig7:
    input:
        saddle="results/fig7/saddle.npz",
        shallow="results/fig7/shallow.npz",
        stall="results/fig7/stall.npz",
        hierarchy="results/fig7/hierarchy.npz",
        numbers="results/fig7/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/fig7.pdf",
        png=report("figures/fig7.png", caption="../report/fig7.rst", category="Figures"),
    log:
        "logs/fig7.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../notebooks/fig7_reversal.py"
