# Figure 3: DFA in deep tanh networks at several gamma0; one job per gamma0, each
# training every width of the ensemble (extrapolated in 1/N, no closure exists).

FIGURES["bordelon2022"].append("fig3")
BP22_DFA_RUNS = bordelon_runs("results/bordelon2022/fig3/{name}.npz", BP22_DFA_GAMMAS)


rule bordelon2022_dfa_tanh:
    input:
        library_modules("workflow/scripts/bordelon2022/dfa_tanh.py"),
    output:
        "results/bordelon2022/fig3/{gamma}.npz",
    log:
        "logs/bordelon2022/fig3/{gamma}.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig3/{gamma}.tsv"
    wildcard_constraints:
        gamma="|".join(BP22_DFA_GAMMAS),
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=15,
        mem_mb=1000,
    params:
        run=BP22["dfa_tanh"],
        progress=config["progress"],
    script:
        "../../scripts/bordelon2022/dfa_tanh.py"


rule bordelon2022_dfa_tanh_measure:
    input:
        library_modules("workflow/scripts/bordelon2022/dfa_tanh_measure.py"),
        **BP22_DFA_RUNS,
    output:
        "results/bordelon2022/fig3/numbers.json",
    log:
        "logs/bordelon2022/fig3/measure.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig3/measure.tsv"
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../scripts/bordelon2022/dfa_tanh_measure.py"


rule bordelon2022_fig3:
    input:
        library_modules("workflow/notebooks/bordelon2022/fig3_dfa_tanh.py"),
        **BP22_DFA_RUNS,
        numbers="results/bordelon2022/fig3/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/bordelon2022/fig3.pdf",
        png=report(
            "figures/bordelon2022/fig3.png",
            caption="../../report/bordelon2022/fig3.rst",
            category="Part IV: Bordelon & Pehlevan 2022",
        ),
    log:
        "logs/bordelon2022/fig3.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig3.tsv"
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/bordelon2022/fig3_dfa_tanh.py"
