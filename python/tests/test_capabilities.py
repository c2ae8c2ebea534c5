"""Bit-for-bit parity with Node, on both Wasm builds, for the capabilities driven by the Wasm jobs:
spectral measures (deterministic with contour options, surrogate, finite; atoms, masses, F and K),
loss curves for every method (finite with seeds and w_seed, surrogate, schedules, block orders,
forced divergence), asymptotics and the capacity floor, phases, compute-optimal fronts (every
approach, sub-window and bootstrap intervals) and measured fronts (the flops-extension loop), SGD
with both engines, f32 storage and force, f32 problems; and the typed errors of the jobs (same
code, param and message)."""

from __future__ import annotations

import numpy as np
import pytest

import plrf

from conftest import hexbits, hexlist, run_node

MEASURES = {
    "det": {"method": "deterministic", "alpha": 1, "beta": 0.75, "d": 40},
    "det-contour": {"method": "deterministic", "alpha": 0.8, "beta": 0.9, "d": 30, "v": 100, "batch": 2, "gamma0": 0.4,
                    "contour": {"slope": 0.25, "panelWidth": 0.3, "nodesPerPanel": 12, "capNodes": 32, "leftFactor": 0.4,
                                "tailSums": False}},
    "det-right": {"method": "deterministic", "alpha": 1.3, "beta": 0.6, "d": 25, "gamma": 0.2, "contour": {"right": 2.5}},
    "det-force": {"method": "deterministic", "alpha": 1, "beta": 0.75, "d": 30, "gamma": 1.2, "force": True},
    "surrogate": {"method": "surrogate", "alpha": 1.2, "beta": 0.7, "d": 50, "batch": 3},
    "finite": {"method": "finite", "alpha": 0.9, "beta": 0.6, "d": 30, "v": 80, "seed": 3, "stream": 2},
}
R = [0, 1, 2.5, 10, 1000, 123456]
FUNCTIONS = {
    "forcing-det": ["forcing", {"method": "deterministic", "alpha": 0.7, "beta": 1.1, "d": 30, "r": R}],
    "kernel-sur": ["kernel", {"method": "surrogate", "alpha": 0.9, "beta": 0.8, "d": 30, "r": R, "gamma": 0.3}],
    "forcing-fin": ["forcing", {"method": "finite", "alpha": 1, "beta": 0.75, "d": 20, "r": R, "batch": 2, "seed": 4}],
}
CURVES = {
    "finite-seeds": {"method": "finite", "alpha": 1, "beta": 0.75, "d": 30, "steps": 20_000, "points": 20, "seeds": 3, "seed": 5},
    "finite-wseed": {"method": "finite", "alpha": 0.8, "beta": 1.1, "d": 25, "v": 60, "steps": 5000, "points": 15, "seeds": 2,
                     "wSeed": 7, "batch": 2},
    "finite-one": {"method": "finite", "alpha": 1.4, "beta": 0.6, "d": 20, "at": [3, 30, 300, 3000]},
    "surrogate": {"method": "surrogate", "alpha": 0.9, "beta": 0.8, "d": 60, "steps": 100_000, "points": 25},
    "power": {"method": "deterministic", "alpha": 0.9, "beta": 0.8, "d": 40, "steps": 200_000, "points": 20, "unitSteps": 1000,
              "schedule": {"kind": "power", "r0": 100, "exponent": 0.5}},
    "cosine": {"method": "surrogate", "alpha": 1.1, "beta": 0.7, "d": 40, "steps": 50_000, "points": 20, "unitSteps": 500,
               "schedule": {"kind": "cosine", "final": 0.1}},
    "wsd": {"method": "deterministic", "alpha": 0.8, "beta": 1.0, "d": 30, "steps": 30_000, "points": 20, "unitSteps": 200,
            "schedule": {"kind": "wsd", "warmup": 100, "decay": 5000, "final": 0.05}, "blockOrder": 2},
    "order2-sur": {"method": "surrogate", "alpha": 1, "beta": 0.75, "d": 50, "steps": 1_000_000, "points": 20, "blockOrder": 2,
                   "unitSteps": 100, "blockFraction": 2 ** -6},
    "contour": {"method": "deterministic", "alpha": 0.8, "beta": 0.9, "d": 30, "v": 100, "steps": 10_000, "points": 15,
                "contour": {"slope": 0.25, "panelWidth": 0.3, "nodesPerPanel": 12, "capNodes": 32, "tailSums": False}},
    "force-det": {"method": "deterministic", "alpha": 1, "beta": 0.75, "d": 40, "steps": 3000, "gamma": 1.2, "force": True},
    "force-fin": {"method": "finite", "alpha": 1, "beta": 0.75, "d": 40, "steps": 3000, "gamma": 1.2, "force": True, "seeds": 2},
}
SGD = {
    "direct": {"alpha": 1, "beta": 0.75, "d": 30, "v": 70, "steps": 2000, "points": 15, "seeds": 2, "seed": 3, "engine": "direct",
               "batch": 2},
    "direct-f32": {"alpha": 0.9, "beta": 0.8, "d": 25, "steps": 1000, "points": 12, "seeds": 2, "engine": "direct",
                   "storage": "f32", "wSeed": 4},
    "spectral-f32": {"alpha": 1.2, "beta": 0.7, "d": 30, "steps": 3000, "points": 15, "seeds": 3, "seed": 9, "storage": "f32"},
    "force": {"alpha": 1, "beta": 0.75, "d": 20, "steps": 500, "points": 20, "seeds": 2, "gamma": 1.5, "force": True},
    "force-direct": {"alpha": 1, "beta": 0.75, "d": 20, "steps": 500, "points": 20, "seeds": 2, "gamma": 1.5, "force": True,
                     "engine": "direct"},
}
PROBLEM_F32 = {"alpha": 0.9, "beta": 0.6, "d": 20, "v": 50, "seed": 3, "stream": 1, "storage": "f32"}
ASYMPTOTICS = [
    {"alpha": 1, "beta": 0.75, "d": 1000, "gamma": 0.1, "r": 1000},
    {"alpha": 0.7, "beta": 0.6, "d": 400, "r": 50},
    {"alpha": 0.2, "beta": 0.9, "d": 300, "v": 900, "batch": 4, "gamma0": 0.3, "r": 10},
    {"alpha": 2, "beta": 1.5, "d": 100, "r": 1e6},
]
STABILITY = [[[1.5, 0.7, 0.2, 1e-3, -1e-12], 0.5, 1], [[1.5, 0.7, 0.2], 0.7, 3], [[2, 1], 1.2, 1]]
FLOORS = [[1, 0.75, 100, 400], [0.7, 0.6, 400, 1600], [0.3, 0.9, 50, 51]]
FORCING_SUMS = [[1, 0.75, 100, 1e5], [0.7, 0.6, 3.5, 1000]]
PHASES = [[0.7, 0.6], [1, 1.5], [0.8, 0.3], [0.3, 0.3], [0.2, 0.8], [0.27, 0.9], [0.4, 0.9], [0.5, 0.7], [0.7, 0.5],
          [0.25, 0.6], [0.3, 0.2], [1, 1], [1 - 2 ** -0.5, 0.8], [0.2, 0.3]]
PHASE_NAMES = ["Ia", "Ib", "Ic", "II", "III", "IVa", "IVb", "none"]
# Deterministic curves on a small and a wide d grid (flops to 1e7 and 1e8), finite means over 3 W
# draws on the small grid (bootstrap intervals).
FAMILY = {"alpha": 0.7, "beta": 0.6, "small": [20, 40, 80, 160], "wide": [20, 40, 80, 160, 320, 640]}
FRONTS = {
    "approach2": ["wide", {}],
    "approach1": ["wide", {"approach": 1}],
    "approach0": ["wide", {"approach": 0, "density": 10}],
    "small-2": ["small", {}],
    "small-1": ["small", {"approach": 1}],
    "small-0": ["small", {"approach": 0, "density": 10}],
    "parabola5": ["wide", {"parabolaPoints": 5, "window": [1e4, 5e4]}],
    "window": ["wide", {"window": [2e3, 2e5], "density": 30}],
}
MEASURED = {
    "det-loop": {"alpha": 0.7, "beta": 0.6, "d": [20, 40, 80]},
    "sgd": {"alpha": 0.7, "beta": 0.6, "d": [20, 40, 80], "method": "sgd", "seeds": 3, "flops": [20, 2e5], "points": 20},
    "finite": {"alpha": 0.7, "beta": 0.6, "d": [20, 40, 80], "method": "finite", "seeds": 2, "flops": [20, 1e6], "points": 20},
}
ERRORS = [
    ["spectralMeasure", {"method": "deterministic", "alpha": 1, "beta": 0.75, "d": 40, "gamma": 50}],
    ["spectralMeasure", {"method": "deterministic", "alpha": 1, "beta": 0.75, "d": 40, "gamma": 3}],
    ["spectralMeasure", {"method": "deterministic", "alpha": 1, "beta": 0.75, "d": 40, "contour": {"right": -1}}],
    ["spectralMeasure", {"method": "deterministic", "alpha": 1, "beta": 0.75, "d": 40, "contour": {"right": "x"}}],
    ["spectralMeasure", {"method": "deterministic", "alpha": 1, "beta": 0.75, "d": 40, "contour": {"right": 1e-9}}],
    ["lossCurve", {"method": "finite", "alpha": 1, "beta": 0.75, "d": 40, "steps": 10, "gamma": 1.5}],
    ["lossCurve", {"method": "surrogate", "alpha": 1, "beta": 0.75, "d": 40, "steps": 10, "gamma": 1.5}],
    ["lossCurve", {"method": "deterministic", "alpha": 1, "beta": 0.75, "d": 40, "steps": 10, "gamma": 0.9}],
    ["lossCurve", {"method": "surrogate", "alpha": 1, "beta": 0.75, "d": 40, "steps": 10, "gamma0": 4.5}],
    ["simulateSgd", {"alpha": 1, "beta": 0.75, "d": 20, "steps": 10, "seeds": 1, "gamma": 1.5, "engine": "direct"}],
    ["simulateSgd", {"alpha": 1, "beta": 0.75, "d": 20, "steps": 10, "seeds": 2, "gamma0": 40, "storage": "f32"}],
    ["lossCurve", {"method": "deterministic", "alpha": 1, "beta": 0.75, "d": 40, "steps": 10, "gamma0": 30}],
    ["spectralMeasure", {"method": "deterministic", "alpha": 1, "beta": 0.75, "d": 40, "gamma0": 30}],
    ["spectralMeasure", {"method": "deterministic", "alpha": 1, "beta": 0.75, "d": 40, "gamma0": 500}],
    ["computeOptimalFront", [[{"d": 10, "flops": [10, 100, 1000], "loss": [1, 0.5, 0.2]},
                              {"d": 20, "flops": [20, 200, 2000], "loss": [2, 1, 0.4]},
                              {"d": 40, "flops": [40, 400, 4000], "loss": [3, 2, 0.8]}], {}]],
    ["computeOptimalFront", [[{"d": 10, "flops": [10, 100, 1000, 10000], "loss": [1, 0.5, 0.3, 0.2]},
                              {"d": 20, "flops": [20, 200, 2000, 20000], "loss": [1.1, 0.4, 0.2, 0.1]},
                              {"d": 40, "flops": [40, 400, 4000, 40000], "loss": [1.2, 0.45, 0.25, 0.05]}],
                             {"window": [50, 100]}]],
    ["computeOptimalFront", [[{"d": 10, "flops": [10, 100, 1000, 10000], "loss": [1, 0.5, 0.3, 0.2]},
                              {"d": 20, "flops": [20, 200, 2000, 20000], "loss": [1.1, 0.6, 0.4, 0.3]},
                              {"d": 40, "flops": [40, 400, 4000, 40000], "loss": [1.2, 0.45, 0.25, 0.05]}],
                             {"window": [500, 5000]}]],
    ["computeOptimalFront", [[{"d": 10, "flops": [10, 100, 1000, 10000], "loss": [1, 0.5, 0.3, 0.2]},
                              {"d": 20, "flops": [20, 200, 2000, 20000], "loss": [1.1, 0.4, 0.2, 0.1]},
                              {"d": 40, "flops": [40, 400, 4000, 40000], "loss": [1.2, 0.45, 0.25, 0.05]}],
                             {"window": [1000, 1001], "density": 2, "approach": 1}]],
]

NODE_BODY = """
const I = INPUT;
await plrf.init({ simd: I.build === 'simd' });
if (plrf.isSimd() !== (I.build === 'simd')) throw new Error('wrong build');
const res = { measures: {}, functions: {}, curves: {}, sgd: {}, fronts: {}, measured: {} };
const curveOut = (r) => ({ steps: r.steps, flops: hexList(r.flops), loss: hexList(r.loss), stderr: hexList(r.stderr),
  limit: hex(r.limit), F0: hex(r.F0), kernelNorm: hex(r.kernelNorm), gamma: hex(r.config.gamma), runs: r.runs.map(hexList),
  diverged: r.diverged, warnings: r.warnings, seeds: r.config.seeds });
const frontOut = (f) => ({ approach: f.approach, window: hexList(f.window), interior: hexList(f.interior), xi: hex(f.xi),
  eta: hex(f.eta), xiCI: hexList(f.xiCI), etaCI: hexList(f.etaCI), ciMethod: f.ciMethod,
  front: f.front.map((p) => [hex(p.flops), hex(p.loss), hex(p.d)]), localSlopes: f.localSlopes.map((s) => [hex(s.flops), hex(s.eta), hex(s.xi)]),
  warnings: f.warnings });
for (const [k, o] of Object.entries(I.measures)) {
  const m = await plrf.spectralMeasure(o);
  const a = m.atoms();
  const batch = o.batch ?? 1;
  const gamma = o.gamma ?? plrf.defaultGamma({ alpha: o.alpha, v: m.v, batch, gamma0: o.gamma0 });
  res.measures[k] = { size: m.size, F0: hex(m.F0), p0: hex(m.p0), masses: m.masses && [hex(m.masses.eigen), hex(m.masses.forcing)],
    contour: m.contour && { left: hex(m.contour.left), right: hex(m.contour.right), slope: m.contour.slope, panelWidth: m.contour.panelWidth,
      nodesPerPanel: m.contour.nodesPerPanel, capNodes: m.contour.capNodes },
    gammaMax: hex(m.gammaMax), atoms: [a.zRe, a.zIm, a.phiRe, a.phiIm, a.nuRe, a.nuIm].map(hexList),
    forcing: I.r.map((r) => hex(m.forcing(r, gamma, batch))), kernel: I.r.map((r) => hex(m.kernel(r, gamma, batch))) };
  m.dispose();
}
for (const [k, [fn, o]] of Object.entries(I.functions)) res.functions[k] = hexList(await plrf[fn](o));
for (const [k, o] of Object.entries(I.curves)) res.curves[k] = curveOut(await plrf.lossCurve(o));
for (const [k, o] of Object.entries(I.sgd)) {
  const r = await plrf.simulateSgd(o);
  res.sgd[k] = { ...curveOut({ ...r, F0: null, kernelNorm: null }), spectra: r.spectra.map((s) => [hex(s.pStar), hex(s.kernelNorm), hex(s.modeFactor)]) };
}
{
  const p = plrf.PlrfProblem.sample(I.problemF32);
  const s = p.spectrum();
  const theta = Array.from({ length: p.d }, (_, i) => 0.01 * i - 0.1);
  res.problemF32 = { weights: hexList(p.weights()), lambda: hexList(s.lambda), rho: hexList(s.rho), pStar: hex(s.pStar),
    traceK: hex(p.traceK()), loss: hex(p.populationLoss(theta)) };
  p.dispose();
}
res.asymptotics = I.asymptotics.map((o) => { const t = plrf.asymptotics(o); return [hex(t.rho), hex(t.Fpp), hex(t.Fac), hex(t.F0), hex(t.Kpp), hex(t.estimate)]; });
res.stability = I.stability.map(([lam, g, b]) => { const s = plrf.stability(lam, g, b); return [hex(s.modeFactor), hex(s.kernelNorm), s.stable]; });
res.floors = I.floors.map((a) => hex(plrf.floorF0(...a)));
res.forcingSums = I.forcingSums.map((a) => hex(plrf.forcingSum(...a)));
res.phases = I.phases.map(([a, b]) => { const p = plrf.classifyPhase(a, b); return [p.phase, hex(p.xi), hex(p.eta), p.tradeoff, p.onBoundary, p.neighbours]; });
res.exponents = I.phases.map(([a, b]) => I.phaseNames.map((ph) => { const e = plrf.phaseExponents(ph, a, b); return [hex(e.xi), hex(e.eta)]; }));
{
  const { alpha, beta } = I.family;
  const fam = { small: [], wide: [] }, famRuns = [];
  for (const d of I.family.small) {
    const r = await plrf.lossCurve({ method: 'deterministic', alpha, beta, d, steps: Math.ceil(1e7 / d), points: 40 });
    fam.small.push({ d, flops: r.flops, loss: r.loss });
    const f = await plrf.lossCurve({ method: 'finite', alpha, beta, d, steps: Math.ceil(1e7 / d), points: 40, seeds: 3 });
    famRuns.push({ d, flops: f.flops, loss: f.loss, runs: f.runs });
  }
  for (const d of I.family.wide) {
    const r = await plrf.lossCurve({ method: 'deterministic', alpha, beta, d, steps: Math.ceil(1e8 / d), points: 40 });
    fam.wide.push({ d, flops: r.flops, loss: r.loss });
  }
  for (const [k, [which, o]] of Object.entries(I.fronts)) {
    try {
      res.fronts[k] = frontOut(plrf.computeOptimalFront(fam[which], o));
    } catch (e) {
      res.fronts[k] = { code: e.code, param: e.param, message: e.message };
    }
  }
  res.fronts.bootstrap = frontOut(plrf.computeOptimalFront(famRuns, { resamples: 50, seed: 3 }));
}
for (const [k, o] of Object.entries(I.measured)) {
  const r = await plrf.measureFront(o);
  res.measured[k] = { phase: r.phase.phase, theory: [hex(r.theory.xi), hex(r.theory.eta)], measured: frontOut(r.measured), flops: hexList(r.flops),
    curves: r.curves.map((c) => [c.d, c.steps, hexList(c.flops), hexList(c.loss), c.runs ? c.runs.map(hexList) : null]), warnings: r.warnings };
}
res.errors = [];
for (const [fn, args] of I.errors) {
  try {
    const r = fn === 'computeOptimalFront' ? plrf.computeOptimalFront(...args) : await plrf[fn](args);
    r?.dispose?.();
    res.errors.push(null);
  } catch (e) {
    res.errors.push({ code: e.code, param: e.param ?? null, message: e.message });
  }
}
out(res);
"""


def snake_opts(o):
    from plrf._validate import snake
    if isinstance(o, dict):
        return {snake(k): snake_opts(v) for k, v in o.items()}
    return o


def curve_out(r, kind="curve"):
    return {"steps": r.steps.tolist(), "flops": hexlist(r.flops), "loss": hexlist(r.loss),
            "stderr": None if r.stderr is None else hexlist(r.stderr), "limit": hexbits(r.limit),
            "F0": hexbits(r.f0) if kind == "curve" else None, "kernelNorm": hexbits(r.kernel_norm) if kind == "curve" else None,
            "gamma": hexbits(r.config.gamma), "runs": [hexlist(row) for row in r.runs],
            "diverged": None if r.diverged is None else {"step": r.diverged.step}, "warnings": r.warnings,
            "seeds": r.config.seeds}


def front_out(f):
    return {"approach": f.approach, "window": hexlist(f.window), "interior": None if f.interior is None else hexlist(f.interior),
            "xi": hexbits(f.xi), "eta": hexbits(f.eta), "xiCI": None if f.xi_ci is None else hexlist(f.xi_ci),
            "etaCI": None if f.eta_ci is None else hexlist(f.eta_ci), "ciMethod": f.ci_method,
            "front": [[hexbits(p.flops), hexbits(p.loss), hexbits(p.d)] for p in f.front],
            "localSlopes": [[hexbits(s.flops), hexbits(s.eta), hexbits(s.xi)] for s in f.local_slopes], "warnings": f.warnings}


@pytest.fixture(scope="module", params=["simd", "scalar"])
def node(request):
    res = run_node(NODE_BODY, {"build": request.param, "measures": MEASURES, "r": R, "functions": FUNCTIONS, "curves": CURVES,
                               "sgd": SGD, "problemF32": PROBLEM_F32, "asymptotics": ASYMPTOTICS, "floors": FLOORS,
                               "forcingSums": FORCING_SUMS, "stability": STABILITY, "phases": PHASES, "phaseNames": PHASE_NAMES, "family": FAMILY,
                               "fronts": FRONTS, "measured": MEASURED, "errors": ERRORS})
    plrf.init(simd=request.param == "simd")
    assert plrf.is_simd() == (request.param == "simd")
    yield res
    plrf.init(simd=True)


@pytest.mark.parametrize("case", list(MEASURES))
def test_spectral_measure(node, case):
    o = snake_opts(MEASURES[case])
    n = node["measures"][case]
    with plrf.spectral_measure(o.pop("method"), **o) as m:
        a = m.atoms()
        batch = o.get("batch", 1)
        gamma = o.get("gamma") or plrf.default_gamma(alpha=o["alpha"], v=m.v, batch=batch, gamma0=o.get("gamma0", 0.5))
        got = {"size": m.size, "F0": hexbits(m.f0), "p0": hexbits(m.p0),
               "masses": None if m.masses is None else [hexbits(m.masses.eigen), hexbits(m.masses.forcing)],
               "contour": None if m.contour is None else {
                   "left": hexbits(m.contour.left), "right": hexbits(m.contour.right), "slope": m.contour.slope,
                   "panelWidth": m.contour.panel_width, "nodesPerPanel": m.contour.nodes_per_panel, "capNodes": m.contour.cap_nodes},
               "gammaMax": hexbits(m.gamma_max),
               "atoms": [hexlist(x) for x in (a.z_re, a.z_im, a.phi_re, a.phi_im, a.nu_re, a.nu_im)],
               "forcing": [hexbits(m.forcing(r, gamma, batch)) for r in R],
               "kernel": [hexbits(m.kernel(r, gamma, batch)) for r in R]}
    for k in n:
        assert got[k] == n[k], k


@pytest.mark.parametrize("case", list(FUNCTIONS))
def test_forcing_and_kernel(node, case):
    fn, o = FUNCTIONS[case]
    o = snake_opts(o)
    assert hexlist(getattr(plrf, fn)(o.pop("method"), **o)) == node["functions"][case]


@pytest.mark.parametrize("case", list(CURVES))
def test_loss_curve(node, case):
    o = snake_opts(CURVES[case])
    r = plrf.loss_curve(o.pop("method"), **o)
    assert curve_out(r) == node["curves"][case]


@pytest.mark.parametrize("case", list(SGD))
def test_simulate_sgd(node, case):
    r = plrf.simulate_sgd(**snake_opts(SGD[case]))
    got = curve_out(r, "sgd")
    got["spectra"] = [[hexbits(s.p_star), hexbits(s.kernel_norm), hexbits(s.mode_factor)] for s in r.spectra]
    assert got == node["sgd"][case]


def test_problem_f32(node):
    with plrf.PlrfProblem.sample(**PROBLEM_F32) as p:
        s = p.spectrum()
        theta = [0.01 * i - 0.1 for i in range(p.d)]
        got = {"weights": hexlist(p.weights()), "lambda": hexlist(s.lambda_), "rho": hexlist(s.rho), "pStar": hexbits(s.p_star),
               "traceK": hexbits(p.trace_k()), "loss": hexbits(p.population_loss(theta))}
    assert got == node["problemF32"]


def test_asymptotics_floor_and_forcing_sum(node):
    got = []
    for o in ASYMPTOTICS:
        t = plrf.asymptotics(**snake_opts(o))
        got.append([hexbits(t.rho), hexbits(t.fpp), hexbits(t.fac), hexbits(t.f0), hexbits(t.kpp), hexbits(t.estimate)])
    assert got == node["asymptotics"]
    assert [hexbits(plrf.floor_f0(*a)) for a in FLOORS] == node["floors"]
    st = [plrf.stability(*a) for a in STABILITY]
    assert [[hexbits(x["mode_factor"]), hexbits(x["kernel_norm"]), x["stable"]] for x in st] == node["stability"]
    assert [hexbits(plrf.forcing_sum(*a)) for a in FORCING_SUMS] == node["forcingSums"]


def test_phases(node):
    got = []
    for a, b in PHASES:
        p = plrf.classify_phase(a, b)
        got.append([p.phase, hexbits(p.xi), hexbits(p.eta), p.tradeoff, p.on_boundary, p.neighbours])
    assert got == node["phases"]
    ex = [[[hexbits(x) for x in plrf.phase_exponents(ph, a, b)] for ph in PHASE_NAMES] for a, b in PHASES]
    assert ex == node["exponents"]


@pytest.fixture(scope="module")
def families(node):
    fam, fam_runs = {"small": [], "wide": []}, []
    a, b = FAMILY["alpha"], FAMILY["beta"]
    for d in FAMILY["small"]:
        n = -(-10 ** 7 // d)
        fam["small"].append(plrf.loss_curve("deterministic", a, b, d, steps=n, points=40))
        fam_runs.append(plrf.loss_curve("finite", a, b, d, steps=n, points=40, seeds=3))
    for d in FAMILY["wide"]:
        fam["wide"].append(plrf.loss_curve("deterministic", a, b, d, steps=-(-10 ** 8 // d), points=40))
    return fam, fam_runs


@pytest.mark.parametrize("case", list(FRONTS) + ["bootstrap"])
def test_compute_optimal_front(node, families, case):
    fam, fam_runs = families
    n = node["fronts"][case]
    assert "code" not in n, n
    if case == "bootstrap":
        f = plrf.compute_optimal_front(fam_runs, resamples=50, seed=3)
    else:
        which, o = FRONTS[case]
        f = plrf.compute_optimal_front(fam[which], **snake_opts(o))
    assert front_out(f) == n


@pytest.mark.parametrize("case", list(MEASURED))
def test_measure_front(node, case):
    r = plrf.measure_front(**snake_opts(MEASURED[case]))
    got = {"phase": r.phase.phase, "theory": [hexbits(r.theory.xi), hexbits(r.theory.eta)], "measured": front_out(r.measured),
           "flops": hexlist(r.flops),
           "curves": [[c.d, c.steps.tolist(), hexlist(c.flops), hexlist(c.loss),
                       None if c.runs is None else [hexlist(row) for row in c.runs]] for c in r.curves],
           "warnings": r.warnings}
    assert got == node["measured"][case]


@pytest.mark.parametrize("k", range(len(ERRORS)), ids=[f"{e[0]}-{k}" for k, e in enumerate(ERRORS)])
def test_typed_errors(node, k):
    fn, args = ERRORS[k]
    expected = node["errors"][k]
    assert expected is not None, f"Node accepted {ERRORS[k]}"
    f = {"spectralMeasure": plrf.spectral_measure, "lossCurve": plrf.loss_curve, "simulateSgd": plrf.simulate_sgd,
         "computeOptimalFront": plrf.compute_optimal_front}[fn]
    with pytest.raises(plrf.PlrfError) as e:
        if fn == "computeOptimalFront":
            f(args[0], **snake_opts(args[1]))
        else:
            o = snake_opts(args)
            r = f(o.pop("method"), **o) if "method" in o else f(**o)
            getattr(r, "dispose", lambda: None)()
    from plrf._validate import snake
    assert (e.value.code, e.value.param, str(e.value)) == (
        expected["code"], None if expected["param"] is None else snake(expected["param"]), expected["message"])


def test_interrupted_sgd_keeps_its_finished_runs():
    """Ctrl-C (a KeyboardInterrupt from on_progress here) during simulate_sgd: the exception carries
    the result over the finished runs, the same bits as asking for that many seeds."""
    plrf.init(simd=True)
    o = dict(alpha=1, beta=0.75, d=30, steps=20_000, points=12, seeds=6, seed=4)

    def stop(f):
        if f > 0.5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt) as e:
        plrf.simulate_sgd(on_progress=stop, **o)
    part = e.value.partial
    assert part is not None and 1 <= part.config.seeds < 6 and part.runs.shape[0] == part.config.seeds
    full = plrf.simulate_sgd(**dict(o, seeds=part.config.seeds))
    assert hexlist(part.loss) == hexlist(full.loss) and hexbits(part.limit) == hexbits(full.limit)
