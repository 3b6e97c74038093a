"""Figure 4 data: the hierarchy from every start, and the exact time to the threshold over |lam|."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.domine2025 import hierarchy
from exactdln.io import save_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    cfg = dict(snakemake.params.run)
    sweep_cfg = dict(cfg.pop("sweep"))
    fit_min_lam = sweep_cfg.pop("fit_min_lam")
    data = hierarchy.run(
        **cfg,
        eta_max=snakemake.params.eta_max,
        eta_lam=snakemake.params.eta_lam,
        progress=snakemake.params.progress,
    )
    sweep = hierarchy.sweep(n_hidden=cfg["n_hidden"], threshold=cfg["threshold"], **sweep_cfg)
    save_arrays(snakemake.output.data, **data)
    save_arrays(snakemake.output.sweep, **sweep)
    save_json(snakemake.output.numbers, hierarchy.measure(data, sweep, fit_min_lam=fit_min_lam))
