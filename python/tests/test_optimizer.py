"""The ``optimizer`` option (momentum SGD and DANA, docs/model.md §10) against Node, on both Wasm
builds: simulate_sgd, loss_curve and measure_front give the same float64 bit patterns as
simulateSgd, lossCurve and measureFront with the same options, the resolved coefficients are the
same doubles, and invalid optimizer options raise the same code, param and message."""

from __future__ import annotations

import math

import pytest

import plrf

from conftest import hexbits, hexlist, run_node

DANA = {"name": "dana", "gamma1": 1, "gamma2": 0.01, "gamma3": {"value": 0.002, "power": 0.6, "scale": 3},
        "delta": {"value": 1, "scale": 1, "power": 1}}
SGD = {
    "momentum": {"alpha": 1, "beta": 0.75, "d": 40, "steps": 2000, "points": 20, "seeds": 3, "seed": 5,
                 "optimizer": "momentum"},
    "dana-decay": {"alpha": 0.8, "beta": 0.9, "d": 30, "v": 100, "steps": 3000, "points": 20, "seeds": 2, "seed": 1,
                   "optimizer": "dana-decay"},
    "dana-constant-direct": {"alpha": 1.2, "beta": 0.7, "d": 20, "steps": 500, "points": 12, "seeds": 2, "seed": 3,
                             "engine": "direct", "optimizer": "dana-constant"},
    "dana": {"alpha": 1, "beta": 0.6, "d": 25, "steps": 800, "points": 15, "seeds": 2, "wSeed": 4, "optimizer": DANA},
    "override": {"alpha": 0.9, "beta": 0.8, "d": 30, "steps": 600, "points": 10, "seeds": 2,
                 "optimizer": {"name": "dana-decay", "gamma3": 0.01}},
}
CURVES = {
    "det-dana-decay": {"method": "deterministic", "alpha": 0.7, "beta": 0.6, "d": 100, "steps": 100_000, "points": 30,
                       "optimizer": "dana-decay"},
    "det-momentum": {"method": "deterministic", "alpha": 1, "beta": 0.75, "d": 60, "steps": 20_000, "points": 20,
                     "unitSteps": 500, "optimizer": "momentum"},
    "finite-dana-constant": {"method": "finite", "alpha": 0.9, "beta": 0.7, "d": 30, "steps": 5000, "points": 15,
                             "seeds": 2, "seed": 3, "optimizer": "dana-constant"},
    "surrogate-dana": {"method": "surrogate", "alpha": 1, "beta": 0.6, "d": 40, "steps": 3000, "points": 12,
                       "blockFraction": 2 ** -5, "unitSteps": 100, "optimizer": DANA},
    # The coarse default panels fail their mass self-check here: both hosts fall back to SGD's panels.
    "det-fallback-panels": {"method": "deterministic", "alpha": 1.5, "beta": 0.8, "d": 200, "steps": 1e9, "points": 20,
                            "blockFraction": 1 / 8, "blockTolerance": 0, "optimizer": "dana-constant"},
}
FRONT = {"alpha": 0.7, "beta": 0.6, "d": [50, 100, 200], "flops": [50, 2e7], "points": 40, "optimizer": "dana-decay"}

NODE_BODY = """
const { build, sgd, curves, front } = INPUT;
await plrf.init({ simd: build === 'simd' });
const opt = (o) => [o.name, ...['gamma1', 'gamma2', 'gamma3', 'delta'].map((k) => hexList(o[k]))];
const res = { sgd: {}, curves: {} };
for (const [k, o] of Object.entries(sgd)) {
  const r = await plrf.simulateSgd(o);
  res.sgd[k] = { steps: r.steps, loss: hexList(r.loss), stderr: hexList(r.stderr), limit: hex(r.limit), runs: r.runs.map(hexList),
    spectra: r.spectra.map((s) => [hex(s.pStar), hex(s.kernelNorm), hex(s.modeFactor)]), optimizer: opt(r.config.optimizer),
    warnings: r.warnings };
}
for (const [k, o] of Object.entries(curves)) {
  const r = await plrf.lossCurve(o);
  res.curves[k] = { steps: r.steps, loss: hexList(r.loss), limit: hex(r.limit), F0: hex(r.F0), kernelNorm: hex(r.kernelNorm),
    runs: r.runs.map(hexList), optimizer: opt(r.config.optimizer), warnings: r.warnings };
}
{
  const r = await plrf.measureFront(front);
  res.front = { xi: hex(r.measured.xi), eta: hex(r.measured.eta), theory: [hex(r.theory.xi), hex(r.theory.eta)],
    flops: hexList(r.flops), loss: r.curves.map((c) => hexList(c.loss)), warnings: r.warnings };
}
out(res);
"""


def snake_opts(o):
    from plrf._validate import snake
    return {snake(k): v for k, v in o.items()}


def opt_bits(o):
    return [o.name] + [hexlist(getattr(o, k)) for k in ("gamma1", "gamma2", "gamma3", "delta")]


@pytest.fixture(scope="module", params=["simd", "scalar"])
def build(request):
    node = run_node(NODE_BODY, {"build": request.param, "sgd": SGD, "curves": CURVES, "front": FRONT})
    plrf.init(simd=request.param == "simd")
    yield request.param, node
    plrf.init(simd=True)


@pytest.mark.parametrize("case", list(SGD))
def test_simulate_sgd(build, case):
    _, node = build
    n = node["sgd"][case]
    r = plrf.simulate_sgd(**snake_opts(SGD[case]))
    assert r.steps.tolist() == n["steps"]
    assert hexlist(r.loss) == n["loss"]
    assert (None if r.stderr is None else hexlist(r.stderr)) == n["stderr"]
    assert hexbits(r.limit) == n["limit"]
    assert [hexlist(row) for row in r.runs] == n["runs"]
    assert [[hexbits(s.p_star), hexbits(s.kernel_norm), hexbits(s.mode_factor)] for s in r.spectra] == n["spectra"]
    assert opt_bits(r.config.optimizer) == n["optimizer"]
    assert r.warnings == n["warnings"]


@pytest.mark.parametrize("case", list(CURVES))
def test_loss_curve(build, case):
    _, node = build
    n = node["curves"][case]
    o = snake_opts(CURVES[case])
    r = plrf.loss_curve(o.pop("method"), **o)
    assert r.steps.tolist() == n["steps"]
    assert hexlist(r.loss) == n["loss"]
    assert hexbits(r.limit) == n["limit"]
    assert hexbits(r.f0) == n["F0"]
    assert hexbits(r.kernel_norm) == n["kernelNorm"]
    assert [hexlist(row) for row in r.runs] == n["runs"]
    assert opt_bits(r.config.optimizer) == n["optimizer"]
    assert r.warnings == n["warnings"]


def test_measure_front_dana_decay(build):
    _, node = build
    n = node["front"]
    r = plrf.measure_front(**snake_opts(FRONT))
    assert [hexlist(c.loss) for c in r.curves] == n["loss"]
    assert (hexbits(r.measured.xi), hexbits(r.measured.eta)) == (n["xi"], n["eta"])
    assert [hexbits(r.theory.xi), hexbits(r.theory.eta)] == n["theory"]
    assert hexlist(r.flops) == n["flops"]
    assert r.warnings == n["warnings"]
    assert any("plrf's derivation" in w for w in r.warnings)


def test_default_is_sgd_with_the_same_bits():
    """optimizer=None, 'sgd' and {"name": "sgd"} are plain SGD: the same curve as without the option."""
    plrf.init(simd=True)
    base = plrf.loss_curve("deterministic", alpha=0.7, beta=0.6, d=50, steps=1000, points=10)
    for o in ("sgd", {"name": "sgd"}):
        r = plrf.loss_curve("deterministic", alpha=0.7, beta=0.6, d=50, steps=1000, points=10, optimizer=o)
        assert hexlist(r.loss) == hexlist(base.loss)
        assert r.config.optimizer.name == "sgd" and r.config.optimizer.gamma2[0] == r.config.gamma
    assert base.config.optimizer.name == "sgd"


BAD = [
    ("simulateSgd", {"optimizer": "adam"}),
    ("simulateSgd", {"optimizer": 5}),
    ("simulateSgd", {"optimizer": {"name": "dana", "gamma1": 1}}),
    ("simulateSgd", {"optimizer": {"name": "momentum", "rho": 1}}),
    ("simulateSgd", {"optimizer": {"name": "momentum", "delta": 1.5}}),
    ("simulateSgd", {"optimizer": {"name": "momentum", "delta": -1}}),
    ("simulateSgd", {"optimizer": {"name": "momentum", "gamma1": "x"}}),
    ("simulateSgd", {"optimizer": {"name": "momentum", "gamma1": {"value": 1, "scale": 0}}}),
    ("simulateSgd", {"optimizer": {"name": "momentum", "gamma1": {"value": 1, "power": -1}}}),
    ("simulateSgd", {"optimizer": {"name": "momentum", "gamma1": {"value": 1, "pow": 1}}}),
    ("simulateSgd", {"optimizer": {"name": "momentum", "gamma1": {"scale": 2}}}),
    ("simulateSgd", {"optimizer": {"gamma1": 1}}),
    ("lossCurve", {"method": "deterministic", "optimizer": "momentum", "schedule": {"kind": "cosine", "final": 0.1}}),
    ("lossCurve", {"method": "deterministic", "optimizer": "dana-decay", "blockOrder": 2}),
    ("lossCurve", {"method": "deterministic", "optimizer": "dana-decay", "blockFraction": 0.75}),
    ("lossCurve", {"method": "deterministic", "optimizer": {"name": "momentum", "gamma3": 5}}),
    ("simulateSgd", {"optimizer": {"name": "momentum", "gamma3": 5}}),
]
BAD_BODY = """
await plrf.init();
const res = [];
for (const [fn, o] of INPUT) {
  try { await plrf[fn]({ alpha: 1, beta: 0.75, d: 20, steps: 200, seeds: fn === 'simulateSgd' ? 2 : undefined, ...o }); res.push(null); }
  catch (e) { res.push({ code: e.code, param: e.param ?? null, message: e.message }); }
}
out(res);
"""


def test_invalid_optimizer_options_match_node():
    from plrf._validate import snake
    node = run_node(BAD_BODY, BAD)
    plrf.init(simd=True)
    for (fn, o), n in zip(BAD, node):
        assert n is not None, f"Node accepted {o}"
        kw = snake_opts(o)
        try:
            if fn == "simulateSgd":
                plrf.simulate_sgd(alpha=1, beta=0.75, d=20, steps=200, seeds=2, **kw)
            else:
                plrf.loss_curve(kw.pop("method"), alpha=1, beta=0.75, d=20, steps=200, **kw)
            got = None
        except plrf.PlrfError as e:
            got = {"code": e.code, "param": e.param, "message": e.message}
        assert got is not None, f"Python accepted {o}; Node raised {n}"
        assert (got["code"], got["param"]) == (n["code"], None if n["param"] is None else snake(n["param"])), (o, got, n)
        # The optimizer's own messages are the same text (option names in snake_case).
        assert got["message"] == n["message"].replace("blockOrder", "block_order").replace("blockFraction", "block_fraction"), (o, got, n)


def test_dana_decay_prediction_is_marked():
    plrf.init(simd=True)
    r = plrf.measure_front(alpha=0.7, beta=0.6, d=[50, 100, 200], flops=[50, 2e7], points=30, optimizer="momentum")
    assert r.theory.xi is None and r.theory.eta is None
    assert "no predicted exponents for optimizer momentum" in r.warnings
    assert math.isfinite(r.measured.eta)
