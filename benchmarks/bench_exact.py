"""Speed and accuracy of the exact solver against scipy's DOP853 and a literal closed form.

Run on demand (not part of the test suite):

    python benchmarks/bench_exact.py            # the issue's case: 100-100-90, 200 times
    python benchmarks/bench_exact.py --quick    # a smaller case, a few seconds

Measures, on the same task and initialisation:
- the exact solver (`ExactSolution.network_function` at all times in one call);
- scipy `solve_ivp(method="DOP853", rtol=1e-10)` on the weight ODE (docs/mathematics.md §1);
- a straightforward per-time evaluation of the closed form of docs/mathematics.md §2
  (`e^{Fs} Q0 [I + Q0^T K(s) Q0]^{-1} Q0^T e^{Fs}` with `F`'s eigen-decomposition
  computed once), which loses precision at long times;
- the error of each against a tighter reference integration (DOP853, rtol 1e-13,
  restarted at every output time, so no dense-output interpolation);
- the cost of one evaluation at t = 1 and at t = 1e6 (tau = 1).
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time

# All methods run on one core (a per-core comparison): OpenBLAS's threads only add
# noise for the exact solver's many small factorisations. Pass --threads N to change.
if "--threads" in sys.argv:
    _threads = sys.argv[sys.argv.index("--threads") + 1]
else:
    _threads = "1"
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = _threads

import numpy as np
from scipy.integrate import solve_ivp

import exactdln as ed


def weight_ode(w1, w2, sigma_yx, times, rtol, restart):
    h, n_in = w1.shape
    n_out = w2.shape[0]
    split = h * n_in

    def rhs(_, y):
        a = y[:split].reshape(h, n_in)
        b = y[split:].reshape(n_out, h)
        err = sigma_yx - b @ a
        return np.concatenate([(b.T @ err).ravel(), (err @ a.T).ravel()])

    y0 = np.concatenate([w1.ravel(), w2.ravel()])
    atol = rtol * 1e-4 * np.abs(y0).max()
    if restart:
        ys, y = [y0], y0
        for t0, t1 in itertools.pairwise(times):
            y = solve_ivp(rhs, (t0, t1), y, method="DOP853", rtol=rtol, atol=atol).y[:, -1]
            ys.append(y)
        ys = np.array(ys)
    else:
        ys = solve_ivp(rhs, (0, times[-1]), y0, method="DOP853", t_eval=times, rtol=rtol, atol=atol).y.T
    a = ys[:, :split].reshape(-1, h, n_in)
    b = ys[:, split:].reshape(-1, n_out, h)
    return b @ a


def literal_closed_form(w1, w2, sigma_yx, times):
    """docs/mathematics.md §2 evaluated as written, one time at a time (lam = 0)."""
    n_out, n_in = sigma_yx.shape
    f = np.block([[np.zeros((n_in, n_in)), sigma_yx.T], [sigma_yx, np.zeros((n_out, n_out))]])
    mu, o = np.linalg.eigh(f)
    q0 = np.vstack([w1.T, w2])
    out = []
    with np.errstate(all="ignore"):
        for s in times:
            e = (o * np.exp(mu * s)) @ o.T
            k = np.where(mu == 0, s, np.expm1(2 * mu * s) / (2 * np.where(mu == 0, 1, mu)))
            kk = (o * k) @ o.T
            inner = np.eye(q0.shape[1]) + q0.T @ kk @ q0
            eq = e @ q0
            try:
                x = eq @ np.linalg.solve(inner, eq.T)
            except np.linalg.LinAlgError:  # the bracket is numerically singular (docs/mathematics.md §2)
                x = np.full((q0.shape[0],) * 2, np.nan)
            out.append(x[n_in:, :n_in])
    return np.array(out)


def best_time(fn, repeat):
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def rel_err(a, b):
    return float(np.max(np.linalg.norm(a - b, axis=(1, 2)) / np.linalg.norm(b, axis=(1, 2))))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="30-30-25 instead of 100-100-90")
    parser.add_argument("--times", type=int, default=200, help="number of output times")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", default="1", help="BLAS threads for every method")
    args = parser.parse_args(argv)
    n_in, n_hidden, n_out = (30, 30, 25) if args.quick else (100, 100, 90)
    rng = np.random.default_rng(args.seed)
    task = ed.tasks.random_regression(n_in, n_out, 3 * n_in, seed=rng)
    scale = 0.01
    w1, w2 = ed.initialisations.zero_balanced(n_in, n_hidden, n_out, scale, rng)
    sol = ed.ExactSolution.from_task(w1, w2, task)
    s = sol.singular_values
    # whole learning horizon: the weakest mode's transition plus ten of its decay times
    t_end = 2.0 * (np.log(s[-1] / scale**2) + 10.0) / s[-1]
    times = np.concatenate([[0.0], np.geomspace(1e-2, t_end, args.times - 1)])
    print(f"BLAS threads: {args.threads}")
    print(
        f"case {n_in}-{n_hidden}-{n_out}, init scale {scale}, {times.size} times up to "
        f"t = {t_end:.4g} (singular values {s[-1]:.3g} .. {s[0]:.3g})"
    )

    t_ref = time.perf_counter()
    reference = weight_ode(w1, w2, task.sigma_yx, times, rtol=1e-13, restart=True)
    print(f"reference integration (DOP853 rtol 1e-13, restarted): {time.perf_counter() - t_ref:.1f} s")

    t_exact, nf_exact = best_time(lambda: sol.network_function(times), 5)
    t_ode, nf_ode = best_time(lambda: weight_ode(w1, w2, task.sigma_yx, times, rtol=1e-10, restart=False), 3)
    t_lit, nf_lit = best_time(lambda: literal_closed_form(w1, w2, task.sigma_yx, times), 3)
    t_one, _ = best_time(lambda: sol.network_function(1.0), 50)
    t_far, _ = best_time(lambda: sol.network_function(1e6), 50)

    e_exact, e_ode = rel_err(nf_exact, reference), rel_err(nf_ode, reference)
    finite = np.all(np.isfinite(nf_lit), axis=(1, 2))
    e_lit = rel_err(nf_lit[finite], reference[finite]) if finite.any() else np.inf
    rows = [
        ("exact solver (one batched call)", t_exact, e_exact),
        ("scipy DOP853, rtol 1e-10", t_ode, e_ode),
        ("literal closed form, per time", t_lit, e_lit),
    ]
    print(f"\n{'method':<36}{'time [s]':>10}{'max rel. error':>16}")
    for name, t, e in rows:
        print(f"{name:<36}{t:>10.3f}{e:>16.2e}")
    if not finite.all():
        print(f"(literal closed form: {np.count_nonzero(~finite)} of {times.size} times overflowed)")
    print(f"\nspeed-up vs DOP853:            {t_ode / t_exact:8.1f}x   (target >= 10x)")
    print(
        f"error ratio DOP853 / exact:    {e_ode / max(e_exact, 1e-300):8.1f}x   (target >= 100x;"
        f" exact error is bounded by the reference's own)"
    )
    print(f"speed-up vs literal per-time:  {t_lit / t_exact:8.1f}x   (target >= 3x)")
    print(f"one evaluation at t = 1:       {1e3 * t_one:8.3f} ms")
    print(f"one evaluation at t = 1e6:     {1e3 * t_far:8.3f} ms   (ratio {t_far / t_one:.2f})")


if __name__ == "__main__":
    main()
