"""Figure 1: the alignments, losses, DMFT gaps and verdicts the paper quotes."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import two_layer_measure
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

rules = snakemake.params.rules
p = snakemake.params.run
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    runs = {rule: load_arrays(snakemake.input[rule]) for rule in rules}
    theory = {rule: load_arrays(snakemake.input[f"{rule}_dmft"]) for rule in rules}
    widths = {rule: load_arrays(snakemake.input[f"{rule}_widths"]) for rule in rules}
    save_json(
        snakemake.output[0],
        two_layer_measure.measure(runs, theory, widths, gamma0=p["gamma0"], dt=p["dt"]),
    )
