"""Figure 3: the DMFT's alignments, the networks' gaps to it, and the verdicts the paper quotes."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import dfa_tanh
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    runs = [load_arrays(snakemake.input[g]) for g in snakemake.params.gammas]
    theories = [load_arrays(snakemake.input[f"{g}_dmft"]) for g in snakemake.params.gammas]
    save_json(snakemake.output[0], dfa_tanh.measure(runs, theories))
