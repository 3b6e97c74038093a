"""Figure 6: deep GD and rho-FA networks against their DMFT, the particle study and the solver checks."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import deep_measure
from exactdln.io import load_arrays, load_json, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

cases = snakemake.params.cases
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    runs = {case: load_arrays(snakemake.input[case]) for case in cases}
    theories = {case: load_arrays(snakemake.input[f"{case}_dmft"]) for case in cases}
    checks = {name: load_json(snakemake.input[name]) for name in snakemake.params.checks}
    studies = {
        case: load_arrays(snakemake.input[f"{case}_particles"]) for case in snakemake.params.study_cases
    }
    numbers = deep_measure.measure(runs, theories, studies, check_results=checks)
    save_json(snakemake.output[0], numbers)
