"""Figure 3 data: the semantic hierarchy from three starts (simulated, flow, exact), then measured."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.braun2022 import representations
from exactdln.io import save_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = dict(snakemake.params.run)
tol, claimed = p.pop("distance_tol"), p.pop("claimed_structured")
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = representations.run(**p, progress=snakemake.params.progress)
    save_arrays(snakemake.output.data, **data)
    save_json(snakemake.output.numbers, representations.measure(data, tol, claimed))
