# Figure 2: (a-b) the exact solution tracks every quantity of one simulated network;
# (c-d) over random configurations the simulated loss converges to the exact one at
# first order in the learning rate (one simulation job per learning rate and chunk).
# The figure's numbers: both computations' numbers in results/braun2022/fig2/numbers.json.

FIGURES["braun2022"].append("fig2")
SETTINGS["tracking"] = B22["tracking"]
SETTINGS["learning_rate"] = B22["learning_rate"]


rule braun2022_tracking:
    input:
        library_modules("workflow/scripts/braun2022/tracking.py"),
    output:
        data="results/braun2022/fig2/tracking.npz",
        numbers="results/braun2022/fig2/tracking.json",
    log:
        "logs/braun2022/tracking.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1000,
    params:
        run=B22["tracking"],
        progress=config["progress"],
    script:
        "../../scripts/braun2022/tracking.py"


rule braun2022_learning_rate_configs:
    input:
        library_modules("workflow/scripts/braun2022/learning_rate_configs.py"),
    output:
        "results/braun2022/fig2/learning_rate/configs.json",
    log:
        "logs/braun2022/learning_rate/configs.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=500,
    params:
        run=LR_CONFIG,
    script:
        "../../scripts/braun2022/learning_rate_configs.py"


rule braun2022_learning_rate_simulate:
    input:
        library_modules("workflow/scripts/braun2022/learning_rate_simulate.py"),
        configs="results/braun2022/fig2/learning_rate/configs.json",
    output:
        "results/braun2022/fig2/learning_rate/eta{eta}_chunk{chunk}.npz",
    log:
        "logs/braun2022/learning_rate/eta{eta}_chunk{chunk}.log",
    wildcard_constraints:
        eta=r"[0-9][0-9.e+-]*",
        chunk=r"[0-9]+",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=30,
        mem_mb=2000,
    params:
        target_std=LR_CONFIG["target_std"],
        progress=config["progress"],
    script:
        "../../scripts/braun2022/learning_rate_simulate.py"


rule braun2022_learning_rate_exact:
    input:
        library_modules("workflow/scripts/braun2022/learning_rate_exact.py"),
        configs="results/braun2022/fig2/learning_rate/configs.json",
    output:
        "results/braun2022/fig2/learning_rate/exact.npz",
    log:
        "logs/braun2022/learning_rate/exact.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1000,
    params:
        target_std=LR_CONFIG["target_std"],
    script:
        "../../scripts/braun2022/learning_rate_exact.py"


rule braun2022_learning_rate_measure:
    input:
        library_modules("workflow/scripts/braun2022/learning_rate_measure.py"),
        configs="results/braun2022/fig2/learning_rate/configs.json",
        exact="results/braun2022/fig2/learning_rate/exact.npz",
        runs=learning_rate_runs,
    output:
        data="results/braun2022/fig2/learning_rate.npz",
        numbers="results/braun2022/fig2/learning_rate.json",
    log:
        "logs/braun2022/learning_rate/measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        n_examples=LR_CONFIG["n_examples"],
        mse_bound=LR_CONFIG["mse_bound"],
    script:
        "../../scripts/braun2022/learning_rate_measure.py"


rule braun2022_tracking_numbers:
    input:
        library_modules("workflow/scripts/braun2022/figure_numbers.py"),
        tracking="results/braun2022/fig2/tracking.json",
        learning_rate="results/braun2022/fig2/learning_rate.json",
    output:
        "results/braun2022/fig2/numbers.json",
    log:
        "logs/braun2022/tracking_numbers.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=500,
    script:
        "../../scripts/braun2022/figure_numbers.py"


rule braun2022_fig2:
    input:
        library_modules("workflow/notebooks/braun2022/fig2_tracking.py"),
        tracking="results/braun2022/fig2/tracking.npz",
        learning_rate="results/braun2022/fig2/learning_rate.npz",
        numbers="results/braun2022/fig2/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/braun2022/fig2.pdf",
        png=report(
            "figures/braun2022/fig2.png",
            caption="../../report/braun2022/fig2.rst",
            category="Part I: Braun et al. 2022",
        ),
    log:
        "logs/braun2022/fig2.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/braun2022/fig2_tracking.py"
