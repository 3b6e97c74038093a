"""Figure 6: deep networks of one case (rule and activation; the case is the wildcard) at every width."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import deep_rules
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
case = p["cases"][snakemake.wildcards.case]
keys = (
    "widths",
    "n_seeds",
    "depth",
    "gamma0",
    "seed",
    "data_seed",
    "n_in",
    "n_items",
    "dt",
    "horizon",
    "n_records",
)
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = deep_rules.run(
        rule=case["rule"],
        activation=case["activation"],
        rho=p["rho"],
        **{k: p[k] for k in keys},
        progress=snakemake.params.progress,
    )
    save_arrays(snakemake.output[0], **data)
