# Figure 2: the (a, b) dynamics of one mode; Appendix A's closed form against an ODE. The
# measure writes the figure's numbers (results/saxe2014/fig2/numbers.json).

FIGURES["saxe2014"].append("fig2")


rule saxe2014_phase:
    input:
        library_modules("workflow/scripts/saxe2014/phase.py"),
    output:
        "results/saxe2014/fig2/phase.npz",
    log:
        "logs/saxe2014/phase.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=S14["phase"],
    script:
        "../../scripts/saxe2014/phase.py"


rule saxe2014_phase_measure:
    input:
        library_modules("workflow/scripts/saxe2014/phase_measure.py"),
        phase="results/saxe2014/fig2/phase.npz",
    output:
        "results/saxe2014/fig2/numbers.json",
    log:
        "logs/saxe2014/phase_measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../scripts/saxe2014/phase_measure.py"


rule saxe2014_fig2:
    input:
        library_modules("workflow/notebooks/saxe2014/fig2_phase.py"),
        phase="results/saxe2014/fig2/phase.npz",
        numbers="results/saxe2014/fig2/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/saxe2014/fig2.pdf",
        png=report(
            "figures/saxe2014/fig2.png",
            caption="../../report/saxe2014/fig2.rst",
            category="Part III: Saxe et al. 2014",
        ),
    log:
        "logs/saxe2014/fig2.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/saxe2014/fig2_phase.py"
