# Shared names and helpers of the rule files.

from pathlib import Path

LIBRARY = sorted(str(p) for p in Path("src/exactdln").rglob("*.py"))
# Figures of the paper; each topic's rule file appends its own (figures/<name>.{pdf,png}).
FIGURE_NAMES = ["fig1", "fig2"]
# Measured numbers quoted in the paper: macro prefix (= config key) -> JSON file.
# Each topic's rule file adds its own; rule `macros` turns them into LaTeX macros.
MEASURED = {
    "init_scale": "results/fig1/numbers.json",
    "tracking": "results/fig2/tracking.json",
    "learning_rate": "results/fig2/learning_rate.json",
}
LR_CONFIG = config["learning_rate"]
LEARNING_RATES = [str(eta) for eta in LR_CONFIG["learning_rates"]]
CHUNKS = [str(k) for k in range(LR_CONFIG["n_chunks"])]


wildcard_constraints:
    eta=r"[0-9][0-9.e+-]*",
    chunk=r"[0-9]+",


def learning_rate_runs(wildcards):
    """Every (learning rate, chunk) simulation of Figure 2c-d."""
    return expand(
        "results/fig2/learning_rate/eta{eta}_chunk{chunk}.npz",
        eta=LEARNING_RATES,
        chunk=CHUNKS,
    )


def check_settings(config):
    """Checks the schema cannot express; raise naming the config key, before any job starts."""
    from exactdln.experiments.learning_rate import time_grid

    problems = []
    for name in ("init_scale", "tracking"):
        run = config[name]
        if run["n_items"] < run["n_in"]:
            problems.append(
                f"{name}.n_items={run['n_items']} < {name}.n_in={run['n_in']}: whitened inputs need P >= n_in"
            )
    if config["init_scale"]["items_shown"] > config["init_scale"]["n_items"]:
        problems.append("init_scale.items_shown exceeds init_scale.n_items")
    lr = config["learning_rate"]
    lo, hi = lr["dim_range"]
    if hi <= lo:
        problems.append(f"learning_rate.dim_range={lr['dim_range']} must be increasing")
    if lr["max_hidden"] < hi:
        problems.append(
            f"learning_rate.max_hidden={lr['max_hidden']} is below dim_range's upper end {hi}"
        )
    if lr["init_scale_range"][1] < lr["init_scale_range"][0]:
        problems.append(
            f"learning_rate.init_scale_range={lr['init_scale_range']} must be increasing"
        )
    for key in ("n_chunks", "n_examples"):
        if lr[key] > lr["n_configs"]:
            problems.append(
                f"learning_rate.{key}={lr[key]} exceeds learning_rate.n_configs={lr['n_configs']}"
            )
    try:
        time_grid(
            horizon=lr["horizon"],
            n_times=lr["n_times"],
            quantum=lr["time_quantum"],
            learning_rates=lr["learning_rates"],
        )
    except ValueError as err:
        problems.append(f"learning_rate.time_quantum / learning_rates: {err}")
    if problems:
        raise WorkflowError("Invalid configuration:\n  " + "\n  ".join(problems))


check_settings(config)
