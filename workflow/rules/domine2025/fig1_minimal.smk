# Figure 1 (the source's Figure 1): a minimal model of the rich and lazy regimes,
# gradient descent against the exact solution for lam = -50, 0, 50 (one job per shape).

FIGURES["domine2025"].append("fig1")


rule domine2025_minimal:
    input:
        library_modules("workflow/scripts/domine2025/minimal.py"),
    output:
        data="results/domine2025/fig1/{shape}.npz",
        numbers="results/domine2025/fig1/{shape}.json",
    log:
        "logs/domine2025/minimal/{shape}.log",
    wildcard_constraints:
        shape="|".join(MINIMAL_SHAPES),
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1000,
    params:
        run=D25["minimal"],
        progress=config["progress"],
    script:
        "../../scripts/domine2025/minimal.py"


# Figure 1's numbers: every shape's measurements, the largest representation error and
# the gradient-descent first-order ratio.
rule domine2025_minimal_measure:
    input:
        library_modules("workflow/scripts/domine2025/measure.py"),
        **MINIMAL_MEASURED,
    output:
        "results/domine2025/fig1/numbers.json",
    log:
        "logs/domine2025/minimal_measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=500,
    params:
        figure="fig1",
        options={},
    script:
        "../../scripts/domine2025/measure.py"


rule domine2025_fig1:
    input:
        library_modules("workflow/notebooks/domine2025/fig1_minimal.py"),
        **MINIMAL_NAMED,
        numbers="results/domine2025/fig1/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/domine2025/fig1.pdf",
        png=report(
            "figures/domine2025/fig1.png",
            caption="../../report/domine2025/fig1.rst",
            category="Part II: Dominé et al. 2025",
        ),
    log:
        "logs/domine2025/fig1.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/domine2025/fig1_minimal.py"
