"""The deterministic-equivalent loss curve of one-pass SGD on power-law random features, written the
way a researcher would write it with numpy (the baseline plrf's `lossCurve({method: 'deterministic'})`
is compared with in `npm run bench`; see bench/report.js).

Same algorithm as plrf (docs/model.md §4-5; src/theory/measure.ts,
assembly/resolvent.ts, assembly/volterra.ts), vectorised over j (the v-term sums) and over the
contour atoms, with plain Python loops over Newton iterations, contour nodes and steps:

1. tau_j = j^(-2 alpha), b_j = j^(-beta), c_j^2 = tau_j b_j^2 (j <= v); gamma = 0.5 / tr D (B = 1);
   kappa_eff by Newton on log kappa; the capacity floor F0 = sum c2 kappa / (tau + kappa).
2. The contour: right cap at x_R, the ray z = x (1 + i s) (s = 0.3) from x_R to x_L in Gauss-Legendre
   panels of width 0.2 in log x with 16 nodes, left cap at x_L, 64-node caps;
   x_L = 0.3 v^(-2 alpha) (sqrt(v/d) - 1)^2, x_R = min(3 (1 + tr D / d), 1.8 / (gamma (B + 1))).
3. m(z) by Newton, with continuation from z = x_R + 1e4 (1 + x_R) i down the right cap and along the
   path (bisecting a step while Newton fails or lands on a non-physical root); then the atoms
   phi_n = (i/pi) w_n S_F(z_n), nu_n = (i/pi) w_n (-d m z_n) and the mass self-checks.
4. The mode recursion U <- a U + kappa P, P = F0 + Re sum U: exact unit steps up to r = 10^4, then
   geometric blocks of L = 2^floor(log2(r / 1024)) steps with P linear inside a block (closed-form
   geometric sums through log1p/expm1, coefficients cached per L), to the full horizon. Nothing is
   extrapolated: the timed run is the whole curve.

Loss without the factor 1/2, batch 1, v = 4 d by default.

Usage: python3 deterministic.py [--d 1000,10000] [--steps 1e9] [--points 60] [--repeats 3] [--json]
       [--at r1,r2,...]   (explicit checkpoints instead of --points; 0 is added)
       [--clock wall|cpu] (elapsed seconds, the default, or this process's CPU seconds)
"""

import argparse
import json
import math
import sys
import time

import numpy as np

EPS = 2.220446049250313e-16


# ------------------------------------------------------------------ problem and conventions

def problem(alpha, beta, v):
    j = np.arange(1, v + 1, dtype=np.float64)
    tau = j ** (-2.0 * alpha)
    b = j ** (-beta)
    return tau, tau * b * b


def effective_kappa(tau, d):
    """kappa > 0 with sum tau / (tau + kappa) = d, by safeguarded Newton on t = log kappa."""
    lo, hi = -800.0, 800.0
    t = math.log(tau[d - 1])
    for _ in range(200):
        k = math.exp(t)
        q = tau / (tau + k)
        f = q.sum() - d
        fp = -(q * (k / (tau + k))).sum()
        if f > 0:
            lo = t
        else:
            hi = t
        tn = t - f / fp if fp < 0 else 0.5 * (lo + hi)
        if not lo < tn < hi:
            tn = 0.5 * (lo + hi)
        done = abs(tn - t) <= 1e-15 * max(1.0, abs(t)) or hi - lo <= 1e-15 * max(1.0, abs(t))
        t = tn
        if done:
            break
    return math.exp(t)


def log_checkpoints(steps, points):
    out = {0, steps}
    n = points - 1
    for i in range(n):
        out.add(min(steps, int(math.floor(math.exp(math.log(steps) * i / (n - 1)) + 0.5))))
    return sorted(out)


# ------------------------------------------------------------------ m(z): Newton and continuation

def solve_m(tau, d, z, m):
    """Newton for m = 1 / (1 + (1/d) sum tau / (tau m - z)) from m; returns the root or None."""
    for _ in range(60):
        u = 1.0 / (tau * m - z)
        tu = tau * u
        s1 = tu.sum()
        s2 = (tu * u).sum()
        h = m + m * s1 / d - 1.0
        hp = 1.0 - z * s2 / d
        dm = h / hp
        m = m - dm
        if not np.isfinite(m):
            return None
        if abs(dm) <= 4.0 * EPS * abs(m):
            return m
    return None


def physical(z, m):
    """For Im z > 0 the physical root has Im m <= 0 and Im(-m / z) >= 0 (up to rounding)."""
    if m.imag > 1e-13 * abs(m):
        return False
    q = -m / z
    return q.imag >= -1e-13 * abs(q)


def continue_m(tau, d, z0, z1, m):
    """Walk from (z0, m) to z1, bisecting the step while Newton fails or lands off the branch."""
    last, target, depth = z0, z1, 0
    while True:
        mn = solve_m(tau, d, target, m)
        if mn is not None and physical(target, mn):
            m = mn
            if target == z1:
                return m
            last, target, depth = target, z1, 0
            continue
        depth += 1
        if depth > 40:
            raise RuntimeError(f'continuation of m(z) failed near z = {z1}')
        target = 0.5 * (last + target)


# ------------------------------------------------------------------ the contour measure

def contour_nodes(x_l, x_r, slope, panel_width, per_panel, cap_nodes):
    """Nodes z and weights w (dz included) on the upper half, in path order (x_R -> x_L)."""
    gx, gw = np.polynomial.legendre.leggauss(cap_nodes)
    h_r = 0.5 * slope * x_r
    z_right = x_r + 1j * h_r * (1.0 + gx)
    w_right = 1j * h_r * gw
    panels = int(math.ceil(math.log(x_r / x_l) / panel_width))
    px, pw = np.polynomial.legendre.leggauss(per_panel)
    u_l, u_r = math.log(x_l), math.log(x_r)
    h = (u_r - u_l) / panels
    mids = u_r - (np.arange(panels) + 0.5) * h
    u = (mids[:, None] + 0.5 * h * px[::-1][None, :]).ravel()       # decreasing u
    x = np.exp(u)
    z_ray = x * (1.0 + 1j * slope)
    w_ray = -0.5 * h * np.tile(pw[::-1], panels) * x * (1.0 + 1j * slope)
    h_l = 0.5 * slope * x_l
    z_left = x_l + 1j * h_l * (1.0 + gx[::-1])
    w_left = -1j * h_l * gw[::-1]
    return np.concatenate([z_right, z_ray, z_left]), np.concatenate([w_right, w_ray, w_left])


def deterministic_measure(alpha, beta, d, v):
    tau, c2 = problem(alpha, beta, v)
    tr_d = tau.sum()
    gamma = 0.5 / tr_d                      # gamma0 = 0.5, B = 1: gamma0 * 2 / ((B + 1) tr D)
    p0 = c2.sum()
    kappa = effective_kappa(tau, d)
    F0 = (c2 * (kappa / (tau + kappa))).sum()
    x_l = 0.3 * tau[-1] * (math.sqrt(v / d) - 1.0) ** 2
    x_r = min(3.0 * (1.0 + tr_d / d), 1.8 / (gamma * 2.0))
    slope, cap = 0.3, 64
    z, w = contour_nodes(x_l, x_r, slope, 0.2, 16, cap)
    n = z.size
    # Continuation: from far above x_R down to the top of the right cap, down the cap, then from the
    # corner again along the ray and down the left cap.
    y = 1e4 * (1.0 + x_r)
    m = solve_m(tau, d, complex(x_r, y), 1.0 + 0j)
    if m is None or not physical(complex(x_r, y), m):
        raise RuntimeError('m(z) failed at the starting point')
    top = slope * x_r
    while y > top:
        yn = max(top, 0.5 * y)
        m = continue_m(tau, d, complex(x_r, y), complex(x_r, yn), m)
        y = yn
    corner = m
    ms = np.empty(n, dtype=np.complex128)
    prev = complex(x_r, top)
    for i in range(cap - 1, -1, -1):
        m = continue_m(tau, d, prev, z[i], m)
        ms[i] = m
        prev = z[i]
    m, prev = corner, complex(x_r, top)
    for i in range(cap, n):
        m = continue_m(tau, d, prev, z[i], m)
        ms[i] = m
        prev = z[i]
    # Atoms: S_F(z_n) = sum_j c2_j / (tau_j m_n - z_n), one node at a time (v-term sums).
    sf = np.array([(c2 / (tau * ms[i] - z[i])).sum() for i in range(n)])
    e = -d * ms / z                          # tr (K - z)^(-1) ~ -d m / z
    if (sf.imag < -1e-12 * np.abs(sf)).any() or (e.imag < -1e-12 * np.abs(e)).any():
        raise RuntimeError('a contour node is off the physical branch')
    phi = (1j / math.pi) * w * sf
    nu = (1j / math.pi) * w * (-d * ms * z)  # z^2 (-d m / z)
    mass_eigen = ((1j / math.pi) * w * e).real.sum()
    mass_forcing = phi.real.sum()
    return {
        'z': z, 'phi': phi, 'nu': nu, 'F0': F0, 'p0': p0, 'gamma': gamma, 'atoms': n,
        'massEigenRelErr': abs(mass_eigen - d) / d,
        'massForcingRelErr': abs(mass_forcing - (p0 - F0)) / (p0 - F0),
        'left': x_l, 'right': x_r,
    }


# ------------------------------------------------------------------ the mode recursion

def clog1p(w):
    """log(1 + w), accurate for small |w|."""
    return 0.5 * np.log1p(w.real * (2.0 + w.real) + w.imag ** 2) + 1j * np.arctan2(w.imag, 1.0 + w.real)


def cexpm1(w):
    """exp(w) - 1, accurate for small |w|."""
    s = np.sin(0.5 * w.imag)
    return np.expm1(w.real) * np.cos(w.imag) - 2.0 * s * s + 1j * np.exp(w.real) * np.sin(w.imag)


def cexpm1mx(w):
    """exp(w) - 1 - w: Taylor series where |w| < 1/2, else directly."""
    out = cexpm1(w) - w
    small = np.abs(w) < 0.5
    if small.any():
        ws = w[small]
        term, acc = ws.copy(), np.zeros_like(ws)
        for k in range(2, 21):
            term = term * ws / k
            acc += term
        out[small] = acc
    return out


def clog1m_plus_x(w):
    """log(1 - w) + w: -sum_(k>=2) w^k / k where |w| < 1/4, else directly."""
    out = clog1p(-w) + w
    small = np.abs(w) < 0.25
    if small.any():
        ws = w[small]
        p, acc = ws.copy(), np.zeros_like(ws)
        for k in range(2, 31):
            p = p * ws
            acc -= p / k
        out[small] = acc
    return out


def block_coefficients(delta, lg, q, kap, L):
    """U(r+L) = a^L U(r) + cA P(r) + cB P(r+L) with P linear over the block."""
    l = L * lg
    aL = np.exp(l)
    s0 = -cexpm1(l) / delta
    s1 = (cexpm1mx(l) + L * q) / (L * delta * delta)
    cA = kap * (s0 - s1)
    cB = kap * s1
    return aL, cA, cB, cA.real.sum(), cB.real.sum()


def loss_curve(meas, checkpoints, unit_steps=10_000, block_fraction=2.0 ** -10):
    z, phi, nu, F0, gamma = meas['z'], meas['phi'], meas['nu'], meas['F0'], meas['gamma']
    B = 1.0
    delta = 2.0 * gamma * B * z - gamma * gamma * B * (B + 1.0) * z * z
    a = 1.0 - delta
    kap = gamma * gamma * B * nu
    lg = clog1p(-delta)
    q = clog1m_plus_x(delta)
    U = phi.copy()
    P = F0 + U.real.sum()
    cache = {}
    loss = []
    r = 0
    for cp in checkpoints:
        while r < cp:
            if r < unit_steps:
                for _ in range(min(cp, unit_steps) - r):      # exact unit steps
                    U = a * U + kap * P
                    P = F0 + U.real.sum()
                r = min(cp, unit_steps)
            else:
                L = 2 ** int(math.floor(math.log2(max(1.0, block_fraction * r))))
                while L > cp - r:
                    L //= 2
                if L not in cache:
                    cache[L] = block_coefficients(delta, lg, q, kap, float(L))
                aL, cA, cB, sa, sb = cache[L]
                aU = aL * U
                Pn = (F0 + aU.real.sum() + sa * P) / (1.0 - sb)
                U = aU + cA * P + cB * Pn
                P = Pn
                r += L
        loss.append(P)
    return loss


# ------------------------------------------------------------------ driver

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--alpha', type=float, default=1.0)
    ap.add_argument('--beta', type=float, default=0.75)
    ap.add_argument('--d', default='1000,10000')
    ap.add_argument('--steps', type=float, default=1e9)
    ap.add_argument('--points', type=int, default=60)
    ap.add_argument('--at', default=None)
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--json', action='store_true')
    ap.add_argument('--clock', choices=['wall', 'cpu'], default='wall',
                    help='wall: elapsed seconds (default); cpu: this process\'s CPU seconds (time.process_time), '
                         'steadier on a loaded machine (run with OMP_NUM_THREADS=1 to compare one thread)')
    args = ap.parse_args()
    clock = time.perf_counter if args.clock == 'wall' else time.process_time
    steps = int(args.steps)
    if args.at:
        checkpoints = sorted({0, *(int(s) for s in args.at.split(','))})
    else:
        checkpoints = log_checkpoints(steps, args.points)
    rows = []
    for d in (int(s) for s in args.d.split(',')):
        v = 4 * d
        measure_s, total_s = [], []
        for _ in range(args.repeats):
            t0 = clock()
            meas = deterministic_measure(args.alpha, args.beta, d, v)
            t1 = clock()
            loss = loss_curve(meas, checkpoints)
            t2 = clock()
            measure_s.append(t1 - t0)
            total_s.append(t2 - t0)
        rows.append({
            'd': d, 'v': v, 'steps': checkpoints[-1], 'repeats': args.repeats, 'atoms': meas['atoms'], 'clock': args.clock,
            'measureSeconds': float(np.median(measure_s)), 'totalSeconds': float(np.median(total_s)),
            'recursionSeconds': float(np.median(total_s) - np.median(measure_s)),
            'measureRuns': measure_s, 'totalRuns': total_s,
            'massEigenRelErr': meas['massEigenRelErr'], 'massForcingRelErr': meas['massForcingRelErr'],
            'F0': meas['F0'], 'gamma': meas['gamma'], 'checkpoints': checkpoints, 'loss': [float(x) for x in loss],
        })
        if not args.json:
            print(f'd = {d}: {meas["atoms"]} atoms, m(z) {rows[-1]["measureSeconds"]:.3f} s, '
                  f'total {rows[-1]["totalSeconds"]:.3f} s (median of {args.repeats}), '
                  f'loss({checkpoints[-1]}) = {loss[-1]:.10g}', file=sys.stderr)
    out = {'alpha': args.alpha, 'beta': args.beta, 'batch': 1, 'numpy': np.__version__,
           'python': sys.version.split()[0], 'rows': rows}
    print(json.dumps(out, allow_nan=False))


if __name__ == '__main__':
    main()
