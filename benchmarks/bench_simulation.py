"""Cost per gradient-descent step of the batched simulations (run on demand).

    python benchmarks/bench_simulation.py

For a batch of networks (default 50, the size of Figure 6b's sweep) of
``n``-``n``-``n`` units on ``P`` items, prints the wall time per step of
``train_nonlinear`` (per-item gradients, any activation) and of
``train_two_layer`` (linear networks from the task statistics, whose cost does
not depend on ``P``). This is what sets the step budget of the nonlinear
continual-learning sweep.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import exactdln as ed


def per_step(train, n_steps: int, *args, **kwargs) -> float:
    """Seconds per step of ``train(*args, n_steps=..., record=n_steps, **kwargs)``."""
    train(*args, n_steps=2, record=2, **kwargs)  # warm-up
    start = time.perf_counter()
    train(*args, n_steps=n_steps, record=n_steps, **kwargs)
    return (time.perf_counter() - start) / n_steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 20, 30])
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--steps", type=int, default=500)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    print(f"batch {args.batch}, P = {args.items}, {args.steps} steps; ms per step")
    print(f"{'n-n-n':>8} {'linear':>8} {'tanh':>8} {'relu':>8} {'stats':>8}")
    for n in args.sizes:
        x = rng.standard_normal((args.batch, n, args.items))
        y = rng.standard_normal((args.batch, n, args.items))
        w1 = 0.1 * rng.standard_normal((args.batch, n, n))
        w2 = 0.1 * rng.standard_normal((args.batch, n, n))
        row = [
            per_step(ed.train_nonlinear, args.steps, w1, w2, x, y, activation=act, eta=0.01)
            for act in ("linear", "tanh", "relu")
        ]
        sigma_yx = y @ np.swapaxes(x, -1, -2) / args.items
        sigma_xx = x @ np.swapaxes(x, -1, -2) / args.items
        row.append(per_step(ed.train_two_layer, args.steps, w1, w2, sigma_yx, sigma_xx=sigma_xx, eta=0.01))
        print(f"{n:>3}-{n}-{n:<2} " + " ".join(f"{1e3 * v:8.3f}" for v in row))


if __name__ == "__main__":
    main()
