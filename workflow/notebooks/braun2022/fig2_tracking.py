# %% [markdown]
# # Figure 2 — the exact solution tracks everything, everywhere
#
# (a–b) One network from a small and from a large zero-balanced start:
# loss, network function `W2 W1`, hidden similarities `W1^T W1` and
# `W2 W2^T`, and NTK entries over training; gradient descent (solid) against
# the exact solution (dotted), entry by entry.
# (c) Random configurations at several learning rates: mean squared error
# between simulated and exact loss curves; (d) example loss curves.
#
# Data: `results/braun2022/fig2/` (rules `braun2022_tracking`, `braun2022_learning_rate_*`,
# `braun2022_tracking_numbers`; settings in `workflow/config.yaml`). Run
# `snakemake --cores 8 figures/braun2022/fig2.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import LogLocator, MaxNLocator

from exactdln import figures
from exactdln.io import load_arrays, load_json

inp, out = figures.paths(
    globals(),
    inputs={
        "tracking": "results/braun2022/fig2/tracking.npz",
        "learning_rate": "results/braun2022/fig2/learning_rate.npz",
        "numbers": "results/braun2022/fig2/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/braun2022/fig2.pdf", "png": "figures/braun2022/fig2.png"},
)
figures.setup(inp.style)
tr = load_arrays(inp.tracking)
lr = load_arrays(inp.learning_rate)
numbers = load_json(inp.numbers)["learning_rate"]

# %% [markdown]
# ## (a–b) every quantity, simulation against exact solution

# %%
QUANTITIES = figures.TRACKED_QUANTITIES

fig = plt.figure(figsize=(figures.TEXT_WIDTH, 6.0), layout="constrained")
top, bottom = fig.subfigures(2, 1, height_ratios=[2.0, 1.15])
grid = top.add_gridspec(2, 5)
t = tr["times"][1:]
for k, name in enumerate(tr["names"]):
    for q, (quantity, title) in enumerate(QUANTITIES):
        ax = top.add_subplot(grid[k, q])
        sim = figures.tracked_entries(tr[f"sim_{quantity}"][k][1:], quantity)
        exact = figures.tracked_entries(tr[f"exact_{quantity}"][k][1:], quantity)
        for j in range(sim.shape[1]):
            color = figures.COLORS[j % 7]  # not black: the exact curves are black
            ax.plot(t, sim[:, j], color=color, **figures.SIM_STYLE)
            ax.plot(t, exact[:, j], **{**figures.EXACT_STYLE, "linewidth": 1.0})
        ax.set_xscale("log")
        ax.xaxis.set_major_locator(LogLocator(numticks=3))
        ax.yaxis.set_major_locator(MaxNLocator(4))
        if quantity == "loss":
            ax.set_yscale("log")
            ax.yaxis.set_major_locator(LogLocator(numticks=4))
            ax.set_ylabel(f"{name} init. ({tr['scales'][k]:g})")
            figures.panel_label(ax, "ab"[k])
        if k == 0:
            ax.set_title(title)
        if k == 1:
            ax.set_xlabel("time $t$")
fig.axes[0].plot([], [], color="0.3", **figures.SIM_STYLE, label="sim.")
fig.axes[0].plot([], [], **figures.EXACT_STYLE, label="exact")
fig.axes[0].legend(loc="lower left")

# %% [markdown]
# ## (c) loss error against learning rate, (d) example loss curves

# %%
etas = lr["learning_rates"]
mse = np.mean((lr["sim_loss"] - lr["exact_loss"][None]) ** 2, axis=-1)  # (n_lr, n_configs)
ax_c, ax_d = bottom.subplots(1, 2)
ax = ax_c
ax.loglog(etas, mse, color="0.75", linewidth=0.6)
ax.loglog(etas, mse.max(axis=1), "o-", color="k", markersize=4, label="worst")
ax.loglog(etas, np.median(mse, axis=1), "s-", color="0.35", markersize=4, label="median")
# guide line, drawn 5x above the worst configuration so that it does not hide it
ref = 5 * mse.max(axis=1)[-1] * (etas / etas[-1]) ** 2
ax.loglog(etas, ref, "k--", linewidth=0.8, label="$\\propto \\eta^2$ (guide)")
ax.set_ylim(top=3e3 * mse.max())  # room for the legend above the guide line
ax.set_xlabel("learning rate $\\eta$")
ax.set_ylabel("MSE of the simulated loss")
ax.set_title(f"{numbers['n_configs']} random configurations")
ax.legend(loc="upper left")  # the empty corner: every error grows with the rate
figures.panel_label(ax, "c")

ax = ax_d
t = lr["times"][1:]
big, small = int(np.argmax(etas)), int(np.argmin(etas))
for j, c in enumerate(lr["examples"]):
    color = figures.COLORS[j]
    label = f"{lr['n_in'][c]}-{lr['n_hidden'][c]}-{lr['n_out'][c]}"
    final, start = lr["exact_final_loss"][c], lr["exact_loss"][c, 0]
    excess = {  # loss above its t = inf value, as a fraction of the initial excess
        "sim_big": (lr["sim_loss"][big, c, 1:] - final) / (start - final),
        "sim_small": (lr["sim_loss"][small, c, 1:] - final) / (start - final),
        "exact": (lr["exact_loss"][c, 1:] - final) / (start - final),
    }
    ax.plot(t, excess["sim_big"], color=color, alpha=0.6, label=label)
    ax.plot(t, excess["sim_small"], color=color, linestyle="--")
    ax.plot(t, excess["exact"], **{**figures.EXACT_STYLE, "linewidth": 1.0})
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("time $t$")
ax.set_ylabel("relative excess loss")
sizes = ax.legend(loc="lower left", title="$n_{in}$-$n_h$-$n_{out}$")
ax.add_artist(sizes)
styles = [
    plt.Line2D([], [], color="0.4", alpha=0.6, label=f"$\\eta$ = {etas[big]:g}"),
    plt.Line2D([], [], color="0.4", linestyle="--", label=f"$\\eta$ = {etas[small]:g}"),
    plt.Line2D([], [], **{**figures.EXACT_STYLE, "linewidth": 1.0}, label="exact"),
]
# line styles above the axes (no legend on the data)
ax.legend(handles=styles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, handlelength=1.6)
figures.panel_label(ax, "d")
figures.save(fig, out.pdf, out.png)
