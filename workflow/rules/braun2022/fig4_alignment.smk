# Figure 4: alignment dynamics (simulation and exact solution) and the sigmoid limit (exact only).

FIGURES["braun2022"].append("fig4")
SETTINGS["alignment"] = B22["alignment"]
ALIGNMENT = B22["alignment"]
ALIGNMENT_DYNAMICS = {k: v for k, v in ALIGNMENT.items() if k != "gap"}
ALIGNMENT_GAP = {
    "run": {
        **{k: v for k, v in ALIGNMENT["gap"].items() if k != "fit_max_scale"},
        **{k: ALIGNMENT[k] for k in ("target", "n_hidden", "seed")},
    },
    "fit_max_scale": ALIGNMENT["gap"]["fit_max_scale"],
}


rule braun2022_alignment_dynamics:
    input:
        library_modules("workflow/scripts/braun2022/alignment_dynamics.py"),
    output:
        data="results/braun2022/fig4/dynamics.npz",
        numbers="results/braun2022/fig4/dynamics.json",
    log:
        "logs/braun2022/alignment/dynamics.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=ALIGNMENT_DYNAMICS,
        progress=config["progress"],
    script:
        "../../scripts/braun2022/alignment_dynamics.py"


rule braun2022_alignment_gap:
    input:
        library_modules("workflow/scripts/braun2022/alignment_gap.py"),
    output:
        data="results/braun2022/fig4/gap.npz",
        numbers="results/braun2022/fig4/gap.json",
    log:
        "logs/braun2022/alignment/gap.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=ALIGNMENT_GAP,
    script:
        "../../scripts/braun2022/alignment_gap.py"


rule braun2022_alignment_numbers:
    input:
        library_modules("workflow/scripts/braun2022/figure_numbers.py"),
        dynamics="results/braun2022/fig4/dynamics.json",
        gap="results/braun2022/fig4/gap.json",
    output:
        "results/braun2022/fig4/numbers.json",
    log:
        "logs/braun2022/alignment/numbers.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=500,
    script:
        "../../scripts/braun2022/figure_numbers.py"


rule braun2022_fig4:
    input:
        library_modules("workflow/notebooks/braun2022/fig4_alignment.py"),
        dynamics="results/braun2022/fig4/dynamics.npz",
        gap="results/braun2022/fig4/gap.npz",
        numbers="results/braun2022/fig4/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/braun2022/fig4.pdf",
        png=report(
            "figures/braun2022/fig4.png",
            caption="../../report/braun2022/fig4.rst",
            category="Part I: Braun et al. 2022",
        ),
    log:
        "logs/braun2022/fig4.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/braun2022/fig4_alignment.py"
