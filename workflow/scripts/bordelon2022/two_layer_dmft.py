"""Figure 1: the DMFT of one rule's infinite-width two-layer ReLU network (the rule is the wildcard)."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import dmft_solves
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
keys = ("data_seed", "n_in", "n_items", "gamma0", "rho", "dt", "horizon", "n_records")
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = dmft_solves.two_layer_rules(rule=snakemake.wildcards.rule, **{k: p[k] for k in keys}, **p["dmft"])
    save_arrays(snakemake.output[0], **data)
