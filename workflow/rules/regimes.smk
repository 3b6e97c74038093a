# Figure 5: fast vs slow, rich vs lazy. One simulation job per task and initialisation family.

FIGURE_NAMES.append("fig5")
MEASURED["regimes"] = "results/fig5/numbers.json"
REGIMES = config["regimes"]
REGIMES_TASKS = list(REGIMES["tasks"])
REGIMES_FAMILIES = ["balanced", "gaussian"]
REGIMES_RUNS = expand(
    "results/fig5/{task}_{family}.npz", task=REGIMES_TASKS, family=REGIMES_FAMILIES
)
# the same files by name (task_family), for the figure notebook
REGIMES_NAMED_RUNS = {Path(path).stem: path for path in REGIMES_RUNS}


rule regimes_run:
    input:
        LIBRARY,
    output:
        "results/fig5/{task}_{family}.npz",
    log:
        "logs/regimes/{task}_{family}.log",
    wildcard_constraints:
        task="|".join(REGIMES_TASKS),
        family="balanced|gaussian",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1000,
    params:
        run=REGIMES,
        progress=config["progress"],
    script:
        "../scripts/regimes_run.py"


rule regimes_measure:
    input:
        LIBRARY,
        runs=REGIMES_RUNS,
    output:
        "results/fig5/numbers.json",
    log:
        "logs/regimes/measure.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=REGIMES,
        tasks=REGIMES_TASKS,
        families=REGIMES_FAMILIES,
    script:
        "../scripts/regimes_measure.py"


rule fig5:
    input:
        **REGIMES_NAMED_RUNS,
        numbers="results/fig5/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/fig5.pdf",
        png=report("figures/fig5.png", caption="../report/fig5.rst", category="Figures"),
    log:
        "logs/fig5.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../notebooks/fig5_regimes.py"
