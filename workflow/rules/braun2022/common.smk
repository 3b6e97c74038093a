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
