"""Bit-for-bit parity with Node on both Wasm builds (problems and spectra, spectral SGD, deterministic
curves, densities, conventions, the issue's example against the CLI): the same arguments through
dist/plrf.js and through this package give the same float64 bit patterns (compared as little-endian
hex). test_capabilities.py covers the rest of the API the same way."""

from __future__ import annotations

import json
import os
import subprocess

import numpy as np
import pytest

import plrf

from conftest import DIST, NODE, ROOT, hexbits, hexlist, node_available, run_node

PROBLEM = {"alpha": 0.9, "beta": 0.6, "d": 50, "v": 120, "seed": 3, "stream": 5}
SGD = {
    "hash": {"alpha": 1, "beta": 0.75, "d": 100, "seeds": 4, "seed": 7,
             "at": [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000]},
    "extra": {"alpha": 0.8, "beta": 0.9, "d": 40, "v": 100, "steps": 3000, "points": 25, "seeds": 3, "seed": 11,
              "batch": 3, "gamma0": 0.4},
    "wseed": {"alpha": 1.2, "beta": 0.7, "d": 30, "steps": 500, "points": 12, "seeds": 3, "wSeed": 9, "gamma": 0.2},
    "one": {"alpha": 0.6, "beta": 1.1, "d": 20, "steps": 100, "seeds": 1, "seed": 2},
}
CURVES = {
    "hash": {"method": "deterministic", "alpha": 0.7, "beta": 1.2, "d": 100, "at": [0, 1, 10, 100, 1000, 10_000, 100_000]},
    "extra": {"method": "deterministic", "alpha": 1.1, "beta": 0.6, "d": 60, "v": 200, "steps": 20_000, "points": 15, "batch": 2},
    "order2": {"method": "deterministic", "alpha": 0.9, "beta": 0.8, "d": 80, "steps": 10_000_000, "points": 25,
               "blockOrder": 2, "unitSteps": 300},
    "order2-from-0": {"method": "deterministic", "alpha": 0.9, "beta": 0.8, "d": 80, "steps": 100_000, "points": 10,
                      "blockOrder": 2, "unitSteps": 0},
    "gamma": {"method": "deterministic", "alpha": 0.8, "beta": 0.9, "d": 50, "steps": 5000, "points": 20, "gamma": 0.3,
              "blockFraction": 2 ** -8},
    "issue": {"method": "deterministic", "alpha": 0.7, "beta": 0.6, "d": 400, "steps": 1_000_000},
}
DENSITY = {"alpha": 1, "beta": 0.75, "d": 100, "x": [1e-4, 1e-3, 1e-2, 0.1, 0.5, 1.0], "eps": 1e-3}
CHECKPOINT_GRID = [[s, p] for s in (1, 2, 7, 100, 999, 1000, 12345, 10 ** 5, 10 ** 6, 10 ** 7, 3 * 10 ** 9, 10 ** 12)
                   for p in (3, 10, 40, 60, 100, 257)]

NODE_BODY = """
const { build, problem, sgd, curves, density, grid } = INPUT;
await plrf.init({ simd: build === 'simd' });
if (plrf.isSimd() !== (build === 'simd')) throw new Error('wrong build');
const res = {};
{
  const p = plrf.PlrfProblem.sample(problem);
  const s = p.spectrum();
  const theta = Array.from({ length: p.d }, (_, i) => 0.01 * i - 0.2);
  res.problem = { lambda: hexList(s.lambda), rho: hexList(s.rho), projections: hexList(s.projections), pStar: hex(s.pStar),
    p0: hex(s.p0), traceK: hex(s.traceK), p0get: hex(p.p0), weights: hexList(p.weights()), covariance: hexList(p.covariance()),
    target: hexList(p.target()), loss: hex(p.populationLoss(theta)), traceKfn: hex(p.traceK()) };
  p.dispose();
}
res.sgd = {};
for (const [k, o] of Object.entries(sgd)) {
  const r = await plrf.simulateSgd(o);
  res.sgd[k] = { steps: r.steps, flops: hexList(r.flops), loss: hexList(r.loss), stderr: hexList(r.stderr), limit: hex(r.limit),
    runs: r.runs.map(hexList), gamma: hex(r.config.gamma), spectra: r.spectra.map((s) => [hex(s.pStar), hex(s.kernelNorm), hex(s.modeFactor)]) };
}
res.curves = {};
for (const [k, o] of Object.entries(curves)) {
  const r = await plrf.lossCurve(o);
  res.curves[k] = { steps: r.steps, flops: hexList(r.flops), loss: hexList(r.loss), limit: hex(r.limit), F0: hex(r.F0),
    kernelNorm: hex(r.kernelNorm), gamma: hex(r.config.gamma), runs: r.runs.map(hexList), stderr: r.stderr };
}
{
  const r = await plrf.spectralDensity(density);
  res.density = { x: hexList(r.x), eigen: hexList(r.eigen), forcing: hexList(r.forcing) };
}
res.checkpoints = grid.map(([s, p]) => plrf.logCheckpoints(s, p));
res.traceD = hex(plrf.traceD(0.7, 400));
res.defaultGamma = hex(plrf.defaultGamma({ alpha: 1.3, v: 777, batch: 5, gamma0: 0.3 }));
out(res);
"""


def snake_opts(o):
    from plrf._validate import snake
    return {snake(k): v for k, v in o.items()}


@pytest.fixture(scope="module", params=["simd", "scalar"])
def build(request):
    node = run_node(NODE_BODY, {"build": request.param, "problem": PROBLEM, "sgd": SGD, "curves": CURVES,
                                "density": DENSITY, "grid": CHECKPOINT_GRID})
    plrf.init(simd=request.param == "simd")
    assert plrf.is_simd() == (request.param == "simd")
    yield request.param, node
    plrf.init(simd=True)


def test_problem_sample_and_spectrum(build):
    _, node = build
    n = node["problem"]
    with plrf.PlrfProblem.sample(**PROBLEM) as p:
        s = p.spectrum()
        theta = np.array([0.01 * i - 0.2 for i in range(p.d)])
        got = {"lambda": hexlist(s.lambda_), "rho": hexlist(s.rho), "projections": hexlist(s.projections),
               "pStar": hexbits(s.p_star), "p0": hexbits(s.p0), "traceK": hexbits(s.trace_k), "p0get": hexbits(p.p0),
               "weights": hexlist(p.weights()), "covariance": hexlist(p.covariance()), "target": hexlist(p.target()),
               "loss": hexbits(p.population_loss(theta)), "traceKfn": hexbits(p.trace_k())}
        assert p.weights().shape == (p.v, p.d)
    for k, v in got.items():
        assert v == n[k], k


@pytest.mark.parametrize("case", list(SGD))
def test_simulate_sgd(build, case):
    _, node = build
    n = node["sgd"][case]
    r = plrf.simulate_sgd(**snake_opts(SGD[case]))
    assert r.steps.tolist() == n["steps"]
    assert hexlist(r.flops) == n["flops"]
    assert hexlist(r.loss) == n["loss"]
    assert (None if r.stderr is None else hexlist(r.stderr)) == n["stderr"]
    assert hexbits(r.limit) == n["limit"]
    assert [hexlist(row) for row in r.runs] == n["runs"]
    assert hexbits(r.config.gamma) == n["gamma"]
    assert [[hexbits(s.p_star), hexbits(s.kernel_norm), hexbits(s.mode_factor)] for s in r.spectra] == n["spectra"]


@pytest.mark.parametrize("case", list(CURVES))
def test_loss_curve(build, case):
    _, node = build
    n = node["curves"][case]
    o = snake_opts(CURVES[case])
    r = plrf.loss_curve(o.pop("method"), **o)
    assert r.steps.tolist() == n["steps"]
    assert hexlist(r.flops) == n["flops"]
    assert hexlist(r.loss) == n["loss"]
    assert hexbits(r.limit) == n["limit"]
    assert hexbits(r.f0) == n["F0"]
    assert hexbits(r.kernel_norm) == n["kernelNorm"]
    assert hexbits(r.config.gamma) == n["gamma"]
    assert [hexlist(row) for row in r.runs] == n["runs"]
    assert r.stderr is None and n["stderr"] is None


def test_spectral_density(build):
    _, node = build
    r = plrf.spectral_density(**DENSITY)
    assert {"x": hexlist(r.x), "eigen": hexlist(r.eigen), "forcing": hexlist(r.forcing)} == node["density"]


def test_conventions(build):
    _, node = build
    assert hexbits(plrf.trace_d(0.7, 400)) == node["traceD"]
    assert hexbits(plrf.default_gamma(alpha=1.3, v=777, batch=5, gamma0=0.3)) == node["defaultGamma"]
    assert [plrf.log_checkpoints(s, p).tolist() for s, p in CHECKPOINT_GRID] == node["checkpoints"]


def test_features_of_matches_node():
    # W^T x with the same x on both sides (x sent from Python, so no transcendental is involved).
    x = [((j * 7919) % 1000) / 1000 - 0.5 for j in range(PROBLEM["v"])]
    n = run_node("""
      await plrf.init();
      const p = plrf.PlrfProblem.sample(INPUT.problem);
      out(hexList(p.featuresOf(INPUT.x)));
      p.dispose();
    """, {"problem": PROBLEM, "x": x})
    plrf.init(simd=True)
    with plrf.PlrfProblem.sample(**PROBLEM) as p:
        assert hexlist(p.features_of(x)) == n


def test_issue_example_matches_the_cli():
    """plrf.loss_curve(method="deterministic", alpha=0.7, beta=0.6, d=400, steps=10**6).loss equals the
    loss of `plrf curve --alpha 0.7 --beta 0.6 --d 400 --steps 1000000 --json`."""
    if not node_available():
        pytest.skip("node or dist/plrf.js is missing")
    p = subprocess.run([NODE, str(ROOT / "bin" / "plrf.js"), "curve", "--alpha", "0.7", "--beta", "0.6", "--d", "400",
                        "--steps", "1000000", "--json", "--quiet"], capture_output=True, text=True, cwd=str(ROOT),
                       timeout=600)
    assert p.returncode == 0, p.stderr
    cli = json.loads(p.stdout)
    plrf.init(simd=True)
    r = plrf.loss_curve(method="deterministic", alpha=0.7, beta=0.6, d=400, steps=10 ** 6)
    loss = cli["loss"] if "loss" in cli else cli["curves"][0]["loss"]
    assert hexlist(r.loss) == hexlist(loss)
