# Figure 6: continual learning and catastrophic forgetting. One job per task sequence
# (panel a, panels d-e) and per activation and share of the random draws (panels b-c).

FIGURE_NAMES.append("fig6")
MEASURED["continual"] = "results/fig6/numbers.json"
CONTINUAL = config["continual"]
CONTINUAL_ACTIVATIONS = ["linear", "tanh", "relu"]
# every (activation, job) simulation of Figure 6b-c, grouped by activation
CONTINUAL_JOBS = {
    activation: expand(
        "results/fig6/forgetting/{activation}_{job}.npz",
        activation=activation,
        job=range(CONTINUAL["forgetting"]["n_jobs"][activation]),
    )
    for activation in CONTINUAL_ACTIVATIONS
}


rule continual_sequence:
    input:
        LIBRARY,
    output:
        "results/fig6/{part}.npz",
    log:
        "logs/continual/{part}.log",
    wildcard_constraints:
        part="sequence|matrix",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        runs=CONTINUAL,
        progress=config["progress"],
    script:
        "../scripts/continual_sequence.py"


rule continual_forgetting:
    input:
        LIBRARY,
    output:
        "results/fig6/forgetting/{activation}_{job}.npz",
    log:
        "logs/continual/forgetting_{activation}_{job}.log",
    wildcard_constraints:
        activation="linear|tanh|relu",
        job=r"[0-9]+",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1000,
    params:
        run=CONTINUAL["forgetting"],
        progress=config["progress"],
    script:
        "../scripts/continual_forgetting.py"


rule continual_measure:
    input:
        LIBRARY,
        **CONTINUAL_JOBS,
        sequence="results/fig6/sequence.npz",
        matrix="results/fig6/matrix.npz",
    output:
        numbers="results/fig6/numbers.json",
        forgetting="results/fig6/forgetting.npz",
    log:
        "logs/continual/measure.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=CONTINUAL,
        activations=CONTINUAL_ACTIVATIONS,
    script:
        "../scripts/continual_measure.py"


rule fig6:
    input:
        sequence="results/fig6/sequence.npz",
        matrix="results/fig6/matrix.npz",
        forgetting="results/fig6/forgetting.npz",
        numbers="results/fig6/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/fig6.pdf",
        png=report("figures/fig6.png", caption="../report/fig6.rst", category="Figures"),
    log:
        "logs/fig6.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../notebooks/fig6_continual.py"
