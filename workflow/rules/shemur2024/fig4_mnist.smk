# Figure 4: the source's MNIST experiment scaled down (two hidden layers, eta = eta0 n^alpha) with a
# fixed number of steps and at matched flow time, and the width experiment of the authors' public
# code. One job per protocol and learning-rate exponent alpha; panel (f) plots Figure 1's MNIST runs.

FIGURES["shemur2024"].append("fig4")


rule shemur2024_mnist_mlp:
    input:
        library_modules("workflow/scripts/shemur2024/mnist_mlp.py"),
        data="results/shemur2024/data/mnist_mlp.npz",
    output:
        "results/shemur2024/mnist_mlp/alpha{alpha}.npz",
    log:
        "logs/shemur2024/mnist_mlp/alpha{alpha}.log",
    wildcard_constraints:
        alpha=r"-?[0-9][0-9.]*",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1500,
    params:
        run=S24["mnist_mlp"],
        seed=S24["seed"],
        progress=config["progress"],
    script:
        "../../scripts/shemur2024/mnist_mlp.py"


rule shemur2024_mnist_matched:
    input:
        library_modules("workflow/scripts/shemur2024/mnist_matched.py"),
        data="results/shemur2024/data/mnist_mlp.npz",
    output:
        "results/shemur2024/mnist_mlp/matched_alpha{alpha}.npz",
    log:
        "logs/shemur2024/mnist_mlp/matched_alpha{alpha}.log",
    wildcard_constraints:
        alpha=r"-?[0-9][0-9.]*",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1500,
    params:
        run=S24["mnist_mlp"],
        seed=S24["seed"],
        progress=config["progress"],
    script:
        "../../scripts/shemur2024/mnist_matched.py"


rule shemur2024_mnist_authors:
    input:
        library_modules("workflow/scripts/shemur2024/mnist_authors.py"),
        data="results/shemur2024/data/mnist_authors.npz",
    output:
        "results/shemur2024/mnist_authors/alpha{alpha}.npz",
    log:
        "logs/shemur2024/mnist_authors/alpha{alpha}.log",
    wildcard_constraints:
        alpha=r"-?[0-9][0-9.]*",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=2000,
    params:
        run=S24["mnist_authors"],
        seed=S24["seed"],
        progress=config["progress"],
    script:
        "../../scripts/shemur2024/mnist_authors.py"


rule shemur2024_mnist_measure:
    input:
        library_modules("workflow/scripts/shemur2024/mnist_measure.py"),
        **s24_mlp_runs(),
        **s24_mlp_matched_runs(),
        **s24_authors_runs(),
        **s24_merged_runs("mnist"),
    output:
        "results/shemur2024/fig4/numbers.json",
    log:
        "logs/shemur2024/fig4/measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        alphas=S24_ALPHAS,
        authors_alphas=S24_AUTHORS_ALPHAS,
        activations=S24_ACTIVATIONS,
        fit_min_width=S24["fit_min_width"],
        tolerance=S24["power_law_tolerance"],
        source_slopes=S24["mnist_mlp"]["source_slopes"],
    script:
        "../../scripts/shemur2024/mnist_measure.py"


rule shemur2024_fig4:
    input:
        library_modules("workflow/notebooks/shemur2024/fig4_mnist.py"),
        **s24_mlp_runs(),
        **s24_mlp_matched_runs(),
        **s24_authors_runs(),
        **s24_merged_runs("mnist"),
        numbers="results/shemur2024/fig4/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/shemur2024/fig4.pdf",
        png=report(
            "figures/shemur2024/fig4.png",
            caption="../../report/shemur2024/fig4.rst",
            category="Part V: Shem-Ur & Oz 2024",
        ),
    log:
        "logs/shemur2024/fig4.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/shemur2024/fig4_mnist.py"
