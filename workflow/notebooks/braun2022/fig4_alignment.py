# %% [markdown]
# # Figure 4 — alignment dynamics
#
# A 5-5-5 network on a dense task with identity inputs, started from
# `W1 = R A V^T`, `W2 = U A^T R^T` (task singular vectors `U, V`, random
# orthogonal `R`, Gaussian `A` at three scales). Rows 1–2: the task-basis
# network function `M = U^T W2 W1 V` over training, split into its diagonal
# (mode strengths: learning) and off-diagonal part (misalignment); gradient
# descent (solid; for the large start, whose first steps at eta overshoot, at the
# smaller check_eta, with eta dashed) against the exact solution (dotted), with the timescales
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
fig = plt.figure(figsize=(figures.TEXT_WIDTH, 6.6), layout="constrained")
grid = fig.add_gridspec(3, 3, height_ratios=[0.9, 0.9, 1.6])
top = [fig.add_subplot(grid[0, k]) for k in range(3)]
mid = [fig.add_subplot(grid[1, k], sharex=top[k]) for k in range(3)]
for k, name in enumerate(dyn["names"]):
    ax, ax2 = top[k], mid[k]
    sim, exact = dyn["sim_modes"][k], dyn["exact_modes"][k]
    # the large start moves within a few steps at eta: there the smaller rate check_eta is shown too
    large = k == len(dyn["names"]) - 1
    check = dyn["check_modes"][k]
    for i in range(n):
        color = figures.COLORS[i]
        if large:
            ax.plot(t[shown], sim[shown, i, i], color=color, linestyle="--", linewidth=0.8, alpha=0.7)
            ax.plot(t[shown], check[shown, i, i], color=color, **figures.SIM_STYLE)
        else:
            ax.plot(t[shown], sim[shown, i, i], color=color, **figures.SIM_STYLE)
        ax.plot(t[shown], exact[shown, i, i], **{**figures.EXACT_STYLE, "linewidth": 1.0})
        ax.axhline(s[i], color=color, linewidth=0.5, linestyle="--", alpha=0.6)
        # the timescales, on the top edge: 1/s_i (bar) and (1/s_i) ln(s_i/a0) (triangle)
        marks = ax.get_xaxis_transform()
        ax.plot(dyn["inverse_rate"][i], 1.0, "|", color=color, markersize=7, transform=marks, clip_on=False)
        if np.isfinite(dyn["plateau"][k, i]):
            ax.plot(dyn["plateau"][k, i], 1.0, "v", color=color, markersize=4, transform=marks, clip_on=False)
    shown_sim = check if large else sim
    for i, j in zip(*iu, strict=True):
        ax2.plot(t[shown], shown_sim[shown, i, j], color="0.6", linewidth=0.7)
        ax2.plot(t[shown], exact[shown, i, j], color="k", linestyle=":", linewidth=0.8)
    if large:
        off = np.linalg.norm(check - np.einsum("tii->ti", check)[..., None] * np.eye(n), axis=(-2, -1))
        ax2.plot(
            t[shown], dyn["sim_offdiagonal"][k][shown], color=figures.COLORS[5], linestyle="--", linewidth=0.8
        )
        ax2.plot(t[shown], off[shown], color=figures.COLORS[5], linewidth=1.6)
    else:
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
eta, check_eta = float(dyn["eta"]), float(dyn["check_eta"])
entries = [
    plt.Line2D(
        [],
        [],
        color="0.3",
        **figures.SIM_STYLE,
        label=f"GD, $\\eta$ = {eta:g} (a, b, d, e), {check_eta:g} (c, f)",
    ),
    plt.Line2D([], [], color="0.3", linestyle="--", linewidth=0.8, label=f"GD, $\\eta$ = {eta:g} (c, f)"),
    plt.Line2D([], [], **{**figures.EXACT_STYLE, "linewidth": 1.0}, label="exact"),
    plt.Line2D([], [], marker="|", linestyle="", color="0.3", label="$1/s_i$"),
    plt.Line2D([], [], marker="v", linestyle="", color="0.3", markersize=4, label="$\\ln(s_i/a_0)/s_i$"),
    plt.Line2D([], [], color="0.6", linewidth=0.7, label="entries $i<j$ (d\u2013f)"),
    plt.Line2D([], [], color=figures.COLORS[5], linewidth=1.6, label="$\\|$off-diagonal$\\|_F$ (d\u2013f)"),
]
fig.legend(handles=entries, loc="outside upper center", ncol=4)

# %% [markdown]
# Row 3: (g) one small random start against two choices of decoupled sigmoid;
# (h) the gap against the initial scale, with power-law fits.

# %%
bottom = grid[2, :].subgridspec(1, 2, width_ratios=[1.2, 1.8])
ax = fig.add_subplot(bottom[0])
te = gap["example_times"]
modes = gap["example_modes"]
for i in range(n):
    color = figures.COLORS[i]
    ax.plot(te, modes[:, i, i], color=color, linewidth=1.6, alpha=0.8)
    ax.plot(te, gap["example_effective"][:, i], color="k", linestyle="--", linewidth=0.8)
    ax.plot(te, gap["example_naive"][:, i], color="0.55", linestyle=":", linewidth=1.0)
ax.plot(te, gap["example_offdiagonal"], color=figures.COLORS[5], linewidth=1.2)
ax.plot([], [], color="0.3", linewidth=1.6, label="exact")
ax.plot([], [], color="k", linestyle="--", linewidth=0.8, label="sigmoid, eff. $u_0$")
ax.plot([], [], color="0.55", linestyle=":", label="sigmoid, initial $u_0$")
ax.plot([], [], color=figures.COLORS[5], label="$\\|$off-diag.$\\|_F$")
ax.legend(loc="center right", bbox_to_anchor=(1.0, 0.745), handlelength=1.5, borderaxespad=0.2)
ax.set_xlabel("time $t$")
ax.set_ylabel("$[U^T W_2W_1 V]_{ii}$")
ax.set_title(f"random start, $a_0$ = {float(gap['example_scale']):g}")
figures.panel_label(ax, "g")

ax = fig.add_subplot(bottom[1])
scales = gap["scales"]
g = numbers["gap"]
series = [
    ("total", "k", "o", "eff. $u_0$"),
    ("diagonal", "0.4", "s", "eff. $u_0$, diagonal"),
    ("naive", "0.65", "^", "initial $u_0$"),
]
fit = scales <= g["fit_max_scale"]
for kind, color, marker, label in series:
    values = gap[f"{kind}_gap"]
    ax.plot(scales, values, color=color, linewidth=0.4, alpha=0.35)
    median = np.median(values, axis=1)
    slope = g[f"{kind}_slope_median"]
    if kind != "naive":
        predicted = g[f"predicted_slope_{kind}"]
        label = f"{label}: slope {slope:.2f} (pred. {predicted:.2f})"
        ref = median[fit][-1] * (scales[fit] / scales[fit][-1]) ** predicted
        ax.plot(scales[fit], ref, color="k", linewidth=0.8, linestyle="--", zorder=3)
    else:
        label = f"{label}: slope {slope:.3f}"
    # open markers: the predicted power law (dashed, on top) shows through them
    ax.plot(scales, median, marker, color=color, markersize=3.5, markerfacecolor="white", label=label)
ax.plot(scales, gap["aligned_gap"], "x", color="k", markersize=3, label="aligned start")
ax.plot([], [], color="k", linewidth=0.8, linestyle="--", label="predicted power law")
ax.axvspan(scales[0], scales[fit][-1], color="0.93", zorder=0)
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("initial scale $a_0$ (std of $A$)")
ax.set_ylabel("gap to the sigmoids")
ax.legend(loc="lower right", bbox_to_anchor=(1.0, 0.07), borderaxespad=0.2, handlelength=1.5)
figures.panel_label(ax, "h")
figures.save(fig, out.pdf, out.png)
