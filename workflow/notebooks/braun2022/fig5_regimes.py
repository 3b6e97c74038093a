# %% [markdown]
# # Figure 5 — fast vs slow, rich vs lazy
#
# Over four and a half decades of initial scale ``a0``, 100 zero-balanced
# (blue) and 100 unbalanced Gaussian (orange) starts per scale on each task:
# (a) learning time (time to 90% of the loss reduction), (b) movement of the
# NTK between start and end of training, (c) relative distance of the final
# ``W1^T W1`` from ``V S V^T``. Lines: median over seeds; bands: 10–90%
# quantiles. Balanced runs: exact solution (black dots, at ``t = inf`` in c)
# and gradient descent; Gaussian runs: gradient descent only (the exact
# solution holds only for balanced starts). Grey: the analytical timescales
# and the regime boundaries.
#
# Data: `results/braun2022/fig5/` (rules `braun2022_regimes_run`, `braun2022_regimes_measure`;
# settings under `braun2022.regimes` in `workflow/config.yaml`).
# Run `snakemake --cores 8 figures/braun2022/fig5.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

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
    """Median line and 10-90% band over seeds of ``values (S, N)``."""
    lo, mid, hi = np.quantile(values, [0.1, 0.5, 0.9], axis=1)
    ax.fill_between(a, lo, hi, color=color, alpha=0.2, linewidth=0)
    ax.plot(a, mid, color=color, label=label, marker="o", markersize=2.5, **style)


fig, axes = plt.subplots(3, 4, figsize=(7.2, 5.6), constrained_layout=True, sharex=True)
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
                ax.plot(d["scales"], exact, "o", color="k", markersize=2, label="balanced (exact)")
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
    theory, fast_style = {"linestyle": "--", "linewidth": 0.9}, {"linestyle": ":", "linewidth": 1.0}
    ax.plot(d["theory_scales"], d["slow_time"], color="0.4", label="slow: Saxe", **theory)
    for family, r in (("balanced", d), ("gaussian", g)):
        fast = r["theory_scales"] >= lo  # the large-scale limit, drawn from the boundary on
        ax.plot(r["theory_scales"][fast], r["fast_time"][fast], color=COLOR[family], **fast_style)
    ax.plot([], [], color="0.4", label=r"fast: $c/a_0^2$", **fast_style)
    ax.set_ylim(1e-3, 1e2)
    axes[2, col].axhline(numbers["distance_bound"], color="k", linewidth=0.5, linestyle="-.")
    axes[2, col].set_ylim(1e-17, 1e4)
axes[0, 0].legend(loc="lower left", fontsize=5.5)
figures.save(fig, out.pdf, out.png)
