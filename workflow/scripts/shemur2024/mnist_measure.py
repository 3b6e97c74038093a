"""Figure 4: the MNIST slopes per exponent alpha (fixed steps, matched flow time, the authors' protocol)
beside the source's, and Figure 1's MNIST MSE slopes."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.shemur2024 import authors_protocol, mnist_mlp, width
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params
inp = snakemake.input
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    two_layer = {act: load_arrays(inp[f"mnist_{act}"]) for act in p.activations}
    tol = p.tolerance
    numbers = {
        "mnist_mlp": mnist_mlp.measure({a: load_arrays(inp[f"alpha{a}"]) for a in p.alphas}, tolerance=tol),
        "mnist_matched": mnist_mlp.measure(
            {a: load_arrays(inp[f"matched{a}"]) for a in p.alphas}, tolerance=tol
        ),
        "mnist_authors": authors_protocol.measure(
            {a: load_arrays(inp[f"authors{a}"]) for a in p.authors_alphas},
            fit_min_width=p.fit_min_width,
            tolerance=tol,
        ),
        "mnist_mse_slopes_source": {str(k): float(v) for k, v in p.source_slopes.items()},
        "two_layer_mse_slope": {
            act: m["mse_final_test_slope"]
            for act, m in width.measure(two_layer, fit_min_width=p.fit_min_width, tolerance=tol).items()
        },
    }
    save_json(snakemake.output[0], numbers)
