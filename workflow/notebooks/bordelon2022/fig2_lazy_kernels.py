# %% [markdown]
# # Figure 2 — lazy kernels of feedback alignment and of gated linear networks
#
# (a–c) Initial eNTK `K(x, x')` of depth-3 ReLU networks trained with rho-FA, for two
# inputs at angle `theta`: from the NNGP kernel `Phi_L` (`rho = 0`) to the NTK
# (`rho = 1`); lines: infinite-width theory (arc-cosine recursion, layer `l`
# weighted by `rho^(L - l)`), markers: seed mean and standard deviation of networks of
# the smallest, a middle and the largest width (every point of a panel comes from the same
# networks, so their deviations are correlated). (d) Relative squared network–theory gap
# `|K_N - K_inf|^2 / |K_inf|^2` over the angles (mean over networks and `rho`) against the
# width, ReLU and linear networks.
# (e) Lazy eNTK of ReLU-gated linear networks of depth `L`: networks (markers,
# largest width) against `(L + 1) q^L cos theta` (solid) and the printed
# `L q^L cos theta` (dashed), `q = (1 - theta/pi)/2`. (f) Linear networks:
# `K(x, x) = sum_l rho^(L - l)` against `rho`.
#
# Data: `results/bordelon2022/fig2/` (rules `bordelon2022_lazy_kernels`,
# `bordelon2022_lazy_gln`, `bordelon2022_lazy_measure`; settings under
# `bordelon2022.lazy_kernels` in `workflow/config.yaml`).
# Run `snakemake --cores 8 figures/bordelon2022/fig2.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.io import load_arrays, load_json

STYLE = "workflow/notebooks/matplotlibrc"
OUTPUTS = {"pdf": "figures/bordelon2022/fig2.pdf", "png": "figures/bordelon2022/fig2.png"}
first, _ = figures.paths(globals(), inputs={"numbers": "results/bordelon2022/fig2/numbers.json"}, outputs={})
numbers = load_json(first.numbers)
WIDTHS = numbers["widths"]
inp, out = figures.paths(
    globals(),
    inputs={
        **{f"N{n}": f"results/bordelon2022/fig2/N{n}.npz" for n in WIDTHS},
        "gln": "results/bordelon2022/fig2/gln.npz",
        "style": STYLE,
    },
    outputs=OUTPUTS,
)
figures.setup(inp.style)
runs = {n: load_arrays(getattr(inp, f"N{n}")) for n in WIDTHS}
gln = load_arrays(inp.gln)
shown = [WIDTHS[0], WIDTHS[len(WIDTHS) // 2], WIDTHS[-1]]
rhos = runs[WIDTHS[0]]["rhos"]
rho_colors = plt.cm.viridis(np.linspace(0.0, 0.9, rhos.size))

# %%
fig, axes = plt.subplots(2, 3, figsize=(figures.TEXT_WIDTH, 4.6), constrained_layout=True)
# one y-range for (a-c) that holds every error bar
top = max((runs[n]["relu"].mean(axis=1) + runs[n]["relu"].std(axis=1)).max() for n in shown)
for ax, n in zip(axes[0], shown, strict=True):
    d = runs[n]
    theta = d["theta"]
    for r, rho in enumerate(rhos):
        ax.plot(theta, d["relu_theory"][r], color=rho_colors[r], label=rf"$\rho={rho:g}$")
        mean, std = d["relu"][r].mean(axis=0), d["relu"][r].std(axis=0)
        ax.errorbar(
            theta[::2], mean[::2], std[::2], fmt="o", color=rho_colors[r], markersize=2.5, elinewidth=0.7
        )
    ax.set_title(f"N = {n} ({d['relu'].shape[1]} networks)")
    ax.set_xlabel(r"angle $\theta$")
    ax.set_xticks([0, np.pi / 2, np.pi], ["0", r"$\pi/2$", r"$\pi$"])
    ax.set_ylim(-0.02, 1.04 * top)
axes[0, 0].set_ylabel(r"lazy eNTK $K(\theta)$, ReLU, $L=3$")
handles, labels = axes[0, 0].get_legend_handles_labels()
handles.append(plt.Line2D([], [], marker="o", color="0.3", linestyle="none", markersize=2.5))
labels.append("networks (mean, sd)")
fig.legend(handles, labels, loc="outside upper center", ncol=len(labels), handlelength=1.5)

ax = axes[1, 0]
# colours: ReLU blue, linear orange (as in f); the GLN depths of (e) have colours of their own
for key, label, marker, color in (
    ("relative_gap_sq", "ReLU", "o", figures.COLORS[0]),
    ("relative_gap_sq_linear", "linear", "s", figures.COLORS[1]),
):
    gaps = [numbers[key][f"N{n}"] for n in WIDTHS]
    slope = numbers["width_slope_relative" if key == "relative_gap_sq" else "width_slope_relative_linear"]
    ax.loglog(WIDTHS, gaps, marker, color=color, markersize=4, label=f"{label}: slope {slope:.2f}")
    ref = gaps[0] * WIDTHS[0] / np.asarray(WIDTHS, dtype=float)
    ax.loglog(WIDTHS, ref, color="0.5", linestyle=":", linewidth=0.8)
ax.plot([], [], color="0.5", linestyle=":", linewidth=0.8, label=r"$\propto 1/N$")
ax.set_xticks(WIDTHS, [str(n) for n in WIDTHS])
ax.minorticks_off()
ax.set_xlabel("width $N$")
ax.set_ylabel(r"$|K_N - K_\infty|^2/|K_\infty|^2$")
low = min(min(numbers[key].values()) for key in ("relative_gap_sq", "relative_gap_sq_linear"))
ax.set_ylim(low / 100, None)  # room for the legend below the data
ax.legend(loc="lower left", borderaxespad=0.2)

ax = axes[1, 1]
GLN_COLORS = (figures.COLORS[2], figures.COLORS[3], "0.2")
theta = gln["theta"]
for i, depth in enumerate(gln["depths"]):
    color = GLN_COLORS[i]
    k = gln["kernel"][i]
    ax.errorbar(
        theta[::2],
        k.mean(axis=0)[::2],
        k.std(axis=0)[::2],
        fmt="o",
        color=color,
        markersize=2.5,
        elinewidth=0.7,
    )
    ax.plot(theta, gln["theory"][i], color=color, label=f"$L={depth}$")
    ax.plot(theta, gln["printed"][i], color=color, linestyle="--", linewidth=0.9)
# the depths in the empty upper right, the two formulas above the axes
depths = ax.legend(loc="upper right", borderaxespad=0.2, handlelength=1.2, title=f"N = {int(gln['width'])}")
ax.add_artist(depths)
styles = [
    plt.Line2D([], [], color="0.3", label=r"$(L+1)\,q^L\cos\theta$"),
    plt.Line2D([], [], color="0.3", linestyle="--", label=r"printed $L\,q^L\cos\theta$"),
]
ax.set_xlabel(r"angle $\theta$")
ax.set_xticks([0, np.pi / 2, np.pi], ["0", r"$\pi/2$", r"$\pi$"])
ax.set_ylabel(r"lazy eNTK $K(\theta)$, GLN")
ax.legend(handles=styles, loc="lower center", bbox_to_anchor=(0.5, 1.0), borderaxespad=0.1, handlelength=1.5)

ax = axes[1, 2]
d = runs[WIDTHS[-1]]
n_layers = round(d["linear_theory"][-1, 0])  # the linear kernel at rho = 1, theta = 0 is L + 1
grid = np.linspace(0, 1, 101)
ax.plot(grid, sum(grid**j for j in range(n_layers)), color="k", label=r"$\sum_{l=0}^{L}\rho^{L-l}$")
lin = d["linear"][:, :, 0]
ax.errorbar(
    rhos,
    lin.mean(axis=1),
    lin.std(axis=1),
    fmt="o",
    color=figures.COLORS[1],
    markersize=3,
    label=f"networks,\nN = {WIDTHS[-1]}",
)
ax.set_xlabel(r"$\rho$")
ax.set_ylabel(r"lazy eNTK $K(x, x)$, linear")
ax.legend(loc="upper left", handlelength=1.2)
for ax, letter in zip(axes.ravel(), "abcdef", strict=True):
    figures.panel_label(ax, letter)
figures.save(fig, out.pdf, out.png)
