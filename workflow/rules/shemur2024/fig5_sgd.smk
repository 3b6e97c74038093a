# Figure 5: networks trained by minibatch SGD against their linearisation trained by the same
# batches. One job per run of the plan (exactdln.experiments.shemur2024.sgd.plan: activation,
# batch size and learning rate; the full batch; a rate where the linearised SGD does not
# contract; the two-hidden-layer network), then the measure.

FIGURES["shemur2024"].append("fig5")


rule shemur2024_sgd_run:
    input:
        library_modules("workflow/scripts/shemur2024/sgd_run.py"),
        data="results/shemur2024/data/teacher.npz",
    output:
        "results/shemur2024/sgd/{run}.npz",
    log:
        "logs/shemur2024/sgd/{run}.log",
    wildcard_constraints:
        run="|".join(S24_SGD_RUNS),
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1500,
    params:
        run=lambda wildcards: s24_sgd_plan()[wildcards.run],
        seed=S24["seed"],
        n_steps=S24["sgd"]["n_steps"],
        n_records=S24["sgd"]["n_records"],
        progress=config["progress"],
    script:
        "../../scripts/shemur2024/sgd_run.py"


rule shemur2024_sgd_measure:
    input:
        library_modules("workflow/scripts/shemur2024/sgd_measure.py"),
        **s24_sgd_runs(),
    output:
        "results/shemur2024/fig5/numbers.json",
    log:
        "logs/shemur2024/fig5/measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        runs=S24_SGD_RUNS,
        plan=s24_sgd_plan(),
        fit_min_width=S24["fit_min_width"],
        tolerance=S24["power_law_tolerance"],
    script:
        "../../scripts/shemur2024/sgd_measure.py"


rule shemur2024_fig5:
    input:
        library_modules("workflow/notebooks/shemur2024/fig5_sgd.py"),
        **s24_sgd_runs(),
        numbers="results/shemur2024/fig5/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/shemur2024/fig5.pdf",
        png=report(
            "figures/shemur2024/fig5.png",
            caption="../../report/shemur2024/fig5.rst",
            category="Part V: Shem-Ur & Oz 2024",
        ),
    log:
        "logs/shemur2024/fig5.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/shemur2024/fig5_sgd.py"
