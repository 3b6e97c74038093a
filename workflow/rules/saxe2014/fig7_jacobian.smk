# Figure 7: Jacobian singular values of a deep tanh network with orthogonal weights; the
# measure writes the figure's numbers (results/saxe2014/fig7/numbers.json).

FIGURES["saxe2014"].append("fig7")


rule saxe2014_jacobian:
    input:
        library_modules("workflow/scripts/saxe2014/jacobian.py"),
    output:
        "results/saxe2014/fig7/jacobian.npz",
    log:
        "logs/saxe2014/jacobian.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=S14["jacobian"],
    script:
        "../../scripts/saxe2014/jacobian.py"


rule saxe2014_jacobian_measure:
    input:
        library_modules("workflow/scripts/saxe2014/jacobian_measure.py"),
        jacobian="results/saxe2014/fig7/jacobian.npz",
    output:
        "results/saxe2014/fig7/numbers.json",
    log:
        "logs/saxe2014/jacobian_measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        factor=S14["jacobian"]["factor"],
    script:
        "../../scripts/saxe2014/jacobian_measure.py"


rule saxe2014_fig7:
    input:
        library_modules("workflow/notebooks/saxe2014/fig7_jacobian.py"),
        jacobian="results/saxe2014/fig7/jacobian.npz",
        numbers="results/saxe2014/fig7/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/saxe2014/fig7.pdf",
        png=report(
            "figures/saxe2014/fig7.png",
            caption="../../report/saxe2014/fig7.rst",
            category="Part III: Saxe et al. 2014",
        ),
    log:
        "logs/saxe2014/fig7.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/saxe2014/fig7_jacobian.py"
