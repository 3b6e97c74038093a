# %% [markdown]
# # Figure 6 — the DMFT of deep GD and rho-FA networks against networks, and checks of the solvers
#
# Networks with `L = 2` hidden layers (tanh and ReLU) trained with gradient descent (GD) and
# rho-FA (`rho = 0.5`) on random items, against the DMFT of deep GD and rho-FA
# (`exactdln.dmft_deep.deep_dmft`: response functions by Stein's lemma, marched in the
# networks' own Euler steps). Lines: DMFT; markers: seed means of the widest networks with
# their standard errors. (a) Loss, (b) `tr G_1 / P`, (c) relative squared eNTK gap of the
# networks to the DMFT against the width (dotted: the DMFT's own Monte Carlo error); (d) the
# GD solves' final `tr G_1 / P` against the particles per batch (the last point: the solve of
# a–c), relative to the widest
# networks (bands: their standard errors); (e) Monte Carlo standard error of the eNTK against
# the particles `M` for the two-layer solver and deep DFA; (f) CPU seconds of one solve against
# `M`, the items `P` and the steps `T`, each scaled from a base setting.
#
# Data: `results/bordelon2022/fig6/` (rules `bordelon2022_deep_rules`,
# `bordelon2022_deep_rules_dmft`, `bordelon2022_deep_rules_particles`, `bordelon2022_dmft_check`,
# `bordelon2022_deep_rules_measure`; settings under `bordelon2022.deep_rules` in
# `workflow/config.yaml`). Run `snakemake --cores 8 figures/bordelon2022/fig6.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.experiments.bordelon2022.deep_rules import particle_points
from exactdln.experiments.bordelon2022.theory import batch_mean, theory_loss
from exactdln.io import load_arrays, load_json

OUTPUTS = {"pdf": "figures/bordelon2022/fig6.pdf", "png": "figures/bordelon2022/fig6.png"}
first, _ = figures.paths(globals(), inputs={"numbers": "results/bordelon2022/fig6/numbers.json"}, outputs={})
numbers = load_json(first.numbers)
CASES = numbers["cases"]
CHECKS = ("linear", "lazy", "monte_carlo", "cost")
inp, out = figures.paths(
    globals(),
    inputs={
        **{c: f"results/bordelon2022/fig6/{c}.npz" for c in CASES},
        **{f"{c}_dmft": f"results/bordelon2022/fig6/{c}_dmft.npz" for c in CASES},
        **{
            f"{c}_particles": f"results/bordelon2022/fig6/{c}_particles.npz"
            for c in numbers["particle_study"]
        },
        **{k: f"results/bordelon2022/fig6/check_{k}.json" for k in CHECKS},
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs=OUTPUTS,
)
figures.setup(inp.style)
runs = {c: load_arrays(getattr(inp, c)) for c in CASES}
theory = {c: load_arrays(getattr(inp, f"{c}_dmft")) for c in CASES}
studies = {c: load_arrays(getattr(inp, f"{c}_particles")) for c in numbers["particle_study"]}
checks = {k: load_json(getattr(inp, k)) for k in CHECKS}
COLOR = dict(zip(CASES, figures.COLORS, strict=False))
widths = numbers["widths"]
BIG = f"N{widths[-1]}"


def label(case):
    rule, activation = case.split("_")
    return {"gd": "GD", "fa": r"$\rho$-FA"}[rule] + f", {activation}"


def seed_band(values):
    return values.mean(axis=1), values.std(axis=1, ddof=1) / np.sqrt(values.shape[1])


# %%
fig, axes = plt.subplots(2, 3, figsize=(figures.TEXT_WIDTH, 4.6), constrained_layout=True)
axes = axes.ravel()
for ax, key in zip(axes[:2], ("loss", "g"), strict=True):
    for case in CASES:
        d, th = runs[case], theory[case]
        if key == "loss":
            net, curve = d[f"{BIG}_loss"], theory_loss(th)
        else:
            net = d[f"{BIG}_g"][..., 0]
            curve = np.trace(batch_mean(th["g"])[:, 0], axis1=-2, axis2=-1) / th["y"].size
        mean, err = seed_band(net)
        ax.errorbar(
            d["times"][1::2], mean[1::2], err[1::2], fmt="o", mfc="none", color=COLOR[case], markersize=3
        )
        ax.plot(th["times"], curve, color=COLOR[case])
    ax.set_xlabel("time $t$")
axes[0].set_yscale("log")
axes[0].set_ylabel(r"loss $\frac{1}{2}\sum_\mu\Delta_\mu^2$")
axes[1].set_ylabel(r"$\mathrm{tr}\,G_1/P$")

ax = axes[2]
n = np.asarray(widths, dtype=float)
for case in CASES:
    gap = np.array([numbers["gap"][case][f"N{w}"] for w in widths])
    err = np.array([numbers["gap_stderr"][case][f"N{w}"] for w in widths])
    ax.errorbar(n, gap, err, fmt="o-", color=COLOR[case], markersize=3, linewidth=0.8)
    ax.axhline(numbers["mc_floor"][case], color=COLOR[case], linestyle=":", linewidth=0.8)
top = max(numbers["gap"][c][f"N{widths[0]}"] for c in CASES)
ax.plot(n, 1.5 * top * n[0] / n, color="0.5", linestyle="--", linewidth=0.8, label=r"$\propto 1/N$")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xticks(n, [str(w) for w in widths])
ax.minorticks_off()
ax.set_xlabel("width $N$")
ax.set_ylabel(r"$|K_N - K_\infty|_F^2/|K_\infty|_F^2$")
ax.legend(loc="center left", handlelength=1.5, borderaxespad=0.1)

ax = axes[3]
ax.axhline(0, color="0.6", linewidth=0.8)
for case, study in studies.items():
    m, g = particle_points(study, theory[case])
    m = m.astype(float)
    net = runs[case][f"{BIG}_g"][-1, :, 0]
    scale = net.mean()
    err = numbers["particle_study"][case]["g1_networks_relative_stderr"]
    ax.axhspan(-err, err, color=COLOR[case], alpha=0.15, linewidth=0)
    band = g.std(axis=1, ddof=1) / np.sqrt(g.shape[1]) / scale
    ax.errorbar(m, g.mean(axis=1) / scale - 1, band, fmt="o-", color=COLOR[case], markersize=3, linewidth=0.8)
ax.set_xscale("log")
ax.set_xticks(m, [f"{int(v) // 1000}k" for v in m])
ax.minorticks_off()
ax.set_xlabel("DMFT particles per batch $m$")
ax.set_ylabel(r"final $\mathrm{tr}\,G_1$, DMFT/networks$-1$")

ax = axes[4]
mc = checks["monte_carlo"]
for name, marker, text in (("two_layer", "o", "two-layer"), ("deep", "s", "deep")):
    ms = np.asarray(mc["particles"][name], dtype=float)
    err = np.asarray(mc["errors"][name])[:, 2]
    slope = mc["slopes"][name]["ntk"]
    ax.loglog(ms, err, marker, mfc="none", color="0.2", markersize=3.5, label=f"{text}: {slope:.2f}")
    ax.loglog(ms, err[0] * np.sqrt(ms[0] / ms), color="0.6", linewidth=0.8)
ax.set_xlabel("particles $M$")
ax.set_ylabel("Monte Carlo error of $K$")
ax.set_xticks([1e4, 1e5], ["$10^4$", "$10^5$"])
ax.set_xticks([], minor=True)
ax.set_ylim(None, 0.8)
ax.legend(loc="upper right", handlelength=1.2, borderaxespad=0.1, title="slopes")

ax = axes[5]
cost = checks["cost"]
for name, fill in (("two_layer", "0.2"), ("deep", "none")):
    for axis, marker in (("M", "o"), ("P", "s"), ("T", "^")):
        sizes = np.asarray(cost["sizes"][name][axis], dtype=float)
        seconds = np.asarray(cost["seconds"][name][axis])
        ax.loglog(
            sizes / sizes[0], seconds, marker + "-", mfc=fill, color="0.2", markersize=3.5, linewidth=0.7
        )
handles = [
    plt.Line2D([], [], marker=mk, color="0.2", mfc="none", ls="none", markersize=3.5)
    for mk in ("o", "s", "^")
] + [
    plt.Line2D([], [], marker="o", color="0.2", mfc=fill, ls="none", markersize=3.5)
    for fill in ("0.2", "none")
]
exps = numbers["cost_exponents"]
labels = [
    f"{axis}: exponents {exps['two_layer_' + axis.lower()]:.1f}, {exps['deep_' + axis.lower()]:.1f}"
    for axis in ("M", "P", "T")
] + ["filled: two-layer solver", "open: deep solver"]
ax.legend(handles, labels, loc="upper left", handlelength=1.0, borderaxespad=0.1)
ax.set_xticks([1, 1.5, 2, 3], ["1", "1.5", "2", "3"])
ax.set_xticks([], minor=True)
ax.set_yticks([0.1, 0.3, 1, 3, 10, 30], ["0.1", "0.3", "1", "3", "10", "30"])
ax.set_yticks([], minor=True)
ax.set_ylim(0.08, 60)
ax.set_xlabel("size / base size (M, P or T)")
ax.set_ylabel("CPU seconds of one solve")
handles = [plt.Line2D([], [], color=COLOR[c], marker="o", mfc="none", markersize=3) for c in CASES]
fig.legend(
    [*handles, plt.Line2D([], [], color="0.3")],
    [label(c) for c in CASES] + [f"lines: DMFT; markers: networks, N = {widths[-1]}"],
    loc="outside upper center",
    ncol=5,
    columnspacing=1.0,
)
for ax, letter in zip(axes, "abcdef", strict=True):
    figures.panel_label(ax, letter)
figures.save(fig, out.pdf, out.png)
