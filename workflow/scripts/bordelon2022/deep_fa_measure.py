"""Figure 4: closure-network gaps against width, the rho orderings and G~(0)."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import deep_fa
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    widths = {int(name[1:]): load_arrays(snakemake.input[name]) for name in snakemake.params.widths}
    theory = load_arrays(snakemake.input.closure)
    save_json(snakemake.output[0], deep_fa.measure(widths, theory, depth=snakemake.params.run["depth"]))
