# Figures: each is a jupytext notebook (workflow/notebooks/) that only reads results and plots.


rule fig1:
    input:
        data="results/fig1/dynamics.npz",
        numbers="results/fig1/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/fig1.pdf",
        png=report("figures/fig1.png", caption="../report/fig1.rst", category="Figures"),
    log:
        "logs/fig1.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../notebooks/fig1_initialisation.py"


rule fig2:
    input:
        tracking="results/fig2/tracking.npz",
        learning_rate="results/fig2/learning_rate.npz",
        numbers="results/fig2/learning_rate.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/fig2.pdf",
        png=report("figures/fig2.png", caption="../report/fig2.rst", category="Figures"),
    log:
        "logs/fig2.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../notebooks/fig2_tracking.py"
