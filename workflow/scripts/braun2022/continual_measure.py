"""Figure 6: the numbers the paper quotes, and the forgetting runs of every activation in one file."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.braun2022 import continual, forgetting
from exactdln.io import load_arrays, save_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

inp = snakemake.input
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    runs = {a: forgetting.combine([load_arrays(f) for f in inp[a]]) for a in snakemake.params.activations}
    p = snakemake.params.run
    numbers = continual.measure(
        load_arrays(inp.sequence),
        load_arrays(inp.matrix),
        semigroup_tol=p["semigroup_tol"],
        first_order_ratio=p["first_order_ratio"],
    )
    numbers["forgetting"] = forgetting.measure(runs)
    save_json(snakemake.output.numbers, numbers)
    save_arrays(snakemake.output.forgetting, **{f"{a}_{k}": v for a, r in runs.items() for k, v in r.items()})
