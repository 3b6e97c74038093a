"""Figure 6: one case's DMFT at several numbers of particles per batch (the finite-batch bias; the
case is the wildcard)."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import dmft_solves
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
study = p["particle_study"]
case = p["cases"][snakemake.wildcards.case]
keys = ("depth", "gamma0", "data_seed", "n_in", "n_items", "dt", "horizon", "n_records")
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = dmft_solves.deep_particle_study(
        per_batch=study["per_batch"],
        n_batches=study["n_batches"],
        rule=case["rule"],
        activation=case["activation"],
        rho=p["rho"],
        seed=p["dmft_seed"],
        **{k: p[k] for k in keys},
    )
    save_arrays(snakemake.output[0], **data)
