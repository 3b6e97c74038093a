"""Figure 5: two-layer linear networks of one curve (rule and rho; the name is the wildcard)."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import feature_change
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
spec = p["rules"][snakemake.wildcards.name]
study = p["width_study"]
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = feature_change.run_rule(
        rule=spec["rule"],
        rho=spec.get("rho"),
        gamma0s=p["gamma0s"],
        width=p["width"],
        n_seeds=p["n_seeds"],
        seed=p["seed"],
        y=p["y"],
        width_gamma0=study["gamma0"],
        widths=study["widths"],
        width_seeds=study["n_seeds"],
        dt_max=p["dt_max"],
        stability=p["stability"],
        tol=p["tol"],
        n_records=p["n_records"],
        progress=snakemake.params.progress,
    )
    save_arrays(snakemake.output[0], **data)
