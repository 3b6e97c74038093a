# Figure 4: alignment dynamics (simulation and exact solution) and the sigmoid limit (exact only).

FIGURE_NAMES.append("fig4")
MEASURED["alignment"] = "results/fig4/numbers.json"
ALIGNMENT = config["alignment"]
ALIGNMENT_DYNAMICS = {k: v for k, v in ALIGNMENT.items() if k != "gap"}
ALIGNMENT_GAP = {
    "run": {
        **{k: v for k, v in ALIGNMENT["gap"].items() if k != "fit_max_scale"},
        **{k: ALIGNMENT[k] for k in ("target", "n_hidden", "seed")},
    },
    "fit_max_scale": ALIGNMENT["gap"]["fit_max_scale"],
}
# checks the schema cannot express, naming the config key, before any job starts
_target = ALIGNMENT["target"]
_ratio = ALIGNMENT["eta"] / ALIGNMENT["check_eta"]
_problems = [
    message
    for bad, message in [
        (
            any(len(row) != len(_target) for row in _target),
            "alignment.target must be square (W2 = U A^T R^T needs n_in = n_out)",
        ),
        (
            ALIGNMENT["n_hidden"] < len(_target),
            "alignment.n_hidden must be at least the size of alignment.target",
        ),
        (
            _ratio <= 1 or abs(_ratio - round(_ratio)) > 1e-9 * _ratio,
            "alignment.check_eta must divide alignment.eta a whole number (> 1) of times",
        ),
    ]
    if bad
]
if _problems:
    raise WorkflowError("Invalid configuration:\n  " + "\n  ".join(_problems))


rule alignment_dynamics:
    input:
        LIBRARY,
    output:
        data="results/fig4/dynamics.npz",
        numbers="results/fig4/dynamics.json",
    log:
        "logs/alignment/dynamics.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=ALIGNMENT_DYNAMICS,
        progress=config["progress"],
    script:
        "../scripts/alignment_dynamics.py"


rule alignment_gap:
    input:
        LIBRARY,
    output:
        data="results/fig4/gap.npz",
        numbers="results/fig4/gap.json",
    log:
        "logs/alignment/gap.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        run=ALIGNMENT_GAP,
    script:
        "../scripts/alignment_gap.py"


rule alignment_numbers:
    input:
        dynamics="results/fig4/dynamics.json",
        gap="results/fig4/gap.json",
    output:
        "results/fig4/numbers.json",
    log:
        "logs/alignment/numbers.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=500,
    script:
        "../scripts/alignment_numbers.py"


rule fig4:
    input:
        dynamics="results/fig4/dynamics.npz",
        gap="results/fig4/gap.npz",
        numbers="results/fig4/numbers.json",
        style="workflow/notebooks/matplotlibrc",
    output:
        pdf="figures/fig4.pdf",
        png=report("figures/fig4.png", caption="../report/fig4.rst", category="Figures"),
    log:
        "logs/fig4.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    script:
        "../notebooks/fig4_alignment.py"
