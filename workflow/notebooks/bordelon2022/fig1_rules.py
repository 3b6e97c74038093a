# %% [markdown]
# # Figure 1 — two-layer ReLU networks under four learning rules, against their DMFT
#
# Two-layer ReLU networks in the mean-field parameterisation (`gamma0 = 2`), trained
# on `P = 10` random items in `D = 50` dimensions with gradient descent (GD),
# feedback alignment with `rho = 0` (FA), as a gated linear network (GLN) and with
# error-modulated Hebbian learning (Hebb). Lines: the infinite-width DMFT of each rule
# (`exactdln.dmft.two_layer_dmft`, the networks' own Euler steps); markers: seed means of
# the networks (bands: their range). (a) Loss `1/2 sum_mu Delta_mu^2`, (b) eNTK-task
# alignment `A(K, y y^T)`, (c) gradient alignment `tr G~_1 / P`; (d, e) every entry of the
# final `Phi_1` and `G~_1`, networks against the DMFT; (f) the GLN's final preactivations
# whitened by their covariance given the gates (predicted by the DMFT) against a standard
# normal, and standardised without the gates; (g–j) densities of the first-layer
# preactivations at the start (grey) and at the end (markers: networks, lines: DMFT).
#
# Data: `results/bordelon2022/fig1/` (rules `bordelon2022_two_layer_rules`,
# `bordelon2022_two_layer_dmft`, `bordelon2022_two_layer_rules_measure`; settings under
# `bordelon2022.two_layer_rules` in `workflow/config.yaml`). Run
# `snakemake --cores 8 figures/bordelon2022/fig1.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np
from scipy import stats

from exactdln import figures
from exactdln.experiments.bordelon2022.theory import batch_mean, theory_loss
from exactdln.experiments.bordelon2022.two_layer_rules import gln_whitened
from exactdln.io import load_arrays, load_json
from exactdln.learning_rules import task_alignment

RULES = {"gd": "GD", "fa": r"FA ($\rho=0$)", "gln": "GLN", "hebb": "Hebb"}
inp, out = figures.paths(
    globals(),
    inputs={
        **{r: f"results/bordelon2022/fig1/{r}.npz" for r in RULES},
        **{f"{r}_dmft": f"results/bordelon2022/fig1/{r}_dmft.npz" for r in RULES},
        "numbers": "results/bordelon2022/fig1/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/bordelon2022/fig1.pdf", "png": "figures/bordelon2022/fig1.png"},
)
figures.setup(inp.style)
runs = {r: load_arrays(getattr(inp, r)) for r in RULES}
theory = {r: load_arrays(getattr(inp, f"{r}_dmft")) for r in RULES}
numbers = load_json(inp.numbers)
COLOR = dict(zip(RULES, figures.COLORS, strict=False))
y = runs["gd"]["y"]
p = y.size
width, n_seeds = runs["gd"]["h_end"].shape[1], runs["gd"]["h_end"].shape[0]


def dmft_curve(rule, key):
    d = theory[rule]
    if key == "loss":
        return theory_loss(d)
    if key == "alignment":
        return task_alignment(batch_mean(d["ntk"]), y)
    return np.trace(batch_mean(d["g_tilde"])[:, 0], axis1=-2, axis2=-1) / p


# %%
fig = plt.figure(figsize=(figures.TEXT_WIDTH, 6.6), constrained_layout=True)
rows = fig.subfigures(3, 1, height_ratios=[1.15, 1.05, 0.95])
axes = rows[0].subplots(1, 3)
QUANTITIES = (
    ("loss", r"loss $\frac{1}{2}\sum_\mu\Delta_\mu^2$"),
    ("alignment", r"eNTK-task alignment $A(K, yy^\top)$"),
    ("g_tilde", r"gradient alignment $\mathrm{tr}\,\tilde G_1/P$"),
)
for ax, (key, label) in zip(axes, QUANTITIES, strict=True):
    for rule in RULES:
        d = runs[rule]
        t, v = d["times"], d[key]
        every = slice(None, None, 3)
        ax.fill_between(t, v.min(axis=1), v.max(axis=1), color=COLOR[rule], alpha=0.2, linewidth=0)
        ax.plot(t[every], v.mean(axis=1)[every], "o", mfc="none", color=COLOR[rule], markersize=3)
        ax.plot(theory[rule]["times"], dmft_curve(rule, key), color=COLOR[rule], linewidth=1.1)
    ax.set_xscale("symlog", linthresh=0.1, linscale=0.4)
    ax.set_xlim(0, runs["gd"]["times"][-1])
    ax.set_xlabel("time $t$")
    ax.set_ylabel(label)
axes[0].set_yscale("log")
axes[0].set_ylim(1e-8, 20)
handles = [plt.Line2D([], [], color=COLOR[r]) for r in RULES]
labels = list(RULES.values())
handles += [
    plt.Line2D([], [], color="0.3"),
    plt.Line2D([], [], marker="o", mfc="none", color="0.3", linestyle="none", markersize=3),
]
labels += ["DMFT (infinite width)", f"networks, N = {width} ({n_seeds} seeds)"]
rows[0].legend(handles, labels, loc="outside upper center", ncol=len(labels), columnspacing=1.0)
for ax, letter in zip(axes, "abc", strict=True):
    figures.panel_label(ax, letter)

# %%
# final kernels, networks against the DMFT; the GLN's conditional Gaussianity
axes = rows[1].subplots(1, 3)
for ax, key, dkey, label in (
    (axes[0], "phi_final", "phi", r"$\Phi_1$"),
    (axes[1], "g_tilde_final", "g_tilde", r"$\tilde G_1$"),
):
    # each rule's entries in units of the DMFT's largest entry, so that the four rules share the axes
    for rule in RULES:
        ref = batch_mean(theory[rule][dkey])[-1, -1 if dkey == "phi" else 0]
        net = runs[rule][key].mean(axis=0)
        scale = np.abs(ref).max()
        ax.plot(ref.ravel() / scale, net.ravel() / scale, "o", mfc="none", color=COLOR[rule], markersize=3)
    ax.plot([-0.3, 1.05], [-0.3, 1.05], color="0.6", linewidth=0.8, zorder=0)
    ax.set_xlabel(f"final {label}, DMFT")
    ax.set_ylabel(f"final {label}, networks")
    ax.text(0.97, 0.03, "entries / largest\nDMFT entry", transform=ax.transAxes, ha="right", va="bottom")
ax = axes[2]
gln, kx = runs["gln"], runs["gln"]["x"].T @ runs["gln"]["x"] / runs["gln"]["x"].shape[0]
h = gln["h_end"].reshape(-1, p)
delta = y - batch_mean(theory["gln"]["all_outputs"])[:-1]
rate = {k: float(theory["gln"][k]) for k in ("gamma0", "dt")}
white = gln_whitened(h, gln["gates"].reshape(-1, p), kx, delta, **rate)
plain = h / h.std(axis=0)
# detrended quantile-quantile plot: sample quantile minus the standard normal's
probs = np.concatenate(
    [np.geomspace(2e-4, 0.02, 12), np.linspace(0.03, 0.97, 48), 1 - np.geomspace(0.02, 2e-4, 12)]
)
normal = stats.norm.ppf(probs)
ax.axhline(0, color="0.6", linewidth=0.8, linestyle=":")
ax.plot(normal, np.quantile(plain.ravel(), probs) - normal, color="0.55", linewidth=1.1)
ax.plot(
    normal, np.quantile(white.ravel(), probs) - normal, "o", mfc="none", color=COLOR["gln"], markersize=2.5
)
ax.set_xlabel("standard normal quantile $q$")
ax.set_ylabel("GLN final $h_1$: quantile $- q$")
ax.legend(
    [
        plt.Line2D([], [], color="0.55"),
        plt.Line2D([], [], marker="o", mfc="none", color=COLOR["gln"], ls="none"),
    ],
    [
        f"standardised ({numbers['gln_excess_kurtosis_unconditional']:.2f})",
        f"given the gates ({numbers['gln_excess_kurtosis_conditional']:.2f})",
    ],
    title="excess kurtosis",
    loc="upper left",
    handlelength=1.2,
    borderaxespad=0.1,
)
ax.set_ylim(-0.7, 1.9)
for ax, letter in zip(axes, "def", strict=True):
    figures.panel_label(ax, letter)

# %%
# preactivation densities
hist_axes = rows[2].subplots(1, 4, sharey=True)
edges = theory["gd"]["density_edges"]
centres = 0.5 * (edges[1:] + edges[:-1])
for ax, (rule, name) in zip(hist_axes, RULES.items(), strict=True):
    d, th = runs[rule], theory[rule]
    ax.stairs(th["density_start"], edges, color="0.75", fill=True)
    dens, _ = np.histogram(d["h_end"].ravel(), bins=edges, density=True)
    keep = dens > 0
    ax.plot(centres[keep], dens[keep], "o", mfc="none", color=COLOR[rule], markersize=2.2)
    ax.plot(centres, np.where(th["density_end"] > 0, th["density_end"], np.nan), color=COLOR[rule])
    ax.set_title(name)
    ax.set_xlabel("preactivation $h_1$")
    ax.set_yscale("log")
    ax.set_ylim(3e-5, 1)
    ax.set_xlim(-8, 16)
hist_axes[0].set_ylabel("density")
figures.panel_label(hist_axes[0], "g")
figures.save(fig, out.pdf, out.png)
