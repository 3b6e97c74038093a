# Figure 5: fast vs slow, rich vs lazy. One simulation job per task and initialisation family.

FIGURES["braun2022"].append("fig5")
SETTINGS["regimes"] = B22["regimes"]
REGIMES = B22["regimes"]
REGIMES_TASKS = list(REGIMES["tasks"])
REGIMES_FAMILIES = ["balanced", "gaussian"]
REGIMES_RUNS = expand(
    "results/braun2022/fig5/{task}_{family}.npz",
    task=REGIMES_TASKS,
    family=REGIMES_FAMILIES,
)
# the same files by name (task_family), for the figure notebook
REGIMES_NAMED_RUNS = {Path(path).stem: path for path in REGIMES_RUNS}


rule braun2022_regimes_run:
    input:
        library_modules("workflow/scripts/braun2022/regimes_run.py"),
    output:
        "results/braun2022/fig5/{task}_{family}.npz",
    log:
        "logs/braun2022/regimes/{task}_{family}.log",
    wildcard_constraints:
        task="|".join(REGIMES_TASKS),
        family="balanced|gaussian",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1000,
    params:
        run=REGIMES,
        progress=config["progress"],
    script:
        "../../scripts/braun2022/regimes_run.py"


rule braun2022_regimes_measure:
    input:
        library_modules("workflow/scripts/braun2022/regimes_measure.py"),
        runs=REGIMES_RUNS,
    output:
        "results/braun2022/fig5/numbers.json",
    log:
        "logs/braun2022/regimes/measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=REGIMES,
        tasks=REGIMES_TASKS,
        families=REGIMES_FAMILIES,
    script:
        "../../scripts/braun2022/regimes_measure.py"


rule braun2022_fig5:
    input:
        library_modules("workflow/notebooks/braun2022/fig5_regimes.py"),
        **REGIMES_NAMED_RUNS,
        numbers="results/braun2022/fig5/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/braun2022/fig5.pdf",
        png=report(
            "figures/braun2022/fig5.png",
            caption="../../report/braun2022/fig5.rst",
            category="Part I: Braun et al. 2022",
        ),
    log:
        "logs/braun2022/fig5.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/braun2022/fig5_regimes.py"
