"""Figure 8: the tanh variance map and its fixed point q_inf(g), theory and wide networks."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.saxe2014 import mean_field
from exactdln.experiments.saxe2014.common import log_grid
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = dict(snakemake.params.run)
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    del p["quoted_gains"]
    p["map_variances"] = log_grid(p["map_variances"])
    p["theory_gains"] = log_grid(p["theory_gains"])
    save_arrays(snakemake.output[0], **mean_field.run(**p))
