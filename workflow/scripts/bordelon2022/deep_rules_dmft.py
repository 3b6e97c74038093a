"""Figure 6: the DMFT of one case's infinite-width deep network (the case is the wildcard)."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import dmft_solves
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
case = p["cases"][snakemake.wildcards.case]
keys = ("depth", "gamma0", "data_seed", "n_in", "n_items", "dt", "horizon", "n_records")
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = dmft_solves.deep_rules(
        rule=case["rule"],
        activation=case["activation"],
        rho=p["rho"],
        **{k: p[k] for k in keys},
        seed=p["dmft_seed"],
        n_particles=case["n_particles"],
        n_batches=case["n_batches"],
    )
    save_arrays(snakemake.output[0], **data)
