# Figure 2: the exact correlations at initialisation against width (with their finite-difference
# step study) and Chizat et al.'s output-scale sweep from plain and doubling starts.

FIGURES["shemur2024"].append("fig2")


rule shemur2024_correlations:
    input:
        library_modules("workflow/scripts/shemur2024/correlations.py"),
        data="results/shemur2024/data/teacher.npz",
    output:
        sweep="results/shemur2024/correlations/sweep.npz",
        fd="results/shemur2024/correlations/fd.npz",
    log:
        "logs/shemur2024/correlations.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1500,
    params:
        run=S24["correlations"],
        activations=S24_ACTIVATIONS,
        seed=S24["seed"],
    script:
        "../../scripts/shemur2024/correlations.py"


rule shemur2024_output_scale:
    input:
        library_modules("workflow/scripts/shemur2024/output_scale.py"),
        data="results/shemur2024/data/teacher.npz",
    output:
        **s24_scale_runs(),
    log:
        "logs/shemur2024/output_scale.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1000,
    params:
        run=S24["output_scale"],
        seed=S24["seed"],
    script:
        "../../scripts/shemur2024/output_scale.py"


rule shemur2024_correlations_measure:
    input:
        library_modules("workflow/scripts/shemur2024/correlations_measure.py"),
        **s24_scale_runs(),
        sweep="results/shemur2024/correlations/sweep.npz",
        fd="results/shemur2024/correlations/fd.npz",
    output:
        "results/shemur2024/fig2/numbers.json",
    log:
        "logs/shemur2024/fig2/measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        scale_activations=S24_SCALE_ACTIVATIONS,
        fit_min_width=S24["fit_min_width"],
        fit_min_scale=S24["output_scale"]["fit_min_scale"],
        tolerance=S24["power_law_tolerance"],
    script:
        "../../scripts/shemur2024/correlations_measure.py"


rule shemur2024_fig2:
    input:
        library_modules("workflow/notebooks/shemur2024/fig2_correlations.py"),
        **s24_scale_runs(),
        sweep="results/shemur2024/correlations/sweep.npz",
        fd="results/shemur2024/correlations/fd.npz",
        numbers="results/shemur2024/fig2/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/shemur2024/fig2.pdf",
        png=report(
            "figures/shemur2024/fig2.png",
            caption="../../report/shemur2024/fig2.rst",
            category="Part V: Shem-Ur & Oz 2024",
        ),
    log:
        "logs/shemur2024/fig2.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/shemur2024/fig2_correlations.py"
