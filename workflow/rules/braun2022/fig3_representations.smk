# Figure 3: the same function, different representations (semantic hierarchy).


FIGURES["braun2022"].append("fig3")
SETTINGS["representations"] = B22["representations"]


rule braun2022_representations:
    input:
        library_modules("workflow/scripts/braun2022/representations.py"),
    output:
        data="results/braun2022/fig3/representations.npz",
        numbers="results/braun2022/fig3/numbers.json",
    log:
        "logs/braun2022/representations.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=B22["representations"],
        progress=config["progress"],
    script:
        "../../scripts/braun2022/representations.py"


rule braun2022_fig3:
    input:
        library_modules("workflow/notebooks/braun2022/fig3_representations.py"),
        data="results/braun2022/fig3/representations.npz",
        numbers="results/braun2022/fig3/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/braun2022/fig3.pdf",
        png=report(
            "figures/braun2022/fig3.png",
            caption="../../report/braun2022/fig3.rst",
            category="Part I: Braun et al. 2022",
        ),
    log:
        "logs/braun2022/fig3.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/braun2022/fig3_representations.py"
