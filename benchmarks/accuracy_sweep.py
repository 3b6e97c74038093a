"""Accuracy sweep of the exact solver against the weight ODE, beyond the test suite.

Run on demand: ``python benchmarks/accuracy_sweep.py [--cases 150]``. Draws random
cases (dimensions 1..12, init scale 1e-4..3, lam up to +-6, tau 0.2..4, target
std 0.1..10) plus fixed extremes (zero task, lam = 100 and -50, init scale 10
and 1e-6, tau = 1e-3 and 1e3, a 100x task, 1-1-1 with either target sign), and
prints the worst relative error of ``qqt(t)`` against DOP853 (rtol 1e-12).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from reference import comparison_horizon, integrate_weights, relative_errors

import exactdln as ed


def error(w1, w2, sigma_yx, tau, t_end):
    sol = ed.ExactSolution(w1, w2, sigma_yx, tau=tau)
    times = np.concatenate([[0.0], np.geomspace(1e-6 * tau, t_end, 30)])
    ref = integrate_weights(w1, w2, sigma_yx, times, tau=tau)
    return relative_errors(sol.qqt(times), ref).max()


def random_case(k, rng0):
    n_in, n_out, h = (int(v) for v in rng0.integers(1, 13, 3))
    scale = 10 ** rng0.uniform(-4, 0.5)
    lam = rng0.choice([0, 1, -1]) * rng0.uniform(0.01, 6)
    if (lam > 0 and h > n_out) or (lam < 0 and h > n_in):
        lam = 0.0
    tau = rng0.uniform(0.2, 4)
    rng = np.random.default_rng(k)
    p = n_in + int(rng0.integers(0, 10))
    task = ed.tasks.random_regression(n_in, n_out, p, seed=rng, target_std=10 ** rng0.uniform(-1, 1))
    w1, w2 = ed.initialisations.lambda_balanced(n_in, h, n_out, scale, lam, rng)
    sol = ed.ExactSolution.from_task(w1, w2, task, tau=tau)
    t_end = comparison_horizon(sol, scale, tau, cap=5e3 * tau)
    return (
        f"random {k}: {n_in}-{h}-{n_out} scale {scale:.2g} lam {lam:.2g}",
        w1,
        w2,
        task.sigma_yx,
        tau,
        t_end,
    )


def extreme_cases():
    task = ed.tasks.random_regression(4, 3, 8, seed=0)
    zb = ed.initialisations.zero_balanced(4, 5, 3, 0.1, seed=1)
    one = ed.initialisations.zero_balanced(1, 1, 1, 0.1, seed=1)
    return [
        ("zero task", *zb, np.zeros((3, 4)), 1.0, 1e3),
        (
            "lam = 100",
            *ed.initialisations.lambda_balanced(4, 3, 3, 0.1, 100.0, seed=1),
            task.sigma_yx,
            1.0,
            5,
        ),
        (
            "lam = -50",
            *ed.initialisations.lambda_balanced(4, 3, 3, 0.1, -50.0, seed=1),
            task.sigma_yx,
            1.0,
            5,
        ),
        ("scale 10", *ed.initialisations.zero_balanced(4, 5, 3, 10.0, seed=1), task.sigma_yx, 1.0, 5),
        ("scale 1e-6", *ed.initialisations.zero_balanced(4, 5, 3, 1e-6, seed=1), task.sigma_yx, 1.0, 200),
        ("tau 1e-3", *zb, task.sigma_yx, 1e-3, 0.2),
        ("tau 1e3", *zb, task.sigma_yx, 1e3, 2e5),
        ("100x task", *zb, 100 * task.sigma_yx, 1.0, 2),
        ("1-1-1", *one, np.array([[2.0]]), 1.0, 50),
        ("1-1-1 negative target", *one, np.array([[-2.0]]), 1.0, 5),
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=150, help="number of random cases")
    args = parser.parse_args(argv)
    rng0 = np.random.default_rng(123)
    cases = extreme_cases() + [random_case(k, rng0) for k in range(args.cases)]
    worst = (0.0, "")
    for label, w1, w2, sigma_yx, tau, t_end in cases:
        err = error(w1, w2, sigma_yx, tau, t_end)
        if err > 1e-9 or label[0] != "r":
            print(f"{label}: {err:.2e}")
        worst = max(worst, (err, label))
    print(f"worst relative error over {len(cases)} cases: {worst[0]:.2e} ({worst[1]})")


if __name__ == "__main__":
    main()
