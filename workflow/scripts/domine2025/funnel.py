"""Figure 3 data: kernel distances of a funnel and an inverse funnel over lam, and the rich plateau."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.domine2025 import funnel
from exactdln.io import save_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    cfg = dict(snakemake.params.run)
    bounds = {
        key: cfg.pop(key) for key in ("lazy_lam", "lazy_bound", "rich_bound", "fit_range", "early_fit_range")
    }
    data = funnel.run(
        **cfg,
        eta_max=snakemake.params.eta_max,
        eta_lam=snakemake.params.eta_lam,
        progress=snakemake.params.progress,
    )
    save_arrays(snakemake.output.data, **data)
    save_json(snakemake.output.numbers, funnel.measure(data, **bounds))
