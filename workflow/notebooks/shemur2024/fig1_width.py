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
# seed range (band); grey, beneath the data: reference slopes ``-1`` (the
# source's ``O(1/n)``) and ``-1/2`` (Lee et al.'s bound; Lee et al.'s weight
# change). The slopes fitted from the width `shemur2024.fit_min_width` on are in
# `results/shemur2024/fig1/numbers.json` (and the paper). Sizes and seeds:
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


def reference(ax, span, bands, slopes):
    """Grey reference power laws over the widths ``span`` (first, last), drawn beneath the data
    and above every band (``bands``: ``(widths, upper edge)`` of each curve)."""
    w0, w1 = span
    for slope, style in zip(slopes, ("--", ":"), strict=False):
        anchor = 2.0 * max(
            np.max(u[(w >= w0) & (w <= w1)] * (w[(w >= w0) & (w <= w1)] / w0) ** -slope) for w, u in bands
        )
        ends = np.array([w0, w1], dtype=float)
        ax.plot(ends, anchor * (ends / w0) ** slope, style, color="0.5", linewidth=0.8, zorder=0.5)


NAMES = {"tanh": "tanh", "relu": "ReLU", "linear": "linear"}
fig = plt.figure(figsize=(figures.TEXT_WIDTH, 4.5), constrained_layout=True)
rows = fig.subfigures(2, 1)
axes = np.array([sub.subplots(1, 4) for sub in rows])
for row, (data, title) in enumerate(DATA.items()):
    rows[row].suptitle(title, fontsize=9)
    for col, (key, ylabel, _, ref_slopes) in enumerate(PANELS):
        ax = axes[row, col]
        bands = []
        for act in ACTIVATIONS:
            d = runs[data][act]
            values = per_seed(d, key)
            ax.fill_between(
                d["widths"],
                values.min(axis=-1),
                values.max(axis=-1),
                color=COLOR[act],
                alpha=0.2,
                linewidth=0,
            )
            ax.plot(
                d["widths"], values.mean(axis=-1), "o-", color=COLOR[act], markersize=2.5, label=NAMES[act]
            )
            bands.append((d["widths"], values.max(axis=-1)))
        span = runs[data]["tanh"]["widths"][[2, -1]]
        reference(ax, span, bands, ref_slopes)
        ax.set_xscale("log", base=2)
        ax.set_xticks([2**4, 2**7, 2**10, 2**13])
        ax.set_yscale("log")
        ax.set_xlabel("width $m$")
        ax.set_ylabel(ylabel)
        if row == 0:
            figures.panel_label(ax, "abcd"[col])
handles, labels = axes[0, 0].get_legend_handles_labels()
handles += [
    plt.matplotlib.patches.Patch(color="0.5", alpha=0.3, linewidth=0),
    plt.Line2D([], [], color="0.5", linestyle="--", linewidth=0.8),
    plt.Line2D([], [], color="0.5", linestyle=":", linewidth=0.8),
]
labels += ["seed range", "slope $-1$", "slope $-1/2$"]
fig.legend(handles, labels, loc="outside upper center", ncol=len(labels))
figures.save(fig, out.pdf, out.png)

# %% [markdown]
# The fitted log-log slopes (seed means, from the width `shemur2024.fit_min_width` on, with the
# standard error over seeds), which the paper quotes for panels a, c and d, or "no power law" where
# the check of `exactdln.experiments.shemur2024.slopes` fails: where a gap levels off or bends
# instead of falling along a line (the training gaps of ReLU and linear units, panel b; the
# linear units' gaps on the teacher task, whose seeds scatter and whose curve bends).


# %%
def fitted_slope(entry, slope_key, name):
    """``name slope +- stderr``, or ``name: no power law``."""
    key = slope_key.removesuffix("_slope")
    if not entry[f"{key}_power_law"]:
        return f"{name}: no power law"
    return f"{name} {entry[slope_key]:+.2f} +- {entry[f'{key}_stderr']:.2f}"


for data, title in DATA.items():
    print(title)
    for key, _, slope_key, _ in PANELS:
        fitted = ", ".join(fitted_slope(numbers["width"][data][a], slope_key, NAMES[a]) for a in ACTIVATIONS)
        print(f"  {key:16s} {fitted}")
