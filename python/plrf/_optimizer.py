"""Momentum SGD and DANA (docs/model.md §10): the ``optimizer`` option of :func:`plrf.simulate_sgd`,
:func:`plrf.loss_curve` and :func:`plrf.measure_front`, its presets and the coefficient table the Wasm
core reads (OPT_* of the ABI). A mirror of src/model/optimizer.ts: the same checks in the same
order, the same messages, and the preset coefficients by the same double operations (so the
tables, and hence the results, have the same bits as in Node).

The optimizer is y' = (1 - Delta_t) y + gamma1_t G, theta' = theta - gamma2_t G - gamma3_t y' (G the
summed batch gradient); a coefficient is a constant or the power law value (1 + t/scale)^(-power)
in the step t (counted from 0).
"""

from __future__ import annotations

import json
import math
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

from . import _abi as A
from ._errors import PlrfError
from ._results import ResolvedOptimizer
from ._validate import is_number, js_number

#: Optimizer names: ``sgd`` (default), heavy-ball ``momentum``, the two DANA presets and ``dana`` with
#: every coefficient given (``OPTIMIZER_NAMES`` in TypeScript).
OPTIMIZER_NAMES = ("sgd", "momentum", "dana-constant", "dana-decay", "dana")
#: Heavy-ball default momentum decay Delta = 0.1 (beta = 0.9); gamma3 = gamma Delta.
MOMENTUM_DEFAULT_DELTA = 0.1
_COEFFICIENTS = ("gamma1", "gamma2", "gamma3", "delta")

Triple = Tuple[float, float, float]
#: An optimizer option: a name, or a mapping with ``name`` and optional coefficients.
OptimizerOption = Union[str, Mapping[str, Any]]


def _coefficient(name: str, c: Any) -> Triple:
    def bad(what: str) -> PlrfError:
        return PlrfError("INVALID_ARGUMENT", f"optimizer.{name}: {what}", f"optimizer.{name}")

    if is_number(c):
        x = float(c)
        if not math.isfinite(x) or x < 0:
            raise bad(f"must be a finite number >= 0 (got {js_number(x)})")
        return (x, 1.0, 0.0)
    if not isinstance(c, Mapping):
        raise bad("must be a number or { value, scale?, power? }")
    for k in c:
        if k not in ("value", "scale", "power"):
            raise bad(f'unknown key "{k}" (allowed: value, scale, power)')
    value = c.get("value")
    scale = 1 if c.get("scale") is None else c.get("scale")
    power = 0 if c.get("power") is None else c.get("power")

    def show(x: Any) -> str:
        return js_number(float(x)) if is_number(x) else ("undefined" if x is None else str(x))

    if not is_number(value) or not math.isfinite(float(value)) or float(value) < 0:
        raise bad(f"value must be a finite number >= 0 (got {show(value)})")
    if not is_number(scale) or not math.isfinite(float(scale)) or float(scale) <= 0:
        raise bad(f"scale must be a finite number > 0 (got {show(scale)})")
    if not is_number(power) or not math.isfinite(float(power)) or float(power) < 0:
        raise bad(f"power must be a finite number >= 0 (got {show(power)})")
    return (float(value), float(scale), float(power))


def resolve_optimizer(option: Any, alpha: float, beta: float, d: int, v: int, batch: int, gamma: float,
                      trace_d: float) -> ResolvedOptimizer:
    """Resolve an optimizer option (a name, or a mapping ``{"name", "gamma1"?, "gamma2"?, "gamma3"?,
    "delta"?}``; None is ``sgd``) to its coefficients at the problem (alpha, beta, d, v, B);
    ``gamma`` is the SGD learning rate (sgd and the momentum preset use it), ``trace_d`` =
    sum_(j<=v) j^(-2 alpha) (the DANA presets use it). A name alone uses the preset; with ``dana``
    every coefficient is required; with a preset, a given coefficient replaces the preset's.
    ``resolveOptimizer`` in TypeScript."""
    spec: Any = {"name": "sgd"} if option is None else {"name": option} if isinstance(option, str) else option
    if not isinstance(spec, Mapping):
        raise PlrfError("INVALID_ARGUMENT", "optimizer must be a name or { name, gamma1?, gamma2?, gamma3?, delta? }",
                        "optimizer")
    for k in spec:
        if k not in ("name",) + _COEFFICIENTS:
            raise PlrfError("INVALID_ARGUMENT", f'optimizer: unknown key "{k}" (allowed: name, gamma1, gamma2, gamma3, delta)',
                            "optimizer")
    name = spec.get("name")
    if not isinstance(name, str) or name not in OPTIMIZER_NAMES:
        shown = "undefined" if name is None else json.dumps(name, default=str)
        raise PlrfError("INVALID_ARGUMENT", f"optimizer must be one of {', '.join(OPTIMIZER_NAMES)} (got {shown})", "optimizer")
    B, trd = batch, trace_d
    preset: Dict[str, Triple] = {}
    if name == "sgd":
        preset = {"gamma1": (0.0, 1.0, 0.0), "gamma2": (gamma, 1.0, 0.0), "gamma3": (0.0, 1.0, 0.0), "delta": (0.0, 1.0, 0.0)}
    elif name == "momentum":
        preset = {"gamma1": (1.0, 1.0, 0.0), "gamma2": (0.0, 1.0, 0.0), "gamma3": (gamma * MOMENTUM_DEFAULT_DELTA, 1.0, 0.0),
                  "delta": (MOMENTUM_DEFAULT_DELTA, 1.0, 0.0)}
    elif name in ("dana-decay", "dana-constant"):
        # The same double operations as src/model/optimizer.ts (Math.min(1, x) is min(1.0, x)).
        g3 = 0.25 * min(1.0, B / trd)
        preset = {"gamma1": (1 / B, 1.0, 0.0), "gamma2": (0.5 * min(1 / B, 1 / trd), 1.0, 0.0),
                  "delta": (1.0, 4 + (alpha + beta) / alpha, 1.0),
                  "gamma3": (g3, 1.0, 1 / (2 * alpha)) if name == "dana-decay" else (g3 / d, 1.0, 0.0)}
    out: Dict[str, Triple] = {}
    for k in _COEFFICIENTS:
        if spec.get(k) is not None:
            out[k] = _coefficient(k, spec[k])
        elif k in preset:
            out[k] = preset[k]
        else:
            raise PlrfError("INVALID_ARGUMENT", f"optimizer dana needs every coefficient: {k} is missing", f"optimizer.{k}")
    if out["delta"][0] > 1:
        raise PlrfError("INVALID_ARGUMENT", f"optimizer.delta must be <= 1 at t = 0 (got {js_number(out['delta'][0])})",
                        "optimizer.delta")
    return ResolvedOptimizer(name=name, **out)


def optimizer_name(option: Any) -> str:
    """The name of an optimizer option before resolution (``sgd`` for None)."""
    if option is None:
        return "sgd"
    if isinstance(option, str):
        return option
    return str(option.get("name", "sgd")) if isinstance(option, Mapping) else "sgd"


def optimizer_table(o: ResolvedOptimizer) -> List[float]:
    """The OPT_TABLE_LEN doubles of the Wasm optimizer table (``optimizerTable`` in TypeScript)."""
    t = [0.0] * A.OPT_TABLE_LEN
    for k, c in ((A.OPT_GAMMA1, o.gamma1), (A.OPT_GAMMA2, o.gamma2), (A.OPT_GAMMA3, o.gamma3), (A.OPT_DELTA, o.delta)):
        t[3 * k], t[3 * k + 1], t[3 * k + 2] = c
    return t


def effective_step(o: ResolvedOptimizer) -> float:
    """c(0) = gamma2 + gamma1 gamma3 at t = 0: the error's effective step, which sets the deterministic contour."""
    return o.gamma2[0] + o.gamma1[0] * o.gamma3[0]


def varying(o: ResolvedOptimizer) -> bool:
    """Whether some coefficient varies with t (then there is no frozen-time limit)."""
    return o.name != "sgd" and any(c[2] != 0 and c[0] != 0 for c in (o.gamma1, o.gamma2, o.gamma3, o.delta))


def is_preset(option: Optional[Any]) -> bool:
    """A name alone (or ``{"name": ...}`` alone): the preset's coefficients, unchanged."""
    return isinstance(option, str) or (isinstance(option, Mapping) and len(option) == 1)
