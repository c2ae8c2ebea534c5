"""The authors' continuous-time DANA equations (ode_resolvent_log_implicit in their public package
power_law_rf, repository LosVolterrosHermanos/Experimental) on a spectrum that plrf gives, for
`node bench/authors-dana.js`, which compares the result with plrf's exact discrete recursion.

Input (standard input, one JSON object): eigs (eigenvalues of K), rho (per-mode (theta*_i)^2),
riskInf (their risk at infinity: plrf's P* / 2), batch, t_max, dt, at (steps to report), x64, and
g1, g2, g3, delta as [value, scale, power] each: value (1 + t / scale)^(-power) in the step t.
The caller has already converted plrf's summed batch to their averaged one (g1 = B gamma1,
g2 = B gamma2, g3 = gamma3).

Output: one JSON line with twice their risk (plrf's loss) at `at` (log-log interpolation of their
grid t = exp(k dt) - 1; t = 0 is their initial value), the grid size, the seconds of a first call and
the median of three more (each call traces and compiles its scan), and the jax version.
"""

import json
import sys
import time

import numpy as np


def main():
    a = json.loads(sys.stdin.read())
    import jax

    jax.config.update("jax_enable_x64", bool(a["x64"]))
    import jax.numpy as jnp
    from power_law_rf.ode import DanaHparams, ODEInputs, ode_resolvent_log_implicit

    def power_law(c):
        value, scale, power = (float(x) for x in c)
        return lambda t: value * (1.0 + t / scale) ** (-power)

    hp = DanaHparams(power_law(a["g1"]), power_law(a["g2"]), power_law(a["g3"]), power_law(a["delta"]))
    eigs = jnp.asarray(np.asarray(a["eigs"], dtype=np.float64))
    rho = jnp.asarray(np.asarray(a["rho"], dtype=np.float64))
    # Their grid stops one log step short of t_max: ask for a little more so that the last step is inside.
    t_max = float(a["t_max"]) * (1.0 + 2.0 * a["dt"]) + 2.0

    def ode(e, r):
        return ode_resolvent_log_implicit(ODEInputs(e, r, jnp.zeros_like(r), jnp.zeros_like(r), float(a["riskInf"])), hp,
                                          int(a["batch"]), len(a["eigs"]), t_max, float(a["dt"]))

    def run(f):
        times, twice = f(eigs, rho)
        return np.asarray(times, dtype=np.float64), np.asarray(twice, dtype=np.float64)

    # Their function traces and compiles its scan on every call (it cannot be put under jax.jit as
    # published: a traced input is made concrete inside), so a call's time includes that work.
    t0 = time.perf_counter()
    run(ode)
    first = time.perf_counter() - t0
    calls = []
    for _ in range(3):
        t0 = time.perf_counter()
        grid, loss = run(ode)
        calls.append(time.perf_counter() - t0)
    # Their scan returns the risk before each update: loss[k] belongs to grid[k].
    keep = grid > 0
    lg, ll = np.log(grid[keep]), np.log(loss[keep])
    out = []
    for r in a["at"]:
        if r == 0:
            out.append(float(loss[0]))
        elif np.log(r) < lg[0] or np.log(r) > lg[-1]:
            out.append(None)
        else:
            out.append(float(np.exp(np.interp(np.log(r), lg, ll))))
    print(json.dumps({"loss": out, "gridPoints": int(grid.size), "secondsFirst": first, "seconds": float(np.median(calls)), "jax": jax.__version__}))


if __name__ == "__main__":
    main()
