# Figure 5: feature-kernel change of two-layer linear networks against gamma0 for
# GD, FA (rho = 0, 1) and Hebb; one job per curve, one for the closures.

FIGURES["bordelon2022"].append("fig5")
BP22_FEATURE_RUNS = bordelon_runs(
    "results/bordelon2022/fig5/{name}.npz", BP22_FEATURE_RULES
)


rule bordelon2022_feature_change:
    input:
        library_modules("workflow/scripts/bordelon2022/feature_change.py"),
    output:
        "results/bordelon2022/fig5/{name}.npz",
    log:
        "logs/bordelon2022/fig5/{name}.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig5/{name}.tsv"
    wildcard_constraints:
        name="|".join(BP22_FEATURE_RULES),
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1000,
    params:
        run=BP22["feature_change"],
        progress=config["progress"],
    script:
        "../../scripts/bordelon2022/feature_change.py"


rule bordelon2022_feature_change_theory:
    input:
        library_modules("workflow/scripts/bordelon2022/feature_change_theory.py"),
    output:
        "results/bordelon2022/fig5/theory.npz",
    log:
        "logs/bordelon2022/fig5/theory.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig5/theory.tsv"
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=500,
    params:
        run=BP22["feature_change"],
    script:
        "../../scripts/bordelon2022/feature_change_theory.py"


rule bordelon2022_feature_change_measure:
    input:
        library_modules("workflow/scripts/bordelon2022/feature_change_measure.py"),
        **BP22_FEATURE_RUNS,
        theory="results/bordelon2022/fig5/theory.npz",
    output:
        "results/bordelon2022/fig5/numbers.json",
    log:
        "logs/bordelon2022/fig5/measure.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig5/measure.tsv"
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=500,
    params:
        run=BP22["feature_change"],
    script:
        "../../scripts/bordelon2022/feature_change_measure.py"


rule bordelon2022_fig5:
    input:
        library_modules("workflow/notebooks/bordelon2022/fig5_feature_change.py"),
        **BP22_FEATURE_RUNS,
        theory="results/bordelon2022/fig5/theory.npz",
        numbers="results/bordelon2022/fig5/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/bordelon2022/fig5.pdf",
        png=report(
            "figures/bordelon2022/fig5.png",
            caption="../../report/bordelon2022/fig5.rst",
            category="Part IV: Bordelon & Pehlevan 2022",
        ),
    log:
        "logs/bordelon2022/fig5.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig5.tsv"
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/bordelon2022/fig5_feature_change.py"
