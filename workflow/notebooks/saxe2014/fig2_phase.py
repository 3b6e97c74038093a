# %% [markdown]
# # Figure 2 — the two-dimensional dynamics of one mode
#
# (a) Vector field (blue stream lines) of ``tau da/dt = b (s - ab)``, ``tau db/dt = a (s - ab)`` for
# ``tau = 1``, ``s = 1`` (Saxe et al. 2014, eq. 8); the hyperbola of stable fixed points
# ``ab = s`` (red), the stable manifold ``a = -b`` of the saddle at the origin (red, dashed),
# hyperbolas ``a^2 - b^2 = const`` (grey) and trajectories (green) integrated by DOP853.
# (b) For the first trajectory, the time at which ``ab`` reaches a value: integration (line),
# the corrected Appendix A closed form ``tau dtheta/dt = 2 s - c0 sinh(theta)`` (dots) and
# eq. 26 as printed (dashed, undefined beyond its fixed point). (c) For every test case, the
# factor ``k`` for which eq. 26 with ``s -> k s`` equals the integrated time.
#
# Data: `results/saxe2014/fig2/phase.npz` (rule `saxe2014_phase`), numbers in
# `results/saxe2014/fig2/numbers.json` (rule `saxe2014_phase_measure`); settings under
# `saxe2014.phase` in `workflow/config.yaml`. Run `snakemake --cores 8 figures/saxe2014/fig2.pdf`
# to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.io import load_arrays, load_json

inp, out = figures.paths(
    globals(),
    inputs={
        "phase": "results/saxe2014/fig2/phase.npz",
        "numbers": "results/saxe2014/fig2/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/saxe2014/fig2.pdf", "png": "figures/saxe2014/fig2.png"},
)
figures.setup(inp.style)
d = load_arrays(inp.phase)
numbers = load_json(inp.numbers)
BLUE, RED, GREEN = figures.COLORS[0], figures.COLORS[1], figures.COLORS[2]

# %%
fig, axes = plt.subplots(1, 3, figsize=(7.2, 2.55), constrained_layout=True, width_ratios=[1.15, 1, 1])
ax = axes[0]
grid, s = d["grid"], float(d["s"])
extent = grid[-1]
fine = np.linspace(-extent, extent, 400)
a, b = np.meshgrid(fine, fine)
ax.contour(
    a, b, a * a - b * b, levels=np.linspace(-3, 3, 13), colors="0.85", linewidths=0.5, linestyles="solid"
)
ax.streamplot(grid, grid, d["da"], d["db"], color=BLUE, density=0.8, linewidth=0.5, arrowsize=0.6)
branch = np.linspace(s / extent, extent, 200)
for sign in (1, -1):
    ax.plot(
        sign * branch, sign * s / branch, color=RED, linewidth=1.4, label="$ab = s$" if sign == 1 else None
    )
ax.plot(fine, -fine, color=RED, linestyle="--", linewidth=1.0, label="$a = -b$ (saddle)")
for k, traj in enumerate(d["trajectories"]):
    ax.plot(traj[:, 0], traj[:, 1], color=GREEN, linewidth=1.6, label="trajectories" if k == 0 else None)
    ax.plot(*traj[0], "o", color=GREEN, markersize=3)
ax.set_xlim(-extent, extent)
ax.set_ylim(-extent, extent)
ax.set_aspect("equal")
ax.set_xlabel("$a$")
ax.set_ylabel("$b$")
ax.set_title(r"phase portrait ($\tau = 1$, $s = 1$)")
ax.legend(loc="lower left", fontsize=5.5, framealpha=0.8, frameon=True)
figures.panel_label(ax, "a")

ax = axes[1]
u = d["curve_products"]
ax.plot(u, d["curve_ode"], color="k", label="integration (DOP853)")
ax.plot(
    u[::3],
    d["curve_corrected"][::3],
    "o",
    color=GREEN,
    markersize=3,
    label=r"$\tau\dot\theta = 2s - c_0\sinh\theta$",
)
ax.plot(u, d["curve_printed"], "--", color=RED, label=r"eq. 26 as printed")
a0, b0 = d["starts"][0]
ax.set_xlabel("product $ab$ reached")
ax.set_ylabel(r"time $t/\tau$")
ax.set_title(f"from $(a_0, b_0) = ({a0:g}, {b0:g})$")
ax.legend(loc="upper left", fontsize=6)
figures.panel_label(ax, "b")

ax = axes[2]
ax.axhline(2.0, color=GREEN, linewidth=0.8)
ax.axhline(1.0, color=RED, linewidth=0.8, linestyle="--")
ax.plot(d["appendix_c0"], d["appendix_factor"], "o", color="k", markersize=2.5)
ax.text(
    0.98,
    2.04,
    r"$\tau\dot\theta = 2s - c_0\sinh\theta$",
    ha="right",
    va="bottom",
    transform=ax.get_yaxis_transform(),
    fontsize=6,
    color=GREEN,
)
ax.text(
    0.98,
    1.04,
    "printed (eq. 25)",
    ha="right",
    va="bottom",
    transform=ax.get_yaxis_transform(),
    fontsize=6,
    color=RED,
)
ax.set_xscale("log")
ax.set_ylim(0.5, 2.5)
ax.set_xlabel(r"$c_0 = |a_0^2 - b_0^2|$")
ax.set_ylabel("fitted factor $k$ ($s \\to k s$ in eq. 26)")
ax.set_title(f"{numbers['appendix_a_cases']} cases: $k = {numbers['appendix_a_factor']:.10f}$", fontsize=8)
figures.panel_label(ax, "c")
figures.save(fig, out.pdf, out.png)
