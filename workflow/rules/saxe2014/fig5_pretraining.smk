# Figure 5: MNIST (5k) statistics (read once, also for Figures 4 and 6), the consistency
# condition, and a deep network from small random weights vs greedy pretraining; the measure
# writes the figure's numbers (results/saxe2014/fig5/numbers.json).

FIGURES["saxe2014"].append("fig5")


rule saxe2014_mnist:
    input:
        library_modules("workflow/scripts/saxe2014/mnist.py"),
    output:
        "results/saxe2014/mnist.npz",
    log:
        "logs/saxe2014/mnist.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=2000,
    params:
        run=S14["mnist"],
    script:
        "../../scripts/saxe2014/mnist.py"


rule saxe2014_pretraining:
    input:
        library_modules("workflow/scripts/saxe2014/pretraining.py"),
        mnist="results/saxe2014/mnist.npz",
    output:
        "results/saxe2014/fig5/pretraining.npz",
    log:
        "logs/saxe2014/pretraining.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1000,
    params:
        run=S14["pretraining"],
        progress=config["progress"],
    script:
        "../../scripts/saxe2014/pretraining.py"


rule saxe2014_pretraining_measure:
    input:
        library_modules("workflow/scripts/saxe2014/pretraining_measure.py"),
        mnist="results/saxe2014/mnist.npz",
        pretraining="results/saxe2014/fig5/pretraining.npz",
    output:
        "results/saxe2014/fig5/numbers.json",
    log:
        "logs/saxe2014/pretraining_measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../scripts/saxe2014/pretraining_measure.py"


rule saxe2014_fig5:
    input:
        library_modules("workflow/notebooks/saxe2014/fig5_pretraining.py"),
        mnist="results/saxe2014/mnist.npz",
        pretraining="results/saxe2014/fig5/pretraining.npz",
        numbers="results/saxe2014/fig5/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/saxe2014/fig5.pdf",
        png=report(
            "figures/saxe2014/fig5.png",
            caption="../../report/saxe2014/fig5.rst",
            category="Part III: Saxe et al. 2014",
        ),
    log:
        "logs/saxe2014/fig5.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/saxe2014/fig5_pretraining.py"
