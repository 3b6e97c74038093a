# %% [markdown]
# # Figure 1 — a minimal model of the rich and lazy regimes (Dominé et al. 2025, Figure 1)
#
# Two networks, 3-3-3 and 5-3-3, learn a whitened random-regression task from
# lambda-balanced starts of unit scale that share one initial network
# function and differ only in `lam` (-50, 0, 50). Per row: the loss, every
# entry of `W2 W1`, `W1^T W1` and `W2 W2^T`, and a fixed spread of NTK
# entries over training; gradient descent (coloured, solid) against the exact
# solution (black, dotted). At `|lam| = 50` learning is fast and the NTK
# hardly moves (lazy) except where the network's shape lets the large layer
# rotate (5-3-3 at `lam = -50`); at `lam = 0` it is slow and stage-like (rich).
#
# Data: `results/domine2025/fig1/` (rule `domine2025_minimal`, one job per shape; settings under
# `domine2025.minimal` in `workflow/config.yaml`).
# Numbers: `results/domine2025/fig1/numbers.json` (rule `domine2025_minimal_measure`).
# Run `snakemake --cores 8 figures/domine2025/fig1.pdf`.

# %%
import matplotlib.pyplot as plt

from exactdln import figures
from exactdln.io import load_arrays, load_json

SHAPES = ("3-3-3", "5-3-3")
inp, out = figures.paths(
    globals(),
    inputs={
        **{"shape_" + s.replace("-", "_"): f"results/domine2025/fig1/{s}.npz" for s in SHAPES},
        "numbers": "results/domine2025/fig1/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/domine2025/fig1.pdf", "png": "figures/domine2025/fig1.png"},
)
figures.setup(inp.style)
runs = [load_arrays(getattr(inp, "shape_" + s.replace("-", "_"))) for s in SHAPES]
numbers = load_json(inp.numbers)

# %%
QUANTITIES = figures.TRACKED_QUANTITIES
LOSS_FLOOR = 1e-12  # below this the exact loss is rounding noise (it converges to 0)

n_rows = sum(run["lams"].size for run in runs)
fig, axes = plt.subplots(n_rows, len(QUANTITIES), figsize=(7.2, 1.25 * n_rows + 0.4), constrained_layout=True)
row = 0
for run in runs:
    t = run["times"][1:]
    for k, lam in enumerate(run["lams"]):
        for q, (quantity, title) in enumerate(QUANTITIES):
            ax = axes[row, q]
            sim = figures.tracked_entries(run[f"sim_{quantity}"][k][1:], quantity)
            exact = figures.tracked_entries(run[f"exact_{quantity}"][k][1:], quantity)
            for j in range(sim.shape[1]):
                ax.plot(t, sim[:, j], color=figures.COLORS[j % 7], **figures.SIM_STYLE)
                ax.plot(t, exact[:, j], **{**figures.EXACT_STYLE, "linewidth": 1.0})
            ax.set_xscale("log")
            if quantity == "loss":
                ax.set_yscale("log")
                ax.set_ylim(bottom=LOSS_FLOOR)
                ax.set_ylabel(f"{run['name']}, $\\lambda={lam:g}$")
            if row == 0:
                ax.set_title(title)
            if row == n_rows - 1:
                ax.set_xlabel("time $t$")
            else:
                ax.tick_params(labelbottom=False)
        row += 1
axes[0, 0].plot([], [], color="0.3", **figures.SIM_STYLE, label="GD")
axes[0, 0].plot([], [], **figures.EXACT_STYLE, label="exact")
axes[0, 0].legend(loc="lower left")
for k, letter in enumerate("abcdef"[:n_rows]):
    figures.panel_label(axes[k, 0], letter)
fig.suptitle(
    f"GD at $\\eta$ = {float(runs[0]['eta']):g} vs exact; first-order ratio "
    f"{numbers['gd_first_order_ratio']:.2f}",
    fontsize=8,
)
figures.save(fig, out.pdf, out.png)
