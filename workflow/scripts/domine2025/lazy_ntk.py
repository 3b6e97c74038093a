"""Figure 2c-e data: the NTK at t = 0 and t = inf over |lam| (both signs), and the fitted slopes."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.domine2025 import lazy_ntk
from exactdln.io import save_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    cfg = dict(snakemake.params.run)
    fit_range, early_fit_range = cfg.pop("fit_range"), cfg.pop("early_fit_range")
    cfg.pop("slope_shape")  # used by domine2025_modes_measure
    data = lazy_ntk.run(**cfg)
    save_arrays(snakemake.output.data, **data)
    save_json(snakemake.output.numbers, lazy_ntk.measure(data, fit_range, early_fit_range))
