"""Figure 5: the consistency condition on MNIST (5k) and the pretraining speed-ups."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.saxe2014 import greedy, mnist
from exactdln.experiments.saxe2014.common import merge
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    numbers = merge(
        [
            mnist.measure(load_arrays(snakemake.input.mnist)),
            greedy.measure(load_arrays(snakemake.input.pretraining)),
        ]
    )
    save_json(snakemake.output[0], numbers)
