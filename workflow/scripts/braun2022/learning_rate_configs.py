"""Figure 2c-d: draw the random configurations, group them into chunks, fix the time grid."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.braun2022 import learning_rate as lr
from exactdln.io import save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    configs = lr.sample_configurations(
        n_configs=p["n_configs"],
        dim_range=p["dim_range"],
        max_hidden=p["max_hidden"],
        init_scale_range=p["init_scale_range"],
        seed=p["seed"],
    )
    times = lr.time_grid(
        horizon=p["horizon"],
        n_times=p["n_times"],
        quantum=p["time_quantum"],
        learning_rates=p["learning_rates"],
    )
    save_json(
        snakemake.output[0],
        {
            "configs": configs,
            "chunks": lr.chunks(configs, p["n_chunks"]),
            "times": times,
            "learning_rates": p["learning_rates"],
        },
    )
