"""Figure 5: one task and one initialisation family, 100 seeds at every initial scale."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.braun2022 import regimes
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
name = snakemake.wildcards.task
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    spec = p["tasks"][name]
    task = regimes.make_task(name, spec, spec.get("seed", 0))
    keys = ("n_hidden", "init_scales", "n_seeds", "seed", "eta_max", "stability", "horizon")
    keys += ("gaussian_horizon_scale", "balanced_sim_max_scale")
    data = regimes.run(
        task=task,
        family=snakemake.wildcards.family,
        **{k: p[k] for k in keys},
        progress=snakemake.params.progress,
    )
    save_arrays(snakemake.output[0], **data)
