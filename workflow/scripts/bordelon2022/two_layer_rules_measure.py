"""Figure 1: the alignments, losses and verdicts the paper quotes."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import two_layer_rules
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    runs = {rule: load_arrays(snakemake.input[rule]) for rule in snakemake.params.rules}
    save_json(snakemake.output[0], two_layer_rules.measure(runs))
