"""Figure 5a-b data: exact reversal from a learned, aligned start for every shape and lam."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.domine2025 import reversal
from exactdln.io import save_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    cfg = dict(snakemake.params.run)
    stall_tol = cfg.pop("stall_tol")
    data = reversal.run(
        **cfg,
        eta_max=snakemake.params.eta_max,
        eta_lam=snakemake.params.eta_lam,
        progress=snakemake.params.progress,
    )
    save_arrays(snakemake.output.data, **data)
    save_json(snakemake.output.numbers, reversal.measure(data, stall_tol=stall_tol))
