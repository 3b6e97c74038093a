# Part I's shared names and helper functions (rule files hold only rules).

LR_CONFIG = B22["learning_rate"]
LEARNING_RATES = [str(eta) for eta in LR_CONFIG["learning_rates"]]
CHUNKS = [str(k) for k in range(LR_CONFIG["n_chunks"])]


def learning_rate_runs(wildcards):
    """Every (learning rate, chunk) simulation of Figure 2c-d."""
    return expand(
        "results/braun2022/fig2/learning_rate/eta{eta}_chunk{chunk}.npz",
        eta=LEARNING_RATES,
        chunk=CHUNKS,
    )


def learning_rate_problems(lr):
    """Checks of the `learning_rate` block that the schema cannot express."""
    from exactdln.experiments.braun2022.learning_rate import time_grid

    lo, hi = lr["dim_range"]
    problems = [
        (
            hi <= lo,
            f"braun2022.learning_rate.dim_range={lr['dim_range']} must be increasing",
        ),
        (
            lr["max_hidden"] < hi,
            f"braun2022.learning_rate.max_hidden={lr['max_hidden']} is below dim_range's upper end {hi}",
        ),
        (
            lr["init_scale_range"][1] < lr["init_scale_range"][0],
            f"braun2022.learning_rate.init_scale_range={lr['init_scale_range']} must be increasing",
        ),
    ]
    problems += [
        (
            lr[key] > lr["n_configs"],
            f"braun2022.learning_rate.{key}={lr[key]} exceeds learning_rate.n_configs={lr['n_configs']}",
        )
        for key in ("n_chunks", "n_examples")
    ]
    try:
        time_grid(
            horizon=lr["horizon"],
            n_times=lr["n_times"],
            quantum=lr["time_quantum"],
            learning_rates=lr["learning_rates"],
        )
    except ValueError as err:
        problems.append(
            (True, f"braun2022.learning_rate.time_quantum / learning_rates: {err}")
        )
    return problems
