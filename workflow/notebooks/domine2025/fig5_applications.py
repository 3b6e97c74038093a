# %% [markdown]
# # Figure 5 — applications across `lam` (ours, from the results of Dominé et al. 2025)
#
# (a) Reversal learning on a 4-4-4 network that has learned `sigma_yx` exactly
# (task-aligned, lambda-balanced) and now learns `-sigma_yx`: strength of the
# strongest mode in the new task's basis, `u / s` (starting at -1), for each
# `lam`: exact solver (coloured; solid `+lam`, dashed `-lam`), closed form
# (black, dotted), gradient descent at `lam = +-1` (grey). At `lam = 0` the
# mode decays to the saddle `u = 0` and stays (stall). (b) Zero-crossing time
# of every mode against `|lam|`: exact solver (markers; both shapes, both
# signs) and `ln(1 + K / |lam|) / K` (lines). (c) Continual learning of a
# task sequence (5-5-5, exact solution restarted at every switch): loss of
# the current task (solid) and of task 1 (dashed), per `lam`. (d) Forgetting
# of task `j` after task `k` at convergence, per `lam` (bars) and
# `1/2 ||sigma_j - sigma_k||^2 - 1/2 ||sigma_j - sigma_j||^2` (black ticks).
#
# Data: `results/domine2025/fig5/` (rules `domine2025_reversal`, `domine2025_continual`; settings under
# `domine2025.reversal` and `domine2025.continual`).
# Numbers: `results/domine2025/fig5/numbers.json` (rule `domine2025_applications_measure`).
# Run `snakemake --cores 8 figures/domine2025/fig5.pdf`.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.io import load_arrays, load_json

inp, out = figures.paths(
    globals(),
    inputs={
        "reversal": "results/domine2025/fig5/reversal.npz",
        "continual": "results/domine2025/fig5/continual.npz",
        "numbers": "results/domine2025/fig5/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/domine2025/fig5.pdf", "png": "figures/domine2025/fig5.png"},
)
figures.setup(inp.style)
rev = load_arrays(inp.reversal)
con = load_arrays(inp.continual)
numbers = load_json(inp.numbers)
fig, axes = plt.subplots(2, 2, figsize=(7.2, 5.4), constrained_layout=True)

# %% [markdown]
# ## (a) reversal: the strongest mode crosses zero unless `lam = 0`; (b) crossing times

# %%
ax = axes[0, 0]
t = rev["times"][1:]
lams = rev["lams"]
mags = np.unique(np.abs(lams))
color = {m: figures.COLORS[k] for k, m in enumerate(mags)}
s0 = rev["s_0"]
for k in range(rev["gd_lams"].size):
    ax.plot(
        rev[f"sim_times_{k}"][1:], rev[f"sim_modes_{k}"][1:, 0] / s0[0], color="0.5", linewidth=2.5, alpha=0.4
    )
for k, lam in enumerate(lams):
    style = "-" if lam >= 0 else "--"
    label = f"$|\\lambda|={abs(lam):g}$" if lam >= 0 else None
    ax.plot(t, rev["exact_modes_0"][k, 1:, 0] / s0[0], style, color=color[abs(lam)], label=label)
    ax.plot(t, rev["closed_modes_0"][k, 1:, 0] / s0[0], **{**figures.EXACT_STYLE, "linewidth": 0.8})
ax.plot([], [], color="0.5", linewidth=2.5, alpha=0.4, label="GD, $\\lambda=\\pm1$")
ax.axhline(0, color="k", linewidth=0.5)
ax.set_xscale("log")
ax.set_xlabel("time $t$")
ax.set_ylabel(f"$u_1/s_1$ after reversal ({rev['names'][0]})")
ax.legend(loc="upper left", fontsize=6)
figures.panel_label(ax, "a")

ax = axes[0, 1]
grid = np.geomspace(mags[mags > 0].min() / 2, mags.max() * 2, 200)
markers = ("o", "s")
for i, name in enumerate(rev["names"]):
    s = rev[f"s_{i}"]
    for j, sj in enumerate(s):
        k_grid = np.hypot(grid, 2 * sj)
        ax.plot(grid, np.log1p(k_grid / grid) / k_grid, color=figures.COLORS[i], linewidth=0.6, alpha=0.6)
        for sign, fill in ((1, None), (-1, "none")):
            sel = np.sign(lams) == sign
            ax.plot(
                np.abs(lams[sel]),
                rev[f"crossing_exact_{i}"][sel, j],
                markers[i],
                mfc=fill or figures.COLORS[i],
                color=figures.COLORS[i],
                markersize=3.5 if sign > 0 else 5.5,
                label=f"{name}, {'+' if sign > 0 else '-'}$\\lambda$" if j == 0 else None,
            )
ax.plot([], [], color="0.4", linewidth=0.6, label="$\\ln(1+K/|\\lambda|)/K$")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("$|\\lambda|$")
ax.set_ylabel("zero-crossing time of each mode")
ax.set_title(f"max error {numbers['reversal_crossing_max_err']:.1e}; $\\lambda=0$: stall", fontsize=8)
ax.legend(loc="lower left", fontsize=6)
figures.panel_label(ax, "b")

# %% [markdown]
# ## (c) continual learning: the path depends on `lam`, (d) the forgetting does not

# %%
ax = axes[1, 0]
times, phase = con["times"], con["phase"]
for i, lam in enumerate(con["lams"]):
    current = con["loss"][i][phase, np.arange(times.size)]
    ax.plot(times, current, color=figures.COLORS[i], label=f"$\\lambda={lam:g}$, current task")
    ax.plot(times, con["loss"][i][0], color=figures.COLORS[i], linestyle="--", linewidth=0.8)
ax.plot([], [], color="0.4", linestyle="--", linewidth=0.8, label="task 1")
for st in con["starts"][1:]:
    ax.axvline(st, color="0.7", linewidth=0.6)
ax.set_yscale("log")
ax.set_ylim(1e-8, None)
ax.set_xlabel(f"time $t$ (tasks switch every {float(con['duration']):g})")
ax.set_ylabel("loss above its floor")
ax.legend(loc="lower right", fontsize=6)
figures.panel_label(ax, "c")

ax = axes[1, 1]
conv = con["converged"]
n_tasks = conv.shape[1]
pairs = [(j, k) for j in range(n_tasks) for k in range(j + 1, n_tasks)]
width = 0.8 / len(con["lams"])
for i, lam in enumerate(con["lams"]):
    forgetting = [conv[i, j, k] - conv[i, j, j] for j, k in pairs]
    ax.bar(
        np.arange(len(pairs)) + (i - 1) * width,
        forgetting,
        width,
        color=figures.COLORS[i],
        label=f"$\\lambda={lam:g}$",
    )
pred = [con["predicted"][j, k] - con["predicted"][j, j] for j, k in pairs]
ax.plot(
    np.arange(len(pairs)),
    pred,
    "_",
    color="k",
    markersize=14,
    label="$\\frac{1}{2}\\|\\Sigma^j-\\Sigma^k\\|_F^2$",
)
ax.set_xticks(np.arange(len(pairs)), [f"{j + 1}→{k + 1}" for j, k in pairs])
ax.set_xlabel("task $j$ after learning up to task $k$")
ax.set_ylabel("forgetting at convergence")
ax.set_title(f"spread over $\\lambda$: {numbers['forgetting_lam_spread']:.1e}", fontsize=8)
ax.legend(loc="upper right", fontsize=6)
figures.panel_label(ax, "d")
figures.save(fig, out.pdf, out.png)
