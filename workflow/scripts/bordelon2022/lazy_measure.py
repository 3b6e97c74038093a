"""Figure 2: finite-width gaps, their slope against N, and the GLN prefactor."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import lazy
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    widths = {int(name[1:]): load_arrays(snakemake.input[name]) for name in snakemake.params.widths}
    numbers = lazy.measure(widths, load_arrays(snakemake.input.gln), depth=p["depth"], n_angles=p["n_angles"])
    save_json(snakemake.output[0], numbers)
