"""Figure 3: final alignments (per width and extrapolated in 1/N) and the verdict."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import dfa_tanh
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    runs = [load_arrays(path) for name, path in snakemake.input.items() if name.startswith("g")]
    save_json(snakemake.output[0], dfa_tanh.measure(runs))
