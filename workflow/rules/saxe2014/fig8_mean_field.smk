# Figure 8: the tanh variance map at g = 1 and its fixed point q_inf(g), theory and simulation;
# the measure writes the figure's numbers (results/saxe2014/fig8/numbers.json).

FIGURES["saxe2014"].append("fig8")


rule saxe2014_mean_field:
    input:
        library_modules("workflow/scripts/saxe2014/mean_field.py"),
    output:
        "results/saxe2014/fig8/mean_field.npz",
    log:
        "logs/saxe2014/mean_field.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=S14["mean_field"],
    script:
        "../../scripts/saxe2014/mean_field.py"


rule saxe2014_mean_field_measure:
    input:
        library_modules("workflow/scripts/saxe2014/mean_field_measure.py"),
        mean_field="results/saxe2014/fig8/mean_field.npz",
    output:
        "results/saxe2014/fig8/numbers.json",
    log:
        "logs/saxe2014/mean_field_measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        quoted_gains=S14["mean_field"]["quoted_gains"],
    script:
        "../../scripts/saxe2014/mean_field_measure.py"


rule saxe2014_fig8:
    input:
        library_modules("workflow/notebooks/saxe2014/fig8_mean_field.py"),
        mean_field="results/saxe2014/fig8/mean_field.npz",
        numbers="results/saxe2014/fig8/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/saxe2014/fig8.pdf",
        png=report(
            "figures/saxe2014/fig8.png",
            caption="../../report/saxe2014/fig8.rst",
            category="Part III: Saxe et al. 2014",
        ),
    log:
        "logs/saxe2014/fig8.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/saxe2014/fig8_mean_field.py"
