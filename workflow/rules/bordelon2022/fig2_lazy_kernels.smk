# Figure 2: lazy eNTKs of rho-FA networks against the input angle, theory against
# width (one job per width), and the lazy kernel of ReLU-gated linear networks.

FIGURES["bordelon2022"].append("fig2")
BP22_LAZY_RUNS = bordelon_runs(
    "results/bordelon2022/fig2/{name}.npz", [f"N{n}" for n in BP22_LAZY_WIDTHS]
)


rule bordelon2022_lazy_kernels:
    input:
        library_modules("workflow/scripts/bordelon2022/lazy_width.py"),
    output:
        "results/bordelon2022/fig2/N{width}.npz",
    log:
        "logs/bordelon2022/fig2/N{width}.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig2/N{width}.tsv"
    wildcard_constraints:
        width="|".join(BP22_LAZY_WIDTHS),
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=2000,
    params:
        run=BP22["lazy_kernels"],
        progress=config["progress"],
    script:
        "../../scripts/bordelon2022/lazy_width.py"


rule bordelon2022_lazy_gln:
    input:
        library_modules("workflow/scripts/bordelon2022/lazy_gln.py"),
    output:
        "results/bordelon2022/fig2/gln.npz",
    log:
        "logs/bordelon2022/fig2/gln.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig2/gln.tsv"
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1000,
    params:
        run=BP22["lazy_kernels"],
        progress=config["progress"],
    script:
        "../../scripts/bordelon2022/lazy_gln.py"


rule bordelon2022_lazy_measure:
    input:
        library_modules("workflow/scripts/bordelon2022/lazy_measure.py"),
        **BP22_LAZY_RUNS,
        gln="results/bordelon2022/fig2/gln.npz",
    output:
        "results/bordelon2022/fig2/numbers.json",
    log:
        "logs/bordelon2022/fig2/measure.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig2/measure.tsv"
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=BP22["lazy_kernels"],
        widths=list(BP22_LAZY_RUNS),
    script:
        "../../scripts/bordelon2022/lazy_measure.py"


rule bordelon2022_fig2:
    input:
        library_modules("workflow/notebooks/bordelon2022/fig2_lazy_kernels.py"),
        **BP22_LAZY_RUNS,
        gln="results/bordelon2022/fig2/gln.npz",
        numbers="results/bordelon2022/fig2/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/bordelon2022/fig2.pdf",
        png=report(
            "figures/bordelon2022/fig2.png",
            caption="../../report/bordelon2022/fig2.rst",
            category="Part IV: Bordelon & Pehlevan 2022",
        ),
    log:
        "logs/bordelon2022/fig2.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig2.tsv"
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/bordelon2022/fig2_lazy_kernels.py"
