"""Validation at the API boundary: a mirror of src/core/validate.ts and of the checks each public
TypeScript function makes, with the same error codes, the same messages where practical, and the
offending option named in this package's spelling (the TypeScript name in snake_case).

Numbers: ``int``, ``float`` and numpy integer and floating scalars are numbers; ``bool`` (and
``numpy.bool_``) is not. An integral float such as ``100.0`` is an integer, as in JavaScript.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np

from ._errors import PlrfError

MAX_SAFE_INTEGER = 2 ** 53 - 1
MAX_I32 = 2 ** 31 - 1
#: Largest |alpha|, |beta| accepted (src/core/validate.ts MAX_EXPONENT).
MAX_EXPONENT = 100
#: Smallest alpha accepted (src/core/validate.ts MIN_ALPHA).
MIN_ALPHA = 1e-6
#: Wasm memory limit and largest single block (src/core/wasm.ts).
MAX_MEMORY_BYTES = 2 ** 31
MAX_BLOCK_BYTES = 2 ** 30 - 64
#: Headroom for static data and fragmentation (src/core/memory.ts).
RESERVED_BYTES = 64 * 2 ** 20
#: Largest v·d of an f64 W (src/model/problem.ts MAX_W_ENTRIES).
MAX_W_ENTRIES = (2 ** 30 - 64) // 8
#: Arrays of n entries in a recursion workspace (src/theory/measure.ts WS_ARRAYS).
WS_ARRAYS = 24
DEFAULT_GAMMA0 = 0.5


# ---------------------------------------------------------------------------------------------
# Spelling

def snake(name: str) -> str:
    """The Python spelling of a TypeScript option or parameter name: ``unitSteps`` -> ``unit_steps``,
    ``contour.tailSums`` -> ``contour.tail_sums``, ``F0`` -> ``f0``, ``xiCI`` -> ``xi_ci``."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def js_number(x: float) -> str:
    """``String(x)`` of JavaScript for a double (shortest round-trip digits, JS exponent rules)."""
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    r = repr(abs(x))
    mant, _, exp = r.partition("e")
    e = int(exp) if exp else 0
    if "." in mant:
        ip, fp = mant.split(".")
    else:
        ip, fp = mant, ""
    digits = (ip + fp).lstrip("0")
    # value = 0.digits × 10^n
    lead_zeros = len(ip + fp) - len((ip + fp).lstrip("0"))
    n = len(ip) + e - lead_zeros
    digits = digits.rstrip("0") or "0"
    k = len(digits)
    if k <= n <= 21:
        s = digits + "0" * (n - k)
    elif 0 < n <= 21:
        s = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        s = "0." + "0" * (-n) + digits
    else:
        m = n - 1
        s = digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if m >= 0 else "-") + str(abs(m))
    return sign + s


def _js_show(value: Any) -> str:
    """How src/core/validate.ts shows a value in a message (String for numbers and booleans, else JSON)."""
    if value is None:
        return "undefined"
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if is_number(value):
        try:
            return js_number(float(value))
        except OverflowError:
            return str(value)
    if isinstance(value, np.ndarray):
        value = value.tolist()
    try:
        return json.dumps(value, separators=(",", ":"), default=lambda o: o.tolist() if hasattr(o, "tolist") else str(o))
    except (TypeError, ValueError):
        return str(value)


# ---------------------------------------------------------------------------------------------
# Primitives (src/core/validate.ts)

def is_number(value: Any) -> bool:
    """Whether value is a number: int, float or a numpy integer/floating scalar, not a bool."""
    if isinstance(value, (bool, np.bool_)):
        return False
    return isinstance(value, (int, float, np.integer, np.floating))


def fail(param: str, value: Any, allowed: str):
    """Raise INVALID_ARGUMENT: ``{param} = {value} is invalid: expected {allowed}``."""
    raise PlrfError("INVALID_ARGUMENT", f"{param} = {_js_show(value)} is invalid: expected {allowed}", param)


def _bound(x: float) -> str:
    return js_number(x)


def finite(param: str, value: Any, gt: Optional[float] = None, ge: Optional[float] = None,
           lt: Optional[float] = None, le: Optional[float] = None) -> float:
    """A finite number, optionally within bounds; returned as a Python float."""
    parts = []
    if gt is not None:
        parts.append(f"> {_bound(gt)}")
    if ge is not None:
        parts.append(f">= {_bound(ge)}")
    if lt is not None:
        parts.append(f"< {_bound(lt)}")
    if le is not None:
        parts.append(f"<= {_bound(le)}")
    allowed = "a finite number" + (" " + " and ".join(parts) if parts else "")
    if not is_number(value):
        fail(param, value, allowed)
    try:
        x = float(value)
    except OverflowError:
        fail(param, value, allowed)
    if not math.isfinite(x):
        fail(param, value, allowed)
    if (gt is not None and not x > gt) or (ge is not None and not x >= ge) \
            or (lt is not None and not x < lt) or (le is not None and not x <= le):
        fail(param, value, allowed)
    return x


def integer(param: str, value: Any, lo: int, hi: int = MAX_SAFE_INTEGER) -> int:
    """An integer in [lo, hi] (an integral float counts, as in JavaScript); returned as a Python int."""
    ok = False
    if is_number(value):
        if isinstance(value, (int, np.integer)):
            ok = lo <= int(value) <= hi
        else:
            x = float(value)
            ok = math.isfinite(x) and x.is_integer() and lo <= x <= hi
    if not ok:
        fail(param, value, f"an integer in [{js_number(lo)}, {js_number(hi)}]")
    return int(value)


def one_of(param: str, value: Any, allowed: Sequence[str]) -> str:
    """One of a list of strings."""
    if not isinstance(value, str) or value not in allowed:
        fail(param, value, "one of " + ", ".join(allowed))
    return value


def boolean(param: str, value: Any) -> bool:
    """True or False (numpy booleans accepted)."""
    if not isinstance(value, (bool, np.bool_)):
        fail(param, value, "true or false")
    return bool(value)


def known_keys(what: str, given: Dict[str, Any], allowed: Sequence[str]) -> None:
    """Refuse unknown keyword options (catches typos such as ``alfa``)."""
    for key in given:
        if key not in allowed:
            raise PlrfError("INVALID_ARGUMENT", f"unknown option '{key}' for {what}; known options: {', '.join(allowed)}", key)


def is_array(value: Any) -> bool:
    """A list, tuple or one-dimensional numpy array (JavaScript's Array.isArray)."""
    if isinstance(value, np.ndarray):
        return value.ndim == 1
    return isinstance(value, (list, tuple))


def admissible(alpha: Any, beta: Any) -> Tuple[float, float]:
    """1e-6 <= alpha <= 100, |beta| <= 100 and alpha + beta > 1/2."""
    a = finite("alpha", alpha, ge=MIN_ALPHA, le=MAX_EXPONENT)
    b = finite("beta", beta, ge=-MAX_EXPONENT, le=MAX_EXPONENT)
    if not a + b > 0.5:
        raise PlrfError(
            "INVALID_ARGUMENT",
            f"alpha + beta = {js_number(a + b)} is invalid: the model needs alpha + beta > 1/2 "
            "(otherwise P(0) diverges with v and the loss has no power law)", "beta")
    return a, b


def sizes(d: Any, v: Any, strict: bool = False) -> Tuple[int, int]:
    """d (integer >= 1) and v (default 4 d, integer >= d; > d when strict)."""
    d_ = integer("d", d, 1, MAX_I32)
    v_ = integer("v", 4 * d_ if v is None else v, d_, MAX_I32)
    if strict and v_ == d_:
        raise PlrfError("INVALID_ARGUMENT", f"v = {v_} is invalid for the deterministic method: it needs v > d (the "
                        "capacity floor and the contour's left end require it); use finite or surrogate for v = d", "v")
    return d_, v_


def learning_rate(gamma: Any, gamma0: Any) -> Tuple[Optional[float], float]:
    """An explicit gamma (> 0) or the gamma0 of the default rule (> 0, default 0.5), not both."""
    if gamma is not None and gamma0 is not None:
        raise PlrfError("INVALID_ARGUMENT", "give gamma or gamma0, not both", "gamma")
    g = None if gamma is None else finite("gamma", gamma, gt=0)
    return g, finite("gamma0", DEFAULT_GAMMA0 if gamma0 is None else gamma0, gt=0)


def _gib(x: float) -> str:
    return f"{x / 2 ** 30:.2f}"


def check_budget(nbytes: float, largest: float, param: str, what: str, fits: str) -> None:
    """Refuse a request that cannot fit the Wasm memory (src/core/memory.ts checkBudget; this host
    does not count live blocks, so only the static limit applies)."""
    available = MAX_MEMORY_BYTES - RESERVED_BYTES
    if largest > MAX_BLOCK_BYTES or nbytes > available:
        raise PlrfError("MEMORY", f"{what} needs {_gib(nbytes)} GiB (largest block {_gib(largest)} GiB) but the Wasm "
                        f"memory limit leaves {_gib(max(0, available))} GiB (at most {_gib(MAX_BLOCK_BYTES)} GiB per "
                        f"block); {fits}", param)


def check_problem_memory(d: int, v: int, param: str, storage: str = "f64") -> None:
    """Refuse a (d, v) whose W does not fit (src/model/problem.ts checkProblemMemory)."""
    nb = 8 if storage == "f64" else 4
    max_entries = (2 ** 30 - 64) // nb
    max_d = math.floor(math.sqrt(max_entries / (v / d)))
    ratio = js_number(float(f"{v / d:.3f}"))
    kind = "doubles" if storage == "f64" else "floats"
    check_budget(nb * v * d + 8 * (4 * v + d), nb * v * d, param, f"W (v·d = {v}·{d} = {v * d} {kind})",
                 f"v·d must be <= {max_entries} with {storage} storage; at v/d = {ratio} that means d <= {max_d}")


# ---------------------------------------------------------------------------------------------
# Conventions (src/model/conventions.ts)

def log_checkpoints_args(steps: Any, points: Any) -> Tuple[int, int]:
    return integer("steps", steps, 0), integer("points", points, 2, 1_000_000)


def resolve_checkpoints(steps: Any, points: Any, at: Any) -> Tuple[int, Optional[List[int]], Optional[int]]:
    """Validate the checkpoint options. Returns (steps, explicit checkpoints or None, points): with
    ``at`` the checkpoints are 0, the entries of at, sorted and deduplicated; without, the caller
    gets about ``points`` log-spaced checkpoints from :func:`plrf.log_checkpoints`."""
    if at is None:
        n = integer("steps", steps, 0)
        return n, None, integer("points", 60 if points is None else points, 2, 100_000)
    if not is_array(at) or len(at) == 0:
        raise PlrfError("INVALID_ARGUMENT", "at must be a non-empty array of integer steps >= 0", "at")
    cps = {0}
    for i, r in enumerate(at):
        cps.add(integer(f"at[{i}]", r, 0))
    checkpoints = sorted(cps)
    last = checkpoints[-1]
    if steps is not None and integer("steps", steps, 0) != last:
        raise PlrfError("INVALID_ARGUMENT", f"steps = {_js_show(steps)} differs from the last entry of at ({last})", "steps")
    return last, checkpoints, None


def schedule(s: Any) -> Optional[Dict[str, Any]]:
    """A learning-rate schedule (src/theory/schedule.ts): None or ``{"kind": "constant"}`` (constant),
    ``{"kind": "power", "r0": .., "exponent": ..}``, ``{"kind": "cosine", "final": ..}`` or
    ``{"kind": "wsd", "warmup": .., "decay": .., "final": ..}``. Returns the validated schedule
    (None for constant)."""
    if s is None or (isinstance(s, dict) and s.get("kind") == "constant"):
        return None
    if not isinstance(s, dict):
        raise PlrfError("INVALID_ARGUMENT", "schedule must be an object with a kind", "schedule")
    kind = s.get("kind")
    if kind == "power":
        known_keys("schedule", s, ["kind", "r0", "exponent"])
        return {"kind": "power", "r0": finite("schedule.r0", s.get("r0"), gt=0),
                "exponent": finite("schedule.exponent", s.get("exponent"), ge=0, le=10)}
    if kind == "cosine":
        known_keys("schedule", s, ["kind", "final"])
        return {"kind": "cosine", "final": finite("schedule.final", s.get("final", 0), ge=0, le=1)}
    if kind == "wsd":
        known_keys("schedule", s, ["kind", "warmup", "decay", "final"])
        return {"kind": "wsd", "warmup": integer("schedule.warmup", s.get("warmup"), 0),
                "decay": integer("schedule.decay", s.get("decay"), 0),
                "final": finite("schedule.final", s.get("final", 0), ge=0, le=1)}
    raise PlrfError("INVALID_ARGUMENT", f"schedule.kind = {_js_show(kind)} is invalid: expected constant, power, cosine or wsd",
                    "schedule")


CONTOUR_KEYS = ("slope", "panel_width", "nodes_per_panel", "cap_nodes", "left_factor", "right", "start", "tail_sums")
#: SGD's panels, the default of every deterministic measure but momentum / DANA curves' (SGD_CONTOUR_PANELS in TypeScript).
SGD_CONTOUR_PANELS = {"panel_width": 0.2, "nodes_per_panel": 16}


def contour(opts: Any) -> Dict[str, Any]:
    """Contour options of the deterministic measure (src/theory/measure.ts ContourOptions, keys in
    snake_case), with their defaults. ``right`` is checked when the measure is built: a finite
    number above the contour's left end, which the measure job computes."""
    if opts is None:
        opts = {}
    if not isinstance(opts, dict):
        raise PlrfError("INVALID_ARGUMENT", "contour must be an object", "contour")
    known_keys("contour", opts, CONTOUR_KEYS)
    out = {
        "tail_sums": boolean("contour.tail_sums", opts.get("tail_sums", True)),
        "slope": finite("contour.slope", opts.get("slope", 0.3), gt=0, lt=1),
        "panel_width": finite("contour.panel_width", opts.get("panel_width", SGD_CONTOUR_PANELS["panel_width"]), gt=0.001, le=2),
        "nodes_per_panel": integer("contour.nodes_per_panel", opts.get("nodes_per_panel", SGD_CONTOUR_PANELS["nodes_per_panel"]), 2, 200),
        "cap_nodes": integer("contour.cap_nodes", opts.get("cap_nodes", 64), 2, 1000),
        "left_factor": finite("contour.left_factor", opts.get("left_factor", 0.3), gt=0, lt=1),
        # Checked by the measure job against the contour's left end (src/theory/measure.ts).
        "right": opts.get("right"),
        "start": None,
        "given": sorted(opts),
    }
    if opts.get("start") is not None:
        st = opts["start"]
        if not is_array(st) or len(st) != 2:
            raise PlrfError("INVALID_ARGUMENT", "contour.start must be [re, im]", "contour.start")
        out["start"] = (finite("contour.start[0]", st[0]), finite("contour.start[1]", st[1]))
    return out


def on_progress(fn: Any) -> None:
    if fn is not None and not callable(fn):
        raise PlrfError("INVALID_ARGUMENT", "on_progress must be a function", "on_progress")


def float_array(param: str, values: Any, gt: Optional[float] = None) -> List[float]:
    """A sequence of finite numbers (entries named ``param[i]``)."""
    return [finite(f"{param}[{i}]", x, gt=gt) for i, x in enumerate(values)]
