# %% [markdown]
# # Figure 5 — applications across `lam` (ours, from the results of Dominé et al. 2025)
#
# (a) Reversal learning on a 4-4-4 network that has learned `sigma_yx` exactly
# (task-aligned, lambda-balanced) and now learns `-sigma_yx`: strength of the
# strongest mode in the new task's basis, `u / s` (starting at -1), for each
# `lam`: exact solver (coloured; solid `+lam`, dashed `-lam`: they coincide),
# closed form (black, dotted), gradient descent at `lam = +-1` (grey band). At
# `lam = 0` the mode decays to the saddle `u = 0` and stays (stall).
# (b) Zero-crossing time of every mode against `|lam|`: exact solver (dots:
# 4-4-4, squares: 3-3-5; black rings: `-lam`, which coincide) and
# `ln(1 + K / |lam|) / K` (grey lines). (c) Continual learning of a task
# sequence (5-5-5, exact solution restarted at every switch), one panel per
# task: loss of the current task (solid) and of task 1 (dashed) against the
# time since the switch, per `lam`. (d) Forgetting of task `j` after task `k`
# at convergence, per `lam` (bars), and `1/2 ||sigma_j - sigma_k||^2` (black
# ticks). One colour per `|lam|` throughout.
#
# Data: `results/domine2025/fig5/` (rules `domine2025_reversal`, `domine2025_continual`; settings under
# `domine2025.reversal` and `domine2025.continual`).
# Numbers: `results/domine2025/fig5/numbers.json` (rule `domine2025_applications_measure`).
# Run `snakemake --cores 8 figures/domine2025/fig5.pdf`.

# %%
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.legend_handler import HandlerTuple

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
fig = plt.figure(figsize=(figures.TEXT_WIDTH, 5.0), constrained_layout=True)
top, bottom = fig.subfigures(2, 1, height_ratios=[1.1, 1])
# one colour per |lam| over the whole figure
MAGS = sorted({abs(float(v)) for v in (*rev["lams"], *con["lams"])})
COLOR = {m: figures.COLORS[k] for k, m in enumerate(MAGS)}

# %% [markdown]
# ## (a) reversal: the strongest mode crosses zero unless `lam = 0`; (b) crossing times

# %%
ax_rev, ax_cross = top.subplots(1, 2)
ax = ax_rev
t = rev["times"][1:]
lams = rev["lams"]
s0 = rev["s_0"]
for k in range(rev["gd_lams"].size):
    ax.plot(
        rev[f"sim_times_{k}"][1:], rev[f"sim_modes_{k}"][1:, 0] / s0[0], color="0.5", linewidth=3, alpha=0.45
    )
for k, lam in enumerate(lams):
    style = "-" if lam >= 0 else (0, (4, 3))
    ax.plot(t, rev["exact_modes_0"][k, 1:, 0] / s0[0], linestyle=style, color=COLOR[abs(lam)])
    ax.plot(t, rev["closed_modes_0"][k, 1:, 0] / s0[0], **{**figures.EXACT_STYLE, "linewidth": 0.8})
ax.axhline(0, color="k", linewidth=0.5)
ax.set_xscale("log")
ax.set_xticks([1e-4, 1e-2, 1e0, 1e2])
ax.set_xlabel("time $t$")
ax.set_ylabel(f"$u_1/s_1$ after reversal ({rev['names'][0]})")
ax.legend(
    handles=[
        plt.Line2D([], [], color="0.3", label="exact, $+\\lambda$"),
        plt.Line2D([], [], color="0.3", linestyle=(0, (4, 3)), label="exact, $-\\lambda$"),
        plt.Line2D([], [], **{**figures.EXACT_STYLE, "linewidth": 0.8}, label="closed form"),
        plt.Line2D([], [], color="0.5", linewidth=3, alpha=0.45, label="GD, $\\lambda=\\pm1$"),
    ],
    loc="upper left",
)
figures.panel_label(ax, "a")

ax = ax_cross
mags = np.unique(np.abs(lams))
grid = np.geomspace(mags[mags > 0].min() / 2, mags.max() * 2, 200)
MARKERS = ("o", "s")
LINES = ("-", "--")
for i in range(len(rev["names"])):
    for sj in rev[f"s_{i}"]:
        k_grid = np.hypot(grid, 2 * sj)
        ax.plot(grid, np.log1p(k_grid / grid) / k_grid, color="0.6", linewidth=0.7, linestyle=LINES[i])
    crossing = rev[f"crossing_exact_{i}"]
    for k, lam in enumerate(lams):
        if lam == 0:
            continue
        x = np.full(crossing.shape[1], abs(lam))
        if lam > 0:
            ax.plot(x, crossing[k], MARKERS[i], color=COLOR[abs(lam)], markersize=3.5)
        else:
            ax.plot(x, crossing[k], MARKERS[i], mfc="none", color="k", markersize=6, mew=0.7)
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("$|\\lambda|$")
ax.set_ylabel("zero-crossing time")
handles = [
    plt.Line2D(
        [],
        [],
        marker=MARKERS[i],
        color="0.3",
        linestyle=LINES[i],
        linewidth=0.7,
        markersize=3.5,
        label=f"{name}, $+\\lambda$",
    )
    for i, name in enumerate(rev["names"])
]
handles += [
    plt.Line2D(
        [],
        [],
        marker="o",
        mfc="none",
        color="k",
        markersize=6,
        mew=0.7,
        linestyle="none",
        label="$-\\lambda$",
    ),
    plt.Line2D([], [], color="0.6", linewidth=0.7, label="$\\ln(1+K/|\\lambda|)/K$"),
]
ax.legend(handles=handles, loc="lower left")
figures.panel_label(ax, "b")
top.legend(
    handles=[plt.Line2D([], [], color=COLOR[m], linewidth=2, label=f"$|\\lambda|={m:g}$") for m in MAGS],
    loc="outside upper center",
    ncol=len(MAGS),
)

# %% [markdown]
# ## (c) continual learning: the path depends on `lam`, (d) the forgetting does not

# %%
phases, forgetting_fig = bottom.subfigures(1, 2, width_ratios=[1.85, 1])
phase_axes = phases.subplots(1, con["starts"].size, sharey=True)
ax_bars = forgetting_fig.subplots()
times, phase, starts = con["times"], con["phase"], con["starts"]
for k, ax in enumerate(phase_axes):
    idx = np.flatnonzero(phase == k)
    since = times[idx] - starts[k]
    keep = since > 0  # the switch itself, t = 0, is off the logarithmic axis
    for i, lam in enumerate(con["lams"]):
        color = COLOR[abs(float(lam))]
        ax.plot(since[keep], con["loss"][i][k, idx][keep], color=color)
        if k > 0:
            ax.plot(
                since[keep], con["loss"][i][0, idx][keep], color=color, linestyle=(0, (4, 3)), linewidth=1.0
            )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(1e-8, 10)
    ax.set_xticks([1e-2, 1e0, 1e2])
    ax.set_title(f"task {k + 1}", fontsize=8.5)
phase_axes[0].set_ylabel("loss above its floor")
phases.supxlabel("time since the switch to the task", fontsize=8.5)
figures.panel_label(phase_axes[0], "c")

conv = con["converged"]
n_tasks = conv.shape[1]
pairs = [(j, k) for j in range(n_tasks) for k in range(j + 1, n_tasks)]
width = 0.8 / len(con["lams"])
for i, lam in enumerate(con["lams"]):
    forgetting = [conv[i, j, k] - conv[i, j, j] for j, k in pairs]
    ax_bars.bar(
        np.arange(len(pairs)) + (i - (len(con["lams"]) - 1) / 2) * width,
        forgetting,
        width,
        color=COLOR[abs(float(lam))],
    )
pred = [con["predicted"][j, k] - con["predicted"][j, j] for j, k in pairs]
ax_bars.plot(np.arange(len(pairs)), pred, "_", color="k", markersize=14, mew=1.5)
ax_bars.set_xticks(np.arange(len(pairs)), [f"{j + 1}→{k + 1}" for j, k in pairs], rotation=45)
ax_bars.set_xlabel("task $j$ after learning up to task $k$")
ax_bars.set_ylabel("forgetting at convergence")
figures.panel_label(ax_bars, "d")
solid = tuple(plt.Line2D([], [], color=COLOR[abs(float(lam))]) for lam in con["lams"])
dashed = tuple(
    plt.Line2D([], [], color=COLOR[abs(float(lam))], linestyle=(0, (4, 3)), linewidth=1.0)
    for lam in con["lams"]
)
bars = tuple(plt.Rectangle((0, 0), 1, 1, color=COLOR[abs(float(lam))]) for lam in con["lams"])
tick = plt.Line2D([], [], marker="_", color="k", markersize=14, mew=1.5, linestyle="none")
bottom.legend(
    [solid, dashed, bars, tick],
    [
        "(c) current task",
        "(c) task 1",
        "(d) measured, per $\\lambda$",
        "(d) $\\frac{1}{2}\\|\\Sigma^j-\\Sigma^k\\|_F^2$",
    ],
    handler_map={tuple: HandlerTuple(ndivide=None, pad=0)},
    handlelength=3.5,
    loc="outside upper center",
    ncol=4,
)
figures.save(fig, out.pdf, out.png)
