"""Figure 2a-b data: aligned mode strengths four ways, and half-learning times against u0."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.domine2025 import modes
from exactdln.io import save_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    params = snakemake.params
    data = modes.run(**params.run, eta_lam=params.eta_lam, progress=params.progress)
    save_arrays(snakemake.output.data, **data)
    save_json(snakemake.output.numbers, modes.measure(data))
