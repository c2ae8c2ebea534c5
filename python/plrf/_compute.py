"""Where the numbers come from: one function per capability, each the single place where the
package calls into Wasm for it. Everything else in the package validates, paces and packages.

Status of each function (phase 1 of the Python package):

* ``BRIDGE``: computes today through the standalone module ``plrf_wasm`` (python/plrf_wasm.py), on
  this package's shared Wasm instance, with the same Wasm calls in the same order as the
  TypeScript code (bit-identical to Node). To be replaced by the job named in its docstring.
* ``WAITS FOR JOB``: raises ``PlrfError('NOT_IMPLEMENTED')`` until the job named lands.
* ``DIRECT``: calls single exports of the ABI that the TypeScript code calls the same way.
"""

from __future__ import annotations

import math
from typing import Any, Dict, List, Optional, Sequence

import numpy as np

from . import _validate as V
from ._core import Core
from ._errors import PlrfError


def _bridge():
    """The temporary bridge module (python/plrf_wasm.py); removed when the job calls land."""
    try:
        import plrf_wasm
    except ImportError as e:  # pragma: no cover
        raise PlrfError("NOT_IMPLEMENTED", f"this build of plrf lacks its temporary computation bridge: {e}") from e
    return plrf_wasm


def _translate(e: Exception) -> PlrfError:
    """A bridge error as this package's PlrfError (same code, param and message)."""
    return PlrfError(getattr(e, "code", "INTERNAL"), str(e), getattr(e, "param", None))


def _waits(what: str, job: str) -> PlrfError:
    return PlrfError("NOT_IMPLEMENTED", f"{what} is not available in this version of the Python package yet: it "
                     f"waits for the Wasm {job}")


# ---------------------------------------------------------------------------------------------
# Conventions (DIRECT: single exports, or the host formulas of src/conventions.ts)

def trace_d(core: Core, alpha: float, v: int) -> float:
    """tr D = sum_(j<=v) j^(-2 alpha) (Wasm traceD). DIRECT."""
    return core.traceD(v, alpha)


def default_gamma(core: Core, alpha: float, v: int, batch: int, gamma0: float) -> float:
    """gamma0 · 2 / ((B + 1) tr D), the expression of src/conventions.ts defaultGamma. DIRECT."""
    gamma = (gamma0 * 2) / ((batch + 1) * trace_d(core, alpha, v))
    if not (gamma > 0 and math.isfinite(gamma)):
        raise PlrfError("INVALID_ARGUMENT", f"gamma0 = {V.js_number(gamma0)} gives gamma = {V.js_number(gamma)}, not a "
                        "finite positive learning rate", "gamma0")
    return gamma


def log_checkpoints(steps: int, points: int) -> List[int]:
    """About ``points`` log-spaced checkpoints (logCheckpoints). BRIDGE (math.log/exp, as the
    TypeScript code uses Math.log/exp; the test compares them on a grid)."""
    return [int(x) for x in _bridge().log_checkpoints(steps, points)]


# ---------------------------------------------------------------------------------------------
# Problems: BRIDGE -> the problem sampling/spectrum job

def sample_problem(core: Core, alpha: float, beta: float, d: int, v: int, seed: int, stream: int, storage: str):
    """Sample tau, b and W (v x d) into Wasm memory; returns a handle with pointers ``W``, ``tau``,
    ``b``, ``sqrt_tau`` and ``dispose()``. BRIDGE (plrf_wasm.Problem) -> problem sampling job
    (``PlrfProblem.sample``); f32 storage waits for it."""
    if storage != "f64":
        raise _waits("storage = 'f32'", "problem sampling job")
    try:
        return _bridge().Problem(core, alpha, beta, d, v, seed, stream)
    except Exception as e:
        if hasattr(e, "code"):
            raise _translate(e) from None
        raise


def problem_p0(core: Core, handle) -> float:
    """P(0) = ||D^(1/2) b||^2. BRIDGE -> problem sampling job."""
    return float(handle.p0)


def problem_spectrum(core: Core, handle) -> Dict[str, Any]:
    """Eigenvalues of K, projections, rho, P*, P(0), tr K. BRIDGE (formK, crossCov, eigSym: the
    same bits as formKRows/eigStep in TypeScript) -> problem spectrum job."""
    try:
        s = handle.spectrum()
    except Exception as e:
        if hasattr(e, "code"):
            raise _translate(e) from None
        raise
    return {"lambda": np.array(s.lam, dtype=np.float64), "rho": np.array(s.rho, dtype=np.float64),
            "projections": np.array(s.projections, dtype=np.float64), "p_star": float(s.p_star),
            "p0": float(s.p0), "trace_k": float(s.trace_k)}


def problem_population_loss(core: Core, handle, v: int, d: int, theta: np.ndarray) -> float:
    """||D^(1/2)(W theta - b)||^2 (Wasm populationLoss). DIRECT."""
    with core.blocks(d, v) as (th, work):
        core.write_f64(th, theta)
        return core.populationLoss(handle.W, v, d, handle.tau, handle.b, th, work)


def problem_trace_k(core: Core, handle, v: int, d: int) -> float:
    """tr K (Wasm traceK). DIRECT."""
    with core.blocks(v) as (work,):
        return core.traceK(handle.W, v, d, handle.tau, work)


def problem_features(core: Core, handle, v: int, d: int, x: np.ndarray) -> np.ndarray:
    """y = W^T x (Wasm gemvT). DIRECT."""
    with core.blocks(v, d) as (xb, yb):
        core.write_f64(xb, x)
        core.gemvT(handle.W, v, d, xb, yb)
        return core.read_f64(yb, d)


# ---------------------------------------------------------------------------------------------
# SGD: BRIDGE -> the SGD ensemble job

def sgd(core: Core, o: Dict[str, Any], on_progress=None) -> Dict[str, Any]:
    """Mean SGD curve over ``o['seeds']`` runs (spectral engine). BRIDGE (plrf_wasm: Problem,
    _stability, _run_spectral, _mean_stderr) -> SGD ensemble job. The direct engine, f32 storage
    and ``force`` wait for that job."""
    if o["engine"] != "spectral":
        raise _waits("engine = 'direct'", "SGD ensemble job")
    if o["storage"] != "f64":
        raise _waits("storage = 'f32'", "SGD ensemble job")
    if o["force"]:
        raise _waits("force = True", "SGD ensemble job")
    pw = _bridge()
    d, v, gamma, batch, seeds, seed = o["d"], o["v"], o["gamma"], o["batch"], o["seeds"], o["seed"]
    runs: List[List[float]] = []
    spectra: List[Dict[str, float]] = []
    shared = None
    try:
        if o["w_seed"] is not None:
            shared = pw.Problem(core, o["alpha"], o["beta"], d, v, o["w_seed"], 0)
        for k in range(seeds):
            problem = shared if shared is not None else pw.Problem(core, o["alpha"], o["beta"], d, v, seed, 2 * k)
            try:
                sp = problem.spectrum()
                mode_factor, kernel_norm, stable = pw._stability(sp.lam, gamma, batch)
                spectra.append({"p_star": float(sp.p_star), "kernel_norm": float(kernel_norm), "mode_factor": float(mode_factor)})
                if not stable:
                    raise PlrfError(
                        "UNSTABLE", f"gamma = {V.js_number(gamma)} is unstable for this W: max gamma(B+1)lambda = "
                        f"{_precision(mode_factor, 4)} (needs < 2), ||K|| = {_precision(kernel_norm, 4)} (needs < 1); lower "
                        "gamma (or gamma0), or set force (--force) to run anyway", "gamma" if o["gamma_given"] else "gamma0")
                runs.append(pw._run_spectral(core, sp, d, gamma, batch, o["checkpoints"], seed, 2 * k + 1))
                if on_progress is not None:
                    on_progress((k + 1) / seeds)
            finally:
                if shared is None:
                    problem.dispose()
    except Exception as e:
        if hasattr(e, "code") and not isinstance(e, PlrfError):
            raise _translate(e) from None
        raise
    finally:
        if shared is not None:
            shared.dispose()
    kept = len(o["checkpoints"])
    loss, stderr = pw._mean_stderr(runs, kept)
    limit: Optional[float] = 0.0
    for s in spectra:
        limit = limit + s["p_star"] / (1 - s["kernel_norm"]) / len(spectra) if s["kernel_norm"] < 1 and limit is not None else None
    return {"loss": loss, "stderr": stderr if len(runs) > 1 else None, "limit": limit, "runs": runs, "spectra": spectra,
            "kept": kept, "diverged_at": None, "warnings": [] if limit is not None else ["the limit is infinite: ||K|| >= 1 for some W"]}


def _precision(x: float, p: int) -> str:
    """Number.prototype.toPrecision for the messages."""
    x = float(x)
    if not math.isfinite(x):
        return V.js_number(x)
    if x == 0:
        return "0." + "0" * (p - 1) if p > 1 else "0"
    s = f"{x:.{p - 1}e}"
    e = int(s.split("e")[1])
    if e < -6 or e >= p:
        m, ex = s.split("e")
        return f"{m}e{'+' if int(ex) >= 0 else '-'}{abs(int(ex))}"
    return f"{x:.{max(0, p - 1 - e)}f}"


# ---------------------------------------------------------------------------------------------
# Loss curves: BRIDGE -> the spectral measure job + the loss-curve recursion job

def loss_curve(core: Core, o: Dict[str, Any], on_progress=None) -> Dict[str, Any]:
    """The expected loss curve by the mode recursion. BRIDGE for the deterministic method with a
    constant learning rate, the default contour and no ``force`` (plrf_wasm.deterministic_curve)
    -> measure job + recursion job; the finite and surrogate methods, schedules, contour options
    and ``force`` wait for those jobs."""
    if o["method"] != "deterministic":
        raise _waits(f"method = '{o['method']}'", "spectral measure and loss-curve recursion jobs")
    if o["schedule"] is not None:
        raise _waits("a learning-rate schedule", "loss-curve recursion job")
    if o["contour"]["given"]:
        raise _waits("contour options", "spectral measure job")
    if o["force"]:
        raise _waits("force = True", "spectral measure and loss-curve recursion jobs")
    pw = _bridge()
    try:
        r = pw.deterministic_curve(
            o["alpha"], o["beta"], o["d"], at=o["checkpoints"], v=o["v"], batch=o["batch"], gamma=o["gamma"],
            unit_steps=o["unit_steps"], block_fraction=o["block_fraction"], block_order=o["block_order"], core=core)
    except Exception as e:
        if hasattr(e, "code"):
            err = _translate(e)
            if err.code == "UNSTABLE" and "max |g(lambda)|" in str(e):
                # The kernel check names the option the rate came from (the bridge always gets gamma).
                err = PlrfError("UNSTABLE", str(e), "gamma" if o["gamma_given"] else "gamma0")
            raise err from None
        raise
    if on_progress is not None:
        on_progress(1.0)
    loss = [float(x) for x in r["loss"]]
    return {"loss": loss, "stderr": None, "limit": r["limit"], "f0": float(r["F0"]), "kernel_norm": float(r["kernel_norm"]),
            "runs": [loss], "kept": len(loss), "diverged_at": None if r["diverged"] is None else r["diverged"]["step"],
            "warnings": []}


# ---------------------------------------------------------------------------------------------
# Spectral measures: WAITS FOR JOB (spectral measure job)

def spectral_measure(core: Core, o: Dict[str, Any], on_progress=None) -> Dict[str, Any]:
    """Build a measure; returns the workspace pointer and its fields. WAITS FOR the spectral
    measure job (measureBegin/measureStep and its accessors)."""
    raise _waits("spectral_measure", "spectral measure job")


def measure_set_gamma(core: Core, ws: int, n: int, gamma: float, batch: int, full: bool):
    """(||K||, max |g|) of a measure at gamma (volterraSetGamma, volterraKernelNorm, volterraMaxAbsA). DIRECT."""
    core.volterraSetGamma(ws, n, gamma, batch, 1 if full else 0)
    return core.volterraKernelNorm(ws, n), core.volterraMaxAbsA(ws, n)


def measure_power_sum(core: Core, ws: int, n: int, which: int, r: float) -> float:
    """Re sum_n (weights) g(z_n)^r (volterraPowerSum). DIRECT."""
    return core.volterraPowerSum(ws, n, which, r)


# ---------------------------------------------------------------------------------------------
# Density: DIRECT (fillSpectrum, densityAt per point, as src/theory/density.ts)

def spectral_density(core: Core, alpha: float, beta: float, d: int, v: int, xs: Sequence[float], eps: float,
                     on_progress=None) -> Dict[str, List[float]]:
    """Eigenvalue and forcing densities at z = x(1 + i eps). DIRECT: the calls of
    src/theory/density.ts (c2_j = (tau_j b_j) b_j on the host, as there); moves with the measure job
    if that job takes it over."""
    with core.blocks(v, v, v, v, 4) as (tau, b, sq, c2, out):
        core.fillSpectrum(v, alpha, beta, tau, b, sq)
        tv, bv = core.read_f64(tau, v), core.read_f64(b, v)
        core.write_f64(c2, tv * bv * bv)  # elementwise, left to right: (t*b)*b as in TypeScript
        eigen: List[float] = []
        forcing: List[float] = []
        for i, x in enumerate(xs):
            if on_progress is not None:
                on_progress(i / len(xs))
            if core.densityAt(v, d, tau, c2, x, eps * x, out) != 0:
                raise PlrfError("NOT_CONVERGED", f"continuation of m(z) failed at x = {V.js_number(x)}")
            o = core.read_f64(out, 2)
            if o[0] < -1e-12 * abs(o[0]) or o[1] < -1e-12 * abs(o[1]):
                raise PlrfError("NOT_CONVERGED", f"m(z) at x = {V.js_number(x)} is not on the physical branch (negative density); rejected")
            eigen.append(max(0.0, float(o[0])))
            forcing.append(max(0.0, float(o[1])))
    return {"eigen": eigen, "forcing": forcing}


# ---------------------------------------------------------------------------------------------
# Asymptotics: WAITS FOR JOB (asymptotics in Wasm)

def asymptotics(core: Core, o: Dict[str, Any]) -> Dict[str, Any]:
    """The Table-1 terms (rho, Fpp, Fac, F0, Kpp, estimate). WAITS FOR the asymptotics export."""
    raise _waits("asymptotics", "asymptotics export")


# ---------------------------------------------------------------------------------------------
# Phases: WAITS FOR JOB (the phase table in Wasm)

def classify_phase(core: Core, alpha: float, beta: float) -> Dict[str, Any]:
    """Phase, xi, eta, tradeoff, on_boundary, neighbours. WAITS FOR the Wasm phase table."""
    raise _waits("classify_phase", "phase table")


# ---------------------------------------------------------------------------------------------
# Fronts: WAITS FOR JOB (the compute-optimal front job)

def front(core: Core, curves: List[Dict[str, Any]], o: Dict[str, Any]) -> Dict[str, Any]:
    """The compute-optimal front of a family of curves. WAITS FOR the front job."""
    raise _waits("compute_optimal_front", "compute-optimal front job")


def front_available(core: Core) -> bool:
    """Whether :func:`front` can run (measure_front checks before computing curves)."""
    return False
