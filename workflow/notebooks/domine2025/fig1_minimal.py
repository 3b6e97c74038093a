# %% [markdown]
# # Figure 1 — a minimal model of the rich and lazy regimes (Dominé et al. 2025, Figure 1)
#
# Two networks, 3-3-3 and 5-3-3, learn a whitened random-regression task from
# lambda-balanced starts of unit scale that share one initial network
# function and differ only in `lam` (-50, 0, 50). Per row: the loss, every
# entry of `W2 W1`, `W1^T W1` and `W2 W2^T`, and a fixed spread of NTK
# entries over training; the exact solution (lines) and gradient descent
# (dots, at 12 log-spaced records), one colour per entry. Each NTK panel
# gives the kernel distance from `t = 0` to the end of the run and to
# `t = inf`. At `|lam| = 50` learning is fast and the NTK hardly moves (lazy)
# except where the network's shape lets the large layer rotate (5-3-3 at
# `lam = -50`: its kernel moves after the run, by `t = inf`); at `lam = 0`
# learning is slower and the NTK moves by a large fraction (rich).
#
# Data: `results/domine2025/fig1/` (rule `domine2025_minimal`, one job per shape; settings under
# `domine2025.minimal` in `workflow/config.yaml`).
# Numbers: `results/domine2025/fig1/numbers.json` (rule `domine2025_minimal_measure`).
# Run `snakemake --cores 8 figures/domine2025/fig1.pdf`.

# %%
import matplotlib.pyplot as plt
import numpy as np

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


def minimal_key(lam: float) -> str:
    """The key of one ``lam`` in a shape's numbers (``lamminus50``, ``lam0``, ``lam50``)."""
    return f"lam{'minus' if lam < 0 else ''}{abs(lam):g}".replace(".", "p")


def entry_time(run) -> float:
    """The run's last time (its kernel distance ``d_K(t)`` is measured there)."""
    return float(run["times"][-1])


# %%
QUANTITIES = figures.TRACKED_QUANTITIES
LOSS_FLOOR = 1e-12  # below this the exact loss is rounding noise (it converges to 0)
N_MARKERS = 12  # gradient-descent markers per curve (log-spaced records)


def sci(value: float) -> str:
    """A kernel distance for a panel: two digits, powers of ten written out."""
    if value >= 1e-3:
        return f"{value:.2g}"
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"{mantissa}\\times10^{{{int(exponent)}}}"


n_rows = sum(run["lams"].size for run in runs)
fig, axes = plt.subplots(
    n_rows, len(QUANTITIES), figsize=(figures.TEXT_WIDTH, 1.02 * n_rows + 0.35), constrained_layout=True
)
row = 0
for run in runs:
    t = run["times"][1:]
    marks = np.unique(np.geomspace(1, t.size, N_MARKERS).astype(int) - 1)
    shape = str(run["name"])
    for k, lam in enumerate(run["lams"]):
        for q, (quantity, title) in enumerate(QUANTITIES):
            ax = axes[row, q]
            sim = figures.tracked_entries(run[f"sim_{quantity}"][k][1:], quantity)
            exact = figures.tracked_entries(run[f"exact_{quantity}"][k][1:], quantity)
            for j in range(sim.shape[1]):
                color = figures.COLORS[j % 7]
                ax.plot(t, exact[:, j], color=color, linewidth=0.9)
                ax.plot(t[marks], sim[marks, j], "o", color=color, markersize=2.2, mew=0)
            ax.set_xscale("log")
            if quantity == "loss":
                ax.set_yscale("log")
                ax.set_ylim(bottom=LOSS_FLOOR)
                ax.set_ylabel(f"{shape}, $\\lambda={lam:g}$")
            if quantity == "ntk":  # the kernel distances, beside the panel
                entry = numbers[shape][minimal_key(lam)]
                ax.text(
                    1.06,
                    0.5,
                    f"$d_K(t{{=}}{entry_time(run):g})$\n${sci(entry['final_kernel_distance'])}$\n"
                    f"$d_K(\\infty)$\n${sci(entry['limit_kernel_distance'])}$",
                    transform=ax.transAxes,
                    va="center",
                    ha="left",
                    fontsize=7.5,
                    linespacing=1.25,
                )
            if row == 0:
                ax.set_title(title)
            if row == n_rows - 1:
                ax.set_xlabel("time $t$")
            else:
                ax.tick_params(labelbottom=False)
        row += 1
handles = [
    plt.Line2D([], [], color="0.3", linewidth=0.9, label="exact solution"),
    plt.Line2D([], [], color="0.3", marker="o", markersize=3, linestyle="none", label="gradient descent"),
]
fig.legend(handles=handles, loc="outside upper center", ncol=2)
for k, letter in enumerate("abcdef"[:n_rows]):
    figures.panel_label(axes[k, 0], letter)
figures.save(fig, out.pdf, out.png)
