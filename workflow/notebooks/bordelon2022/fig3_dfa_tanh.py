# %% [markdown]
# # Figure 3 — direct feedback alignment in deep tanh networks
#
# Depth-4 tanh networks trained with DFA on Figure 1's items at several richness
# values `gamma0`: (a) loss, (b) alignment of the last-layer feature kernel `Phi_L`
# and (c) of the eNTK `K` with the task, `A(M, y y^T)`. No infinite-width closure
# exists here: solid lines are seed means of the widest networks, dashed lines the
# seed means extrapolated to `1/N -> 0` by a least-squares fit `X_inf + c/N` over
# all widths — a finite-width extrapolation, not a DMFT solution. (d) Final
# alignments against `gamma0` at each width (markers) and extrapolated (lines).
#
# Data: `results/bordelon2022/fig3/` (rules `bordelon2022_dfa_tanh`,
# `bordelon2022_dfa_tanh_measure`; settings under `bordelon2022.dfa_tanh` in
# `workflow/config.yaml`). Run `snakemake --cores 8 figures/bordelon2022/fig3.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.experiments.bordelon2022.extrapolation import extrapolate
from exactdln.io import load_arrays, load_json

OUTPUTS = {"pdf": "figures/bordelon2022/fig3.pdf", "png": "figures/bordelon2022/fig3.png"}
first, _ = figures.paths(globals(), inputs={"numbers": "results/bordelon2022/fig3/numbers.json"}, outputs={})
numbers = load_json(first.numbers)
GAMMAS = numbers["gamma0s"]
inp, out = figures.paths(
    globals(),
    inputs={
        **{f"g{i}": f"results/bordelon2022/fig3/g{i}.npz" for i in range(len(GAMMAS))},
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs=OUTPUTS,
)
figures.setup(inp.style)
runs = [load_arrays(getattr(inp, f"g{i}")) for i in range(len(GAMMAS))]
widths = runs[0]["widths"]
colors = plt.cm.plasma(np.linspace(0.0, 0.85, len(GAMMAS)))

# %%
fig, axes = plt.subplots(1, 4, figsize=(figures.TEXT_WIDTH, 2.45), constrained_layout=True)
PANELS = (
    ("loss", r"loss $\frac{1}{2}\sum_\mu\Delta_\mu^2$"),
    ("alignment_phi", r"$A(\Phi_L, yy^\top)$"),
    ("alignment", r"$A(K, yy^\top)$"),
)
for ax, (key, label) in zip(axes[:3], PANELS, strict=True):
    for d, g, color in zip(runs, GAMMAS, colors, strict=True):
        t, means = d["times"], d[key].mean(axis=-1)  # (W, T)
        ax.plot(t, means[-1], color=color, label=rf"$\gamma_0={g:g}$")
        ax.plot(t, extrapolate(widths, means), color=color, linestyle="--", linewidth=0.9)
    ax.set_xscale("symlog", linthresh=0.1, linscale=0.4)
    ax.set_xlim(0, runs[0]["times"][-1])
    ax.set_xticks([0, 1, 10], ["0", "1", "10"])
    ax.set_xlabel("time $t$")
    ax.set_ylabel(label)
axes[0].set_yscale("log")
axes[0].plot([], [], color="0.3", label=f"N = {widths[-1]}")
axes[0].plot([], [], color="0.3", linestyle="--", label=r"$1/N \to 0$ (extrap.)")
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside upper center", ncol=6, handlelength=1.5)

ax = axes[3]
for key, label, marker, color in (
    ("alignment_phi", r"$\Phi_L$", "s", figures.COLORS[2]),
    ("alignment", "$K$", "o", figures.COLORS[0]),
):
    final = np.array([d[key][:, -1].mean(axis=-1) for d in runs])  # (G, W)
    for w in range(len(widths)):
        ax.plot(
            GAMMAS, final[:, w], marker, color=color, alpha=0.3 + 0.7 * (w + 1) / len(widths), markersize=3
        )
    ax.plot(GAMMAS, [extrapolate(widths, row) for row in final], color=color, linestyle="--")
    ax.plot([], [], marker + "--", color=color, markersize=3, label=label)
ax.set_xscale("log")
ax.set_xticks(GAMMAS, [f"{g:g}" for g in GAMMAS])
ax.minorticks_off()
ax.set_xlabel(r"$\gamma_0$")
ax.set_ylabel("final task alignment")
ax.legend(loc="lower right", borderaxespad=0.2)
for ax, letter in zip(axes, "abcd", strict=True):
    figures.panel_label(ax, letter)
figures.save(fig, out.pdf, out.png)
