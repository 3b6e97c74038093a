# %% [markdown]
# # Figure 6 — depth-independent learning from orthogonal and pretrained starts; spectra of random products
#
# (a) Learning time (steps until the loss stays below ``E* + f (E0 - E*)``, best of a rate grid)
# of linear networks on MNIST (5k, 16 principal components, 16 units per hidden layer) against
# the number of layers, from scaled Gaussian (variance ``1/fan_in``), random orthogonal and
# greedily pretrained weights: medians (lines) and seeds (dots). (b) The best learning rate
# times the number of weight matrices (medians; rate grids refined near the stability edge).
# (c) Eigenvalues of products of ``k`` random orthogonal ``n x n`` matrices (on the unit
# circle). (d) Fraction of eigenvalues of products of ``k`` Gaussian matrices (entries of
# variance ``1/n``) inside radius ``r``, against the ``n -> inf`` law ``r^{2/k}`` (lines): the
# radial distribution, in place of the source's two-dimensional histograms. (e–h) Singular
# values of products of ``k`` Gaussian matrices (histograms of ``log10 sigma``, computed from
# the factors by accumulated QR decompositions, so that those far below double precision
# relative to the largest are resolved) with the Fuss–Catalan density (line), and of
# orthogonal products (all at ``sigma = 1``, dashed).
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
from exactdln.random_matrices import fuss_catalan_log10_density, product_eigenvalue_radial_cdf

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
# blue for everything Gaussian (starts, products), vermillion for everything orthogonal
GAUSSIAN_FILL = plt.get_cmap("Blues")(0.35)

# %%
# one marker and line style per kind, in (a) and (b)
STYLE = {"gaussian": ("o", "-"), "orthogonal": ("s", "--"), "pretrained": ("^", "-")}
fig, axes = plt.subplots(
    2, 4, figsize=(figures.TEXT_WIDTH, 4.3), constrained_layout=True, width_ratios=[1.1, 1.1, 0.9, 1.0]
)
ax = axes[0, 0]
for kind, label in KINDS.items():
    d = runs[kind]
    layers = d["layers"]
    marker, line = STYLE[kind]
    ax.plot(
        layers,
        np.median(d["best_time"], axis=1),
        marker=marker,
        linestyle=line,
        color=COLOR[kind],
        markersize=3.5,
        label=label,
    )
    for j in range(d["best_time"].shape[1]):
        ax.plot(layers, d["best_time"][:, j], ".", color=COLOR[kind], markersize=2.5, alpha=0.6)
ax.set_yscale("log")
ax.set_xticks(layers)
ax.set_xlabel("layers $N_l$")
ax.set_ylabel("learning time (steps)")
ax.set_title("time vs depth", loc="right")
figures.panel_label(ax, "a")

ax = axes[0, 1]
for kind in KINDS:
    d = runs[kind]
    rate = d["best_eta"] * (d["layers"][:, None] - 1)
    marker, line = STYLE[kind]
    ax.plot(
        d["layers"], np.median(rate, axis=1), marker=marker, linestyle=line, color=COLOR[kind], markersize=3.5
    )
ax.set_yscale("log")
ax.set_yticks([0.2, 0.5, 1, 2], ["0.2", "0.5", "1", "2"])
ax.minorticks_off()
ax.set_xticks(runs["gaussian"]["layers"])
ax.set_xlabel("layers $N_l$")
ax.set_ylabel(r"best rate $\times\,(N_l - 1)$")
ax.set_title("best rates", loc="right")
figures.panel_label(ax, "b")

ax = axes[0, 2]
circle = np.linspace(0, 2 * np.pi, 200)
ax.plot(np.cos(circle), np.sin(circle), color="0.8", linewidth=0.6)
for k, marker, size in zip(prod["orthogonal_depths"], ("o", "x"), (2.5, 2.0), strict=False):
    ev = prod[f"orthogonal_ev_{k}"][0]
    ax.plot(
        ev.real,
        ev.imag,
        marker,
        markersize=size,
        color=COLOR["orthogonal"],
        linestyle="none",
        label=f"$k = {k}$",
    )
ax.set_aspect("equal")
ax.set_xlabel(r"Re $\lambda$")
ax.set_ylabel(r"Im $\lambda$")
ax.set_title("orthogonal", loc="right")
ax.legend(loc="center", markerscale=3, handletextpad=0.1, borderaxespad=0.0)
figures.panel_label(ax, "c")

ax = axes[0, 3]
radii = np.linspace(0, 1.2, 200)
for i, k in enumerate(prod["depths"]):
    modulus = np.sort(np.abs(prod[f"gaussian_ev_{k}"]).ravel())
    color = plt.get_cmap("Blues")(0.45 + 0.5 * i / max(len(prod["depths"]) - 1, 1))
    ax.plot(modulus, np.arange(1, modulus.size + 1) / modulus.size, color=color, linewidth=2.2, alpha=0.5)
    ax.plot(
        radii, product_eigenvalue_radial_cdf(radii, int(k)), color=color, linewidth=0.8, label=f"$k = {k}$"
    )
ax.set_xlim(0, 1.2)
ax.set_ylim(0, 1.45)
ax.set_yticks([0, 0.5, 1])
ax.set_xlabel(r"radius $r$")
ax.set_ylabel(r"$P(|\lambda| \leq r)$")
ax.set_title(r"Gaussian", loc="right")
ax.legend(loc="upper left", ncol=3, handlelength=1.0, columnspacing=0.6, handletextpad=0.3)
figures.panel_label(ax, "d")

depths = [*prod["depths"], *prod["extra_depths"]]
for ax, k, letter in zip(axes[1], depths, "efgh", strict=False):
    logs = prod[f"gaussian_log10_sv_{k}"].ravel()
    bins = np.linspace(logs.min() - 0.05, logs.max() + 0.1, 40)
    ax.hist(logs, bins=bins, density=True, color=GAUSSIAN_FILL, label="Gaussian")
    ell, dens = fuss_catalan_log10_density(int(k), 4000)
    ax.plot(ell, dens, color="k", linewidth=0.9, label="Fuss-Catalan")
    ax.axvline(
        0.0, color=COLOR["orthogonal"], linestyle="--", linewidth=0.9, label=r"orthogonal ($\sigma = 1$)"
    )
    ax.set_xlim(bins[0], bins[-1])
    ax.set_ylim(0, 1.3 * max(dens.max(), np.histogram(logs, bins=bins, density=True)[0].max()))
    ax.set_xlabel(r"$\log_{10} \sigma$")
    ax.set_title(f"$k = {k}$", loc="right")
    figures.panel_label(ax, letter)
axes[1, 0].set_ylabel("density")
# one legend for the figure, below it: (a) and (e-h) have data in every corner
handles = [
    plt.Line2D([], [], marker=STYLE[kind][0], linestyle=STYLE[kind][1], color=COLOR[kind], label=label)
    for kind, label in KINDS.items()
]
handles += [
    plt.Rectangle((0, 0), 1, 1, color=GAUSSIAN_FILL, label="(e-h) Gaussian product"),
    plt.Line2D([], [], color="k", linewidth=0.9, label="(e-h) Fuss-Catalan"),
    plt.Line2D([], [], color=COLOR["orthogonal"], linestyle="--", label=r"(e-h) orthogonal, $\sigma = 1$"),
]
fig.legend(handles=handles, loc="outside lower center", ncol=3, handlelength=1.8, columnspacing=1.5)
figures.save(fig, out.pdf, out.png)
