# %% [markdown]
# # Figure 2 — the two-dimensional dynamics of one mode
#
# (a) Vector field (blue stream lines) of ``tau da/dt = b (s - ab)``, ``tau db/dt = a (s - ab)`` for
# ``tau = 1``, ``s = 1`` (Saxe et al. 2014, eq. 8); the hyperbola of stable fixed points
# ``ab = s`` (black), the stable manifold ``a = -b`` of the saddle at the origin (black, dashed),
# hyperbolas ``a^2 - b^2 = const`` (grey) and trajectories (green) integrated by DOP853.
# (b) For the first trajectory, the time at which ``ab`` reaches a value: integration (green
# line), the corrected Appendix A closed form ``tau dtheta/dt = 2 s - c0 sinh(theta)`` (purple
# dots) and eq. 26 as printed (vermillion, dashed; undefined beyond its fixed point). (c) For
# every test case, the distance from 2 of the factor ``k`` for which eq. 26 with ``s -> k s``
# equals the integrated time (purple; the printed form, ``k = 1``, dashed).
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
# one meaning per colour: blue the vector field, black the fixed points, green the trajectories
# (and their integrated times), purple the corrected closed form, vermillion the printed one
BLUE, RED, GREEN, PURPLE = figures.COLORS[0], figures.COLORS[1], figures.COLORS[2], figures.COLORS[3]

# %%
fig, axes = plt.subplots(
    1, 3, figsize=(figures.TEXT_WIDTH, 2.75), constrained_layout=True, width_ratios=[1.15, 1, 1]
)
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
        sign * branch, sign * s / branch, color="k", linewidth=1.4, label="$ab = s$" if sign == 1 else None
    )
ax.plot(fine, -fine, color="k", linestyle="--", linewidth=1.0, label="$a = -b$ (saddle)")
for k, traj in enumerate(d["trajectories"]):
    ax.plot(traj[:, 0], traj[:, 1], color=GREEN, linewidth=1.6, label="trajectories" if k == 0 else None)
    ax.plot(*traj[0], "o", color=GREEN, markersize=3)
ax.set_xlim(-extent, extent)
ax.set_ylim(-extent, extent)
ax.set_aspect("equal")
ax.set_xlabel("$a$")
ax.set_ylabel("$b$")
ax.set_title(r"phase portrait, $\tau = s = 1$")
# below the axes: every corner of the portrait holds a branch of ab = s or a trajectory
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, handlelength=1.5, columnspacing=1.0)
figures.panel_label(ax, "a")

ax = axes[1]
u = d["curve_products"]
ax.plot(u, d["curve_ode"], color=GREEN, label="integration (DOP853)")
ax.plot(
    u[::3],
    d["curve_corrected"][::3],
    "o",
    color=PURPLE,
    markersize=3,
    label=r"$\tau\dot\theta = 2s - c_0\sinh\theta$",
)
ax.plot(u, d["curve_printed"], "--", color=RED, label=r"eq. 26 as printed")
a0, b0 = d["starts"][0]
ax.set_xlabel("product $ab$ reached")
ax.set_ylabel(r"time $t/\tau$")
ax.set_title(f"start $({a0:g}, {b0:g})$")
ax.set_ylim(top=1.75 * np.nanmax(d["curve_ode"]))  # room for the legend above the curves
ax.legend(loc="upper left")
figures.panel_label(ax, "b")

ax = axes[2]
# the printed eq. 25 corresponds to k = 1, a distance 1 from the corrected k = 2
ax.axhline(1.0, color=RED, linewidth=0.8, linestyle="--")
ax.plot(
    d["appendix_c0"], np.maximum(np.abs(d["appendix_factor"] - 2.0), 1e-16), "o", color=PURPLE, markersize=2.5
)
ax.text(
    0.98,
    0.4,
    "printed eq. 25 ($k = 1$)",
    ha="right",
    va="top",
    transform=ax.get_yaxis_transform(),
    color=RED,
)
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_ylim(3e-17, 30.0)
ax.set_yticks([1e-15, 1e-10, 1e-5, 1.0])
ax.set_xlabel(r"$c_0 = |a_0^2 - b_0^2|$")
ax.set_ylabel(r"$|k - 2|$ ($s \to k s$ in eq. 26)")
ax.set_title(f"{numbers['appendix_a_cases']} cases")
figures.panel_label(ax, "c")
figures.save(fig, out.pdf, out.png)
