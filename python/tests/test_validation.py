"""Validation parity: for a table of invalid inputs, the package raises PlrfError with the same code
and the same param (in snake_case) as the TypeScript package in Node, and the same message where
the message comes from the shared primitives (``{param} = {value} is invalid: expected ...``)."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import plrf
from plrf._validate import snake

from conftest import run_node

NAN, INF = float("nan"), float("inf")
SGD = {"alpha": 1, "beta": 0.75, "d": 10, "steps": 10}
DET = {"method": "deterministic", "alpha": 1, "beta": 0.75, "d": 10, "steps": 10}
THREE = [{"d": 10, "flops": [0, 10, 100], "loss": [1, 0.5, 0.2]}, {"d": 20, "flops": [0, 20, 200], "loss": [1, 0.4, 0.1]},
         {"d": 40, "flops": [0, 40, 400], "loss": [1, 0.45, 0.15]}]


def opt(base, **kw):
    o = dict(base)
    o.update(kw)
    return o


# (TypeScript function, its arguments: an options object or a list of positional arguments)
CASES = [
    ("sample", {"alpha": -1, "beta": 0.5, "d": 10}),
    ("sample", {"alpha": 0, "beta": 1, "d": 10}),
    ("sample", {"alpha": 101, "beta": 1, "d": 10}),
    ("sample", {"alpha": NAN, "beta": 1, "d": 10}),
    ("sample", {"alpha": "1", "beta": 1, "d": 10}),
    ("sample", {"alpha": True, "beta": 1, "d": 10}),
    ("sample", {"alpha": 0.2, "beta": 0.1, "d": 10}),
    ("sample", {"alpha": 1, "beta": -101, "d": 10}),
    ("sample", {"alpha": 1, "beta": INF, "d": 10}),
    ("sample", {"alpha": 1, "beta": 1, "d": 0}),
    ("sample", {"alpha": 1, "beta": 1, "d": 1.5}),
    ("sample", {"alpha": 1, "beta": 1, "d": 2 ** 31}),
    ("sample", {"alpha": 1, "beta": 1, "d": 10, "v": 5}),
    ("sample", {"alpha": 1, "beta": 1, "d": 10, "seed": -1}),
    ("sample", {"alpha": 1, "beta": 1, "d": 10, "seed": 1.5}),
    ("sample", {"alpha": 1, "beta": 1, "d": 10, "stream": 2 ** 53}),
    ("sample", {"alpha": 1, "beta": 1, "d": 10, "storage": "f16"}),
    ("sample", {"alpha": 1, "beta": 1, "d": 10, "alfa": 1}),
    ("sample", {"alpha": 1, "beta": 1, "d": 100_000}),
    ("sample", {"alpha": 1, "beta": 1, "d": 10_000, "v": 2_000_000}),
    ("simulateSgd", opt(SGD, steps=2.5)),
    ("simulateSgd", opt(SGD, steps=-1)),
    ("simulateSgd", {"alpha": 1, "beta": 0.75, "d": 10, "at": [1, -3]}),
    ("simulateSgd", {"alpha": 1, "beta": 0.75, "d": 10, "at": []}),
    ("simulateSgd", {"alpha": 1, "beta": 0.75, "d": 10, "at": 5}),
    ("simulateSgd", {"alpha": 1, "beta": 0.75, "d": 10, "at": [1, 10], "steps": 5}),
    ("simulateSgd", opt(SGD, seeds=0)),
    ("simulateSgd", opt(SGD, seeds=1.5)),
    ("simulateSgd", opt(SGD, batch=True)),
    ("simulateSgd", opt(SGD, batch=65537)),
    ("simulateSgd", opt(SGD, gamma=NAN)),
    ("simulateSgd", opt(SGD, gamma=0.1, gamma0=0.2)),
    ("simulateSgd", opt(SGD, gamma0=-1)),
    ("simulateSgd", opt(SGD, engine="fast")),
    ("simulateSgd", opt(SGD, storage="x")),
    ("simulateSgd", opt(SGD, wSeed=-1)),
    ("simulateSgd", opt(SGD, force="yes")),
    ("simulateSgd", opt(SGD, points=1)),
    ("simulateSgd", opt(SGD, points=100_001)),
    ("simulateSgd", opt(SGD, step=10)),
    ("simulateSgd", opt(SGD, seeds=1, gamma0=50)),
    ("simulateSgd", opt(SGD, seeds=2, gamma=100)),
    ("lossCurve", opt(DET, method="exact")),
    ("lossCurve", opt(DET, v=10)),
    ("lossCurve", opt(DET, d=0)),
    ("lossCurve", opt(DET, blockOrder=3)),
    ("lossCurve", opt(DET, blockFraction=0.7)),
    ("lossCurve", opt(DET, blockFraction=0)),
    ("lossCurve", opt(DET, unitSteps=-1)),
    ("lossCurve", opt(DET, schedule={"kind": "power", "r0": 0, "exponent": 1})),
    ("lossCurve", opt(DET, schedule={"kind": "power", "r0": 1, "exponent": 11})),
    ("lossCurve", opt(DET, schedule={"kind": "warm"})),
    ("lossCurve", opt(DET, schedule={"kind": "cosine", "final": 2})),
    ("lossCurve", opt(DET, schedule={"kind": "wsd", "warmup": 1.5, "decay": 1})),
    ("lossCurve", opt(DET, schedule={"kind": "power", "r0": 1, "exponent": 1, "x": 1})),
    ("lossCurve", opt(DET, schedule=3)),
    ("lossCurve", opt(DET, seeds=2)),
    ("lossCurve", opt(DET, method="surrogate", seed=1)),
    ("lossCurve", opt(DET, wSeed=1)),
    ("lossCurve", opt(DET, method="finite", seeds=0)),
    ("lossCurve", opt(DET, method="finite", wSeed=-2)),
    ("lossCurve", opt(DET, contour={"slope": 2})),
    ("lossCurve", opt(DET, contour={"panelWidth": 0})),
    ("lossCurve", opt(DET, contour={"nodesPerPanel": 1})),
    ("lossCurve", opt(DET, contour={"capNodes": 1001})),
    ("lossCurve", opt(DET, contour={"leftFactor": 1})),
    ("lossCurve", opt(DET, contour={"tailSums": 1})),
    ("lossCurve", opt(DET, contour={"foo": 1})),
    ("lossCurve", opt(DET, force=1)),
    ("lossCurve", opt(DET, gamma=-1)),
    ("lossCurve", opt(DET, gamma0=50)),
    ("lossCurve", {"method": "deterministic", "alpha": 0.6, "beta": 0.6, "d": 50, "steps": 10, "gamma0": 2}),
    ("lossCurve", {"method": "deterministic", "alpha": 0.6, "beta": 0.6, "d": 50, "steps": 10, "gamma": 0.5181903066544684}),
    ("lossCurve", opt(DET, gamma=2)),
    ("lossCurve", opt(DET, unit=1)),
    ("spectralMeasure", {"method": "x", "alpha": 1, "beta": 1, "d": 10}),
    ("spectralMeasure", {"method": "finite", "alpha": 1, "beta": 1, "d": 10, "seed": -1}),
    ("spectralMeasure", {"method": "finite", "alpha": 1, "beta": 1, "d": 10, "stream": 0.5}),
    ("spectralMeasure", {"method": "deterministic", "alpha": 1, "beta": 1, "d": 10, "seed": 1}),
    ("spectralMeasure", {"method": "surrogate", "alpha": 1, "beta": 1, "d": 10, "stream": 1}),
    ("spectralMeasure", {"method": "deterministic", "alpha": 1, "beta": 1, "d": 10, "v": 10}),
    ("spectralMeasure", {"method": "deterministic", "alpha": 1, "beta": 1, "d": 10, "batch": 0}),
    ("spectralMeasure", {"method": "deterministic", "alpha": 1, "beta": 1, "d": 10, "gamma": 0}),
    ("spectralMeasure", {"method": "deterministic", "alpha": 1, "beta": 1, "d": 10, "contour": {"slope": 0}}),
    ("spectralMeasure", {"method": "surrogate", "alpha": 1, "beta": 1, "d": 10, "seeds": 2}),
    ("spectralMeasure", {"method": "finite", "alpha": 1, "beta": 1, "d": 100_000}),
    ("spectralDensity", {"alpha": 1, "beta": 1, "d": 10, "x": [1, -1]}),
    ("spectralDensity", {"alpha": 1, "beta": 1, "d": 10, "x": [NAN]}),
    ("spectralDensity", {"alpha": 1, "beta": 1, "d": 10, "x": "ab"}),
    ("spectralDensity", {"alpha": 1, "beta": 1, "d": 10, "x": 3}),
    ("spectralDensity", {"alpha": 1, "beta": 1, "d": 10, "x": [1], "eps": 0}),
    ("spectralDensity", {"alpha": 1, "beta": 1, "d": 10, "x": [1], "eps": 2}),
    ("spectralDensity", {"alpha": 1, "beta": 1, "d": 10, "x": [1], "v": 2 ** 28 + 1}),
    ("spectralDensity", {"alpha": 1, "beta": 1, "d": 0, "x": [1]}),
    ("spectralDensity", {"alpha": 1, "beta": 1, "d": 10, "x": [1], "y": 1}),
    ("asymptotics", {"alpha": 1, "beta": 1, "d": 10, "r": 0.5}),
    ("asymptotics", {"alpha": 1, "beta": 1, "d": 10, "r": 10, "gamma": 1, "gamma0": 1}),
    ("asymptotics", {"alpha": 1, "beta": 1, "d": 10, "r": 10, "gamma": -1}),
    ("asymptotics", {"alpha": 1, "beta": 1, "d": 10, "r": 10, "gamma0": 0}),
    ("asymptotics", {"alpha": 1, "beta": 1, "d": 10, "r": 10, "batch": 0}),
    ("asymptotics", {"alpha": 1, "beta": 1, "d": 10, "r": 10, "v": 9}),
    ("asymptotics", {"alpha": 1, "beta": 1, "d": 10, "r": 10, "rr": 10}),
    ("classifyPhase", [-1, 0.5]),
    ("classifyPhase", [0, 1]),
    ("classifyPhase", [1e-7, 1]),
    ("classifyPhase", ["a", 1]),
    ("classifyPhase", [1, 200]),
    ("classifyPhase", [1, NAN]),
    ("classifyPhase", [False, 1]),
    ("computeOptimalFront", [THREE[:2], {}]),
    ("computeOptimalFront", [THREE, {"approach": 3}]),
    ("computeOptimalFront", [THREE, {"approach": True}]),
    ("computeOptimalFront", [THREE, {"parabolaPoints": 4}]),
    ("computeOptimalFront", [THREE, {"density": 1}]),
    ("computeOptimalFront", [THREE, {"resamples": 5}]),
    ("computeOptimalFront", [THREE, {"seed": -1}]),
    ("computeOptimalFront", [THREE, {"windows": [1, 2]}]),
    ("computeOptimalFront", [[dict(THREE[0], d=1.5)] + THREE[1:], {}]),
    ("computeOptimalFront", [[dict(THREE[0], d=20)] + THREE[1:], {}]),
    ("computeOptimalFront", [[dict(THREE[0], flops=[0, 1])] + THREE[1:], {}]),
    ("computeOptimalFront", [[dict(THREE[0], flops=[0])] + THREE[1:], {}]),
    ("computeOptimalFront", [[THREE[0], dict(THREE[1], loss=[0, 1, 1])] + THREE[2:], {}]),
    ("computeOptimalFront", [[dict(c, flops=[0, 0, 0]) for c in THREE], {}]),
    ("computeOptimalFront", [THREE, {"window": [1]}]),
    ("computeOptimalFront", [THREE, {"window": [-1, 2]}]),
    ("computeOptimalFront", [THREE, {"window": [2, 1]}]),
    ("measureFront", {"alpha": 0.7, "beta": 0.6, "d": [10, 20]}),
    ("measureFront", {"alpha": 0.7, "beta": 0.6, "d": [10, 10, 20]}),
    ("measureFront", {"alpha": 0.7, "beta": 0.6, "d": [10, 20, 0]}),
    ("measureFront", {"alpha": 0.7, "beta": 0.6, "d": 10}),
    ("measureFront", {"alpha": 0.7, "beta": 0.6, "d": [10, 20, 40], "method": "x"}),
    ("measureFront", {"alpha": 0.7, "beta": 0.6, "d": [10, 20, 40], "vRatio": 0.5}),
    ("measureFront", {"alpha": 0.7, "beta": 0.6, "d": [10, 20, 40], "vRatio": 1}),
    ("measureFront", {"alpha": 0.7, "beta": 0.6, "d": [10, 20, 40], "batch": 0}),
    ("measureFront", {"alpha": 0.7, "beta": 0.6, "d": [10, 20, 40], "seeds": 0}),
    ("measureFront", {"alpha": 0.7, "beta": 0.6, "d": [10, 20, 40], "points": 5}),
    ("measureFront", {"alpha": 0.7, "beta": 0.6, "d": [10, 20, 40], "flops": [0, 1]}),
    ("measureFront", {"alpha": 0.7, "beta": 0.6, "d": [10, 20, 40], "flops": [2, 1]}),
    ("measureFront", {"alpha": 0.7, "beta": -0.3, "d": [10, 20, 40]}),
    ("measureFront", {"alpha": 0.7, "beta": 0.6, "d": [10, 20, 40], "dd": 1}),
    ("forcing", {"method": "deterministic", "alpha": 1, "beta": 1, "d": 10, "r": [1, -1]}),
    ("kernel", {"method": "surrogate", "alpha": 1, "beta": 1, "d": 10, "r": [NAN]}),
    ("forcing", {"method": "finite", "alpha": 1, "beta": 1, "d": 10, "r": [1], "seed": -1}),
    ("kernel", {"method": "deterministic", "alpha": 1, "beta": 1, "d": 10, "r": [1], "contour": {"capNodes": 1}}),
    ("floorF0", [1, 1, 10, 5]),
    ("floorF0", [0.2, 0.1, 10, 40]),
    ("floorF0", [1, 1, 0, 40]),
    ("forcingSum", [1, 1, -1, 10]),
    ("forcingSum", [1, 1, 1, 0]),
    ("forcingSum", [1, 1, 1, 1.5]),
    ("traceD", [0, 10]),
    ("traceD", [1, 0]),
    ("logCheckpoints", [-1, 10]),
    ("logCheckpoints", [10, 1]),
    ("logCheckpoints", [10, 1_000_001]),
    ("defaultGamma", {"alpha": 1, "v": 0}),
    ("defaultGamma", {"alpha": 1, "v": 10, "gamma0": 0}),
    ("defaultGamma", {"alpha": 1, "beta": -1, "v": 10}),
    ("defaultGamma", {"alpha": 1, "v": 10, "batch": 0}),
]

NODE_BODY = """
const { PlrfProblem, PlrfError } = plrf;
const call = {
  sample: (o) => PlrfProblem.sample(o),
  simulateSgd: (o) => plrf.simulateSgd(o), lossCurve: (o) => plrf.lossCurve(o),
  spectralMeasure: (o) => plrf.spectralMeasure(o), spectralDensity: (o) => plrf.spectralDensity(o),
  asymptotics: (o) => plrf.asymptotics(o), measureFront: (o) => plrf.measureFront(o), defaultGamma: (o) => plrf.defaultGamma(o),
  classifyPhase: (a) => plrf.classifyPhase(...a), traceD: (a) => plrf.traceD(...a), logCheckpoints: (a) => plrf.logCheckpoints(...a),
  computeOptimalFront: (a) => plrf.computeOptimalFront(...a),
  forcing: (o) => plrf.forcing(o), kernel: (o) => plrf.kernel(o), floorF0: (a) => plrf.floorF0(...a), forcingSum: (a) => plrf.forcingSum(...a),
};
await plrf.init();
const results = [];
for (const [fn, args] of INPUT) {
  try {
    const r = await call[fn](args);
    if (r && typeof r.dispose === 'function') r.dispose();
    results.push(null);
  } catch (e) {
    results.push(e instanceof PlrfError ? { code: e.code, param: e.param ?? null, message: e.message } : { code: 'not a PlrfError: ' + e, param: null, message: String(e) });
  }
}
out(results);
"""

PY_NAMES = {"sample": plrf.PlrfProblem.sample, "simulateSgd": plrf.simulate_sgd, "lossCurve": plrf.loss_curve,
            "spectralMeasure": plrf.spectral_measure, "spectralDensity": plrf.spectral_density,
            "asymptotics": plrf.asymptotics, "measureFront": plrf.measure_front, "defaultGamma": plrf.default_gamma,
            "classifyPhase": plrf.classify_phase, "traceD": plrf.trace_d, "logCheckpoints": plrf.log_checkpoints,
            "computeOptimalFront": plrf.compute_optimal_front, "forcing": plrf.forcing, "kernel": plrf.kernel,
            "floorF0": plrf.floor_f0, "forcingSum": plrf.forcing_sum}


def snake_keys(x):
    if isinstance(x, dict):
        return {snake(k): snake_keys(v) for k, v in x.items()}
    if isinstance(x, list):
        return [snake_keys(v) for v in x]
    return x


def py_call(fn, args):
    f = PY_NAMES[fn]
    try:
        if fn == "computeOptimalFront":
            r = f(args[0], **snake_keys(args[1]))
        elif isinstance(args, list):
            r = f(*args)
        else:
            r = f(**snake_keys(args))
        if hasattr(r, "dispose"):
            r.dispose()
        return None
    except plrf.PlrfError as e:
        return {"code": e.code, "param": e.param, "message": str(e)}


@pytest.fixture(scope="module")
def node_results():
    return run_node(NODE_BODY, CASES)


@pytest.mark.parametrize("k", range(len(CASES)), ids=[f"{c[0]}-{k}" for k, c in enumerate(CASES)])
def test_same_code_and_param_as_node(k, node_results):
    case, node = CASES[k], node_results[k]
    assert node is not None, f"Node accepted {case}: the table must hold invalid inputs only"
    py = py_call(*case)
    assert py is not None, f"Python accepted {case}; Node raised {node}"
    expected_param = None if node["param"] is None else snake(node["param"])
    assert (py["code"], py["param"]) == (node["code"], expected_param), f"Python {py} vs Node {node}"
    # Messages of the shared primitives are the same text (option names in snake_case).
    m = re.match(r"^(\S+) = (.*) is invalid: expected (.*)$", node["message"])
    if m and node["code"] == "INVALID_ARGUMENT" and m.group(1) == node["param"]:
        assert py["message"] == f"{expected_param} = {m.group(2)} is invalid: expected {m.group(3)}"


def test_bool_is_not_a_number():
    for kw in ({"d": True}, {"alpha": True}, {"seed": np.bool_(True)}):
        with pytest.raises(plrf.PlrfError) as e:
            plrf.PlrfProblem.sample(**{"alpha": 1, "beta": 0.75, "d": 10, **kw})
        assert e.value.code == "INVALID_ARGUMENT" and e.value.param == next(iter(kw))


def test_argument_errors_are_value_errors():
    with pytest.raises(ValueError):
        plrf.simulate_sgd(alpha=-1, beta=0.5, d=10, steps=10)
