"""Figure 6: the numbers the paper quotes, and the forgetting runs of every activation in one file."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.braun2022 import continual, forgetting
from exactdln.io import load_arrays, save_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

inp = snakemake.input
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    runs = {
        targets: {
            a: forgetting.combine([load_arrays(f) for f in inp[f"{targets}_{a}"]])
            for a in snakemake.params.activations
        }
        for targets in snakemake.params.targets
    }
    p = snakemake.params.run
    numbers = continual.measure(
        load_arrays(inp.sequence),
        load_arrays(inp.matrix),
        semigroup_tol=p["semigroup_tol"],
        first_order_ratio=p["first_order_ratio"],
    )
    # random targets keep the keys of the experiment; the linear teacher is "forgetting_teacher"
    numbers["forgetting"] = forgetting.measure(runs["random"])
    numbers["forgetting_teacher"] = forgetting.measure(runs["teacher"])
    save_json(snakemake.output.numbers, numbers)
    arrays = {
        f"{'' if targets == 'random' else targets + '_'}{a}_{k}": v
        for targets, by_activation in runs.items()
        for a, r in by_activation.items()
        for k, v in r.items()
    }
    save_arrays(snakemake.output.forgetting, **arrays)
