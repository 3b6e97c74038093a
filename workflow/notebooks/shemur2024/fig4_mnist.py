# %% [markdown]
# # Figure 4 — the source's MNIST table, scaled down
#
# (a) Two-hidden-layer ReLU networks on a subset of MNIST (pooled to 7x7),
# trained by full-batch gradient descent with ``eta = eta0 n^alpha``: mean
# squared difference between the network and its linearisation on the test
# images against the width ``n`` (markers: seed mean; band: seed range), with
# fitted slopes. (b) The slopes: ours (filled), the source's (open), the
# short-time prediction ``4 alpha - 2`` (grey line) and the converged smooth
# value -2 (dotted). (c) The same measure for the converged two-layer
# networks of Figure 1 on MNIST, per activation. Sizes, seeds, steps and
# ``eta0``: `shemur2024.data.mnist_mlp` and `shemur2024.mnist_mlp` in
# `workflow/config.yaml`.
#
# Data: `results/shemur2024/mnist_mlp/` (rule `shemur2024_mnist_mlp`, settings under
# `shemur2024.mnist_mlp`) and `results/shemur2024/width/mnist_*.npz` (Figure 1); numbers:
# `results/shemur2024/fig4/numbers.json` (rule `shemur2024_mnist_measure`).
# Run `snakemake --cores 8 figures/shemur2024/fig4.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.io import load_arrays, load_json

ALPHAS = ("0", "-0.5", "-1")
ACTIVATIONS = ("tanh", "relu", "linear")
inp, out = figures.paths(
    globals(),
    inputs={
        **{f"alpha{a}": f"results/shemur2024/mnist_mlp/alpha{a}.npz" for a in ALPHAS},
        **{f"mnist_{a}": f"results/shemur2024/width/mnist_{a}.npz" for a in ACTIVATIONS},
        "numbers": "results/shemur2024/fig4/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/shemur2024/fig4.pdf", "png": "figures/shemur2024/fig4.png"},
)
figures.setup(inp.style)
mlp = {a: load_arrays(getattr(inp, f"alpha{a}")) for a in ALPHAS}
two_layer = {a: load_arrays(getattr(inp, f"mnist_{a}")) for a in ACTIVATIONS}
numbers = load_json(inp.numbers)
# colours: alpha in purples (a), activations as in Figures 1-3 (c), the slopes of (b) in black and grey
shades = dict(zip(ALPHAS, plt.get_cmap("Purples")(np.linspace(1.0, 0.5, len(ALPHAS))), strict=True))
NAMES = {"tanh": "tanh", "relu": "ReLU", "linear": "linear"}

# %%
fig, axes = plt.subplots(1, 3, figsize=(figures.TEXT_WIDTH, 2.5), constrained_layout=True)
ax = axes[0]
for a in ALPHAS:
    d = mlp[a]
    mse = d["mse_test"]  # (W, S)
    ax.fill_between(d["widths"], mse.min(axis=-1), mse.max(axis=-1), color=shades[a], alpha=0.2, linewidth=0)
    slope = numbers["mnist_mlp"][a]["slope"]
    ax.plot(
        d["widths"],
        mse.mean(axis=-1),
        "o-",
        color=shades[a],
        markersize=2.5,
        label=rf"$\alpha = {a}$ ({slope:.2f})",
    )
ax.set_xscale("log", base=2)
ax.set_yscale("log")
ax.set_ylim(None, 30)  # room for the legend above the data
ax.set_xlabel("width $n$")
ax.set_ylabel(r"test MSE $(F - F_{\mathrm{lin}})^2$")
ax.legend(loc="upper right", borderaxespad=0.2, handlelength=1.5)
figures.panel_label(ax, "a")

ax = axes[1]
source = numbers["mnist_mse_slopes_source"]
grid = np.linspace(-1.05, 0.05, 2)
lines = [
    ax.plot(grid, 4 * grid - 2, "-", color="0.6", linewidth=0.8, label=r"$4\alpha - 2$ (short time)")[0],
    ax.axhline(-2.0, color="0.6", linestyle=":", linewidth=0.8, label="$-2$ (converged)"),
]
points = [
    ax.plot(
        [float(a) for a in source],
        list(source.values()),
        "o",
        mfc="none",
        color="0.35",
        label="source",
    )[0],
    ax.plot(
        [float(a) for a in ALPHAS],
        [numbers["mnist_mlp"][a]["slope"] for a in ALPHAS],
        "o",
        color="k",
        label=f"ours, {int(mlp[ALPHAS[0]]['n_steps'])} steps",
    )[0],
]
ax.set_ylim(None, 0.6)  # room for a legend above the data
ax.set_xlabel(r"learning-rate exponent $\alpha$ ($\eta = \eta_0 n^\alpha$)")
ax.set_ylabel("slope of log MSE vs log width")
ax.add_artist(ax.legend(handles=lines, loc="upper left", borderaxespad=0.2, handlelength=1.5))
ax.legend(handles=points, loc="lower right", borderaxespad=0.2, handletextpad=0.3)
figures.panel_label(ax, "b")

ax = axes[2]
for k, act in enumerate(ACTIVATIONS):
    d = two_layer[act]
    mse = np.square(d["gap_test"][:, -1])  # (W, S)
    slope = numbers["two_layer_mse_slope"][act]
    ax.fill_between(
        d["widths"], mse.min(axis=-1), mse.max(axis=-1), color=figures.COLORS[k], alpha=0.2, linewidth=0
    )
    ax.plot(
        d["widths"],
        mse.mean(axis=-1),
        "o-",
        color=figures.COLORS[k],
        markersize=2.5,
        label=f"{NAMES[act]} ({slope:.2f})",
    )
ax.set_xscale("log", base=2)
ax.set_xticks([2**4, 2**7, 2**10, 2**13])
ax.set_yscale("log")
ax.set_xlabel("width $m$ (two-layer networks)")
ax.set_ylabel("final test MSE")
ax.legend(loc="lower left", borderaxespad=0.2, handlelength=1.5)
figures.panel_label(ax, "c")
figures.save(fig, out.pdf, out.png)
