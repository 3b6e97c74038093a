# Figure 1: two-layer ReLU networks trained with GD, FA (rho = 0), a gated linear
# network and Hebb, and their infinite-width DMFT; one job per rule for the networks,
# for the width study and for the DMFT.

FIGURES["bordelon2022"].append("fig1")
BP22_RULE_INPUTS = {
    **bordelon_runs("results/bordelon2022/fig1/{name}.npz", BP22_RULES),
    **bordelon_runs(
        "results/bordelon2022/fig1/{name}.npz", [f"{r}_dmft" for r in BP22_RULES]
    ),
}


rule bordelon2022_two_layer_rules:
    input:
        library_modules("workflow/scripts/bordelon2022/two_layer_rules.py"),
    output:
        "results/bordelon2022/fig1/{rule}.npz",
    log:
        "logs/bordelon2022/fig1/{rule}.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig1/{rule}.tsv"
    wildcard_constraints:
        rule="|".join(BP22_RULES),
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1000,
    params:
        run=BP22["two_layer_rules"],
        progress=config["progress"],
    script:
        "../../scripts/bordelon2022/two_layer_rules.py"


rule bordelon2022_two_layer_widths:
    input:
        library_modules("workflow/scripts/bordelon2022/two_layer_widths.py"),
    output:
        "results/bordelon2022/fig1/{rule}_widths.npz",
    log:
        "logs/bordelon2022/fig1/{rule}_widths.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig1/{rule}_widths.tsv"
    wildcard_constraints:
        rule="|".join(BP22_RULES),
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1500,
    params:
        run=BP22["two_layer_rules"],
        progress=config["progress"],
    script:
        "../../scripts/bordelon2022/two_layer_widths.py"


rule bordelon2022_two_layer_dmft:
    input:
        library_modules("workflow/scripts/bordelon2022/two_layer_dmft.py"),
    output:
        "results/bordelon2022/fig1/{rule}_dmft.npz",
    log:
        "logs/bordelon2022/fig1/{rule}_dmft.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig1/{rule}_dmft.tsv"
    wildcard_constraints:
        rule="|".join(BP22_RULES),
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=2000,
    params:
        run=BP22["two_layer_rules"],
    script:
        "../../scripts/bordelon2022/two_layer_dmft.py"


rule bordelon2022_two_layer_rules_measure:
    input:
        library_modules("workflow/scripts/bordelon2022/two_layer_rules_measure.py"),
        **BP22_RULE_INPUTS,
        **bordelon_runs(
            "results/bordelon2022/fig1/{name}.npz", [f"{r}_widths" for r in BP22_RULES]
        ),
    output:
        "results/bordelon2022/fig1/numbers.json",
    log:
        "logs/bordelon2022/fig1/measure.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig1/measure.tsv"
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        rules=BP22_RULES,
        run=BP22["two_layer_rules"],
    script:
        "../../scripts/bordelon2022/two_layer_rules_measure.py"


rule bordelon2022_fig1:
    input:
        library_modules("workflow/notebooks/bordelon2022/fig1_rules.py"),
        **BP22_RULE_INPUTS,
        numbers="results/bordelon2022/fig1/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/bordelon2022/fig1.pdf",
        png=report(
            "figures/bordelon2022/fig1.png",
            caption="../../report/bordelon2022/fig1.rst",
            category="Part IV: Bordelon & Pehlevan 2022",
        ),
    log:
        "logs/bordelon2022/fig1.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig1.tsv"
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/bordelon2022/fig1_rules.py"
