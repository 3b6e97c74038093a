# Figure 3: DFA in deep tanh networks (L = 3 hidden layers) at several gamma0, against
# the DMFT of deep DFA; one job per gamma0 for the networks (every width) and one for
# the DMFT.

FIGURES["bordelon2022"].append("fig3")
BP22_DFA_RUNS = {
    **bordelon_runs("results/bordelon2022/fig3/{name}.npz", BP22_DFA_GAMMAS),
    **bordelon_runs(
        "results/bordelon2022/fig3/{name}.npz", [f"{g}_dmft" for g in BP22_DFA_GAMMAS]
    ),
}


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
        mem_mb=1500,
    params:
        run=BP22["dfa_tanh"],
        progress=config["progress"],
    script:
        "../../scripts/bordelon2022/dfa_tanh.py"


rule bordelon2022_dfa_tanh_dmft:
    input:
        library_modules("workflow/scripts/bordelon2022/dfa_tanh_dmft.py"),
    output:
        "results/bordelon2022/fig3/{gamma}_dmft.npz",
    log:
        "logs/bordelon2022/fig3/{gamma}_dmft.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig3/{gamma}_dmft.tsv"
    wildcard_constraints:
        gamma="|".join(BP22_DFA_GAMMAS),
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=2000,
    params:
        run=BP22["dfa_tanh"],
    script:
        "../../scripts/bordelon2022/dfa_tanh_dmft.py"


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
    params:
        gammas=BP22_DFA_GAMMAS,
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
