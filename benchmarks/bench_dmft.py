"""Cost and accuracy of the DMFT solvers (run on demand).

    OPENBLAS_NUM_THREADS=1 python benchmarks/bench_dmft.py [--part cost|figures|widths|all] [--quick]

- ``cost``: CPU seconds of one solve against the particles M, the items P and the steps T for
  each solver (two-layer particles, deep DFA, deep GD), with the fitted exponents;
- ``figures``: one solve at the settings of Part IV's Figure 1 (two-layer ReLU, gamma0 = 2,
  P = 10, D = 50, GD / FA rho = 0 / GLN / Hebb) and Figure 3 (DFA, tanh, L = 3, P = 10,
  every gamma0 of ``workflow/config.yaml``), its cost, its Monte Carlo errors (relative error of
  the loss, absolute error of the eNTK-task alignment) and the M that brings the largest
  relative loss error to 1 % (from the error's M^(-1/2) law);
- ``widths``: networks of growing width (several seeds) against the DMFT: the mean squared gap
  of the loss, Phi_L, G_1 and the eNTK, and its slope in log N (expected -1).

Times are process CPU times of one thread (pin BLAS to one thread as above); the machine's
other load makes wall times longer.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import time
from pathlib import Path

import numpy as np
import yaml

from exactdln.dmft import solve, two_layer_dmft
from exactdln.dmft_deep import deep_dmft
from exactdln.experiments.bordelon2022.items import random_items
from exactdln.fits import loglog_slope
from exactdln.learning_rules import task_alignment, train
from exactdln.rule_networks import init_networks
from exactdln.schedules import even_steps, log_steps

CONFIG = Path(__file__).resolve().parents[1] / "workflow" / "config.yaml"


def cpu(fn, *args, **kwargs):
    start = time.process_time()
    out = fn(*args, **kwargs)
    return time.process_time() - start, out


# ---------------------------------------------------------------------------- cost


def _solver(rule: str, depth: int, activation: str, gamma0: float):
    """One solve of ``rule`` at ``M = m`` particles and ``t`` steps (:func:`exactdln.dmft.solve`)."""

    def run(x, y, m, t):
        return solve(
            rule,
            x,
            y,
            depth=depth,
            gamma0=gamma0,
            dt=0.05,
            n_steps=t,
            n_particles=m,
            n_batches=4,
            seed=0,
            activation=activation,
            record=[0, t],
        )

    return run


SOLVERS = {
    "two-layer GD relu": _solver("gd", 1, "relu", 2.0),
    "deep DFA tanh L=3": _solver("dfa", 3, "tanh", 1.0),
    "deep GD tanh L=2": _solver("gd", 2, "tanh", 1.0),
}
BASE = {
    "two-layer GD relu": (40000, 10, 100),
    "deep DFA tanh L=3": (8000, 10, 100),
    "deep GD tanh L=2": (8000, 4, 30),
}


def cost(quick: bool) -> None:
    print("== cost of one solve (CPU s), exponents fitted in log-log")
    factors = (0.5, 1, 2) if quick else (0.5, 1, 2, 4)
    for name, run in SOLVERS.items():
        m0, p0, t0 = BASE[name]
        for axis in ("M", "P", "T"):
            sizes, times = [], []
            for f in factors:
                m, p, t = m0, p0, t0
                if axis == "M":
                    m = int(m0 * f) // 8 * 8
                elif axis == "P":
                    p = max(2, round(p0 * f))
                else:
                    t = round(t0 * f)
                x, y = random_items(50, p, 40)
                sec, _ = cpu(run, x, y, m, t)
                sizes.append({"M": m, "P": p, "T": t}[axis])
                times.append(sec)
            pairs = ", ".join(f"{s}: {v:.2f}" for s, v in zip(sizes, times, strict=True))
            print(f"{name:>20} vs {axis}: {pairs}  -> exponent {loglog_slope(sizes, times):.2f}", flush=True)


# ---------------------------------------------------------------------------- the figures' settings


def relative_loss_error(res, floor: float = 1e-4) -> float:
    """Largest relative standard error of the loss over the records where it exceeds ``floor L(0)``."""
    loss, err = res.mean("loss"), res.error("loss")
    use = (loss > floor * loss[0]) & (err > 0)
    return float(np.max(err[use] / loss[use]))


def alignment_error(res) -> float:
    al = task_alignment(res.ntk, res.y)  # (T, B)
    return float(np.max(al.std(axis=1, ddof=1) / np.sqrt(al.shape[1])))


def report(label, sec, res, m):
    rel = relative_loss_error(res)
    need = m * (rel / 0.01) ** 2
    final = res.mean("loss")[-1] / res.mean("loss")[0]
    print(
        f"{label}: {sec:.1f} s at M = {m}; largest relative loss error {100 * rel:.2f} % (records with "
        f"L > 1e-4 L(0); final L/L(0) = {final:.1e}), alignment error {alignment_error(res):.4f}; "
        f"M for 1 % ~ {need:.3g} (~{sec * need / m:.0f} s)",
        flush=True,
    )


def figures(quick: bool) -> None:
    cfg = yaml.safe_load(CONFIG.read_text())["bordelon2022"]
    one = cfg["two_layer_rules"]
    x, y = random_items(one["n_in"], one["n_items"], one["data_seed"])
    n_steps = round(one["horizon"] / one["dt"])
    rec = log_steps(n_steps, one["n_records"])
    m = 40000 if quick else 160000
    print(f"== Figure 1 settings: two-layer ReLU, gamma0 = {one['gamma0']}, P = {y.size}, {n_steps} steps")
    for rule in ("gd", "fa", "gln", "hebb"):
        sec, res = cpu(
            two_layer_dmft,
            rule,
            x,
            y,
            gamma0=one["gamma0"],
            dt=one["dt"],
            n_steps=n_steps,
            n_particles=m,
            n_batches=8,
            seed=1,
            activation="relu",
            rho=one["rho"] if rule == "fa" else None,
            record=rec,
            preactivation_steps=[0, n_steps],
        )
        report(f"  {rule:>4}", sec, res, m)
    three = cfg["dfa_tanh"]
    x, y = random_items(three["n_in"], three["n_items"], three["data_seed"])
    n_steps = round(three["horizon"] / three["dt"])
    rec = log_steps(n_steps, three["n_records"])
    m = 8000 if quick else 32000
    for depth in (3, three["depth"]) if three["depth"] != 3 else (3,):
        print(f"== Figure 3 settings: DFA tanh, L = {depth}, P = {y.size}, {n_steps} steps")
        for gamma0 in three["gamma0s"]:
            sec, res = cpu(
                deep_dmft,
                "dfa",
                x,
                y,
                depth=depth,
                gamma0=gamma0,
                dt=three["dt"],
                n_steps=n_steps,
                n_particles=m,
                n_batches=8,
                seed=1,
                activation="tanh",
                record=rec,
            )
            ranks = res.info["ranks"][0]["u"]
            report(f"  gamma0 = {gamma0} (source ranks {ranks})", sec, res, m)


# ---------------------------------------------------------------------------- widths


def width_study(rule, depth, activation, gamma0, x, y, dt, n_steps, widths, seeds, m, rho=None):
    rec = even_steps(n_steps, 11)
    kw = {"gamma0": gamma0, "dt": dt, "n_steps": n_steps, "record": rec, "activation": activation, "seed": 1}
    ref = solve(rule, x, y, depth=depth, n_particles=m, n_batches=8, rho=rho, **kw)
    rows = []
    for n, s in zip(widths, seeds, strict=True):
        net = init_networks(
            rule,
            n_in=x.shape[0],
            width=n,
            depth=depth,
            n_seeds=s,
            seed=7,
            activation=activation,
            gamma0=gamma0,
            rho=rho,
            paired=depth == 1,
        )
        tr = train(net, x, y, dt=dt, n_steps=n_steps, record=rec)
        rows.append(
            [
                np.mean((tr.loss() - ref.mean("loss")[:, None]) ** 2),
                np.mean((tr.phi[:, :, -1] - ref.mean("phi")[:, None, -1]) ** 2),
                np.mean((tr.g[:, :, 0] - ref.mean("g")[:, None, 0]) ** 2),
                np.mean((tr.ntk - ref.mean("ntk")[:, None]) ** 2),
            ]
        )
    rows = np.array(rows)
    mc = [np.mean(ref.error("loss") ** 2), np.mean(ref.error("phi")[:, -1] ** 2)]
    print(
        f"{rule} {activation} L={depth} gamma0={gamma0}, DMFT M={m} "
        f"(MC err^2 loss {mc[0]:.1e}, Phi_L {mc[1]:.1e})"
    )
    for n, row in zip(widths, rows, strict=True):
        print(f"   N = {n:5d}: gap^2 loss {row[0]:.2e}  Phi_L {row[1]:.2e}  G_1 {row[2]:.2e}  K {row[3]:.2e}")
    print(
        "   slopes (loss, Phi_L, G_1, K):",
        [round(loglog_slope(widths, rows[:, j]), 2) for j in range(4)],
        flush=True,
    )


def widths(quick: bool) -> None:
    print("== networks of growing width against the DMFT (mean over seeds and 11 times of the squared gap)")
    ws = [128, 256, 512, 1024] if quick else [128, 256, 512, 1024, 2048]
    seeds = [max(4, 8192 // n) for n in ws]
    x, y = random_items(50, 10, 40)
    width_study("gd", 1, "relu", 2.0, x, y, 0.05, 100, ws, seeds, 200000)
    width_study("hebb", 1, "relu", 1.0, x, y, 0.05, 100, ws, seeds, 200000)
    width_study("dfa", 3, "tanh", 1.0, x, y, 0.05, 60, ws, seeds, 32000)
    x, y = random_items(20, 4, 41)
    width_study("gd", 2, "tanh", 1.5, x, y, 0.1, 30, ws, seeds, 32000)
    width_study("fa", 2, "tanh", 1.5, x, y, 0.1, 30, ws, seeds, 32000, rho=0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["cost", "figures", "widths", "all"], default="all")
    parser.add_argument("--quick", action="store_true", help="fewer sizes and particles")
    args = parser.parse_args()
    if args.part in ("cost", "all"):
        cost(args.quick)
    if args.part in ("figures", "all"):
        figures(args.quick)
    if args.part in ("widths", "all"):
        widths(args.quick)


if __name__ == "__main__":
    main()
