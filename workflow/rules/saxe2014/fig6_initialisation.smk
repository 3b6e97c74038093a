# Figure 6: (A) learning time against depth for scaled Gaussian, orthogonal and pretrained
# starts (one job per kind); (B-C) spectra of products of random matrices. The measure writes
# the figure's numbers (results/saxe2014/fig6/numbers.json).

FIGURES["saxe2014"].append("fig6")


rule saxe2014_init_depth:
    input:
        library_modules("workflow/scripts/saxe2014/init_depth.py"),
        mnist="results/saxe2014/mnist.npz",
    output:
        "results/saxe2014/fig6/{kind}.npz",
    log:
        "logs/saxe2014/init_depth/{kind}.log",
    wildcard_constraints:
        kind="|".join(INIT_KINDS),
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=15,
        mem_mb=1000,
    params:
        run=S14["init_depth"],
        pretraining=S14["pretraining"],
        progress=config["progress"],
    script:
        "../../scripts/saxe2014/init_depth.py"


rule saxe2014_products:
    input:
        library_modules("workflow/scripts/saxe2014/products.py"),
    output:
        "results/saxe2014/fig6/products.npz",
    log:
        "logs/saxe2014/products.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=S14["products"],
    script:
        "../../scripts/saxe2014/products.py"


rule saxe2014_initialisation_measure:
    input:
        library_modules("workflow/scripts/saxe2014/initialisation_measure.py"),
        **dict(zip(INIT_KINDS, INIT_DEPTH_RUNS)),
        products="results/saxe2014/fig6/products.npz",
    output:
        "results/saxe2014/fig6/numbers.json",
    log:
        "logs/saxe2014/initialisation_measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        kinds=INIT_KINDS,
        n_radii=S14["products"]["n_radii"],
    script:
        "../../scripts/saxe2014/initialisation_measure.py"


rule saxe2014_fig6:
    input:
        library_modules("workflow/notebooks/saxe2014/fig6_initialisation.py"),
        **dict(zip(INIT_KINDS, INIT_DEPTH_RUNS)),
        products="results/saxe2014/fig6/products.npz",
        numbers="results/saxe2014/fig6/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/saxe2014/fig6.pdf",
        png=report(
            "figures/saxe2014/fig6.png",
            caption="../../report/saxe2014/fig6.rst",
            category="Part III: Saxe et al. 2014",
        ),
    log:
        "logs/saxe2014/fig6.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/saxe2014/fig6_initialisation.py"
