# %% [markdown]
# # Figure 4 — the semantic hierarchy across `lam` (ours, from the results of Dominé et al. 2025)
#
# The 8-item hierarchy of Part I (Braun et al.'s task) learned by an 8-8-8
# network from a small and a large Gaussian start (gradient descent only: not
# balanced), a zero-balanced start and lambda-balanced starts at
# `lam = +-100`. (a) Final `QQ^T = [[W1^T W1, W1^T W2^T], [W2 W1, W2 W2^T]]`
# (exact `t = inf` for the balanced starts, the last gradient-descent step
# otherwise) on one symmetric-logarithmic colour scale; each block is the
# product of its row label and its column label. (b) Loss over training:
# gradient descent (solid, one colour per start), exact (black, dotted).
# (c) Exact time to reach the loss threshold against `|lam|` (filled: `+lam`,
# rings: `-lam`, which coincide) with a power law (grey band) and an
# exponential (dashed) fitted at large `|lam|`; dotted: the other starts.
# (d) The same time multiplied by `|lam|`.
#
# Data: `results/domine2025/fig4/` (rule `domine2025_hierarchy`; settings under
# `domine2025.hierarchy`).
# Numbers: `results/domine2025/fig4/numbers.json` (rule `domine2025_hierarchy_measure`).
# Run `snakemake --cores 8 figures/domine2025/fig4.pdf`.

# %%
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import SymLogNorm

from exactdln import figures
from exactdln.io import load_arrays, load_json

inp, out = figures.paths(
    globals(),
    inputs={
        "data": "results/domine2025/fig4/hierarchy.npz",
        "sweep": "results/domine2025/fig4/sweep.npz",
        "numbers": "results/domine2025/fig4/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/domine2025/fig4.pdf", "png": "figures/domine2025/fig4.png"},
)
figures.setup(inp.style)
d = load_arrays(inp.data)
sw = load_arrays(inp.sweep)
numbers = load_json(inp.numbers)
names = [str(n) for n in d["names"]]
LABELS = {
    "small_gaussian": "small Gaussian",
    "large_gaussian": "large Gaussian",
    "zero_balanced": "zero-balanced",
    "lam_plus": "$\\lambda=+100$",
    "lam_minus": "$\\lambda=-100$",
}


def label(k: int) -> str:
    name = names[k]
    if name in LABELS:
        return LABELS[name]
    lam = d["lams"][k]
    return name if np.isnan(lam) else f"{name} ($\\lambda={lam:g}$)"


fig = plt.figure(figsize=(figures.TEXT_WIDTH, 4.45), constrained_layout=True)
top, bottom = fig.subfigures(2, 1, height_ratios=[1, 1.85])

# %% [markdown]
# ## (a) final hidden representations and network function

# %%
axes = np.atleast_1d(top.subplots(1, len(names)))
n = d["sigma_yx"].shape[1]
finals = [
    d[f"exact_qqt_inf_{k}"] if f"exact_qqt_inf_{k}" in d else d[f"sim_qqt_final_{k}"]
    for k in range(len(names))
]
vmax = max(np.abs(q).max() for q in finals)
# one colour scale: linear within +-LINTHRESH, logarithmic beyond (|lam| = 100 beside O(1) entries)
LINTHRESH = 0.05
norm = SymLogNorm(linthresh=LINTHRESH, vmin=-vmax, vmax=vmax, base=10)
centres = [(n - 1) / 2, n + (n - 1) / 2]  # the centres of the two blocks of rows and columns
for k, (ax, qqt) in enumerate(zip(axes, finals, strict=True)):
    im = ax.imshow(qqt, cmap="RdBu_r", norm=norm)
    ax.axhline(n - 0.5, color="k", linewidth=0.5)
    ax.axvline(n - 0.5, color="k", linewidth=0.5)
    # the blocks: QQ^T[i, j] = Q_i Q_j^T with Q = [W1^T; W2]
    ax.set_xticks(centres, ["$W_1$", "$W_2^T$"])
    ax.set_yticks(centres, ["$W_1^T$", "$W_2$"] if k == 0 else [])
    ax.tick_params(length=0)
    ax.set_title(label(k), fontsize=8.5)
    ax.set_xlabel("exact $t=\\infty$" if f"exact_qqt_inf_{k}" in d else "GD, last step")
cax = axes[-1].inset_axes([1.1, 0.0, 0.08, 1.0])  # as tall as the heat maps
bar = top.colorbar(im, cax=cax, label="$QQ^T$ entry")
bar.set_ticks([-100, -1, 0, 1, 100] if vmax >= 100 else [-1, 0, 1])
figures.panel_label(axes[0], "a")

# %% [markdown]
# ## (b) loss curves, (c) time to the threshold against `|lam|`, (d) times `|lam|`

# %%
ax_loss, ax_time, ax_scaled = bottom.subplots(1, 3)
threshold = float(d["threshold"])
for k in range(len(names)):
    t, loss = d[f"sim_times_{k}"][1:], d[f"sim_loss_{k}"][1:]
    ax_loss.plot(t, loss, color=figures.COLORS[k], **figures.SIM_STYLE)
    if f"exact_loss_{k}" in d:
        ax_loss.plot(t, d[f"exact_loss_{k}"][1:], **{**figures.EXACT_STYLE, "linewidth": 1.0})
ax_loss.axhline(threshold, color="0.5", linewidth=0.6)
ax_loss.set_xscale("log")
ax_loss.set_yscale("log")
ax_loss.set_ylim(1e-8, None)
ax_loss.set_xticks([1e-4, 1e-2, 1e0])
ax_loss.set_xlabel("time $t$")
ax_loss.set_ylabel("loss $\\frac{1}{2}\\|\\Sigma_{yx}-W_2W_1\\|_F^2$")
figures.panel_label(ax_loss, "b")

mags, times = sw["lam_magnitudes"], sw["time"]
fit = numbers["sweep"]["fit"]
sel = mags >= fit["min_lam"]
for ax, scale in ((ax_time, np.ones_like(mags)), (ax_scaled, mags)):
    x = mags[sel]
    ax.plot(x, fit["power_prefactor"] * x ** fit["power_exponent"] * scale[sel], color="0.8", linewidth=7)
    ax.plot(
        x,
        fit["exponential_prefactor"] * np.exp(-fit["exponential_rate"] * x) * scale[sel],
        color="0.3",
        linestyle="--",
        linewidth=1.0,
    )
    ax.plot(mags, times[1] * scale, "o", mfc="none", color="k", markersize=4, mew=0.7)
    ax.plot(mags, times[0] * scale, "o", color="k", markersize=1.8)
    ax.axvspan(fit["min_lam"], mags[-1], color="0.93", zorder=0)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("$|\\lambda|$")
    ax.set_xticks([1e-2, 1e0, 1e2, 1e4])
for k, name in enumerate(names):
    if np.isnan(d["lams"][k]) or d["lams"][k] == 0:
        ax_time.axhline(numbers[name]["sim_time"], color=figures.COLORS[k], linewidth=1.0, linestyle=":")
ax_time.set_ylabel(f"time to loss {threshold:g}")
figures.panel_label(ax_time, "c")
ax_scaled.set_ylabel("time $\\times|\\lambda|$")
figures.panel_label(ax_scaled, "d")

starts = [plt.Line2D([], [], color=figures.COLORS[k], label=label(k)) for k in range(len(names))]
starts += [
    plt.Line2D([], [], **{**figures.EXACT_STYLE, "linewidth": 1.0}, label="exact"),
    plt.Line2D([], [], color="0.5", linewidth=0.6, label="threshold"),
]
bottom.legend(handles=starts, loc="outside upper center", ncol=4)
sweep = [
    plt.Line2D([], [], marker="o", color="k", markersize=1.8, linestyle="none", label="exact, $+\\lambda$"),
    plt.Line2D(
        [], [], marker="o", mfc="none", color="k", markersize=4, linestyle="none", label="exact, $-\\lambda$"
    ),
    plt.Line2D(
        [], [], color="0.8", linewidth=7, label=f"$\\propto|\\lambda|^{{{fit['power_exponent']:.3f}}}$"
    ),
    plt.Line2D([], [], color="0.3", linestyle="--", linewidth=1.0, label="$\\propto e^{-b|\\lambda|}$"),
    plt.Line2D([], [], color="0.4", linestyle=":", linewidth=1.0, label="GD starts (colours of b)"),
]
bottom.legend(handles=sweep, loc="outside lower center", ncol=3)
figures.save(fig, out.pdf, out.png)
