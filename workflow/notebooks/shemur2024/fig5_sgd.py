# %% [markdown]
# # Figure 5 — stochastic gradient descent: the deviation stays bounded where the linearised SGD contracts
#
# Networks trained by minibatch SGD (each seed with its own seeded stream of minibatches) against
# their linearisation trained by the same minibatches, exactly, on the teacher task of Figure 1.
# (a) The deviation's maximum over the steps on the test points (filled) and the training points
# (open, dotted) against the width (two-layer networks with batch 8, and the two-hidden-layer
# ReLU network, dashed: test points); (b) its final value on the test (filled) and the training
# points (open). (c) Batch size 1, 8 and the full batch
# (gradient descent) at one learning rate (tanh). (d) The test deviation against the step for
# four widths (tanh, batch 8): it rises while the linearised model learns and stays at its plateau
# once that has converged (grey dashed: the linearised model's training loss of the widest
# network, right axis). (e-f) Batch 1 at a learning rate where the linearised SGD does not contract
# (``eta Theta(x, x) > 2``: every step multiplies the sampled item's residual by
# ``|1 - eta Theta(x, x)| > 1``) beside the contracting one: (e) against the step, (f) the maximum
# over the steps against the width. Markers: seed means; error bars and bands: standard error of
# the seed mean; (e): geometric seed means. Settings: `shemur2024.sgd` in `workflow/config.yaml`.
#
# Data: `results/shemur2024/sgd/` (rule `shemur2024_sgd_run`, one job per run); numbers:
# `results/shemur2024/fig5/numbers.json` (rule `shemur2024_sgd_measure`).
# Run `snakemake --cores 8 figures/shemur2024/fig5.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.io import load_arrays, load_json

RUNS = (
    "tanh_b8",
    "relu_b8",
    "linear_b8",
    "mlp_relu_b8",
    "tanh_full",
    "relu_full",
    "linear_full",
    "tanh_b1",
    "noncontracting",
)
inp, out = figures.paths(
    globals(),
    inputs={
        **{name: f"results/shemur2024/sgd/{name}.npz" for name in RUNS},
        "numbers": "results/shemur2024/fig5/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/shemur2024/fig5.pdf", "png": "figures/shemur2024/fig5.png"},
)
figures.setup(inp.style)
runs = {name: load_arrays(getattr(inp, name)) for name in RUNS}
numbers = load_json(inp.numbers)
sgd, plan = numbers["sgd"], numbers["plan"]
NAMES = {"tanh": "tanh", "relu": "ReLU", "linear": "linear"}
COLOR = dict(zip(("tanh", "relu", "linear"), figures.COLORS, strict=False))
MAIN = ("tanh_b8", "relu_b8", "linear_b8")
STEP_WIDTHS = (64, 256, 1024, 4096)
shades = plt.get_cmap("Purples")(np.linspace(0.45, 1.0, len(STEP_WIDTHS)))


# %%
def mean_and_error(values):
    """Seed mean and standard error of the seed mean along the last axis."""
    return values.mean(axis=-1), values.std(axis=-1, ddof=1) / np.sqrt(values.shape[-1])


def width_curve(ax, d, values, **style):
    """Seed means against the width with standard-error bars."""
    mean, err = mean_and_error(values)
    style = {"markersize": 2.5, **style}
    ax.errorbar(d["widths"], mean, yerr=err, capsize=1.5, elinewidth=0.7, **style)


def guide(ax, widths, anchor, slope, style="--"):
    """A grey power law ``anchor (m / widths[0])^slope`` beneath the data."""
    ends = np.array([widths[0], widths[-1]], dtype=float)
    ax.plot(ends, anchor * (ends / ends[0]) ** slope, style, color="0.6", linewidth=0.8, zorder=0.5)


def width_axis(ax):
    ax.set_xscale("log", base=2)
    ax.set_xticks([2**4, 2**7, 2**10, 2**12])
    ax.set_yscale("log")
    ax.set_xlabel("width $m$")


def slope_text(name, key="sup_test"):
    """The fitted slope with its standard error, or "no power law"."""
    entry = sgd[name]
    if not entry.get(f"{key}_power_law", False):
        return "no power law"
    return f"{entry[f'{key}_slope']:.2f} $\\pm$ {entry[f'{key}_stderr']:.2f}"


fig = plt.figure(figsize=(figures.TEXT_WIDTH, 5.0), constrained_layout=True)
rows = fig.subfigures(2, 1)
top, bottom = rows[0].subplots(1, 3), rows[1].subplots(1, 3)

ax = top[0]
for name in MAIN:
    act = plan[name]["activation"]
    d = runs[name]
    width_curve(ax, d, d["gap_test"].max(axis=1), fmt="o-", color=COLOR[act], label=NAMES[act])
    width_curve(ax, d, d["gap_train"].max(axis=1), fmt="o:", color=COLOR[act], mfc="white", markersize=2.0)
d = runs["mlp_relu_b8"]
width_curve(
    ax,
    d,
    d["gap_test"].max(axis=1),
    fmt="s--",
    color=COLOR["relu"],
    mfc="white",
    label="ReLU, two hidden layers",
)
guide(ax, [64, 4096], 4.0 * runs["tanh_b8"]["gap_test"].max(axis=1)[2].mean(), -1.0)
width_axis(ax)
ax.set_ylabel(r"$\max_s$ RMS deviation")
figures.panel_label(ax, "a")

ax = top[1]
for name in MAIN:
    act = plan[name]["activation"]
    d = runs[name]
    width_curve(ax, d, d["gap_test"][:, -1], fmt="o-", color=COLOR[act])
    width_curve(ax, d, d["gap_train"][:, -1], fmt="o:", color=COLOR[act], mfc="white")
guide(ax, [64, 4096], 4.0 * runs["tanh_b8"]["gap_test"][2, -1].mean(), -1.0)
width_axis(ax)
ax.set_ylabel("final RMS deviation")
ax.legend(
    handles=[
        plt.Line2D([], [], color="0.3", marker="o", markersize=2.5, label="test"),
        plt.Line2D(
            [], [], color="0.3", marker="o", markersize=2.5, mfc="white", linestyle=":", label="training"
        ),
    ],
    loc="lower left",
    borderaxespad=0.2,
    handlelength=1.8,
)
figures.panel_label(ax, "b")

ax = top[2]
study = [n for n, p in plan.items() if p["activation"] == "tanh" and p["role"] in ("main", "full", "batch")]
# the full batch first (line and small markers), the smaller batches on top with larger open
# markers: batch 8 coincides with the full batch
study = sorted(study, key=lambda n: -plan[n]["batch_size"])
for name in study:
    d = runs[name]
    b = plan[name]["batch_size"]
    if plan[name]["role"] == "full":
        style = {"fmt": "s-", "color": "k", "markersize": 2.0, "label": f"full batch ({b})"}
    elif b == 1:
        style = {"fmt": "^-", "color": "0.6", "mfc": "white", "label": f"batch {b}"}
    else:
        style = {"fmt": "o", "color": COLOR["tanh"], "mfc": "none", "markersize": 5.0, "label": f"batch {b}"}
    mean, err = mean_and_error(d["gap_test"].max(axis=1))
    ax.errorbar(d["widths"], mean, yerr=err, capsize=1.5, elinewidth=0.7, **{"markersize": 2.5, **style})
width_axis(ax)
ax.set_ylabel(r"$\max_s$ RMS test deviation (tanh)")
ax.legend(loc="upper right", borderaxespad=0.2, handlelength=1.8)
figures.panel_label(ax, "c")

ax = bottom[0]
d = runs["tanh_b8"]
steps = d["steps"]
for width, color in zip(STEP_WIDTHS, shades, strict=True):
    w = int(np.searchsorted(d["widths"], width))
    mean, err = mean_and_error(d["gap_test"][w, 1:])
    ax.fill_between(steps[1:], mean - err, mean + err, color=color, alpha=0.3, linewidth=0)
    ax.plot(steps[1:], mean, color=color, label=f"$m = {width}$")
ax.set_yscale("log")
ax.set_xlabel("SGD step $s$ (tanh, batch 8)")
ax.set_ylabel("RMS test deviation")
ax.set_xlim(0, steps[-1])
twin = ax.twinx()
twin.plot(steps[1:], d["loss_lin"][-1, 1:].mean(axis=-1), color="0.55", linewidth=0.8, linestyle="--")
twin.set_yscale("log")
twin.set_ylabel("linearised training loss", color="0.45")
twin.tick_params(axis="y", colors="0.45")
twin.spines["right"].set_visible(True)
twin.spines["right"].set_color("0.45")
figures.panel_label(ax, "d")

ax = bottom[1]
for name, style in (("tanh_b1", "-"), ("noncontracting", "--")):
    d = runs[name]
    steps = d["steps"]
    for width, color in zip(STEP_WIDTHS, shades, strict=True):
        w = int(np.searchsorted(d["widths"], width))
        # geometric seed mean: the non-contracting seeds spread over orders of magnitude
        ax.plot(steps[1:], np.exp(np.log(d["gap_test"][w, 1:]).mean(axis=-1)), style, color=color)
ax.set_yscale("log")
ax.set_xlim(0, steps[-1])
ax.set_xlabel("SGD step $s$ (tanh, batch 1)")
ax.set_ylabel("RMS test deviation")
eta_c, eta_n = plan["tanh_b1"]["eta"], plan["noncontracting"]["eta"]
ax.legend(
    handles=[
        plt.Line2D([], [], color="0.3", linestyle="-", label=rf"$\eta = {eta_c:g}$"),
        plt.Line2D([], [], color="0.3", linestyle="--", label=rf"$\eta = {eta_n:g}$"),
    ],
    loc="upper left",
    borderaxespad=0.2,
    handlelength=1.8,
)
figures.panel_label(ax, "e")

ax = bottom[2]
for name, fmt in (("tanh_b1", "o-"), ("noncontracting", "s--")):
    d = runs[name]
    width_curve(
        ax,
        d,
        d["gap_test"].max(axis=1),
        fmt=fmt,
        color=COLOR["tanh"],
        mfc="white",
        label=rf"$\eta = {d['eta']:g}$",
    )
width_axis(ax)
ax.set_ylabel(r"$\max_s$ RMS test deviation (tanh)")
ax.legend(loc="center right", bbox_to_anchor=(1.0, 0.3), borderaxespad=0.2, handlelength=1.8)
figures.panel_label(ax, "f")

handles, labels = top[0].get_legend_handles_labels()
handles += [plt.Line2D([], [], color="0.6", linestyle="--", linewidth=0.8)]
labels += ["slope $-1$"]
rows[0].legend(handles, labels, loc="outside upper center", ncol=len(labels))
rows[1].legend(*bottom[0].get_legend_handles_labels(), loc="outside upper center", ncol=len(STEP_WIDTHS))
figures.save(fig, out.pdf, out.png)

# %% [markdown]
# The fitted width slopes of the maximum test deviation (seed means, from the width
# `shemur2024.fit_min_width` on, with the standard error over seeds), or "no power law" where the
# check of `exactdln.experiments.shemur2024.slopes` fails; the growth of the widest network's
# deviation from a tenth of the steps to the last, and from the middle step to the last.

# %%
for name, entry in sgd.items():
    p = plan[name]
    print(
        f"{name:15s} {p['network']:9s} batch {p['batch_size']:2d}, eta {p['eta']:g}: "
        f"slope {slope_text(name)}; growth {entry['growth']:.3g} (last / tenth), "
        f"{entry['growth_half']:.3g} (last / half)"
    )
