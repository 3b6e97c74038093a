# Figure 6 (ours): the DMFT of deep GD and rho-FA networks (tanh, ReLU) against
# networks of growing width, the finite-batch bias of the deep ReLU solve, and the
# checks of the DMFT solvers (linear closures, lazy limit, Monte Carlo error, cost);
# one job per case for the networks, for the DMFT and for the particle study, one per check.

FIGURES["bordelon2022"].append("fig6")
BP22_DEEP_RUNS = {
    **bordelon_runs("results/bordelon2022/fig6/{name}.npz", BP22_DEEP_CASES),
    **bordelon_runs(
        "results/bordelon2022/fig6/{name}.npz", [f"{c}_dmft" for c in BP22_DEEP_CASES]
    ),
    **bordelon_runs(
        "results/bordelon2022/fig6/{name}.npz",
        [f"{c}_particles" for c in BP22_PARTICLE_CASES],
    ),
}
BP22_CHECK_FILES = bordelon_runs(
    "results/bordelon2022/fig6/check_{name}.json", BP22_DMFT_CHECKS
)


rule bordelon2022_deep_rules:
    input:
        library_modules("workflow/scripts/bordelon2022/deep_rules.py"),
    output:
        "results/bordelon2022/fig6/{case}.npz",
    log:
        "logs/bordelon2022/fig6/{case}.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig6/{case}.tsv"
    wildcard_constraints:
        case="|".join(BP22_DEEP_CASES),
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1500,
    params:
        run=BP22["deep_rules"],
        progress=config["progress"],
    script:
        "../../scripts/bordelon2022/deep_rules.py"


rule bordelon2022_deep_rules_dmft:
    input:
        library_modules("workflow/scripts/bordelon2022/deep_rules_dmft.py"),
    output:
        "results/bordelon2022/fig6/{case}_dmft.npz",
    log:
        "logs/bordelon2022/fig6/{case}_dmft.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig6/{case}_dmft.tsv"
    wildcard_constraints:
        case="|".join(BP22_DEEP_CASES),
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=2000,
    params:
        run=BP22["deep_rules"],
    script:
        "../../scripts/bordelon2022/deep_rules_dmft.py"


rule bordelon2022_deep_rules_particles:
    input:
        library_modules("workflow/scripts/bordelon2022/deep_rules_particles.py"),
    output:
        "results/bordelon2022/fig6/{case}_particles.npz",
    log:
        "logs/bordelon2022/fig6/{case}_particles.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig6/{case}_particles.tsv"
    wildcard_constraints:
        case="|".join(BP22_PARTICLE_CASES),
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=2000,
    params:
        run=BP22["deep_rules"],
    script:
        "../../scripts/bordelon2022/deep_rules_particles.py"


rule bordelon2022_dmft_check:
    input:
        library_modules("workflow/scripts/bordelon2022/dmft_check.py"),
    output:
        "results/bordelon2022/fig6/check_{check}.json",
    log:
        "logs/bordelon2022/fig6/check_{check}.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig6/check_{check}.tsv"
    wildcard_constraints:
        check="|".join(BP22_DMFT_CHECKS),
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1500,
    params:
        run=BP22["deep_rules"],
    script:
        "../../scripts/bordelon2022/dmft_check.py"


rule bordelon2022_deep_rules_measure:
    input:
        library_modules("workflow/scripts/bordelon2022/deep_rules_measure.py"),
        **BP22_DEEP_RUNS,
        **BP22_CHECK_FILES,
    output:
        "results/bordelon2022/fig6/numbers.json",
    log:
        "logs/bordelon2022/fig6/measure.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig6/measure.tsv"
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        cases=BP22_DEEP_CASES,
        checks=BP22_DMFT_CHECKS,
        study_cases=BP22_PARTICLE_CASES,
    script:
        "../../scripts/bordelon2022/deep_rules_measure.py"


rule bordelon2022_fig6:
    input:
        library_modules("workflow/notebooks/bordelon2022/fig6_deep_rules.py"),
        **BP22_DEEP_RUNS,
        **BP22_CHECK_FILES,
        numbers="results/bordelon2022/fig6/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/bordelon2022/fig6.pdf",
        png=report(
            "figures/bordelon2022/fig6.png",
            caption="../../report/bordelon2022/fig6.rst",
            category="Part IV: Bordelon & Pehlevan 2022",
        ),
    log:
        "logs/bordelon2022/fig6.log",
    benchmark:
        "logs/bordelon2022/benchmarks/fig6.tsv"
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/bordelon2022/fig6_deep_rules.py"
