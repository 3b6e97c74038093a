# %% [markdown]
# # Figure 4 — the source's MNIST table, three ways: fixed steps, matched training, the authors' code
#
# (a) Two-hidden-layer ReLU networks on a subset of MNIST (pooled to 7x7), trained by full-batch
# gradient descent for a fixed number of steps with ``eta = eta0 n^alpha`` (the table's protocol):
# mean squared difference between the network and its linearisation on the test images against
# the width ``n``. (b) The same networks at matched training: every ``alpha`` and width trained
# to the same flow time ``eta * steps`` (``eta = eta0 (n / n0)^alpha``); the three ``alpha``
# coincide. (c) How much each run trains: the final over the initial training loss (widest
# networks' loss moves from about 0.61), fixed steps (filled) and matched (open). (d) The width
# experiment of the authors' public code: one hidden ReLU layer with biases, ten outputs, 128
# images, 999 updates at rate 1; their measure ``|L - L_lin| / sqrt(2)`` of the training losses
# and the training MSE of ``F - F_lin``, with their linearisation (output-averaged kernel,
# gradient flow; filled) and the exact one (open). (e) The slopes against ``alpha``: the source's
# (open circles), fixed steps (filled circles), matched training (squares), the authors' protocol
# (diamond: their measure; a cross marks a fitted value where no power law holds), the
# short-time prediction ``4 alpha - 2`` (line) and the converged smooth value -2 (dotted).
# (f) The final test MSE of the converged two-layer networks of Figure 1 on MNIST, per
# activation. Markers: seed means; bands: seed range. Settings:
# `shemur2024.data`, `shemur2024.mnist_mlp` and `shemur2024.mnist_authors` in `workflow/config.yaml`.
#
# Data: `results/shemur2024/mnist_mlp/` (rules `shemur2024_mnist_mlp`, `shemur2024_mnist_matched`),
# `results/shemur2024/mnist_authors/` (rule `shemur2024_mnist_authors`) and
# `results/shemur2024/width/mnist_*.npz` (Figure 1); numbers:
# `results/shemur2024/fig4/numbers.json` (rule `shemur2024_mnist_measure`).
# Run `snakemake --cores 8 figures/shemur2024/fig4.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.experiments.shemur2024.authors_protocol import loss_difference
from exactdln.io import load_arrays, load_json

ALPHAS = ("0", "-0.5", "-1")
AUTHORS_ALPHAS = ("0",)
ACTIVATIONS = ("tanh", "relu", "linear")
inp, out = figures.paths(
    globals(),
    inputs={
        **{f"alpha{a}": f"results/shemur2024/mnist_mlp/alpha{a}.npz" for a in ALPHAS},
        **{f"matched{a}": f"results/shemur2024/mnist_mlp/matched_alpha{a}.npz" for a in ALPHAS},
        **{f"authors{a}": f"results/shemur2024/mnist_authors/alpha{a}.npz" for a in AUTHORS_ALPHAS},
        **{f"mnist_{a}": f"results/shemur2024/width/mnist_{a}.npz" for a in ACTIVATIONS},
        "numbers": "results/shemur2024/fig4/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/shemur2024/fig4.pdf", "png": "figures/shemur2024/fig4.png"},
)
figures.setup(inp.style)
fixed = {a: load_arrays(getattr(inp, f"alpha{a}")) for a in ALPHAS}
matched = {a: load_arrays(getattr(inp, f"matched{a}")) for a in ALPHAS}
authors = {a: load_arrays(getattr(inp, f"authors{a}")) for a in AUTHORS_ALPHAS}
two_layer = {a: load_arrays(getattr(inp, f"mnist_{a}")) for a in ACTIVATIONS}
numbers = load_json(inp.numbers)
# colours: alpha in purples (a-c, e), activations as in Figures 1-3 (f), the authors' protocol in
# the colours of its linearisations (d)
shades = dict(zip(ALPHAS, plt.get_cmap("Purples")(np.linspace(1.0, 0.5, len(ALPHAS))), strict=True))
MARKERS = dict(zip(ALPHAS, ("o", "s", "^"), strict=True))
# marker sizes decrease with alpha, so that coinciding curves (b) stay visible
SIZES = dict(zip(ALPHAS, (5.0, 3.5, 2.5), strict=True))
NAMES = {"tanh": "tanh", "relu": "ReLU", "linear": "linear"}


def slope_label(entry, key="slope", power_law="power_law"):
    """A fitted slope for a legend, or "no power law"."""
    return f"{entry[key]:.2f}" if entry.get(power_law, False) else "no power law"


def band_and_mean(ax, widths, values, color, **style):
    """Seed range (band) and seed mean (markers and line) against the width."""
    ax.fill_between(widths, values.min(axis=-1), values.max(axis=-1), color=color, alpha=0.18, linewidth=0)
    ax.plot(widths, values.mean(axis=-1), color=color, **{"markersize": 3, **style})


def width_axis(ax, label="width $n$"):
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel(label)


# %%
fig = plt.figure(figsize=(figures.TEXT_WIDTH, 5.2), constrained_layout=True)
rows = fig.subfigures(2, 1)
top, bottom = rows[0].subplots(1, 3), rows[1].subplots(1, 3)

for ax, runs, key, letter, title in (
    (top[0], fixed, "mnist_mlp", "a", f"{int(fixed['0']['n_steps'])} steps"),
    (
        top[1],
        matched,
        "mnist_matched",
        "b",
        f"flow time {numbers['mnist_matched']['0']['flow_time_widest']:g}",
    ),
):
    for a in ALPHAS:
        d = runs[a]
        label = rf"$\alpha = {a}$: " + slope_label(numbers[key][a])
        band_and_mean(
            ax,
            d["widths"],
            d["mse_test"],
            shades[a],
            marker=MARKERS[a],
            markersize=SIZES[a],
            mfc="white",
            label=label,
        )
    width_axis(ax)
    ax.set_ylabel(r"test MSE $(F - F_{\mathrm{lin}})^2$")
    ax.set_title(title, fontsize=8.5)
    ax.legend(loc="lower left", borderaxespad=0.2, handlelength=1.5)
    figures.panel_label(ax, letter)
top[0].set_ylim(1e-16, 1e-1)  # room for the legend below the data
top[1].set_ylim(1e-6, 1e-1)

ax = top[2]
for a in ALPHAS:
    for runs, mfc, ls in ((fixed, shades[a], "-"), (matched, "white", "--")):
        d = runs[a]
        ratio = d["loss"] / d["loss_initial"]
        ax.plot(
            d["widths"], ratio.mean(axis=-1), ls, marker=MARKERS[a], color=shades[a], mfc=mfc, markersize=3
        )
ax.set_xscale("log", base=2)
ax.set_ylim(0, 1.05)
ax.set_xlabel("width $n$")
ax.set_ylabel("final / initial training loss")
ax.legend(
    handles=[
        plt.Line2D([], [], color="0.3", marker="o", markersize=3, label="fixed steps"),
        plt.Line2D(
            [], [], color="0.3", marker="o", markersize=3, mfc="white", linestyle="--", label="matched"
        ),
    ],
    loc="lower left",
    borderaxespad=0.2,
    handlelength=1.8,
)
figures.panel_label(ax, "c")

ax = bottom[0]
d = authors["0"]
entry = numbers["mnist_authors"]["0"]
series = (
    (
        loss_difference(d, "authors"),
        "k",
        "o",
        "loss_difference",
        r"$|L - L_{\mathrm{lin}}|/\sqrt{2}$, theirs",
    ),
    (loss_difference(d, "exact"), "k", "o", "loss_difference_exact", "exact"),
    (d["mse_authors"], "0.55", "s", "mse_authors", r"MSE $(F - F_{\mathrm{lin}})^2$, theirs"),
    (d["mse"], "0.55", "s", "mse", "exact"),
)
for k, (values, color, marker, key, label) in enumerate(series):
    exact = k % 2 == 1
    band_and_mean(
        ax,
        d["widths"],
        values,
        color,
        marker=marker,
        mfc="white" if exact else color,
        linestyle="--" if exact else "-",
        label=f"{label} ({slope_label(entry, f'{key}_slope', f'{key}_power_law')})",
    )
width_axis(ax)
ax.set_ylim(3e-7, None)  # room for the legend below the data
ax.set_ylabel("training-set measure")
ax.legend(loc="lower left", borderaxespad=0.2, handlelength=1.5)
figures.panel_label(ax, "d")

ax = bottom[1]
source = numbers["mnist_mse_slopes_source"]
grid = np.linspace(-1.05, 0.05, 2)
lines = [
    ax.plot(grid, 4 * grid - 2, "-", color="0.6", linewidth=0.8, label=r"$4\alpha - 2$ (short time)")[0],
    ax.axhline(-2.0, color="0.6", linestyle=":", linewidth=0.8, label="$-2$ (converged)"),
]


def slope_points(entries, alphas, key, marker, color, label, shift=0.0):
    """Fitted slopes against alpha; where no power law holds, a cross at the fitted value."""
    ok = [a for a in alphas if entries[a][key.replace("slope", "power_law")]]
    bad = [a for a in alphas if a not in ok]
    ax.plot([float(a) + shift for a in bad], [entries[a][key] for a in bad], "x", color=color, markersize=5)
    x, y = [float(a) + shift for a in ok], [entries[a][key] for a in ok]
    return ax.plot(x, y, marker, color=color, label=label)[0]


source_x, source_y = [float(a) for a in source], list(source.values())
points = [
    ax.plot(source_x, source_y, "o", mfc="none", color="0.35", label="source")[0],
    slope_points(numbers["mnist_mlp"], ALPHAS, "slope", "o", "k", "fixed steps"),
    slope_points(numbers["mnist_matched"], ALPHAS, "slope", "s", figures.COLORS[0], "matched", shift=0.03),
    slope_points(
        numbers["mnist_authors"],
        AUTHORS_ALPHAS,
        "loss_difference_slope",
        "D",
        figures.COLORS[3],
        "authors' code",
    ),
    plt.Line2D([], [], color="0.35", marker="x", linestyle="none", markersize=5, label="no power law (fit)"),
]
ax.set_ylim(None, 0.9)  # room for the legend above the data
ax.set_xlabel(r"exponent $\alpha$ ($\eta \propto n^\alpha$)")
ax.set_ylabel("slope against log width")
ax.add_artist(ax.legend(handles=lines, loc="upper left", borderaxespad=0.2, handlelength=1.5))
rows[1].legend(handles=points, loc="outside upper center", ncol=len(points), title="slopes in (e):")
figures.panel_label(ax, "e")

ax = bottom[2]
for k, act in enumerate(ACTIVATIONS):
    d = two_layer[act]
    mse = np.square(d["gap_test"][:, -1])  # (W, S)
    slope = numbers["two_layer_mse_slope"][act]
    band_and_mean(ax, d["widths"], mse, figures.COLORS[k], marker="o", label=f"{NAMES[act]} ({slope:.2f})")
width_axis(ax, "width $m$ (two-layer networks)")
ax.set_xticks([2**4, 2**7, 2**10, 2**13])
ax.set_ylabel("final test MSE")
ax.legend(loc="lower left", borderaxespad=0.2, handlelength=1.5)
figures.panel_label(ax, "f")
figures.save(fig, out.pdf, out.png)

# %% [markdown]
# The slopes per protocol and exponent, with the flow times they reach (widest network).

# %%
for key, name in (("mnist_mlp", "fixed steps"), ("mnist_matched", "matched")):
    for a in ALPHAS:
        e = numbers[key][a]
        print(
            f"{name:12s} alpha {a:>4s}: slope {e['slope']:+.2f} +- {e['stderr']:.2f} "
            f"(power law: {e['power_law']}), flow time {e['flow_time_min']:.3g}-{e['flow_time_max']:.3g}, "
            f"loss {e['loss_initial_widest']:.3f} -> {e['loss_widest']:.3f}"
        )
for a in AUTHORS_ALPHAS:
    e = numbers["mnist_authors"][a]
    print(
        f"authors' protocol alpha {a}: their measure {e['loss_difference_slope']:+.2f} "
        f"(all their widths {e['loss_difference_slope_all']:+.2f}), exact linearisation "
        f"{e['loss_difference_exact_slope']:+.2f}; MSE theirs {e['mse_authors_slope']:+.2f}, "
        f"exact {e['mse_slope']:+.2f}"
    )
