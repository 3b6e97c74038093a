# Figure 1: exact learning dynamics from a small and a large initialisation.

FIGURES["braun2022"].append("fig1")
SETTINGS["init_scale"] = B22["init_scale"]


rule braun2022_init_scale:
    input:
        library_modules("workflow/scripts/braun2022/init_scale.py"),
    output:
        data="results/braun2022/fig1/dynamics.npz",
        numbers="results/braun2022/fig1/numbers.json",
    log:
        "logs/braun2022/init_scale.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1000,
    params:
        run=B22["init_scale"],
        progress=config["progress"],
    script:
        "../../scripts/braun2022/init_scale.py"


rule braun2022_fig1:
    input:
        library_modules("workflow/notebooks/braun2022/fig1_initialisation.py"),
        data="results/braun2022/fig1/dynamics.npz",
        numbers="results/braun2022/fig1/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/braun2022/fig1.pdf",
        png=report(
            "figures/braun2022/fig1.png",
            caption="../../report/braun2022/fig1.rst",
            category="Part I: Braun et al. 2022",
        ),
    log:
        "logs/braun2022/fig1.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/braun2022/fig1_initialisation.py"
