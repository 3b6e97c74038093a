"""Figure 4: the infinite-width closure of deep linear rho-FA at the recorded times."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import deep_fa
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
keys = ("depth", "n_items", "gamma0", "rhos", "dt", "horizon", "n_records", "data_seed", "fine_rhos")
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    save_arrays(snakemake.output[0], **deep_fa.closure(**{k: p[k] for k in keys}))
