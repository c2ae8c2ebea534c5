"""One-pass SGD on power-law random features in spectral form, written the way a researcher would
write it with numpy (the baseline plrf's spectral engine is compared with in `npm run bench`; see
bench/report.js).

Setup (not timed): tau_j = j^(-2 alpha), b_j = j^(-beta) (j <= v = 4 d), W with i.i.d. N(0, 1/d)
entries, K = W^T D W (as X^T X with X = D^(1/2) W) and its eigen-decomposition K = U diag(lambda) U^T
(numpy.linalg.eigh), the projections g = U^T W^T D b, the optimum phi* = g / lambda and the capacity floor
P* = P(0) - sum g^2 / lambda. In eigen-coordinates phi = U^T theta a sample is a = lambda^(1/2) z,
y = <a, phi*> + sqrt(P*) z0 with z, z0 standard normal, and P(theta) = P* + sum lambda (phi - phi*)^2.

Per step (timed), batch 1, summed gradient, gamma = 0.5 / tr D, loss without 1/2, tracking the error
e = phi - phi*:
    z = rng.standard_normal(d + 1)              # d + 1 normals per sample, one call
    a = sqrt_lam * z[:d]
    res = a @ e - sqrt_pstar * z[d]             # <a, phi> - y
    e -= (gamma * res) * a
vectorised over d, a plain Python loop over steps.

Usage: python3 sgd_spectral.py [--d 100,400,1600] [--repeats 7] [--seconds 0.3] [--json]
       [--check]   (also: mean loss of 32 runs at d = 100 at a few checkpoints, to compare with plrf)
       [--clock cpu]   (time by the process's CPU time instead of the wall clock: on a loaded machine)
"""

import argparse
import json
import sys
import time
import timeit

import numpy as np


def setup(alpha, beta, d, v, rng):
    j = np.arange(1, v + 1, dtype=np.float64)
    tau = j ** (-2.0 * alpha)
    b = j ** (-beta)
    W = rng.standard_normal((v, d)) / np.sqrt(d)
    X = np.sqrt(tau)[:, None] * W                   # D^(1/2) W
    K = X.T @ X
    lam, U = np.linalg.eigh(K)
    lam = np.maximum(lam, 0.0)
    g = U.T @ (W.T @ (tau * b))
    pos = lam > 0
    phistar = np.where(pos, g / np.where(pos, lam, 1.0), 0.0)
    p0 = tau @ (b * b)
    pstar = p0 - (g[pos] ** 2 / lam[pos]).sum()
    gamma = 0.5 / tau.sum()
    return lam, phistar, max(pstar, 0.0), gamma


def run_sgd(lam, phistar, pstar, gamma, steps, rng, checkpoints=()):
    """`steps` SGD steps from theta = 0; returns the losses at the checkpoints (and the final e)."""
    d = lam.size
    sqrt_lam = np.sqrt(lam)
    sqrt_pstar = np.sqrt(pstar)
    e = -phistar.copy()                              # phi(0) - phi* with phi(0) = 0
    marks = set(checkpoints)
    losses = {}
    if 0 in marks:
        losses[0] = pstar + lam @ (e * e)
    for r in range(1, steps + 1):
        z = rng.standard_normal(d + 1)
        a = sqrt_lam * z[:d]
        res = a @ e - sqrt_pstar * z[d]
        e -= (gamma * res) * a
        if r in marks:
            losses[r] = pstar + lam @ (e * e)
    return losses, e


def time_steps(lam, phistar, pstar, gamma, rng, repeats, seconds, clock=time.perf_counter):
    """Median steps/s over `repeats` timed runs of n steps each (n calibrated to about `seconds`)."""
    run_sgd(lam, phistar, pstar, gamma, 2000, rng)  # warm-up
    n = 1000
    while True:
        t0 = clock()
        run_sgd(lam, phistar, pstar, gamma, n, rng)
        dt = clock() - t0
        if dt >= seconds or n >= 1 << 24:
            break
        n = int(n * max(2.0, 1.2 * seconds / max(dt, 1e-6)))
    rates = []
    for _ in range(repeats):
        t0 = clock()
        run_sgd(lam, phistar, pstar, gamma, n, rng)
        rates.append(n / (clock() - t0))
    return float(np.median(rates)), rates, n


def blas_info():
    """Which BLAS numpy runs on: threadpoolctl if present, else the shared objects mapped (Linux)."""
    info = {}
    try:
        import threadpoolctl
        info['threadpoolctl'] = [{k: p.get(k) for k in ('internal_api', 'version', 'architecture', 'num_threads', 'filepath')}
                                 for p in threadpoolctl.threadpool_info()]
    except Exception:
        pass
    try:
        with open('/proc/self/maps') as f:
            libs = sorted({line.split()[-1].rsplit('/', 1)[-1] for line in f
                           if any(k in line for k in ('blas', 'lapack', 'mkl', 'blis'))})
        info['libraries'] = libs
    except OSError:
        pass
    try:
        cfg = np.show_config(mode='dicts')          # numpy >= 1.26
        info['build'] = {k: v.get('name') for k, v in cfg.get('Build Dependencies', {}).items()}
    except TypeError:
        import numpy.__config__ as c              # numpy < 1.26: module-level dicts
        info['build'] = {k: getattr(c, k, {}).get('libraries') for k in ('blas_opt_info', 'lapack_opt_info')}
    except Exception:
        pass
    try:
        from numpy.core._multiarray_umath import __cpu_features__ as feats
        info['simd'] = [k for k in ('SSE42', 'AVX', 'AVX2', 'FMA3', 'AVX512F') if feats.get(k)]
    except Exception:
        pass
    return info


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--alpha', type=float, default=1.0)
    ap.add_argument('--beta', type=float, default=0.75)
    ap.add_argument('--d', default='100,400,1600')
    ap.add_argument('--repeats', type=int, default=7)
    ap.add_argument('--seconds', type=float, default=0.3)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--check', action='store_true')
    ap.add_argument('--json', action='store_true')
    ap.add_argument('--clock', choices=('wall', 'cpu'), default='wall')
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    rows = []
    for d in (int(s) for s in args.d.split(',')):
        t0 = time.perf_counter()
        lam, phistar, pstar, gamma = setup(args.alpha, args.beta, d, 4 * d, rng)
        setup_s = time.perf_counter() - t0
        clock = time.process_time if args.clock == 'cpu' else time.perf_counter
        rate, rates, n = time_steps(lam, phistar, pstar, gamma, rng, args.repeats, args.seconds, clock)
        # Where a step's time goes (context only): one normal draw and one dot product of length d.
        k = 2000
        normal_us = 1e6 * min(timeit.repeat(lambda: rng.standard_normal(d + 1), number=k, repeat=5)) / k
        x = rng.standard_normal(d)
        dot_us = 1e6 * min(timeit.repeat(lambda: x @ x, number=k, repeat=5)) / k
        rows.append({'d': d, 'v': 4 * d, 'setupSeconds': setup_s, 'stepsPerSecond': rate, 'rates': rates,
                     'stepsPerRepeat': n, 'normalsMicroseconds': normal_us, 'dotMicroseconds': dot_us})
        if not args.json:
            print(f'd = {d}: {rate:.4g} steps/s (median of {args.repeats} x {n} steps), setup {setup_s:.2f} s, '
                  f'standard_normal(d+1) {normal_us:.2f} us, dot {dot_us:.2f} us', file=sys.stderr)
    out = {'alpha': args.alpha, 'beta': args.beta, 'batch': 1, 'numpy': np.__version__,
           'python': sys.version.split()[0], 'blas': blas_info(), 'rows': rows}
    if args.check:
        # Mean loss (and its standard error) of 32 independent runs (new W each) at d = 100, r <= 20000.
        d, runs, steps = 100, 32, 20000
        marks = [0, 10, 100, 1000, 5000, 20000]
        losses = np.empty((runs, len(marks)))
        for k in range(runs):
            lam, phistar, pstar, gamma = setup(args.alpha, args.beta, d, 4 * d, rng)
            run, _ = run_sgd(lam, phistar, pstar, gamma, steps, rng, marks)
            losses[k] = [run[m] for m in marks]
        out['check'] = {'d': d, 'runs': runs, 'steps': marks, 'meanLoss': losses.mean(axis=0).tolist(),
                        'stderr': (losses.std(axis=0, ddof=1) / np.sqrt(runs)).tolist()}
    print(json.dumps(out, allow_nan=False))


if __name__ == '__main__':
    main()
