# %% [markdown]
# # Figure 4 — deep linear feedback alignment: closure against networks
#
# Linear networks with `L = 3` hidden layers (the source's "depth 4") trained with
# rho-FA on whitened items, over a grid of `rho`: lines are the infinite-width closure
# (`P + L` ODEs, `exactdln.learning_rule_theory.deep_linear_closure`), markers the seed
# means of the widest networks (exact reduced simulation, same flow); crosses: DFA
# networks, whose closure is the `rho = 0` one. (a) Loss along the target,
# `1/2 (y . Delta)^2 / |y|^2` (the closure's whole loss), (b) gradient alignment `G~_l`
# averaged over the layers (open squares at `t = 0`: the printed `mean_l rho^(L-l)`; the
# networks start at `mean_l rho^(L+1-l)`), (c) final eNTK–task alignment against `rho`,
# (d) squared network–closure gap of the outputs against the width (mean and standard
# error over networks).
#
# Data: `results/bordelon2022/fig4/` (rules `bordelon2022_deep_fa`,
# `bordelon2022_deep_fa_closure`, `bordelon2022_deep_fa_measure`; settings under
# `bordelon2022.deep_fa` in `workflow/config.yaml`).
# Run `snakemake --cores 8 figures/bordelon2022/fig4.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.experiments.bordelon2022.deep_fa import loss_split
from exactdln.io import load_arrays, load_json

OUTPUTS = {"pdf": "figures/bordelon2022/fig4.pdf", "png": "figures/bordelon2022/fig4.png"}
first, _ = figures.paths(globals(), inputs={"numbers": "results/bordelon2022/fig4/numbers.json"}, outputs={})
numbers = load_json(first.numbers)
WIDTHS = numbers["widths"]
inp, out = figures.paths(
    globals(),
    inputs={
        **{f"N{n}": f"results/bordelon2022/fig4/N{n}.npz" for n in WIDTHS},
        "closure": "results/bordelon2022/fig4/closure.npz",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs=OUTPUTS,
)
figures.setup(inp.style)
runs = {n: load_arrays(getattr(inp, f"N{n}")) for n in WIDTHS}
theory = load_arrays(inp.closure)
big = runs[WIDTHS[-1]]
rhos, times, y = big["rhos"], big["times"], big["y"]
depth = big["g_tilde"].shape[-1]
colors = plt.cm.viridis(np.linspace(0.0, 0.9, rhos.size))
every = max(1, times.size // 15)  # markers at every few recorded times

# %%
fig, axes = plt.subplots(2, 2, figsize=(figures.TEXT_WIDTH, 4.1), constrained_layout=True)
axes = axes.ravel()
ax = axes[0]
for r, rho in enumerate(rhos):
    ax.plot(theory["times"], theory["loss"][r], color=colors[r], label=rf"$\rho={rho:g}$")
    loss = loss_split(big["outputs"][r], y)[0].mean(axis=1)
    ax.plot(times[::every], loss[::every], "o", color=colors[r], markersize=2.5)
dfa_loss = loss_split(big["dfa_outputs"], y)[0].mean(axis=1)
ax.plot(times[::every], dfa_loss[::every], "x", color="k", markersize=3, label="DFA")
ax.set_yscale("log")
ax.set_ylim(1e-13, 10)
ax.set_xlabel("time $t$")
ax.set_ylabel(r"loss along $y$: $\frac{(y\cdot\Delta)^2}{2|y|^2}$")
handles, labels = ax.get_legend_handles_labels()
handles += [
    plt.Line2D([], [], color="0.3"),
    plt.Line2D([], [], marker="o", color="0.3", linestyle="none", markersize=2.5),
]
labels += ["closure", f"networks, N = {WIDTHS[-1]}"]
fig.legend(handles, labels, loc="outside upper center", ncol=8, handlelength=1.2, columnspacing=1.2)

ax = axes[1]
layers = np.arange(1, depth + 1)
for r, rho in enumerate(rhos):
    ax.plot(theory["times"], theory["g_tilde"][r].mean(axis=-1), color=colors[r])
    net = big["g_tilde"][r, ::every].mean(axis=(1, 2))
    ax.plot(times[::every], net, "o", color=colors[r], markersize=2.5)
    printed = np.mean(rho ** (depth - layers))
    ax.plot(0, printed, "s", mfc="none", color=colors[r], markersize=4, clip_on=False)
ax.plot(times[::every], big["dfa_g_tilde"][::every].mean(axis=(1, 2)), "x", color="k", markersize=3.5)
ax.plot([], [], "s", mfc="none", color="0.3", label=r"printed $\langle\rho^{L-l}\rangle_l$, $t=0$")
ax.set_xlabel("time $t$")
ax.set_ylabel(r"gradient alignment $\langle\tilde G_l\rangle_l$")
ax.legend(loc="lower right", borderaxespad=0.1)

ax = axes[2]
ax.plot(theory["fine_rhos"], theory["fine_alignment"], color="k", label="closure")
final = big["alignment"][:, -1]
ax.errorbar(
    rhos,
    final.mean(axis=1),
    final.std(axis=1),
    fmt="o",
    color=figures.COLORS[1],
    markersize=3,
    label=rf"$\rho$-FA, N = {WIDTHS[-1]}",
)
dfa = big["dfa_alignment"][-1]
ax.errorbar([0.0], [dfa.mean()], [dfa.std()], fmt="x", color="k", markersize=4, label="DFA")
ax.set_xlabel(r"$\rho$")
ax.set_ylabel(r"final $A(K, yy^\top)$")
ax.legend(loc="lower left", borderaxespad=0.2)

ax = axes[3]
for key, slope_key, label, marker, color in (
    ("gap_sq", "width_slope", r"$\rho$-FA", "o", figures.COLORS[1]),
    ("gap_sq_dfa", "width_slope_dfa", "DFA", "x", "k"),
):
    gaps = [numbers[key][f"N{n}"] for n in WIDTHS]
    errs = [numbers[f"{key}_stderr"][f"N{n}"] for n in WIDTHS]
    ax.errorbar(
        WIDTHS,
        gaps,
        errs,
        fmt=marker,
        color=color,
        markersize=4,
        elinewidth=0.8,
        label=f"{label}: slope {numbers[slope_key]:.2f}",
    )
ax.set_xscale("log")
ax.set_yscale("log")
ref = numbers["gap_sq"][f"N{WIDTHS[0]}"] * WIDTHS[0] / np.asarray(WIDTHS, dtype=float)
ax.loglog(WIDTHS, ref, color="0.5", linestyle=":", linewidth=0.8, label=r"$\propto 1/N$")
ax.set_xticks(WIDTHS, [str(n) for n in WIDTHS])
ax.minorticks_off()
ax.set_xlabel("width $N$")
ax.set_ylabel(r"mean $(f_N - f_\infty)^2$")
ax.set_ylim(min(numbers["gap_sq"].values()) / 10, None)  # room for the legend below the data
ax.legend(loc="lower left", borderaxespad=0.2)
for ax, letter in zip(axes, "abcd", strict=True):
    figures.panel_label(ax, letter)
figures.save(fig, out.pdf, out.png)
