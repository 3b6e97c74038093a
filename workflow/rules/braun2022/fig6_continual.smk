# Figure 6: continual learning and catastrophic forgetting. One job per task sequence
# (panel a, panels e-f) and per kind of targets, activation and share of the random draws
# (panels b-d).

FIGURES["braun2022"].append("fig6")
SETTINGS["continual"] = B22["continual"]
CONTINUAL = B22["continual"]
CONTINUAL_ACTIVATIONS = ["linear", "tanh", "relu"]
CONTINUAL_TARGETS = ["random", "teacher"]
# every (targets, activation, job) simulation of Figure 6b-d, grouped by targets and activation
CONTINUAL_JOBS = {
    f"{targets}_{activation}": expand(
        "results/braun2022/fig6/forgetting/{targets}_{activation}_{job}.npz",
        targets=targets,
        activation=activation,
        job=range(CONTINUAL["forgetting"]["n_jobs"][activation]),
    )
    for targets in CONTINUAL_TARGETS
    for activation in CONTINUAL_ACTIVATIONS
}


rule braun2022_continual_sequence:
    input:
        library_modules("workflow/scripts/braun2022/continual_sequence.py"),
    output:
        "results/braun2022/fig6/{part}.npz",
    log:
        "logs/braun2022/continual/{part}.log",
    wildcard_constraints:
        part="sequence|matrix",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        runs=CONTINUAL,
        progress=config["progress"],
    script:
        "../../scripts/braun2022/continual_sequence.py"


rule braun2022_continual_forgetting:
    input:
        library_modules("workflow/scripts/braun2022/continual_forgetting.py"),
    output:
        "results/braun2022/fig6/forgetting/{targets}_{activation}_{job}.npz",
    log:
        "logs/braun2022/continual/forgetting_{targets}_{activation}_{job}.log",
    wildcard_constraints:
        targets="random|teacher",
        activation="linear|tanh|relu",
        job=r"[0-9]+",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1000,
    params:
        run=CONTINUAL["forgetting"],
        progress=config["progress"],
    script:
        "../../scripts/braun2022/continual_forgetting.py"


rule braun2022_continual_measure:
    input:
        library_modules("workflow/scripts/braun2022/continual_measure.py"),
        **CONTINUAL_JOBS,
        sequence="results/braun2022/fig6/sequence.npz",
        matrix="results/braun2022/fig6/matrix.npz",
    output:
        numbers="results/braun2022/fig6/numbers.json",
        forgetting="results/braun2022/fig6/forgetting.npz",
    log:
        "logs/braun2022/continual/measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=CONTINUAL,
        activations=CONTINUAL_ACTIVATIONS,
        targets=CONTINUAL_TARGETS,
    script:
        "../../scripts/braun2022/continual_measure.py"


rule braun2022_fig6:
    input:
        library_modules("workflow/notebooks/braun2022/fig6_continual.py"),
        sequence="results/braun2022/fig6/sequence.npz",
        matrix="results/braun2022/fig6/matrix.npz",
        forgetting="results/braun2022/fig6/forgetting.npz",
        numbers="results/braun2022/fig6/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/braun2022/fig6.pdf",
        png=report(
            "figures/braun2022/fig6.png",
            caption="../../report/braun2022/fig6.rst",
            category="Part I: Braun et al. 2022",
        ),
    log:
        "logs/braun2022/fig6.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/braun2022/fig6_continual.py"
