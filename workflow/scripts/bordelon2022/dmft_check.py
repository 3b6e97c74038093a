"""Figure 6: one check of the DMFT solvers (the check is the wildcard: linear, lazy, monte_carlo, cost)."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import dmft_checks
from exactdln.io import save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

CHECKS = {
    "linear": dmft_checks.linear_check,
    "lazy": dmft_checks.lazy_check,
    "monte_carlo": dmft_checks.monte_carlo_check,
    "cost": dmft_checks.cost_check,
}
name = snakemake.wildcards.check
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    save_json(snakemake.output[0], CHECKS[name](**snakemake.params.run["checks"][name]))
