"""Cost per gradient-descent step of Part V's batched networks, on 1 or more BLAS threads (run on demand).

    python benchmarks/bench_linearisation.py --threads 1
    python benchmarks/bench_linearisation.py --threads 2

Prints wall and CPU milliseconds per step of :func:`exactdln.linearisation.train_gd`
for the shapes of Part V's largest jobs: two-layer networks of width 4096 (6 seeds)
on the teacher task (d = 16, P = 24) and on MNIST (d = 49, P = 32), and the
two-hidden-layer network of width 512 (6 seeds, d = 49, P = 64) of the MNIST
table. The thread count must be set before numpy is imported, hence the
argument instead of an environment variable set by the caller.
"""

from __future__ import annotations

import argparse
import os
import sys

if __name__ == "__main__":
    threads = "1"
    if "--threads" in sys.argv:
        threads = sys.argv[sys.argv.index("--threads") + 1]
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = threads

import time

import numpy as np

from exactdln.linearisation import train_gd
from exactdln.wide_networks import init_mlp, init_two_layer

CASES = {
    "two-layer tanh, m=4096, d=16, P=24": (lambda: init_two_layer(16, 4096, 6, 0), 16, 24, "tanh"),
    "two-layer tanh, m=4096, d=49, P=32": (lambda: init_two_layer(49, 4096, 6, 0), 49, 32, "tanh"),
    "two-layer relu, m=8192, d=16, P=24": (lambda: init_two_layer(16, 8192, 6, 0), 16, 24, "relu"),
    "MLP relu, n=512, d=49, P=64": (lambda: init_mlp(49, 512, 6, 0), 49, 64, "relu"),
}


def per_step(net, x, y, activation: str, n_steps: int) -> tuple[float, float]:
    """Wall and CPU seconds per step of ``train_gd`` (after a two-step warm-up)."""
    train_gd(net, x, y, activation=activation, eta=0.1, n_steps=2, record=[2])
    wall, cpu = time.perf_counter(), time.process_time()
    train_gd(net, x, y, activation=activation, eta=0.1, n_steps=n_steps, record=[n_steps])
    return (time.perf_counter() - wall) / n_steps, (time.process_time() - cpu) / n_steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", default="1", help="BLAS/OpenMP threads (set before numpy is imported)")
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    print(f"BLAS threads: {os.environ.get('OPENBLAS_NUM_THREADS')}; ms per step (wall, CPU)")
    for name, (make, d, p, activation) in CASES.items():
        x = rng.standard_normal((d, p))
        y = rng.standard_normal(p)
        wall, cpu = per_step(make(), x, y, activation, args.steps)
        print(f"{name:<38} {1e3 * wall:8.1f} {1e3 * cpu:8.1f}")


if __name__ == "__main__":
    main()
