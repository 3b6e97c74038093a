# %% [markdown]
# # Figure 1 — exact learning dynamics from different initialisations
#
# Student–teacher task; network outputs for a few items over training from a
# small and a large zero-balanced initialisation: gradient descent (solid)
# and the exact solution (dotted). Panel (c): the task's mode strengths
# ``u_i^T W(t) v_i`` with the best exponential fit, which fails for the small
# start (stage-like, sigmoidal learning) and nearly fits the large one.
#
# Data: `results/braun2022/fig1/` (rule `braun2022_init_scale`, settings in `workflow/config.yaml`).
# Run `snakemake --cores 8 figures/braun2022/fig1.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.fits import exponential
from exactdln.io import load_arrays, load_json

inp, out = figures.paths(
    globals(),
    inputs={
        "data": "results/braun2022/fig1/dynamics.npz",
        "numbers": "results/braun2022/fig1/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/braun2022/fig1.pdf", "png": "figures/braun2022/fig1.png"},
)
figures.setup(inp.style)
data = load_arrays(inp.data)
numbers = load_json(inp.numbers)

# %%
t = data["times"]
shown = slice(1, None)  # log time axis: from the first step on
fig, axes = plt.subplots(1, 3, figsize=(figures.TEXT_WIDTH, 2.6), constrained_layout=True)
for k, (ax, name) in enumerate(zip(axes[:2], data["names"], strict=True)):
    sim, exact = data["sim_outputs"][k], data["exact_outputs"][k]
    for item in range(sim.shape[2]):
        for unit in range(sim.shape[1]):
            color = figures.COLORS[item]
            ax.plot(t[shown], sim[shown, unit, item], color=color, **figures.SIM_STYLE)
            ax.plot(t[shown], exact[shown, unit, item], **{**figures.EXACT_STYLE, "color": color})
    ax.set_xscale("log")
    ax.set_xlabel("time $t$ (steps $\\times\\,\\eta$)")
    if k == 0:
        ax.set_ylabel("network output")
    ax.set_title(f"{name} start (scale {data['scales'][k]:g})")
    figures.panel_label(ax, "ab"[k])
axes[0].plot([], [], color="0.3", **figures.SIM_STYLE, label="simulation (a, b)")
axes[0].plot([], [], **{**figures.EXACT_STYLE, "color": "0.3"}, label="exact (a, b)")

ax = axes[2]
for k, name in enumerate(data["names"]):
    modes = data["exact_modes"][k]
    fits = numbers[str(name)]["exponential_params"]
    res = numbers[str(name)]
    for j in range(modes.shape[1]):
        label = f"{name} start (c): exp. fit misfit {res['exponential_residual_max']:.0%}" if j == 0 else None
        ax.plot(t, modes[:, j], color=figures.COLORS[k + 4], label=label)
        ax.plot(t, exponential(t, *fits[j]), color="0.5", linestyle="--", linewidth=0.8)
ax.plot([], [], color="0.5", linestyle="--", linewidth=0.8, label="exponential fit (c)")
ax.set_xlabel("time $t$")
ax.set_ylabel("mode strength $u_i^T W v_i$")
ax.set_ylim(bottom=min(0.0, float(np.min(data["exact_modes"]))))
figures.panel_label(ax, "c")
# one legend for all panels, below them (no legend on the data)
handles = [h for a in (axes[0], axes[2]) for h in a.get_legend_handles_labels()[0]]
fig.legend(handles=handles, loc="outside lower center", ncol=3)
figures.save(fig, out.pdf, out.png)
