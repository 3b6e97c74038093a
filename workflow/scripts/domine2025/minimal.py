"""Figure 1 data for one network shape: gradient descent and exact solution from every lam."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.domine2025 import minimal
from exactdln.io import save_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    cfg = dict(snakemake.params.run)
    shape = snakemake.wildcards.shape
    dims = cfg.pop("shapes")[shape]
    data = minimal.run(name=shape, dims=dims, **cfg, progress=snakemake.params.progress)
    save_arrays(snakemake.output.data, **data)
    save_json(snakemake.output.numbers, minimal.measure(data))
