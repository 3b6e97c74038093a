# Figure 2 (ours): aligned modes from lambda-balanced starts (closed form, exact solver,
# gradient descent, DOP853), their half-learning times, and the NTK in the lazy limit.

FIGURES["domine2025"].append("fig2")


rule domine2025_modes:
    input:
        library_modules("workflow/scripts/domine2025/modes.py"),
    output:
        data="results/domine2025/fig2/modes.npz",
        numbers="results/domine2025/fig2/modes.json",
    log:
        "logs/domine2025/modes.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1000,
    params:
        run=D25["modes"],
        eta_lam=D25["eta_lam"],
        progress=config["progress"],
    script:
        "../../scripts/domine2025/modes.py"


rule domine2025_lazy_ntk:
    input:
        library_modules("workflow/scripts/domine2025/lazy_ntk.py"),
    output:
        data="results/domine2025/fig2/lazy_ntk.npz",
        numbers="results/domine2025/fig2/lazy_ntk.json",
    log:
        "logs/domine2025/lazy_ntk.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=D25["lazy_ntk"],
    script:
        "../../scripts/domine2025/lazy_ntk.py"


# Figure 2's numbers: both computations' measurements, and the NTK slopes of slope_shape.
rule domine2025_modes_measure:
    input:
        library_modules("workflow/scripts/domine2025/measure.py"),
        modes="results/domine2025/fig2/modes.json",
        lazy_ntk="results/domine2025/fig2/lazy_ntk.json",
    output:
        "results/domine2025/fig2/numbers.json",
    log:
        "logs/domine2025/modes_measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=500,
    params:
        figure="fig2",
        options={"slope_shape": D25["lazy_ntk"]["slope_shape"]},
    script:
        "../../scripts/domine2025/measure.py"


rule domine2025_fig2:
    input:
        library_modules("workflow/notebooks/domine2025/fig2_modes.py"),
        modes="results/domine2025/fig2/modes.npz",
        lazy_ntk="results/domine2025/fig2/lazy_ntk.npz",
        numbers="results/domine2025/fig2/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/domine2025/fig2.pdf",
        png=report(
            "figures/domine2025/fig2.png",
            caption="../../report/domine2025/fig2.rst",
            category="Part II: Dominé et al. 2025",
        ),
    log:
        "logs/domine2025/fig2.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../../notebooks/domine2025/fig2_modes.py"
