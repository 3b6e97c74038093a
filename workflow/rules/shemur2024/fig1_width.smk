# Figure 1: network against linearised model over width (teacher task and MNIST), per activation.
# One training job per task, activation and group of widths (about equal cost each), one job
# per task and activation merging its groups (read by Figures 3 and 4 too), and the measure.

FIGURES["shemur2024"].append("fig1")


rule shemur2024_width_run:
    input:
        library_modules("workflow/scripts/shemur2024/width_run.py"),
        data="results/shemur2024/data/{data}.npz",
    output:
        "results/shemur2024/width/{data}_{activation}_group{group}.npz",
    log:
        "logs/shemur2024/width/{data}_{activation}_group{group}.log",
    wildcard_constraints:
        data="|".join(S24_DATA),
        activation="|".join(S24_ACTIVATIONS),
        group=r"[0-9]+",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1500,
    params:
        widths=s24_group_widths,
        run=S24["width"],
        seed=S24["seed"],
        progress=config["progress"],
    script:
        "../../scripts/shemur2024/width_run.py"


rule shemur2024_width_merge:
    input:
        library_modules("workflow/scripts/shemur2024/width_merge.py"),
        groups=s24_group_runs,
    output:
        "results/shemur2024/width/{data}_{activation}.npz",
    log:
        "logs/shemur2024/width/{data}_{activation}.log",
    wildcard_constraints:
        data="|".join(S24_DATA),
        activation="|".join(S24_ACTIVATIONS),
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../scripts/shemur2024/width_merge.py"


rule shemur2024_width_measure:
    input:
        library_modules("workflow/scripts/shemur2024/width_measure.py"),
        **s24_merged_runs(),
    output:
        "results/shemur2024/fig1/numbers.json",
    log:
        "logs/shemur2024/fig1/measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        data=S24_DATA,
        activations=S24_ACTIVATIONS,
        fit_min_width=S24["fit_min_width"],
        tolerance=S24["power_law_tolerance"],
    script:
        "../../scripts/shemur2024/width_measure.py"


rule shemur2024_fig1:
    input:
        library_modules("workflow/notebooks/shemur2024/fig1_width.py"),
        **s24_merged_runs(),
        numbers="results/shemur2024/fig1/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/shemur2024/fig1.pdf",
        png=report(
            "figures/shemur2024/fig1.png",
            caption="../../report/shemur2024/fig1.rst",
            category="Part V: Shem-Ur & Oz 2024",
        ),
    log:
        "logs/shemur2024/fig1.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/shemur2024/fig1_width.py"
