# Figure 4: deep linear rho-FA (and DFA) on whitened items: the infinite-width
# closure against networks (one job per width, reduced exact simulation).

FIGURES["bordelon2022"].append("fig4")
BP22_FA_RUNS = bordelon_runs(
    "results/bordelon2022/fig4/{name}.npz", [f"N{n}" for n in BP22_FA_WIDTHS]
)


rule bordelon2022_deep_fa:
    input:
        library_modules("workflow/scripts/bordelon2022/deep_fa_width.py"),
    output:
        "results/bordelon2022/fig4/N{width}.npz",
    log:
        "logs/bordelon2022/fig4/N{width}.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig4/N{width}.tsv"
    wildcard_constraints:
        width="|".join(BP22_FA_WIDTHS),
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1500,
    params:
        run=BP22["deep_fa"],
        progress=config["progress"],
    script:
        "../../scripts/bordelon2022/deep_fa_width.py"


rule bordelon2022_deep_fa_closure:
    input:
        library_modules("workflow/scripts/bordelon2022/deep_fa_closure.py"),
    output:
        "results/bordelon2022/fig4/closure.npz",
    log:
        "logs/bordelon2022/fig4/closure.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig4/closure.tsv"
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=500,
    params:
        run=BP22["deep_fa"],
    script:
        "../../scripts/bordelon2022/deep_fa_closure.py"


rule bordelon2022_deep_fa_measure:
    input:
        library_modules("workflow/scripts/bordelon2022/deep_fa_measure.py"),
        **BP22_FA_RUNS,
        closure="results/bordelon2022/fig4/closure.npz",
    output:
        "results/bordelon2022/fig4/numbers.json",
    log:
        "logs/bordelon2022/fig4/measure.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig4/measure.tsv"
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=BP22["deep_fa"],
        widths=list(BP22_FA_RUNS),
    script:
        "../../scripts/bordelon2022/deep_fa_measure.py"


rule bordelon2022_fig4:
    input:
        library_modules("workflow/notebooks/bordelon2022/fig4_deep_fa.py"),
        **BP22_FA_RUNS,
        closure="results/bordelon2022/fig4/closure.npz",
        numbers="results/bordelon2022/fig4/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/bordelon2022/fig4.pdf",
        png=report(
            "figures/bordelon2022/fig4.png",
            caption="../../report/bordelon2022/fig4.rst",
            category="Part IV: Bordelon & Pehlevan 2022",
        ),
    log:
        "logs/bordelon2022/fig4.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig4.tsv"
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/bordelon2022/fig4_deep_fa.py"
