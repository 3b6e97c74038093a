# %% [markdown]
# # Figure 1 — wide networks follow their linearisation
#
# Two-layer networks in NTK parameterisation (tanh, ReLU, linear hidden units)
# trained by full-batch gradient descent on a random tanh teacher (top) and on
# a few MNIST images (bottom), against the linearised model trained by the
# same update (evaluated exactly). (a) Largest RMS gap ``F - F_lin`` on the
# test points over training; (b) RMS gap on the training points at the end of
# training; (c) relative change of the NTK on the training points and (d) of
# the weights, at the end of training. Lines: seed mean (markers) with the
# seed range (band); grey: reference slopes ``-1`` (the source's ``O(1/n)``)
# and ``-1/2`` (Lee et al.'s bound; Lee et al.'s weight change). Legends:
# slopes fitted from the width `shemur2024.fit_min_width` on. Sizes and seeds:
# `shemur2024.data` and `shemur2024.width` in `workflow/config.yaml`.
#
# Data: `results/shemur2024/width/` (rules `shemur2024_width_run`, `shemur2024_width_merge`;
# settings under `shemur2024.width` in `workflow/config.yaml`); numbers:
# `results/shemur2024/fig1/numbers.json` (rule `shemur2024_width_measure`).
# Run `snakemake --cores 8 figures/shemur2024/fig1.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.io import load_arrays, load_json

DATA = {"teacher": "tanh teacher", "mnist": "MNIST"}
ACTIVATIONS = ("tanh", "relu", "linear")
inp, out = figures.paths(
    globals(),
    inputs={
        **{f"{d}_{a}": f"results/shemur2024/width/{d}_{a}.npz" for d in DATA for a in ACTIVATIONS},
        "numbers": "results/shemur2024/fig1/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/shemur2024/fig1.pdf", "png": "figures/shemur2024/fig1.png"},
)
figures.setup(inp.style)
runs = {d: {a: load_arrays(getattr(inp, f"{d}_{a}")) for a in ACTIVATIONS} for d in DATA}
numbers = load_json(inp.numbers)
COLOR = dict(zip(ACTIVATIONS, figures.COLORS, strict=False))
PANELS = (
    ("gap", r"$\max_t$ RMS test gap $|F - F_{\mathrm{lin}}|$", "gap_sup_test_slope", (-1.0, -0.5)),
    ("gap_final_train", "final RMS training gap", "gap_final_train_slope", (-1.0, -0.5)),
    ("ntk_change", r"$\|\Theta_T - \Theta_0\|_F / \|\Theta_0\|_F$", "ntk_change_slope", (-1.0, -0.5)),
    ("weight_change", r"$\|\theta_T - \theta_0\| / \|\theta_0\|$", "weight_change_slope", (-0.5,)),
)


# %%
def per_seed(d, key):
    """``(W, S)`` values of one panel's quantity."""
    if key == "gap":
        return d["gap_test"].max(axis=1)
    if key == "gap_final_train":
        return d["gap_train"][:, -1]
    return d[key]


def reference(ax, widths, anchor, slopes):
    """Grey reference power laws through ``anchor`` at the smallest fitted width."""
    w = np.array([widths[0], widths[-1]], dtype=float)
    for slope, style in zip(slopes, ("--", ":"), strict=False):
        ax.plot(w, anchor * (w / w[0]) ** slope, style, color="0.5", linewidth=0.8, label=f"slope {slope:g}")


fig, axes = plt.subplots(2, 4, figsize=(7.2, 4.2), constrained_layout=True)
for row, (data, title) in enumerate(DATA.items()):
    for col, (key, ylabel, slope_key, ref_slopes) in enumerate(PANELS):
        ax = axes[row, col]
        top = 0.0
        for act in ACTIVATIONS:
            d = runs[data][act]
            values = per_seed(d, key)
            mean = values.mean(axis=-1)
            slope = numbers["width"][data][act][slope_key]
            ax.fill_between(
                d["widths"],
                values.min(axis=-1),
                values.max(axis=-1),
                color=COLOR[act],
                alpha=0.2,
                linewidth=0,
            )
            ax.plot(d["widths"], mean, "o-", color=COLOR[act], markersize=2.5, label=f"{act} ({slope:.2f})")
            top = max(top, mean[2] * 2.5)
        reference(ax, runs[data]["tanh"]["widths"][2:], top, ref_slopes)
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("width $m$")
        ax.set_ylabel(ylabel)
        ax.legend(loc="lower left", fontsize=5)
        if col == 0:
            ax.set_title(title, loc="left")
        if row == 0:
            figures.panel_label(ax, "abcd"[col])
figures.save(fig, out.pdf, out.png)
