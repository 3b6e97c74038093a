# %% [markdown]
# # Figure 4 — alignment dynamics
#
# A 5-5-5 network on a dense task with identity inputs, started from
# `W1 = R A V^T`, `W2 = U A^T R^T` (task singular vectors `U, V`, random
# orthogonal `R`, Gaussian `A` at three scales). Rows 1–2: the task-basis
# network function `M = U^T W2 W1 V` over training, split into its diagonal
# (mode strengths: learning) and off-diagonal part (misalignment); gradient
# descent (solid) against the exact solution (dotted), with the timescales
# `1/s_i` and `(1/s_i) ln(s_i/a0)` marked. Row 3: the gap between the exact
# trajectory and decoupled sigmoids, over nine decades of the initial scale.
#
# Data: `results/braun2022/fig4/` (rules `braun2022_alignment_dynamics`, `braun2022_alignment_gap`,
# settings in `workflow/config.yaml`, key `braun2022.alignment`).
# Run `snakemake --cores 8 figures/braun2022/fig4.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.io import load_arrays, load_json

inp, out = figures.paths(
    globals(),
    inputs={
        "dynamics": "results/braun2022/fig4/dynamics.npz",
        "gap": "results/braun2022/fig4/gap.npz",
        "numbers": "results/braun2022/fig4/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/braun2022/fig4.pdf", "png": "figures/braun2022/fig4.png"},
)
figures.setup(inp.style)
dyn = load_arrays(inp.dynamics)
gap = load_arrays(inp.gap)
numbers = load_json(inp.numbers)

# %% [markdown]
# Rows 1–2: diagonal and off-diagonal parts of `U^T W2 W1 V` from each scale.

# %%
t = dyn["times"]
shown = slice(1, None)  # log time axis: from the first step on
s = dyn["singular_values"]
n = s.size
iu = np.triu_indices(n, k=1)
fig = plt.figure(figsize=(7.2, 7.0), layout="constrained")
grid = fig.add_gridspec(3, 3, height_ratios=[1, 1, 1.15])
top = [fig.add_subplot(grid[0, k]) for k in range(3)]
mid = [fig.add_subplot(grid[1, k], sharex=top[k]) for k in range(3)]
for k, name in enumerate(dyn["names"]):
    ax, ax2 = top[k], mid[k]
    sim, exact = dyn["sim_modes"][k], dyn["exact_modes"][k]
    for i in range(n):
        color = figures.COLORS[i]
        ax.plot(t[shown], sim[shown, i, i], color=color, **figures.SIM_STYLE)
        ax.plot(t[shown], exact[shown, i, i], **{**figures.EXACT_STYLE, "linewidth": 1.0})
        ax.axhline(s[i], color=color, linewidth=0.5, linestyle="--", alpha=0.6)
        # the timescales, on the top edge: 1/s_i (bar) and (1/s_i) ln(s_i/a0) (triangle)
        marks = ax.get_xaxis_transform()
        ax.plot(dyn["inverse_rate"][i], 1.0, "|", color=color, markersize=7, transform=marks, clip_on=False)
        if np.isfinite(dyn["plateau"][k, i]):
            ax.plot(dyn["plateau"][k, i], 1.0, "v", color=color, markersize=4, transform=marks, clip_on=False)
    for i, j in zip(*iu, strict=True):
        ax2.plot(t[shown], sim[shown, i, j], color="0.6", linewidth=0.7)
        ax2.plot(t[shown], exact[shown, i, j], color="k", linestyle=":", linewidth=0.8)
    ax2.plot(t[shown], dyn["sim_offdiagonal"][k][shown], color=figures.COLORS[5], linewidth=1.6)
    ax2.plot(t[shown], dyn["exact_offdiagonal"][k][shown], **{**figures.EXACT_STYLE, "linewidth": 1.2})
    ax2.axhline(0.0, color="0.8", linewidth=0.5)
    a0 = dyn["scales"][k]
    ax.set_title(f"{name} start, $a_0$ = {a0:g}", pad=9)
    for a in (ax, ax2):
        a.set_xscale("log")
    ax2.set_xlabel("time $t$ (steps $\\times\\,\\eta$)")
    figures.panel_label(ax, "abc"[k])
    figures.panel_label(ax2, "def"[k])
top[0].set_ylabel("diagonal $[U^T W_2W_1 V]_{ii}$")
mid[0].set_ylabel("off-diagonal $[U^T W_2W_1 V]_{ij}$")
top[0].plot([], [], color="0.3", **figures.SIM_STYLE, label=f"GD, $\\eta$ = {float(dyn['eta']):g}")
top[0].plot([], [], **{**figures.EXACT_STYLE, "linewidth": 1.0}, label="exact")
top[0].plot([], [], "|", color="0.3", label="$1/s_i$")
top[0].plot([], [], "v", color="0.3", markersize=4, label="$\\ln(s_i/a_0)/s_i$")
top[0].legend(loc="center left", fontsize=6)
mid[0].plot([], [], color="0.6", linewidth=0.7, label="entries $i<j$ (GD)")
mid[0].plot([], [], color=figures.COLORS[5], linewidth=1.6, label="$\\|$off-diag.$\\|_F$ (GD)")
mid[0].plot([], [], color="k", linestyle=":", label="exact")
mid[0].legend(loc="upper left", fontsize=6)

# %% [markdown]
# Row 3: (g) one small random start against two choices of decoupled sigmoid;
# (h) the gap against the initial scale, with power-law fits.

# %%
ax = fig.add_subplot(grid[2, 0])
te = gap["example_times"]
modes = gap["example_modes"]
for i in range(n):
    color = figures.COLORS[i]
    ax.plot(te, modes[:, i, i], color=color, linewidth=1.6, alpha=0.8)
    ax.plot(te, gap["example_effective"][:, i], color="k", linestyle="--", linewidth=0.8)
    ax.plot(te, gap["example_naive"][:, i], color="0.55", linestyle=":", linewidth=1.0)
ax.plot(te, gap["example_offdiagonal"], color=figures.COLORS[5], linewidth=1.2)
ax.plot([], [], color="0.3", linewidth=1.6, label="exact")
ax.plot([], [], color="k", linestyle="--", linewidth=0.8, label="sigmoid, effective $u_0$")
ax.plot([], [], color="0.55", linestyle=":", label="sigmoid, initial $u_0$")
ax.plot([], [], color=figures.COLORS[5], label="$\\|$off-diag.$\\|_F$ (exact)")
ax.legend(loc="center right", bbox_to_anchor=(1.0, 0.68), fontsize=6)
ax.set_xlabel("time $t$")
ax.set_ylabel("$[U^T W_2W_1 V]_{ii}$")
ax.set_title(f"random start, $a_0$ = {float(gap['example_scale']):g}")
figures.panel_label(ax, "g")

ax = fig.add_subplot(grid[2, 1:])
scales = gap["scales"]
g = numbers["gap"]
series = [
    ("total", figures.COLORS[0], "o", "exact vs sigmoids (effective $u_0$)"),
    ("diagonal", figures.COLORS[2], "s", "diagonal part only"),
    ("naive", "0.5", "^", "exact vs sigmoids (initial $u_0$)"),
]
fit = scales <= g["fit_max_scale"]
for kind, color, marker, label in series:
    values = gap[f"{kind}_gap"]
    ax.plot(scales, values, color=color, linewidth=0.4, alpha=0.35)
    median = np.median(values, axis=1)
    slope = g[f"{kind}_slope_median"]
    if kind != "naive":
        predicted = g[f"predicted_slope_{kind}"]
        label = f"{label}: slope {slope:.2f} (predicted {predicted:.2f})"
        ref = median[fit][-1] * (scales[fit] / scales[fit][-1]) ** predicted
        ax.plot(scales[fit], ref, color="k", linewidth=0.8, linestyle="--")
    else:
        label = f"{label}: slope {slope:.3f}"
    ax.plot(scales, median, marker, color=color, markersize=3, label=label)
ax.plot(scales, gap["aligned_gap"], "x", color=figures.COLORS[1], markersize=3, label="aligned start")
ax.plot([], [], color="k", linewidth=0.8, linestyle="--", label="predicted power law")
ax.axvspan(scales[0], scales[fit][-1], color="0.93", zorder=0)
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("initial scale $a_0$ (std of $A$)")
ax.set_ylabel("$\\max_t \\|U^TW_2W_1V - \\mathrm{diag}(u^{\\mathrm{sig}})\\|_F / \\|S\\|_F$")
ax.legend(loc="lower right", bbox_to_anchor=(1.0, 0.1), fontsize=6)
figures.panel_label(ax, "h")
figures.save(fig, out.pdf, out.png)
