# Figure 4: decoupled deep modes. Closed-form and gradient-descent checks (one job), and the
# depth x learning-rate sweep on whitened MNIST (5k) with a full-network repetition (one job);
# the measure writes the figure's numbers (results/saxe2014/fig4/numbers.json).

FIGURES["saxe2014"].append("fig4")


rule saxe2014_depth_checks:
    input:
        library_modules("workflow/scripts/saxe2014/depth_checks.py"),
    output:
        "results/saxe2014/fig4/checks.npz",
    log:
        "logs/saxe2014/depth_checks.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=S14["depth"],
    script:
        "../../scripts/saxe2014/depth_checks.py"


rule saxe2014_depth_sweep:
    input:
        library_modules("workflow/scripts/saxe2014/depth_sweep.py"),
        mnist="results/saxe2014/mnist.npz",
    output:
        "results/saxe2014/fig4/sweep.npz",
    log:
        "logs/saxe2014/depth_sweep.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=S14["depth"],
        progress=config["progress"],
    script:
        "../../scripts/saxe2014/depth_sweep.py"


rule saxe2014_depth_measure:
    input:
        library_modules("workflow/scripts/saxe2014/depth_measure.py"),
        checks="results/saxe2014/fig4/checks.npz",
        sweep="results/saxe2014/fig4/sweep.npz",
    output:
        "results/saxe2014/fig4/numbers.json",
    log:
        "logs/saxe2014/depth_measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        cv_min_layers=S14["depth"]["sweep"]["cv_min_layers"],
        censor_window=S14["depth"]["sweep"]["censor_window"],
    script:
        "../../scripts/saxe2014/depth_measure.py"


rule saxe2014_fig4:
    input:
        library_modules("workflow/notebooks/saxe2014/fig4_depth.py"),
        checks="results/saxe2014/fig4/checks.npz",
        sweep="results/saxe2014/fig4/sweep.npz",
        numbers="results/saxe2014/fig4/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/saxe2014/fig4.pdf",
        png=report(
            "figures/saxe2014/fig4.png",
            caption="../../report/saxe2014/fig4.rst",
            category="Part III: Saxe et al. 2014",
        ),
    log:
        "logs/saxe2014/fig4.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/saxe2014/fig4_depth.py"
