# %% [markdown]
# # Figure 4 — learning time and optimal learning rate against depth (decoupled starts)
#
# Whitened MNIST (5k) inputs (16 principal components), networks with ``N_l`` layers of units
# started on the decoupled submanifold with every mode at strength ``u0 = 1e-3``; for every
# depth, gradient descent at 64 learning rates, and the learning time is the number of steps
# after which the loss stays below ``E* + f (E0 - E*)``. (a) Learning time at the best rate
# (dots), and the flow time of the mode ODE to the same threshold divided by that rate
# (line). (b) The best rate, with ``c / curvature`` (Appendix B: the curvature of the
# strongest mode at its optimum, ``(N_l - 1) s^{2 - 2/(N_l - 1)}``; ``c`` is the median of
# rate times curvature over ``N_l >= 10``) and ``1/(N_l - 1)``. (c) Learning time against the
# rate for some depths (the best marked; open circles: runs that settled only in the last 5% of
# the run, lower bounds; above the grey line, one row per depth: rates that did not settle, and
# a cross at the smallest rate that diverged).
#
# Data: `results/saxe2014/fig4/` (rules `saxe2014_depth_sweep`, `saxe2014_depth_checks`), numbers
# in `results/saxe2014/fig4/numbers.json` (rule `saxe2014_depth_measure`); settings under
# `saxe2014.depth` in `workflow/config.yaml`. Run `snakemake --cores 8 figures/saxe2014/fig4.pdf`
# to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.io import load_arrays, load_json

inp, out = figures.paths(
    globals(),
    inputs={
        "checks": "results/saxe2014/fig4/checks.npz",
        "sweep": "results/saxe2014/fig4/sweep.npz",
        "numbers": "results/saxe2014/fig4/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/saxe2014/fig4.pdf", "png": "figures/saxe2014/fig4.png"},
)
figures.setup(inp.style)
d = load_arrays(inp.sweep)
numbers = load_json(inp.numbers)

# %%
layers, best, eta = d["layers"], d["best_time"], d["best_eta"]
depth = layers - 1
s_max = d["singular_values"].max()
curvature = depth * s_max ** (2.0 - 2.0 / depth)
fig, axes = plt.subplots(1, 3, figsize=(figures.TEXT_WIDTH, 2.45), constrained_layout=True)
ax = axes[0]
ax.plot(layers, best, "o", color=figures.COLORS[0], markersize=3.5, label="gradient descent")
ax.plot(layers, d["flow_time"] / eta, color="0.4", linewidth=1.0, label="mode ODE / rate")
ax.set_xlabel("number of layers $N_l$")
ax.set_ylabel("learning time (steps)")
ax.set_title("learning time saturates")
ax.legend(loc="lower right")
figures.panel_label(ax, "a")

ax = axes[1]
deep = layers >= 10
c = np.median((eta * curvature)[deep])
ax.plot(layers, eta, "o", color=figures.COLORS[0], markersize=3.5, label="best rate")
ax.plot(layers, c / curvature, color="0.4", linewidth=1.0, label="$c$ / curvature")
ax.plot(
    layers,
    np.median((eta * depth)[deep]) / depth,
    ":",
    color="k",
    linewidth=1.0,
    label=r"$\propto 1/(N_l - 1)$",
)
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("number of layers $N_l$")
ax.set_ylabel(r"optimal learning rate $\eta$")
ax.set_title(f"CV of $\\eta (N_l - 1)$: {numbers['optimal_rate_times_depth_cv']:.2f}")
ax.legend(loc="upper right")
figures.panel_label(ax, "b")

ax = axes[2]
window = numbers["decoupled_censored"]["window"]
cap = d["steps_run"].max()
for k, n in enumerate((3, 10, 36, 100)):
    i = int(np.flatnonzero(layers == n)[0])
    times = d["times"][i]
    color = figures.COLORS[k + 1]
    # censored: settled only in the last `window` of the run, a lower bound (open markers)
    late = np.isfinite(times) & (times > (1.0 - window) * d["steps_run"][i])
    shown = np.where(late, np.nan, times)
    ax.plot(d["etas"], shown, color=color, linewidth=1.0, label=f"$N_l = {n}$")
    ax.plot(eta[i], best[i], "o", color=color, markersize=3)
    ax.plot(d["etas"][late], times[late], "o", mfc="none", color=color, markersize=3.5)
    # above the cap, one row per depth: the rates that did not settle (line) and the smallest
    # rate whose loss became non-finite (cross; every larger rate diverged too)
    row = cap * 1.35 ** (k + 1)
    loose = ~np.isfinite(times) & (d["etas"] > eta[i])
    ax.plot(d["etas"][loose], np.full(loose.sum(), row), "-", color=color, linewidth=0.6)
    gone = np.flatnonzero(d["diverged"][i])
    if gone.size:
        ax.plot(d["etas"][gone[0]], row, "x", color=color, markersize=4)
ax.plot([], [], "o", mfc="none", color="0.4", markersize=3.5, label="(c) settled only at the cap")
ax.plot(
    [], [], "x-", color="0.4", markersize=4, linewidth=0.6, label=r"(c) no settling; diverges from $\times$"
)
ax.set_xscale("log")
ax.set_yscale("log")
ax.axhline(1.15 * cap, color="0.6", linewidth=0.5)
ax.set_ylim(top=cap * 1.35**5)
ax.set_xlabel(r"learning rate $\eta$")
ax.set_ylabel("learning time (steps)")
ax.set_title("time against rate")
# the legend of (c) below the figure: the curves of (c) cross every corner of the panel
fig.legend(
    handles=ax.get_legend_handles_labels()[0],
    loc="outside lower center",
    ncol=3,
    handlelength=1.5,
    columnspacing=1.0,
    fontsize=7.5,
)
figures.panel_label(ax, "c")
figures.save(fig, out.pdf, out.png)
