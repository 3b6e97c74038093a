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

fig = plt.figure(figsize=(7.2, 6.4), constrained_layout=True)
grid = fig.add_gridspec(3, 10)
t = tr["times"][1:]
for k, name in enumerate(tr["names"]):
    for q, (quantity, title) in enumerate(QUANTITIES):
        ax = fig.add_subplot(grid[k, 2 * q : 2 * q + 2])
        sim = figures.tracked_entries(tr[f"sim_{quantity}"][k][1:], quantity)
        exact = figures.tracked_entries(tr[f"exact_{quantity}"][k][1:], quantity)
        for j in range(sim.shape[1]):
            color = figures.COLORS[j % 7]  # not black: the exact curves are black
            ax.plot(t, sim[:, j], color=color, **figures.SIM_STYLE)
            ax.plot(t, exact[:, j], **{**figures.EXACT_STYLE, "linewidth": 1.0})
        ax.set_xscale("log")
        if quantity == "loss":
            ax.set_yscale("log")
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
ax = fig.add_subplot(grid[2, :5])
ax.loglog(etas, mse, color="0.75", linewidth=0.6)
ax.loglog(etas, mse.max(axis=1), "o-", color=figures.COLORS[1], label="worst configuration")
ax.loglog(etas, np.median(mse, axis=1), "s-", color=figures.COLORS[0], label="median")
ref = mse.max(axis=1)[0] * (etas / etas[0]) ** 2
ax.loglog(etas, ref, "k--", linewidth=0.8, label="$\\propto \\eta^2$ (first order in the loss)")
ax.set_xlabel("learning rate $\\eta$")
ax.set_ylabel("MSE(simulated loss, exact loss)")
ax.set_title(f"{numbers['n_configs']} random configurations")
ax.legend(loc="lower right", fontsize=6)
figures.panel_label(ax, "c")

ax = fig.add_subplot(grid[2, 5:])
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
ax.set_ylabel("relative excess loss $\\frac{L(t) - L(\\infty)}{L(0) - L(\\infty)}$")
ax.set_title(f"solid: $\\eta={etas[big]:g}$, dashed: $\\eta={etas[small]:g}$, dotted: exact", fontsize=7)
ax.legend(loc="lower left", fontsize=6, title="$n_{in}$-$n_h$-$n_{out}$", title_fontsize=6)
figures.panel_label(ax, "d")
figures.save(fig, out.pdf, out.png)
