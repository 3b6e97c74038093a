# Figure 3: (a) the gap over training time at several widths (the runs of Figure 1);
# (b) a lambda-balanced linear network against its linearisation, both exact; the measure of both.

FIGURES["shemur2024"].append("fig3")


rule shemur2024_linear_exact:
    input:
        library_modules("workflow/scripts/shemur2024/linear_exact.py"),
    output:
        "results/shemur2024/linear_exact.npz",
    log:
        "logs/shemur2024/linear_exact.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=S24["linear_exact"],
    script:
        "../../scripts/shemur2024/linear_exact.py"


rule shemur2024_time_measure:
    input:
        library_modules("workflow/scripts/shemur2024/time_measure.py"),
        **s24_merged_runs("teacher"),
        linear="results/shemur2024/linear_exact.npz",
    output:
        "results/shemur2024/fig3/numbers.json",
    log:
        "logs/shemur2024/fig3/measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        activations=S24_ACTIVATIONS,
        fit_min_lam=S24["linear_exact"]["fit_min_lam"],
        time_widths=S24["width"]["time_widths"],
    script:
        "../../scripts/shemur2024/time_measure.py"


rule shemur2024_fig3:
    input:
        library_modules("workflow/notebooks/shemur2024/fig3_time.py"),
        **s24_merged_runs("teacher"),
        linear="results/shemur2024/linear_exact.npz",
        numbers="results/shemur2024/fig3/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/shemur2024/fig3.pdf",
        png=report(
            "figures/shemur2024/fig3.png",
            caption="../../report/shemur2024/fig3.rst",
            category="Part V: Shem-Ur & Oz 2024",
        ),
    log:
        "logs/shemur2024/fig3.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/shemur2024/fig3_time.py"
