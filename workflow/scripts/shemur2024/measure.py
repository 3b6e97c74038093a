"""Part V's numbers (results/shemur2024/numbers.json) and the merged width runs of Figures 1 and 3a."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.shemur2024 import measure, width
from exactdln.io import load_arrays, save_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

cfg = snakemake.params.cfg
inp = snakemake.input
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    width_runs: dict = {}
    for data in snakemake.params.data:
        for act in snakemake.params.activations:
            parts = [load_arrays(inp[f"{data}_{act}_{k}"]) for k in range(snakemake.params.n_groups[act])]
            merged = width.merge(parts)
            save_arrays(snakemake.output[f"{data}_{act}"], **merged)
            width_runs.setdefault(data, {})[act] = merged
    numbers = measure.numbers(
        width_runs=width_runs,
        corr=load_arrays(inp.sweep),
        fd=load_arrays(inp.fd),
        scale_runs={
            act: {start: load_arrays(inp[f"{act}_{start}"]) for start in ("plain", "doubling")}
            for act in snakemake.params.scale_activations
        },
        linear=load_arrays(inp.linear),
        mlp_runs={a: load_arrays(inp[f"alpha{a}"]) for a in snakemake.params.alphas},
        fit_min_width=cfg["fit_min_width"],
        fit_min_scale=cfg["output_scale"]["fit_min_scale"],
        fit_min_lam=cfg["linear_exact"]["fit_min_lam"],
        source_slopes=cfg["mnist_mlp"]["source_slopes"],
    )
    save_json(snakemake.output.numbers, numbers)
