"""The authors' deterministic-equivalent + ODE pipeline for one-pass SGD on PLRF, driven through their
public package (power_law_rf, from the repository LosVolterrosHermanos/Experimental), for
`npm run bench` (bench/authors.js installs the package and jax into a venv outside the repo).

Steps, as in their examples: the deterministic spectrum (deterministic_spectra: Newton on the
self-consistent equation), the rho weights by contour integrals around each eigenvalue
(deterministic_rho_weights), the limit risk (theory_limit_loss), then ode_resolvent_log_implicit
with plain SGD as DANA hyper-parameters (g2 = gamma, g1 = g3 = 0, no momentum) in log time with
step dt. Their ODE returns twice the risk, i.e. plrf's loss (no factor 1/2); with batch 1 the
averaged and the summed batch gradient coincide.

Usage: python pipeline.py --alpha A --beta B --d D --steps N --at r1,r2,... [--dt 1e-3]
Prints one JSON line: loss at the requested steps (log-log interpolation of the ODE grid), the
learning rate, and the seconds of each phase (spectrum, rho weights, ODE incl. compilation, ODE again).
"""

import argparse
import json
import time

import numpy as np


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--alpha", type=float, required=True)
    p.add_argument("--beta", type=float, required=True)
    p.add_argument("--d", type=int, required=True)
    p.add_argument("--steps", type=float, required=True)
    p.add_argument("--at", type=str, required=True)
    p.add_argument("--dt", type=float, default=1e-3)
    a = p.parse_args()
    t0 = time.perf_counter()
    import jax
    jax.config.update("jax_enable_x64", False)  # their code works in float32
    import jax.numpy as jnp
    import power_law_rf.deterministic_equivalent as theory
    from power_law_rf.ode import ode_resolvent_log_implicit, DanaHparams, ODEInputs
    t_import = time.perf_counter()

    d, v = a.d, 4 * a.d
    alpha, beta = a.alpha, a.beta
    trace = float(np.sum(np.arange(1, v + 1, dtype=np.float64) ** (-2.0 * alpha)))
    gamma = 0.5 / trace  # plrf's default rate at B = 1: 0.5 * 2 / ((B + 1) tr D)

    eigs = jnp.array(theory.deterministic_spectra(v, d, alpha))
    t_spec = time.perf_counter()
    lower = 0.5 * theory.theory_lambda_min(alpha, v, d)
    upper = 2.0 * 1.1
    b_edges = eigs - 0.5 * jnp.diff(eigs, prepend=upper)
    a_edges = eigs + 0.5 * jnp.diff(eigs, append=lower)
    rho = theory.deterministic_rho_weights(v, d, alpha, beta, a_edges, b_edges)
    risk_inf = theory.theory_limit_loss(alpha, beta, v, d)
    t_rho = time.perf_counter()

    zero = lambda t: 0.0 * t
    hp = DanaHparams(zero, lambda t: gamma + 0.0 * t, zero, zero)
    inputs = ODEInputs(eigs, rho, jnp.zeros_like(rho), jnp.zeros_like(rho), risk_inf)
    # Their grid stops one log step short of t_max: ask for a little more so that `steps` is inside.
    t_max = a.steps * (1.0 + 2.0 * a.dt) + 2.0
    times, twice = ode_resolvent_log_implicit(inputs, hp, 1, len(eigs), t_max, a.dt)
    twice = np.asarray(twice)
    t_ode = time.perf_counter()
    times2, twice2 = ode_resolvent_log_implicit(inputs, hp, 1, len(eigs), t_max, a.dt)
    np.asarray(twice2)
    t_ode2 = time.perf_counter()

    # The ODE's grid is t = exp(k dt) - 1 (t = steps at batch 1); interpolate in log-log past t = 0.
    grid = np.asarray(times, dtype=np.float64)
    loss = np.asarray(twice, dtype=np.float64)
    keep = grid > 0
    grid, loss = grid[keep], loss[keep]
    at = [float(x) for x in a.at.split(",")]
    out = []
    for r in at:
        if r < grid[0] or r > grid[-1]:
            out.append(None)
        else:
            out.append(float(np.exp(np.interp(np.log(r), np.log(grid), np.log(loss)))))
    print(json.dumps({
        "at": at, "loss": out, "gamma": gamma, "limit": float(risk_inf) * 2.0, "gridPoints": int(grid.size),
        "gridFirst": float(grid[0]), "gridLast": float(grid[-1]),
        "seconds": {"import": t_import - t0, "spectrum": t_spec - t_import, "rho": t_rho - t_spec,
                    "odeFirst": t_ode - t_rho, "ode": t_ode2 - t_ode},
        "jax": jax.__version__,
    }))


if __name__ == "__main__":
    main()
