# %% [markdown]
# # Figure 6 — depth-independent learning from orthogonal and pretrained starts; spectra of random products
#
# (a) Learning time (steps until the loss stays below ``E* + f (E0 - E*)``, best of a rate grid)
# of linear networks on MNIST (5k, 16 principal components, 16 units per hidden layer) against
# the number of layers, from scaled Gaussian (variance ``1/fan_in``), random orthogonal and
# greedily pretrained weights: medians (lines) and seeds (dots). (b) The best learning rate
# times the number of weight matrices. (c) Eigenvalues of products of ``k`` random orthogonal
# ``n x n`` matrices (on the unit circle). (d) Fraction of eigenvalues of products of ``k``
# Gaussian matrices (entries of variance ``1/n``) inside radius ``r``, against the
# ``n -> inf`` law ``r^{2/k}`` (lines). (e–h) Singular values of products of ``k`` Gaussian
# matrices (histograms of ``log10 sigma``) with the Fuss–Catalan density (line; ``k = 99`` has
# no curve: most of its singular values lie below double precision, left of the grey band),
# and of orthogonal products (all at ``sigma = 1``, dashed).
#
# Data: `results/saxe2014/fig6/` (rules `saxe2014_init_depth`, `saxe2014_products`), numbers in
# `results/saxe2014/fig6/numbers.json` (rule `saxe2014_initialisation_measure`); settings under
# `saxe2014.init_depth` and `saxe2014.products` in `workflow/config.yaml`. Run
# `snakemake --cores 8 figures/saxe2014/fig6.pdf`.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.io import load_arrays, load_json
from exactdln.random_matrices import fuss_catalan_density, product_eigenvalue_radial_cdf

KINDS = {"gaussian": "scaled Gaussian", "orthogonal": "random orthogonal", "pretrained": "pretrained"}
inp, out = figures.paths(
    globals(),
    inputs={
        **{kind: f"results/saxe2014/fig6/{kind}.npz" for kind in KINDS},
        "products": "results/saxe2014/fig6/products.npz",
        "numbers": "results/saxe2014/fig6/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/saxe2014/fig6.pdf", "png": "figures/saxe2014/fig6.png"},
)
figures.setup(inp.style)
runs = {kind: load_arrays(getattr(inp, kind)) for kind in KINDS}
prod = load_arrays(inp.products)
numbers = load_json(inp.numbers)
COLOR = dict(zip(KINDS, (figures.COLORS[0], figures.COLORS[1], figures.COLORS[2]), strict=True))

# %%
fig, axes = plt.subplots(2, 4, figsize=(7.2, 4.2), constrained_layout=True)
ax = axes[0, 0]
for kind, label in KINDS.items():
    d = runs[kind]
    layers = d["layers"]
    ax.plot(layers, np.median(d["best_time"], axis=1), "o-", color=COLOR[kind], markersize=3, label=label)
    for j in range(d["best_time"].shape[1]):
        ax.plot(layers, d["best_time"][:, j], ".", color=COLOR[kind], markersize=2.5, alpha=0.6)
ax.set_yscale("log")
ax.set_xticks(layers)
ax.set_xlabel("number of layers $N_l$")
ax.set_ylabel("learning time (steps)")
ax.set_title("time vs depth")
ax.legend(loc="upper left", fontsize=5.5)
figures.panel_label(ax, "a")

ax = axes[0, 1]
for kind in KINDS:
    d = runs[kind]
    rate = d["best_eta"] * (d["layers"][:, None] - 1)
    style = "s--" if kind == "orthogonal" else "o-"  # orthogonal and pretrained nearly coincide
    ax.plot(d["layers"], np.median(rate, axis=1), style, color=COLOR[kind], markersize=3)
ax.set_yscale("log")
ax.set_xticks(runs["gaussian"]["layers"])
ax.set_xlabel("number of layers $N_l$")
ax.set_ylabel(r"best rate $\times\,(N_l - 1)$")
ax.set_title("best rates")
figures.panel_label(ax, "b")

ax = axes[0, 2]
circle = np.linspace(0, 2 * np.pi, 200)
ax.plot(np.cos(circle), np.sin(circle), color="0.8", linewidth=0.6)
for k, marker in zip(prod["orthogonal_depths"], ("o", "x"), strict=False):
    ev = prod[f"orthogonal_ev_{k}"][0]
    ax.plot(
        ev.real,
        ev.imag,
        marker,
        markersize=1.5,
        color=figures.COLORS[3 if marker == "o" else 4],
        linestyle="none",
        label=f"$k = {k}$",
    )
ax.set_aspect("equal")
ax.set_xlabel(r"Re $\lambda$")
ax.set_ylabel(r"Im $\lambda$")
ax.set_title("orthogonal products")
ax.legend(loc="center", fontsize=5.5, markerscale=3)
figures.panel_label(ax, "c")

ax = axes[0, 3]
radii = np.linspace(0, 1.2, 200)
for i, k in enumerate(prod["depths"]):
    modulus = np.sort(np.abs(prod[f"gaussian_ev_{k}"]).ravel())
    color = figures.COLORS[4 + i]
    ax.plot(modulus, np.arange(1, modulus.size + 1) / modulus.size, color=color, linewidth=2.2, alpha=0.5)
    ax.plot(
        radii, product_eigenvalue_radial_cdf(radii, int(k)), color=color, linewidth=0.8, label=f"$k = {k}$"
    )
ax.set_xlim(0, 1.2)
ax.set_xlabel(r"radius $r$")
ax.set_ylabel(r"$P(|\lambda| \leq r)$")
ax.set_title(r"Gaussian: $|\lambda|$ vs $r^{2/k}$")
ax.legend(loc="lower right", fontsize=5.5)
figures.panel_label(ax, "d")

depths = [*prod["depths"], *prod["extra_depths"]]
floor = np.log10(np.finfo(float).eps)
for ax, k, letter in zip(axes[1], depths, "efgh", strict=False):
    sv = prod[f"gaussian_sv_{k}"]
    logs = np.log10(np.maximum(sv, 1e-300)).ravel()
    lo = max(logs.min(), -30.0)
    bins = np.linspace(lo, logs.max() + 0.1, 40)
    ax.hist(logs, bins=bins, density=True, color="0.6", label="Gaussian")
    if k in prod["depths"]:
        x, rho = fuss_catalan_density(int(k), 2000)
        ax.plot(0.5 * np.log10(x), rho * 2 * np.log(10) * x, color="k", linewidth=0.9, label="Fuss-Catalan")
    # below eps * sigma_max the computed singular values are rounding noise
    ax.axvspan(lo, np.median(np.log10(sv[:, 0])) + floor, color="0.9", zorder=0, label="below precision")
    ax.axvline(
        0.0, color=figures.COLORS[3], linestyle="--", linewidth=0.9, label=r"orthogonal ($\sigma = 1$)"
    )
    ax.set_xlim(lo, bins[-1])
    ax.set_xlabel(r"$\log_{10} \sigma$")
    ax.set_title(f"$k = {k}$ factors")
    figures.panel_label(ax, letter)
axes[1, 0].set_ylabel("density")
axes[1, 0].legend(loc="upper left", fontsize=5.5)
figures.save(fig, out.pdf, out.png)
