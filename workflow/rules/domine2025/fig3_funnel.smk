# Figure 3 (ours): unequal input and output dimensions; which sign of lam is lazy for a
# funnel and an inverse funnel, and the plateau of the rich funnel.

FIGURES["domine2025"].append("fig3")


rule domine2025_funnel:
    input:
        library_modules("workflow/scripts/domine2025/funnel.py"),
    output:
        data="results/domine2025/fig3/funnel.npz",
        numbers="results/domine2025/fig3/funnel.json",
    log:
        "logs/domine2025/funnel.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1000,
    params:
        run=D25["funnel"],
        eta_max=D25["eta_max"],
        eta_lam=D25["eta_lam"],
        progress=config["progress"],
    script:
        "../../scripts/domine2025/funnel.py"


# Figure 3's numbers: the funnel's measurements, and the kernel distances of loss_shape.
rule domine2025_funnel_measure:
    input:
        library_modules("workflow/scripts/domine2025/measure.py"),
        funnel="results/domine2025/fig3/funnel.json",
    output:
        "results/domine2025/fig3/numbers.json",
    log:
        "logs/domine2025/funnel_measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=500,
    params:
        figure="fig3",
        options={"funnel_shape": D25["funnel"]["loss_shape"]},
    script:
        "../../scripts/domine2025/measure.py"


rule domine2025_fig3:
    input:
        library_modules("workflow/notebooks/domine2025/fig3_funnel.py"),
        data="results/domine2025/fig3/funnel.npz",
        numbers="results/domine2025/fig3/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/domine2025/fig3.pdf",
        png=report(
            "figures/domine2025/fig3.png",
            caption="../../report/domine2025/fig3.rst",
            category="Part II: Dominé et al. 2025",
        ),
    log:
        "logs/domine2025/fig3.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/domine2025/fig3_funnel.py"
