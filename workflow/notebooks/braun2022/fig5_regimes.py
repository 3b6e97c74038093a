# %% [markdown]
# # Figure 5 — fast vs slow, rich vs lazy
#
# Over six decades of initial scale ``a0``, 100 zero-balanced
# (blue) and 100 unbalanced Gaussian (orange) starts per scale on each task:
# (a) learning time (time to 90% of the loss reduction), (b) movement of the
# NTK between start and end of training, (c) relative distance of the final
# ``W1^T W1`` from ``V S V^T``. Lines: median over seeds; bands: 10–90%
# quantiles. Balanced runs: exact solution (black dots, at ``t = inf`` in b, c)
# at every scale and gradient descent up to ``balanced_sim_max_scale``; Gaussian
# runs: gradient descent only (the exact solution holds only for balanced
# starts). Black with a white outline, on top of the data in (a): the
# analytical timescales; grey band: the regime boundaries.
#
# Data: `results/braun2022/fig5/` (rules `braun2022_regimes_run`, `braun2022_regimes_measure`;
# settings under `braun2022.regimes` in `workflow/config.yaml`).
# Run `snakemake --cores 8 figures/braun2022/fig5.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import patheffects
from matplotlib.ticker import LogLocator, MaxNLocator

from exactdln import figures
from exactdln.io import load_arrays, load_json

TASKS = {"hierarchy": "hierarchy 8x8", "square": "random 7x7", "wide": "random 5x7", "tall": "random 7x5"}
FAMILIES = ("balanced", "gaussian")
inp, out = figures.paths(
    globals(),
    inputs={
        **{f"{t}_{f}": f"results/braun2022/fig5/{t}_{f}.npz" for t in TASKS for f in FAMILIES},
        "numbers": "results/braun2022/fig5/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/braun2022/fig5.pdf", "png": "figures/braun2022/fig5.png"},
)
figures.setup(inp.style)
runs = {t: {f: load_arrays(getattr(inp, f"{t}_{f}")) for f in FAMILIES} for t in TASKS}
numbers = load_json(inp.numbers)
COLOR = {"balanced": figures.COLORS[0], "gaussian": figures.COLORS[1]}
QUANTITIES = (("learning_time", "learning time $t_{90}$"), ("kernel_movement", "NTK movement"))
QUANTITIES += (("distance", r"$\|W_1^TW_1 - VSV^T\|_F / \|S\|_F$"),)


# %%
def band(ax, a, values, color, label=None, **style):
    """Median line and 10-90% band over seeds of ``values (S, N)``, at the scales where they exist
    (balanced runs are simulated only up to the largest simulated scale)."""
    ok = np.all(np.isfinite(values), axis=1)
    lo, mid, hi = np.quantile(values[ok], [0.1, 0.5, 0.9], axis=1)
    ax.fill_between(a[ok], lo, hi, color=color, alpha=0.2, linewidth=0)
    ax.plot(a[ok], mid, color=color, label=label, marker="o", markersize=2.5, **style)


# theory: black lines with a white outline, on top of the data (they coincide with it where the
# theory holds): dashed the slow timescale, dotted the fast limit of each family
OUTLINE = [patheffects.withStroke(linewidth=2.6, foreground="white")]
SLOW = {"color": "k", "linestyle": "--", "linewidth": 1.0, "path_effects": OUTLINE, "zorder": 4}
FAST = {"color": "k", "linestyle": ":", "linewidth": 1.3, "path_effects": OUTLINE, "zorder": 4}
fig, axes = plt.subplots(3, 4, figsize=(figures.TEXT_WIDTH, 5.9), layout="constrained", sharex=True)
for col, (task, title) in enumerate(TASKS.items()):
    lo, hi = numbers[task]["boundary"]
    for row, (key, ylabel) in enumerate(QUANTITIES):
        ax = axes[row, col]
        ax.axvspan(lo, hi, color="0.9", zorder=0)
        for family in FAMILIES:
            d = runs[task][family]
            band(ax, d["scales"], d[f"sim_{key}"], COLOR[family], label=f"{family} (GD)")
            if family == "balanced":
                exact = np.median(d[f"exact_{key}"], axis=1)
                ax.plot(d["scales"], exact, "o", color="k", markersize=2, label="balanced (exact)", zorder=3)
        ax.set_xscale("log")
        if key != "kernel_movement":
            ax.set_yscale("log")
        if col == 0:
            ax.set_ylabel(ylabel)
        if row == 2:
            ax.set_xlabel("initial scale $a_0$")
        if col == 0:
            figures.panel_label(ax, "abc"[row])
    ax = axes[0, col]
    ax.set_title(title)
    d = runs[task]["balanced"]
    g = runs[task]["gaussian"]
    ax.plot(d["theory_scales"], d["slow_time"], **SLOW)
    for r in (d, g):
        fast = r["theory_scales"] >= lo  # the large-scale limit, drawn from the boundary on
        ax.plot(r["theory_scales"][fast], r["fast_time"][fast], **FAST)
    ax.set_ylim(1e-7, 1e2)
    axes[2, col].axhline(numbers["distance_bound"], color="k", linewidth=0.5, linestyle="-.")
    axes[2, col].set_ylim(1e-17, 10 * np.nanmax(g["sim_distance"]))
for ax in axes.flat:
    ax.xaxis.set_major_locator(LogLocator(numticks=4))
    ax.yaxis.set_major_locator(LogLocator(numticks=5) if ax.get_yscale() == "log" else MaxNLocator(4))
legend = [
    plt.Line2D([], [], color=COLOR["balanced"], marker="o", markersize=2.5, label="balanced (GD)"),
    plt.Line2D([], [], color="k", marker="o", linestyle="", markersize=2, label="balanced (exact)"),
    plt.Line2D([], [], color=COLOR["gaussian"], marker="o", markersize=2.5, label="Gaussian (GD)"),
    plt.Line2D([], [], **SLOW, label="slow: Saxe (a)"),
    plt.Line2D([], [], **FAST, label="fast: $c/a_0^2$, each family (a)"),
    plt.Line2D([], [], color="k", linewidth=0.5, linestyle="-.", label="bound (c)"),
]
fig.legend(handles=legend, loc="outside upper center", ncol=3)
figures.save(fig, out.pdf, out.png)
