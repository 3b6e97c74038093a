"""One figure's results/domine2025/figN/numbers.json: its measurements and its named numbers.

The rule names the figure (params.figure, fig1 ... fig5) and its options (params.options);
its named inputs are the figure's computations' measurements, passed by name to
exactdln.experiments.domine2025.figure_numbers.figN.
"""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.domine2025 import figure_numbers
from exactdln.io import load_json, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    numbers = getattr(figure_numbers, snakemake.params.figure)
    measured = {name: load_json(path) for name, path in snakemake.input.items()}
    save_json(snakemake.output[0], numbers(**measured, **snakemake.params.options))
