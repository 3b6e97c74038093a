# %% [markdown]
# # Figure 6 — continual learning and catastrophic forgetting
#
# (a) A 5-10-6 linear network learns four random tasks in sequence from a
# small zero-balanced start: one entry row of the network function ``W2 W1``
# (left) and the loss on every task (right) over the whole sequence, gradient
# descent (grey left, one colour per task right) and the exact chain (black dotted: the exact solution,
# restarted from its own end-of-task weights on each new task); crosses: the
# predicted loss on every task after converging on the current one.
# (b, c) Forgetting of task 1 after task 2 for 50 random linear, tanh and ReLU
# networks against the linear prediction, with the identity line, on random
# targets (b) and on the tasks of a linear teacher (c); open markers: nonlinear
# runs that reached the step cap of the stopping rule.
# (d) The balance ``||W1 W1^T - W2^T W2||_F`` of the runs of (b) at the start and
# after each task. (e) Loss on task j after training on task i for a 15-18-21
# network and five tasks (gradient descent). (f) Forgetting
# ``L[i, j] - L[j, j]`` measured (gradient descent; the prediction agrees to rounding).
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
# colours: activations in (b-d), tasks in (a, right); the entries of (a, left) are all grey
ACTIVATIONS = {"linear": figures.COLORS[0], "tanh": figures.COLORS[1], "relu": figures.COLORS[2]}
NAMES = {"linear": "linear", "tanh": "tanh", "relu": "ReLU"}
# markers from large to small, so that coinciding points of the three stay visible (c)
MARKERS = {"linear": ("o", 4.5), "tanh": ("s", 3.0), "relu": ("D", 2.0)}
TASK_COLORS = (figures.COLORS[3], figures.COLORS[4], figures.COLORS[5], "#8C510A")
TARGETS = {"": "random targets", "teacher_": "linear teacher"}  # prefix of the keys in forgetting.npz


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
            fontsize=7.5,
        )


def heatmap(ax, values, mask, text, cmap):
    """Matrix ``values`` (masked where ``mask``) with a text label per cell."""
    shown = np.ma.masked_array(values, mask)
    image = ax.imshow(shown, cmap=cmap)
    for (i, j), label in np.ndenumerate(text):
        if not mask[i, j]:
            r, g, b, _ = image.cmap(image.norm(values[i, j]))
            dark = 0.299 * r + 0.587 * g + 0.114 * b < 0.5
            ax.text(j, i, label, ha="center", va="center", fontsize=7.5, color="w" if dark else "k")
    n = values.shape[0]
    ax.set_xticks(range(n), [str(j + 1) for j in range(n)])
    ax.set_yticks(range(n), [str(i + 1) for i in range(n)])
    ax.set_xlabel("loss on task $j$")
    ax.set_ylabel("after training task $i$")
    return image


fig = plt.figure(figsize=(figures.TEXT_WIDTH, 6.05), layout="constrained")
rows = fig.subfigures(3, 1, height_ratios=[1.0, 1.15, 1.35])
ax_w, ax_l = rows[0].subplots(1, 2, sharex=True)
ax_b, ax_c, ax_d = rows[1].subplots(1, 3)
ax_e, ax_f = rows[2].subplots(1, 2)

# (a) network function and loss on every task over the sequence
t, T = seq["times"], float(seq["phase_time"])
n_tasks = seq["sigma_yx"].shape[0]
for j in range(seq["sim_function"].shape[2]):
    ax_w.plot(t, seq["sim_function"][:, 0, j], color="0.6", linewidth=1.6)
    ax_w.plot(t, seq["exact_function"][:, 0, j], **figures.EXACT_STYLE)
ax_w.set_ylabel(r"$(W_2W_1)_{1j}$")
ax_w.set_xlabel("time $t$ (units of $\\tau$)")
boundaries(ax_w, T, n_tasks)
for j in range(n_tasks):
    color = TASK_COLORS[j % len(TASK_COLORS)]
    ax_l.plot(t, seq["sim_loss"][:, j], color=color, label=f"task {j + 1}", linewidth=1.6, alpha=0.8)
    ax_l.plot(t, seq["exact_loss"][:, j], **figures.EXACT_STYLE)
    ends = (np.arange(n_tasks) + 1) * T
    ax_l.plot(ends, seq["predicted_loss_matrix"][:, j], "x", color=color, markersize=5)
ax_l.set_ylabel("loss on each task")
ax_l.set_xlabel("time $t$ (units of $\\tau$)")
boundaries(ax_l, T, n_tasks)
figures.panel_label(ax_w, "a")
# one legend for (a), right of the panels: GD, exact chain, predicted, the tasks' colours
legend_a = [
    plt.Line2D([], [], color="0.6", linewidth=1.6, label="GD"),
    plt.Line2D([], [], **figures.EXACT_STYLE, label="exact chain"),
    plt.Line2D([], [], marker="x", linestyle="", color="0.3", label="predicted"),
    *ax_l.get_legend_handles_labels()[0],
]
rows[0].legend(handles=legend_a, loc="outside right center")

# (b, c) measured against predicted forgetting, random targets and a linear teacher
lo, hi = np.inf, 0.0
for ax, (prefix, title) in zip((ax_b, ax_c), TARGETS.items(), strict=True):
    for activation, color in ACTIVATIONS.items():
        predicted = runs[f"{prefix}{activation}_predicted"]
        measured = forgetting_of(runs[f"{prefix}{activation}_loss"])
        capped = ~np.all(runs[f"{prefix}{activation}_converged"], axis=1)  # hit the step cap
        marker, size = MARKERS[activation]
        style = {"marker": marker, "linestyle": "", "color": color, "markersize": size, "alpha": 0.8}
        ax.plot(predicted[~capped], measured[~capped], **style, label=NAMES[activation])
        ax.plot(predicted[capped], measured[capped], **{**style, "markerfacecolor": "white", "alpha": 1.0})
        lo, hi = min(lo, predicted.min(), measured.min()), max(hi, predicted.max(), measured.max())
    ax.set_title(title)
for ax in (ax_b, ax_c):
    ax.plot([lo, hi], [lo, hi], color="k", linewidth=0.7, zorder=0)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(lo / 1.5, hi * 1.5)
    ax.set_ylim(lo / 1.5, hi * 1.5)
    ax.set_xlabel("predicted (linear)")
ax_b.set_ylabel("measured forgetting")
ax_c.sharey(ax_b)
figures.panel_label(ax_b, "b")
figures.panel_label(ax_c, "c")

# (d) balance at the start and after each task (random targets)
for g, (activation, color) in enumerate(ACTIVATIONS.items()):
    balance = runs[f"{activation}_balance"][:, [0, 2, 4]]
    x = 3.5 * g + np.arange(3)
    for row in balance:
        ax_d.plot(x, row, color=color, alpha=0.15, linewidth=0.6)
    ax_d.plot(x, np.median(balance, axis=0), "-", marker=MARKERS[activation][0], color=color, markersize=3)
ax_d.set_yscale("log")
ax_d.set_xticks([3.5 * g + k for g in range(3) for k in range(3)], ["0", "1", "2"] * 3)
ax_d.set_xlabel("tasks learned")
ax_d.set_ylabel(r"$\|W_1W_1^T - W_2^TW_2\|_F$")
ax_d.set_title("balance (random targets)")
figures.panel_label(ax_d, "d")
legend_bd = [
    *(
        plt.Line2D([], [], marker=MARKERS[a][0], color=c, markersize=MARKERS[a][1], label=NAMES[a])
        for a, c in ACTIVATIONS.items()
    ),
    plt.Line2D([], [], marker="o", linestyle="", color="0.3", markerfacecolor="white", markersize=3,
               label="step cap reached"),
    plt.Line2D([], [], color="k", linewidth=0.7, label="identity"),
]  # fmt: skip
rows[1].legend(handles=legend_bd, loc="outside lower center", ncol=5)

# (e) loss after each task; (f) forgetting (measured; the prediction agrees to rounding, see the caption)
loss = mat["sim_loss_matrix"][1:]
n = loss.shape[0]
image = heatmap(ax_e, loss, np.zeros_like(loss, dtype=bool), np.vectorize("{:.1f}".format)(loss), "viridis")
fig.colorbar(image, ax=ax_e, shrink=0.8, label="loss (GD)")
ax_e.set_title("loss on every task")
figures.panel_label(ax_e, "e")
measured = measured_forgetting(mat["sim_loss_matrix"])
upper = ~np.tril(np.ones((n, n), dtype=bool), -1)
image = heatmap(ax_f, measured, upper, np.char.mod("%.2f", measured), "Oranges")
fig.colorbar(image, ax=ax_f, shrink=0.8, label="forgetting (GD)")
ax_f.set_title("forgetting $L_{ij} - L_{jj}$")
figures.panel_label(ax_f, "f")
figures.save(fig, out.pdf, out.png)
