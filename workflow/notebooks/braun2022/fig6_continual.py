# %% [markdown]
# # Figure 6 — continual learning and catastrophic forgetting
#
# (a) A 5-10-6 linear network learns four random tasks in sequence from a
# small zero-balanced start: one entry row of the network function ``W2 W1``
# (left) and the loss on every task (right) over the whole sequence, gradient
# descent (coloured) and the exact chain (black dotted: the exact solution,
# restarted from its own end-of-task weights on each new task); crosses: the
# predicted loss on every task after converging on the current one.
# (b) Forgetting of task 1 after task 2 for 50 random linear, tanh and ReLU
# networks against the linear prediction, with the identity line.
# (c) The balance ``||W1 W1^T - W2^T W2||_F`` of the same runs at the start and
# after each task. (d) Loss on task j after training on task i for a 15-18-21
# network and five tasks (gradient descent). (e) Forgetting
# ``L[i, j] - L[j, j]`` measured (gradient descent) and predicted.
#
# Data: `results/braun2022/fig6/` (rules `braun2022_continual_sequence`, `braun2022_continual_forgetting`,
# `braun2022_continual_measure`; settings under `braun2022.continual` in `workflow/config.yaml`).
# Run `snakemake --cores 8 figures/braun2022/fig6.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.experiments.braun2022.continual import measured_forgetting
from exactdln.experiments.braun2022.forgetting import forgetting_of
from exactdln.io import load_arrays, load_json

inp, out = figures.paths(
    globals(),
    inputs={
        "sequence": "results/braun2022/fig6/sequence.npz",
        "matrix": "results/braun2022/fig6/matrix.npz",
        "forgetting": "results/braun2022/fig6/forgetting.npz",
        "numbers": "results/braun2022/fig6/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/braun2022/fig6.pdf", "png": "figures/braun2022/fig6.png"},
)
figures.setup(inp.style)
seq = load_arrays(inp.sequence)
mat = load_arrays(inp.matrix)
runs = load_arrays(inp.forgetting)
numbers = load_json(inp.numbers)
ACTIVATIONS = {"linear": figures.COLORS[0], "tanh": figures.COLORS[1], "relu": figures.COLORS[2]}
TASK_COLORS = figures.COLORS[2:]


# %%
def boundaries(ax, phase_time, n_tasks):
    """Grey lines at the task switches, task labels on top."""
    for k in range(1, n_tasks):
        ax.axvline(k * phase_time, color="0.7", linewidth=0.6, zorder=0)
    for k in range(n_tasks):
        ax.text(
            (k + 0.5) * phase_time,
            1.0,
            f"task {k + 1}",
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=6.5,
        )


def heatmap(ax, values, mask, text, cmap):
    """Matrix ``values`` (masked where ``mask``) with a text label per cell."""
    shown = np.ma.masked_array(values, mask)
    image = ax.imshow(shown, cmap=cmap)
    for (i, j), label in np.ndenumerate(text):
        if not mask[i, j]:
            r, g, b, _ = image.cmap(image.norm(values[i, j]))
            dark = 0.299 * r + 0.587 * g + 0.114 * b < 0.5
            ax.text(j, i, label, ha="center", va="center", fontsize=6, color="w" if dark else "k")
    n = values.shape[0]
    ax.set_xticks(range(n), [str(j + 1) for j in range(n)])
    ax.set_yticks(range(n), [str(i + 1) for i in range(n)])
    ax.set_xlabel("loss on task $j$")
    ax.set_ylabel("after training task $i$")
    return image


fig = plt.figure(figsize=(7.2, 6.0), constrained_layout=True)
grid = fig.add_gridspec(2, 4, height_ratios=[1.0, 1.3])
ax_w = fig.add_subplot(grid[0, :2])
ax_l = fig.add_subplot(grid[0, 2:], sharex=ax_w)
ax_b, ax_c, ax_d, ax_e = (fig.add_subplot(grid[1, k]) for k in range(4))

# (a) network function and loss on every task over the sequence
t, T = seq["times"], float(seq["phase_time"])
n_tasks = seq["sigma_yx"].shape[0]
for j in range(seq["sim_function"].shape[2]):
    ax_w.plot(t, seq["sim_function"][:, 0, j], color=figures.COLORS[j % 8], **figures.SIM_STYLE)
    ax_w.plot(t, seq["exact_function"][:, 0, j], **figures.EXACT_STYLE)
ax_w.plot([], [], color="0.4", label="gradient descent", **figures.SIM_STYLE)
ax_w.plot([], [], label="exact chain", **figures.EXACT_STYLE)
ax_w.set_ylabel(r"$(W_2W_1)_{1j}$")
ax_w.set_xlabel("time $t$ (units of $\\tau$)")
ax_w.legend(loc="lower left", fontsize=6)
boundaries(ax_w, T, n_tasks)
for j in range(n_tasks):
    color = TASK_COLORS[j % len(TASK_COLORS)]
    ax_l.plot(t, seq["sim_loss"][:, j], color=color, label=f"task {j + 1}", **figures.SIM_STYLE)
    ax_l.plot(t, seq["exact_loss"][:, j], **figures.EXACT_STYLE)
    ends = (np.arange(n_tasks) + 1) * T
    ax_l.plot(ends, seq["predicted_loss_matrix"][:, j], "x", color=color, markersize=4)
ax_l.plot([], [], "x", color="0.4", label="predicted (converged)")
ax_l.set_ylabel("loss on each task")
ax_l.set_xlabel("time $t$ (units of $\\tau$)")
low, high = ax_l.get_ylim()
ax_l.set_ylim(low, high + 0.25 * (high - low))  # room for the legend above the curves
ax_l.legend(loc="upper center", fontsize=5.5, ncol=5, columnspacing=1.0, handlelength=1.5)
boundaries(ax_l, T, n_tasks)
figures.panel_label(ax_w, "a")

# (b) measured against predicted forgetting
lo, hi = np.inf, 0.0
for activation, color in ACTIVATIONS.items():
    predicted = runs[f"{activation}_predicted"]
    measured = forgetting_of(runs[f"{activation}_loss"])
    ax_b.plot(predicted, measured, "o", color=color, markersize=2.5, alpha=0.8, label=activation)
    lo, hi = min(lo, predicted.min(), measured.min()), max(hi, predicted.max(), measured.max())
ax_b.plot([lo, hi], [lo, hi], color="k", linewidth=0.7, label="identity")
ax_b.set_xscale("log")
ax_b.set_yscale("log")
ax_b.set_xlabel("predicted forgetting (linear)")
ax_b.set_ylabel("measured forgetting")
ax_b.legend(loc="lower right", fontsize=6)
figures.panel_label(ax_b, "b")

# (c) balance at the start and after each task
labels = ("start", "task 1", "task 2")
for g, (activation, color) in enumerate(ACTIVATIONS.items()):
    balance = runs[f"{activation}_balance"][:, [0, 2, 4]]
    x = 3.5 * g + np.arange(3)
    for row in balance:
        ax_c.plot(x, row, color=color, alpha=0.15, linewidth=0.6)
    ax_c.plot(x, np.median(balance, axis=0), "o-", color=color, markersize=3, label=activation)
ax_c.set_yscale("log")
ax_c.set_xticks(
    [3.5 * g + k for g in range(3) for k in range(3)],
    [lab for _ in range(3) for lab in labels],
    rotation=90,
    fontsize=6,
)
ax_c.set_ylabel(r"$\|W_1W_1^T - W_2^TW_2\|_F$")
ax_c.legend(loc="upper left", fontsize=6)
figures.panel_label(ax_c, "c")

# (d) loss after each task; (e) forgetting, measured and predicted
loss = mat["sim_loss_matrix"][1:]
n = loss.shape[0]
image = heatmap(ax_d, loss, np.zeros_like(loss, dtype=bool), np.vectorize("{:.1f}".format)(loss), "viridis")
fig.colorbar(image, ax=ax_d, shrink=0.7, location="bottom", label="loss (gradient descent)")
ax_d.set_title("loss on every task", fontsize="small")
figures.panel_label(ax_d, "d")
measured = measured_forgetting(mat["sim_loss_matrix"])
predicted = mat["predicted_loss_matrix"] - np.diag(mat["predicted_loss_matrix"])[None, :]
upper = ~np.tril(np.ones((n, n), dtype=bool), -1)
text = np.char.add(np.char.mod("%.2f\n", measured), np.char.mod("%.2f", predicted))
image = heatmap(ax_e, measured, upper, text, "Oranges")
fig.colorbar(image, ax=ax_e, shrink=0.7, location="bottom", label="forgetting (measured)")
ax_e.set_title("measured (top), predicted", fontsize="small", loc="right")
figures.panel_label(ax_e, "e")
figures.save(fig, out.pdf, out.png)
