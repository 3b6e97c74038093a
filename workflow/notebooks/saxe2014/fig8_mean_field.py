# %% [markdown]
# # Figure 8 — the variance map of a deep tanh network and its fixed point
#
# (a) The map from the population variance of one layer to the next,
# ``q_out = g^2 E_z[tanh(sqrt(q_in) z)^2]`` at ``g = 1`` (line; Saxe et al. 2014, eq. 48), and one
# layer of a wide network with orthogonal weights (dots); the identity dotted. (b) The stable
# fixed point ``q_inf(g)`` (line, eq. 49; zero below the edge of chaos ``g = 1``) and the mean
# variance of the last layers of deep networks started at ``q1 = 1`` (dots; crosses: the
# variance map iterated as deep as the network).
#
# Data: `results/saxe2014/fig8/mean_field.npz` (rule `saxe2014_mean_field`), numbers in
# `results/saxe2014/fig8/numbers.json` (rule `saxe2014_mean_field_measure`); settings under
# `saxe2014.mean_field` in `workflow/config.yaml`. Run
# `snakemake --cores 8 figures/saxe2014/fig8.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.io import load_arrays, load_json

inp, out = figures.paths(
    globals(),
    inputs={
        "mean_field": "results/saxe2014/fig8/mean_field.npz",
        "numbers": "results/saxe2014/fig8/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/saxe2014/fig8.pdf", "png": "figures/saxe2014/fig8.png"},
)
figures.setup(inp.style)
d = load_arrays(inp.mean_field)
numbers = load_json(inp.numbers)

# %%
# the paper includes this figure at 0.75 \linewidth: drawn at that width, it prints at its own size
WIDTH = 0.75 * figures.TEXT_WIDTH
fig, axes = plt.subplots(1, 2, figsize=(WIDTH, 2.5), constrained_layout=True)
ax = axes[0]
q = d["map_q"]
ax.plot(q, d["map_theory"], color=figures.COLORS[1], label="theory (eq. 48)")
ax.plot(q, d["map_sim"], "o", color=figures.COLORS[0], markersize=3, label=f"network, $n = {int(d['n'])}$")
ax.plot(q, q, ":", color="0.5", label="identity")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_ylim(q[0] * 0.5, 2.0)
ax.set_xlabel(r"$q_{\rm in} = q^l$")
ax.set_ylabel(r"$q_{\rm out} = q^{l+1}$")
ax.set_title(f"variance map, $g = {float(d['map_gain']):g}$")
ax.legend(loc="lower right")
figures.panel_label(ax, "a")

ax = axes[1]
g_theory = np.concatenate([[0.8, 1.0], d["theory_gains"]])
q_theory = np.concatenate([[0.0, 0.0], d["theory_q"]])
ax.plot(g_theory, q_theory, color=figures.COLORS[1], label=r"$q^\infty(g)$ (eq. 49)")
ax.plot(
    d["gains"],
    d["sim_q"].mean(axis=1),
    "o",
    color=figures.COLORS[0],
    markersize=3.5,
    label=f"network (last {int(d['last'])} of {int(d['layers'])})",
)
ax.plot(d["gains"], d["depth_theory_q"], "x", color="k", markersize=4, label="map iterated as deep")
ax.set_xlabel("gain $g$")
ax.set_ylabel(r"$q^{\infty}$", rotation=0, va="center", labelpad=8)  # upright: rotated, it reads "q8"
ax.set_title("fixed point against gain")
ax.legend(loc="upper left")
figures.panel_label(ax, "b")
figures.save(fig, out.pdf, out.png, printed_width=WIDTH)
