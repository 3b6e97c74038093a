# %% [markdown]
# # Figure 3 — direct feedback alignment in deep tanh networks, against the DMFT
#
# Tanh networks with `L = 3` hidden layers (the source's "depth 4": four weight layers)
# trained with DFA on Figure 1's items at several richness values `gamma0`. Lines: the
# infinite-width DMFT of deep DFA (`exactdln.dmft_deep.deep_dmft`, in the networks' own
# Euler steps); markers: seed means of the widest networks with their standard errors.
# (a) Loss, (b) eNTK-task alignment `A(K, y y^T)`, (c) correlation of the true gradient
# with DFA's pseudo-gradient in the first hidden layer; (d) final task alignment of every
# layer's feature kernel `Phi_l` and of `K`; (e) final gradient correlation per layer;
# (f) relative squared eNTK gap of the networks to the DMFT against the width; (g) final
# eNTKs, DMFT above the diagonal and the widest networks below.
#
# Data: `results/bordelon2022/fig3/` (rules `bordelon2022_dfa_tanh`,
# `bordelon2022_dfa_tanh_dmft`, `bordelon2022_dfa_tanh_measure`; settings under
# `bordelon2022.dfa_tanh` in `workflow/config.yaml`). Run
# `snakemake --cores 8 figures/bordelon2022/fig3.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.experiments.bordelon2022.dfa_tanh import theory_summaries
from exactdln.experiments.bordelon2022.theory import batch_mean, theory_loss
from exactdln.io import load_arrays, load_json

OUTPUTS = {"pdf": "figures/bordelon2022/fig3.pdf", "png": "figures/bordelon2022/fig3.png"}
first, _ = figures.paths(globals(), inputs={"numbers": "results/bordelon2022/fig3/numbers.json"}, outputs={})
numbers = load_json(first.numbers)
GAMMAS = numbers["gamma0s"]
KEYS = [f"g{i}" for i in range(len(GAMMAS))]
inp, out = figures.paths(
    globals(),
    inputs={
        **{k: f"results/bordelon2022/fig3/{k}.npz" for k in KEYS},
        **{f"{k}_dmft": f"results/bordelon2022/fig3/{k}_dmft.npz" for k in KEYS},
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs=OUTPUTS,
)
figures.setup(inp.style)
runs = [load_arrays(getattr(inp, k)) for k in KEYS]
theory = [load_arrays(getattr(inp, f"{k}_dmft")) for k in KEYS]
summaries = [{k: batch_mean(v) for k, v in theory_summaries(t).items()} for t in theory]
widths = numbers["widths"]
BIG = f"N{widths[-1]}"
depth = numbers["depth"]
colors = plt.cm.plasma(np.linspace(0.0, 0.85, len(GAMMAS)))
y = theory[0]["y"]


def seed_band(values):
    """Seed mean and standard error over axis 1 of a ``(T, S, ...)`` record."""
    return values.mean(axis=1), values.std(axis=1, ddof=1) / np.sqrt(values.shape[1])


# %%
fig = plt.figure(figsize=(figures.TEXT_WIDTH, 6.7), constrained_layout=True)
rows = fig.subfigures(3, 1, height_ratios=[1.1, 1.0, 0.8])
axes = rows[0].subplots(1, 3)
PANELS = (
    ("loss", r"loss $\frac{1}{2}\sum_\mu\Delta_\mu^2$"),
    ("alignment", r"eNTK-task alignment $A(K, yy^\top)$"),
    ("correlation", r"gradient correlation, layer 1"),
)
for ax, (key, label) in zip(axes, PANELS, strict=True):
    for d, th, s, color in zip(runs, theory, summaries, colors, strict=True):
        t = d["times"]
        net = d[f"{BIG}_{key}"] if key != "correlation" else d[f"{BIG}_correlation"][..., 0]
        curve = theory_loss(th) if key == "loss" else (s[key] if key == "alignment" else s[key][:, 0])
        mean, err = seed_band(net)
        every = slice(2, None, 3)
        ax.errorbar(
            t[every], mean[every], err[every], fmt="o", mfc="none", color=color, markersize=3, elinewidth=0.8
        )
        ax.plot(th["times"], curve, color=color)
    ax.set_xscale("symlog", linthresh=0.1, linscale=0.4)
    ax.set_xlim(0, runs[0]["times"][-1])
    ax.set_xticks([0, 1, 10], ["0", "1", "10"])
    ax.set_xlabel("time $t$")
    ax.set_ylabel(label)
axes[0].set_yscale("log")
handles = [plt.Line2D([], [], color=c) for c in colors]
labels = [rf"$\gamma_0={g:g}$" for g in GAMMAS]
handles += [
    plt.Line2D([], [], color="0.3"),
    plt.Line2D([], [], marker="o", mfc="none", color="0.3", linestyle="none", markersize=3),
]
labels += ["DMFT", f"networks, N = {widths[-1]} ({numbers['n_seeds'][-1]} seeds)"]
rows[0].legend(handles, labels, loc="outside upper center", ncol=len(labels), columnspacing=1.0)
for ax, letter in zip(axes, "abc", strict=True):
    figures.panel_label(ax, letter)

# %%
# per-layer values at the end, and the gap against the width
axes = rows[1].subplots(1, 3)
layers = np.arange(1, depth + 1)
ax = axes[0]
for d, s, color in zip(runs, summaries, colors, strict=True):
    values = np.append(s["alignment_layers"][-1], s["alignment"][-1])
    mean = np.append(d[f"{BIG}_alignment_layers"][-1].mean(axis=0), d[f"{BIG}_alignment"][-1].mean())
    ax.plot(np.arange(1, depth + 2), values, color=color)
    ax.plot(np.arange(1, depth + 2), mean, "o", mfc="none", color=color, markersize=3.5)
ax.set_xticks(np.arange(1, depth + 2), [rf"$\Phi_{l}$" for l in layers] + ["$K$"])
ax.set_ylabel("final task alignment")
ax = axes[1]
for d, s, color in zip(runs, summaries, colors, strict=True):
    mean, err = seed_band(d[f"{BIG}_correlation"][-1][None])
    ax.plot(layers, s["correlation"][-1], color=color)
    ax.errorbar(layers, mean[0], err[0], fmt="o", mfc="none", color=color, markersize=3.5, elinewidth=0.8)
ax.set_xticks(layers, [str(l) for l in layers])
ax.set_xlabel("hidden layer $l$")
ax.set_ylabel(r"final $\mathrm{tr}\,\tilde G_l/\sqrt{\mathrm{tr}\,G_l\,\mathrm{tr}\,\hat G_l}$")
ax = axes[2]
n = np.asarray(widths, dtype=float)
for key, color in zip(KEYS, colors, strict=True):
    gap = np.array([numbers["gap"][key][f"N{w}"] for w in widths])
    err = np.array([numbers["gap_stderr"][key][f"N{w}"] for w in widths])
    ax.errorbar(n, gap, err, fmt="o-", color=color, markersize=3, linewidth=0.8, elinewidth=0.8)
    ax.axhline(numbers["mc_floor"][key], color=color, linestyle=":", linewidth=0.8)
top = numbers["gap"][KEYS[0]][f"N{widths[0]}"]
ax.plot(n, 1.5 * top * n[0] / n, color="0.5", linestyle="--", linewidth=0.8)
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xticks(n, [str(w) for w in widths])
ax.minorticks_off()
ax.set_xlabel("width $N$")
ax.set_ylabel(r"$|K_N - K_\infty|_F^2/|K_\infty|_F^2$")
ax.legend(
    [plt.Line2D([], [], color="0.5", ls="--"), plt.Line2D([], [], color="0.5", ls=":")],
    [r"$\propto 1/N$", "DMFT Monte Carlo error"],
    loc="lower left",
    bbox_to_anchor=(0.0, 0.12),
    handlelength=1.5,
    borderaxespad=0.1,
)
for ax, letter in zip(axes, "def", strict=True):
    figures.panel_label(ax, letter)

# %%
# final eNTKs: DMFT above the diagonal, networks below (items ordered by target)
axes = rows[2].subplots(1, len(GAMMAS))
order = np.argsort(-y, kind="stable")
upper = np.triu(np.ones((y.size, y.size), dtype=bool), 1)
scale = max(np.abs(batch_mean(t["ntk"])[-1]).max() for t in theory)
for ax, d, th, g in zip(axes, runs, theory, GAMMAS, strict=True):
    ref = batch_mean(th["ntk"])[-1][np.ix_(order, order)]
    net = d[f"{BIG}_ntk"][-1].mean(axis=0)[np.ix_(order, order)]
    image = ax.imshow(np.where(upper, ref, net), cmap="RdBu_r", vmin=-scale, vmax=scale)
    ax.set_title(rf"$\gamma_0={g:g}$")
    ax.set_xticks([])
    ax.set_yticks([])
rows[2].colorbar(image, ax=axes, shrink=0.9, label="final $K$")
figures.panel_label(axes[0], "g")
figures.save(fig, out.pdf, out.png)
