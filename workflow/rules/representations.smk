# Figure 3: the same function, different representations (semantic hierarchy).


FIGURE_NAMES.append("fig3")
MEASURED["representations"] = "results/fig3/numbers.json"


rule representations:
    input:
        LIBRARY,
    output:
        data="results/fig3/representations.npz",
        numbers="results/fig3/numbers.json",
    log:
        "logs/representations.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=config["representations"],
        progress=config["progress"],
    script:
        "../scripts/representations.py"


rule fig3:
    input:
        data="results/fig3/representations.npz",
        numbers="results/fig3/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/fig3.pdf",
        png=report("figures/fig3.png", caption="../report/fig3.rst", category="Figures"),
    log:
        "logs/fig3.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../notebooks/fig3_representations.py"
