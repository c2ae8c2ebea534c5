"""Where the numbers come from: one function per capability, each the single place where the
package calls into Wasm for it. Everything else in the package validates, paces and packages.

Every function here makes the Wasm calls of the TypeScript function it names, with the same
arguments in the same order, and repeats only the host-side operations that function does (a mean
of per-draw values, F0 + a power sum, ...), in the same order, so that the results have the same
bits as in Node. Long computations are Wasm jobs (``xxxBegin`` / ``xxxStep`` / accessors /
``jobFree``, docs/abi.md), stepped by :func:`_steps` as src/core/job.ts steps them.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Dict, List, Optional, Sequence

import numpy as np

from . import _abi as A
from . import _validate as V
from ._core import Core
from ._errors import PlrfError
from ._format import js_number, to_exponential, to_fixed, to_precision
from ._jobs import Pacer, job_error
from ._jobs import step_job as _steps
from ._optimizer import effective_step, optimizer_table, varying

#: Math.LN10 of JavaScript (the same double as math.log(10)).
LN10 = 2.302585092994046

Progress = Optional[Callable[[float], None]]


def _job(ptr: int, what: str) -> int:
    """new WasmJob(ptr, ..., what) of src/core/memory.ts: 0 is a MEMORY error."""
    if not ptr:
        raise PlrfError("MEMORY", f"could not allocate {what} in Wasm memory")
    return ptr


# ---------------------------------------------------------------------------------------------
# Conventions (src/model/conventions.ts, src/core/stats.ts)

def trace_d(core: Core, alpha: float, v: int) -> float:
    """tr D = sum_(j<=v) j^(-2 alpha) (Wasm traceD)."""
    return core.traceD(v, alpha)


def default_gamma(core: Core, alpha: float, v: int, batch: int, gamma0: float) -> float:
    """gamma0 · 2 / ((B + 1) tr D), the expression of src/model/conventions.ts defaultGamma."""
    gamma = (gamma0 * 2) / ((batch + 1) * trace_d(core, alpha, v))
    if not (gamma > 0 and math.isfinite(gamma)):
        raise PlrfError("INVALID_ARGUMENT", f"gamma0 = {js_number(gamma0)} gives gamma = {js_number(gamma)}, not a "
                        "finite positive learning rate", "gamma0")
    return gamma


def log_checkpoints(core: Core, steps: int, points: int) -> List[int]:
    """About ``points`` log-spaced checkpoints (Wasm logCheckpoints, as logCheckpoints in TypeScript)."""
    with core.blocks(points + 1) as (out,):
        count = core.logCheckpoints(steps, points, out)
        return [int(x) for x in core.read_f64(out, count)]


_BLOCK_VALUES = 1 << 20


def mean_stderr(core: Core, runs: List[Sequence[float]], kept: int):
    """meanAndStderr of src/core/stats.ts: the core's meanStderr, in column blocks."""
    mean: List[float] = []
    stderr: List[float] = []
    if kept <= 0:
        return mean, stderr
    n_runs = len(runs)
    cols = max(1, min(kept, _BLOCK_VALUES // max(1, n_runs)))
    with core.blocks(n_runs * cols, cols, cols) as (data, m, s):
        for i0 in range(0, kept, cols):
            w = min(cols, kept - i0)
            if n_runs:
                core.write_f64(data, np.array([np.asarray(run[i0:i0 + w], dtype=np.float64) for run in runs]).ravel())
            core.meanStderr(data, n_runs, w, w, m, s)
            mean.extend(core.read_f64(m, w).tolist())
            stderr.extend(core.read_f64(s, w).tolist())
    return mean, stderr


# ---------------------------------------------------------------------------------------------
# Problems (src/model/problem.ts)

_M32 = 0xFFFFFFFF


class Problem:
    """A sampled problem: the problem job (assembly/problem-job.ts) that owns ``W``, ``tau``, ``b``
    and ``sqrt_tau`` (pointers into its blocks), as the PlrfProblem of src/model/problem.ts holds it,
    with the kernels of its storage type."""

    def __init__(self, core: Core, alpha: float, beta: float, d: int, v: int, seed: int, stream: int, storage: str):
        self.core, self.alpha, self.beta, self.d, self.v = core, alpha, beta, d, v
        self.seed, self.stream, self.storage = seed, stream, storage
        self.f32 = storage == "f32"
        self.spectrum: Optional[Dict[str, Any]] = None
        self.job = _job(core.problemBegin(alpha, beta, d, v, seed, stream, A.STORAGE_F32 if self.f32 else A.STORAGE_F64),
                        f"W (v·d = {v}·{d})")
        self.W, self.tau = core.problemW(self.job) & _M32, core.problemTau(self.job) & _M32
        self.b, self.sqrt_tau = core.problemB(self.job) & _M32, core.problemSqrtTau(self.job) & _M32

    def k(self, name: str):
        """The kernel of this storage type (``populationLoss`` or ``populationLoss_f32w``, ...)."""
        return getattr(self.core, name + "_f32w" if self.f32 else name)

    def dispose(self) -> None:
        job, self.job = self.job, 0
        self.W = self.tau = self.b = self.sqrt_tau = 0
        if job:
            self.core.jobFree(job)


def sample_problem(core: Core, alpha: float, beta: float, d: int, v: int, seed: int, stream: int, storage: str,
                   on_progress: Progress = None) -> Problem:
    """PlrfProblem.sample: problemBegin, then problemStep in pieces (W from stream (seed, stream))."""
    p = Problem(core, alpha, beta, d, v, seed, stream, storage)
    try:
        _steps(core, p.job, core.problemStep, initial_units=12000, on_progress=on_progress)
    except BaseException:
        p.dispose()
        raise
    return p


def problem_p0(core: Core, p: Problem) -> float:
    """P(0) = ||D^(1/2) b||^2 (problemP0)."""
    return core.problemP0(p.job)


def problem_spectrum(core: Core, p: Problem, on_progress: Progress = None) -> Dict[str, Any]:
    """PlrfProblem.spectrumSteps: the spectrum job (K by row blocks, the eigen-decomposition, rho,
    P*, tr K), computed once per problem."""
    if p.spectrum is not None:
        return p.spectrum
    d, v = p.d, p.v
    nbytes = 8 * (d * d + 6 * d + v + 12)
    V.check_budget(nbytes, 8 * d * d, "d", f"the eigen-decomposition of K (d = {d})", "reduce d")
    job = _job(core.spectrumBegin(p.job), f"the eigen-decomposition of K (d = {d})")
    try:
        _steps(core, job, core.spectrumStep, initial_units=4000, on_progress=on_progress,
               explain=lambda st: f"the eigensolver did not converge (d = {d}, code {core.spectrumEigenCode(job)})"
               if st == A.ERR_EIGEN else None)
        copy = lambda ptr: core.read_f64(ptr & _M32, d)  # noqa: E731
        p.spectrum = {"lambda": copy(core.spectrumLambda(job)), "rho": copy(core.spectrumRho(job)),
                      "projections": copy(core.spectrumProjections(job)), "p_star": core.spectrumPStar(job),
                      "p0": core.spectrumP0(job), "trace_k": core.spectrumTraceK(job)}
    finally:
        core.jobFree(job)
    return p.spectrum


def problem_population_loss(core: Core, p: Problem, theta: np.ndarray) -> float:
    """||D^(1/2)(W theta - b)||^2 (Wasm populationLoss / populationLoss_f32w)."""
    with core.blocks(p.d, p.v) as (th, work):
        core.write_f64(th, theta)
        return p.k("populationLoss")(p.W, p.v, p.d, p.tau, p.b, th, work)


def problem_trace_k(core: Core, p: Problem) -> float:
    """tr K (Wasm traceK / traceK_f32w)."""
    with core.blocks(p.v) as (work,):
        return p.k("traceK")(p.W, p.v, p.d, p.tau, work)


def problem_features(core: Core, p: Problem, x: np.ndarray) -> np.ndarray:
    """y = W^T x (Wasm gemvT / gemvT_f32w)."""
    with core.blocks(p.v, p.d) as (xb, yb):
        core.write_f64(xb, x)
        p.k("gemvT")(p.W, p.v, p.d, xb, yb)
        return core.read_f64(yb, p.d)


def problem_weights(core: Core, p: Problem) -> np.ndarray:
    """A copy of W as f64 (f32 entries promoted exactly)."""
    if p.f32:
        return core.read_f32(p.W, p.v * p.d)
    return core.read_f64(p.W, p.v * p.d)


def stability(core: Core, lam: Sequence[float], gamma: float, batch: int):
    """stability() of src/model/conventions.ts (Wasm stability): (mode factor, ||K||, stable)."""
    n = len(lam)
    with core.blocks(n, 2) as (lb, out):
        core.write_f64(lb, lam)
        stable = core.stability(lb, n, gamma, batch, out) == 1
        mode, kn = core.read_f64(out, 2).tolist()
    return mode, kn, stable


# ---------------------------------------------------------------------------------------------
# SGD (src/sgd/simulate.ts)

def sgd(core: Core, o: Dict[str, Any], on_progress: Progress = None) -> Dict[str, Any]:
    """simulateSgd: the ensemble job (assembly/ensemble.ts: per run a problem from W stream (seed, 2k)
    or the one of w_seed, its spectrum and stability, the spectral or direct engine on data stream
    (seed, 2k + 1); mean, standard error, limit and divergence), then its results. On a
    KeyboardInterrupt the job's statistics over the finished runs are attached to the exception as
    ``partial`` (None if no run finished), as an aborted simulateSgd keeps them."""
    alpha, beta, d, v, gamma, batch = o["alpha"], o["beta"], o["d"], o["v"], o["gamma"], o["batch"]
    checkpoints = o["checkpoints"]
    n_cp = len(checkpoints)

    optimizer = o["optimizer"]
    plain = optimizer.name == "sgd"

    def unstable_message(mode: float, kn: float) -> str:
        if not plain:
            return (f"optimizer {optimizer.name} is unstable for this W: the one-step map's spectral radius - 1 = "
                    f"{to_precision(mode, 4)} (needs <= 1e-12), frozen-time ||K|| = {to_precision(kn, 4)} (needs < 1)")
        return (f"gamma = {js_number(gamma)} is unstable for this W: max gamma(B+1)lambda = {to_precision(mode, 4)} "
                f"(needs < 2), ||K|| = {to_precision(kn, 4)} (needs < 1)")

    with core.blocks(n_cp, A.OPT_TABLE_LEN) as (cp, tab):
        core.write_f64(cp, checkpoints)
        job = _job(core.ensembleBegin(A.ENGINE_SPECTRAL if o["engine"] == "spectral" else A.ENGINE_DIRECT,
                                      A.STORAGE_F64 if o["storage"] == "f64" else A.STORAGE_F32, alpha, beta, d, v, batch,
                                      gamma, o["seeds"], o["seed"], -1 if o["w_seed"] is None else o["w_seed"],
                                      1 if o["force"] else 0, cp, n_cp), f"SGD at d = {d}, v = {v}")
        if not plain:
            # Momentum SGD / DANA: the ensemble runs the optimizer table instead of SGD (ensembleSetOptimizer).
            core.write_f64(tab, optimizer_table(optimizer))
            st = core.ensembleSetOptimizer(job, tab, A.OPT_TABLE_LEN)
            if st != 0:
                core.jobFree(job)
                raise PlrfError("MEMORY" if st == -1 else "INTERNAL", f"could not set the optimizer {optimizer.name} (status {st})",
                                "optimizer")

    def result() -> Dict[str, Any]:
        runs_done, kept = core.ensembleRunsDone(job), core.ensembleKept(job)
        losses = core.read_f64(core.ensembleLosses(job) & _M32, runs_done * n_cp)
        runs = [losses[k * n_cp:k * n_cp + kept].tolist() for k in range(runs_done)]
        sp = core.read_f64(core.ensembleSpectra(job) & _M32, 3 * runs_done).tolist()
        spectra = [{"p_star": sp[3 * k], "kernel_norm": sp[3 * k + 1], "mode_factor": sp[3 * k + 2]} for k in range(runs_done)]
        loss = core.read_f64(core.ensembleMean(job) & _M32, kept).tolist()
        stderr = core.read_f64(core.ensembleStderr(job) & _M32, kept).tolist()
        lim = core.ensembleLimit(job)
        limit = None if math.isnan(lim) else lim
        diverged_at = core.ensembleDivergedAt(job)
        warnings: List[str] = []
        unstable = core.ensembleUnstableRun(job)
        if 0 <= unstable < runs_done:
            warnings.append(f"{unstable_message(spectra[unstable]['mode_factor'], spectra[unstable]['kernel_norm'])}; forced")
        if limit is None and plain:
            warnings.append("the limit is infinite: ||K|| >= 1 for some W")
        if diverged_at >= 0:
            warnings.append(f"diverged: the loss passed 10^6 P(0) at step {js_number(diverged_at)}; the curve stops before it")
        return {"loss": loss, "stderr": stderr if runs_done > 1 else None, "limit": limit, "runs": runs, "spectra": spectra,
                "kept": kept, "seeds": runs_done, "diverged_at": None if diverged_at < 0 else int(diverged_at),
                "warnings": warnings}

    try:
        try:
            _steps(core, job, core.ensembleStep, initial_units=4000, on_progress=on_progress,
                   explain=lambda st: (f"{unstable_message(core.ensembleModeFactor(job), core.ensembleKernelNorm(job))}; lower "
                                       "gamma (or gamma0), or set force (--force) to run anyway") if st == A.ERR_UNSTABLE else
                   (f"the eigensolver did not converge (d = {d}, code {core.ensembleEigenCode(job)})" if st == A.ERR_EIGEN else None),
                   param=lambda st: (("gamma" if o["gamma_given"] else "gamma0") if plain else "optimizer")
                   if st == A.ERR_UNSTABLE else None)
        except KeyboardInterrupt as e:
            core.ensembleFinish(job)
            e.partial = result() if core.ensembleRunsDone(job) > 0 else None  # type: ignore[attr-defined]
            raise
        return result()
    finally:
        core.jobFree(job)


# ---------------------------------------------------------------------------------------------
# Spectral measures (src/theory/measure.ts)

_METHOD_CODE = {"deterministic": A.MEASURE_DETERMINISTIC, "surrogate": A.MEASURE_SURROGATE}


def _measure_error(core: Core, job: int, status: int, d: int, gamma: float, batch: int, right: Any,
                   rate_param: str) -> PlrfError:
    """measureError of src/theory/measure.ts (same codes, params and messages)."""
    value = lambda which: core.measureValue(job, which)  # noqa: E731
    n = core.measureSize(job)
    if status == A.ERR_MEMORY:
        return PlrfError("MEMORY", f"could not allocate {js_number(value(A.MV_ALLOC_DOUBLES))} doubles in Wasm memory")
    if status == A.ERR_ARGUMENT:
        if right is not None:
            V.finite("contour.right", right, gt=value(A.MV_LEFT))
    elif status == A.ERR_UNSTABLE:
        kind = value(A.MV_UNSTABLE_KIND)
        if kind == A.MEASURE_UNSTABLE_EDGE:
            return PlrfError("UNSTABLE", f"gamma = {js_number(gamma)} is unstable for B = {batch}: the stability region "
                             f"gamma (B+1) z < 1.8 ends at {to_precision(value(A.MV_RIGHT), 4)}, below the lower edge of the "
                             f"spectrum of K (about {to_precision(value(A.MV_LEFT), 4)}); lower gamma (or gamma0)", rate_param)
        if kind == A.MEASURE_UNSTABLE_CUT:
            return PlrfError("UNSTABLE", f"gamma = {js_number(gamma)} is unstable or too close to the stability limit for "
                             f"B = {batch}: only {to_fixed(value(A.MV_MASS_EIGEN), 2)} of the d = {d} eigenvalues of K lie "
                             f"below 1.8/(gamma (B+1)) = {to_precision(value(A.MV_STABLE_RIGHT), 4)}; lower gamma (or gamma0), "
                             "or set force (--force) to run anyway", rate_param)
    elif status == A.ERR_CONTINUATION:
        return PlrfError("NOT_CONVERGED", f"continuation of m(z) failed at contour node {js_number(value(A.MV_FAILED_NODE))} of {n}")
    elif status == A.ERR_BRANCH:
        node = value(A.MV_FAILED_NODE)
        where = "the starting point above the spectrum" if node < 0 else f"contour node {js_number(node)} of {n}"
        return PlrfError("NOT_CONVERGED", f"m(z) landed on a non-physical branch at {where} (Im m > 0, Im S_F < 0 or "
                         "Im(-d m/z) < 0 for Im z > 0); the root was rejected")
    elif status == A.ERR_MASS_CHECK:
        return PlrfError("NOT_CONVERGED", f"contour self-check failed: enclosed eigenvalue mass {js_number(value(A.MV_MASS_EIGEN))} "
                         f"vs d = {d} (rel. {to_exponential(value(A.MV_EIGEN_ERROR), 2)}), forcing mass "
                         f"{js_number(value(A.MV_MASS_FORCING))} vs P(0) - F0 = {js_number(value(A.MV_FORCING_TARGET))} (rel. "
                         f"{to_exponential(value(A.MV_FORCING_ERROR), 2)}); the contour does not enclose the spectrum cleanly")
    return job_error(status)


def _measure_fields(core: Core, job: int, method: str, contour: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The fields the SpectralMeasure constructor of src/theory/measure.ts reads from a finished job."""
    value = lambda which: core.measureValue(job, which)  # noqa: E731
    det = method == "deterministic"
    return {
        "job": job, "size": core.measureSize(job), "f0": value(A.MV_F0), "p0": value(A.MV_P0),
        "masses": {"eigen": value(A.MV_MASS_EIGEN), "forcing": value(A.MV_MASS_FORCING)} if det else None,
        "contour": dict(left=value(A.MV_LEFT), right=value(A.MV_RIGHT), **contour) if det and contour else None,
        "gamma_max": value(A.MV_GAMMA_MAX) if det else None,
    }


def measure_job(core: Core, o: Dict[str, Any], on_progress: Progress = None) -> Dict[str, Any]:
    """measureSteps (deterministic, surrogate): measureBegin, measureStep in pieces (one pass over v
    per piece at first), the errors of measureError. Returns the finished job (the caller frees it
    with jobFree) and its fields."""
    method, d, v, batch, gamma = o["method"], o["d"], o["v"], o["batch"], o["gamma"]
    ct = o["contour"]
    det = method == "deterministic"
    right = math.nan
    if det and ct.get("right") is not None:
        r = ct["right"]
        right = float(r) if V.is_number(r) and math.isfinite(float(r)) else -math.inf
    start = ct.get("start") or (1, 0)
    job = _job(core.measureBegin(_METHOD_CODE[method], o["alpha"], o["beta"], d, v, batch, gamma, 1 if o["force"] else 0,
                                 ct["slope"], ct["panel_width"], ct["nodes_per_panel"], ct["cap_nodes"], ct["left_factor"],
                                 right, start[0], start[1], 1 if ct["tail_sums"] else 0), f"{v} doubles")
    ok = False
    try:
        profile = ct.get("profile") if det else None
        if profile is not None:
            # The optimizer's slope profile (docs/model.md §10), before the first step.
            table, horizon, floor = profile
            with core.blocks(len(table)) as (tab,):
                core.write_f64(tab, table)
                status = core.measureSlopeProfile(job, tab, horizon, floor)
            if status < 0:
                raise job_error(status)
        sized = [False]

        def step(ptr: int, units: int) -> int:
            status = core.measureStep(ptr, units)
            if status < 0:
                raise _measure_error(core, ptr, status, d, gamma, batch, ct.get("right") if det else None,
                                     "gamma" if o["gamma_given"] else "gamma0")
            if not sized[0] and det and core.measureSize(ptr) > 0:
                sized[0] = True
                n = core.measureSize(ptr)
                V.check_budget(8 * A.WS_ARRAYS * n, 8 * A.WS_ARRAYS * n, "d", f"a contour of {n} nodes", "widen contour.panel_width")
            return status

        _steps(core, job, step, initial_units=max(1, int(2e5 // v)), on_progress=on_progress)
        contour = {k: ct[k] for k in ("slope", "panel_width", "nodes_per_panel", "cap_nodes")} if det else None
        r = _measure_fields(core, job, method, contour)
        ok = True
        return r
    finally:
        if not ok:
            core.jobFree(job)


def finite_measure_job(core: Core, p: Problem, on_progress: Progress = None) -> Dict[str, Any]:
    """finiteMeasureSteps: the problem's spectrum, then measureFromSpectrum."""
    sp = problem_spectrum(core, p)
    d = p.d
    with core.blocks(d, d) as (lam, rho):
        core.write_f64(lam, sp["lambda"])
        core.write_f64(rho, sp["rho"])
        job = _job(core.measureFromSpectrum(d, p.v, lam, rho, sp["p_star"], sp["p0"]), f"{A.WS_ARRAYS * d} doubles")
    return _measure_fields(core, job, "finite", None)


def spectral_measure(core: Core, o: Dict[str, Any], on_progress: Progress = None) -> Dict[str, Any]:
    """spectralMeasure: finite (sample, spectrum, measureFromSpectrum) or the measure job."""
    if o["method"] == "finite":
        p = sample_problem(core, o["alpha"], o["beta"], o["d"], o["v"], o["seed"], o["stream"], "f64")
        try:
            return finite_measure_job(core, p, on_progress)
        finally:
            p.dispose()
    return measure_job(core, o, on_progress)


def measure_workspace(core: Core, job: int) -> int:
    """The measure's workspace (measureWorkspace)."""
    return core.measureWorkspace(job) & 0xFFFFFFFF


def measure_with_gamma(core: Core, job: int, n: int, gamma: float, batch: int, full: bool, fn: Callable[[int], Any]):
    """SpectralMeasure.withGamma: a scratch workspace holding a copy of the measure's 6 n doubles,
    volterraSetGamma on it, then fn(scratch)."""
    V.check_budget(8 * A.WS_ARRAYS * n, 8 * A.WS_ARRAYS * n, "d", f"a scratch copy of a measure of {n} atoms", "reduce d")
    with core.blocks(A.WS_ARRAYS * n) as (scratch,):
        ws = measure_workspace(core, job)
        core.memory.write(core.store, core.read_bytes(ws, 8 * 6 * n), scratch)
        core.volterraSetGamma(scratch, n, gamma, batch, 1 if full else 0)
        return fn(scratch)


def measure_forcing(core: Core, job: int, n: int, f0: float, r: float, gamma: float, batch: int) -> float:
    """F(r) = F0 + volterraPowerSum(WS_PHI_RE) on the scratch copy (SpectralMeasure.forcing)."""
    return f0 + measure_with_gamma(core, job, n, gamma, batch, True, lambda ws: core.volterraPowerSum(ws, n, A.WS_PHI_RE, r))


def measure_kernel(core: Core, job: int, n: int, r: float, gamma: float, batch: int) -> float:
    """K(r) = volterraPowerSum(WS_KAPPA_RE) on the scratch copy (SpectralMeasure.kernel)."""
    return measure_with_gamma(core, job, n, gamma, batch, True, lambda ws: core.volterraPowerSum(ws, n, A.WS_KAPPA_RE, r))


# ---------------------------------------------------------------------------------------------
# Loss curves (src/theory/curve.ts, src/theory/schedule.ts)

def schedule_table(s: Optional[Dict[str, Any]], steps: int) -> List[float]:
    """scheduleTable: [kind, p1, p2, p3, steps] (SCHEDULE_*)."""
    if s is None:
        return [A.SCHEDULE_CONSTANT, 0, 0, 0, steps]
    if s["kind"] == "power":
        return [A.SCHEDULE_POWER, s["r0"], s["exponent"], 0, steps]
    if s["kind"] == "cosine":
        return [A.SCHEDULE_COSINE, s["final"], 0, 0, steps]
    return [A.SCHEDULE_WSD, s["warmup"], s["decay"], s["final"], steps]


def _solve_recursion(core: Core, m: Dict[str, Any], gamma: float, batch: int, table: List[float], checkpoints: List[int],
                     unit_steps: int, block_fraction: float, block_order: int, block_tolerance: float, threshold: float,
                     check: Callable[[float, float], None], on_progress: Progress):
    """solveRecursion: recursionBegin on the measure's workspace, the stability check, recursionStep
    in pieces, then the losses and the divergence step."""
    n = m["size"]
    V.check_budget(8 * (A.WS_ARRAYS * n + 2 * len(checkpoints)), 8 * A.WS_ARRAYS * n, "d", f"a recursion over {n} atoms", "reduce d")
    with core.blocks(len(checkpoints), len(table)) as (cps, tab):
        core.write_f64(cps, checkpoints)
        core.write_f64(tab, table)
        job = core.recursionBegin(measure_workspace(core, m["job"]), n, m["f0"], gamma, batch, unit_steps, block_fraction,
                                  block_order, block_tolerance, threshold, cps, len(checkpoints), tab, len(table))
    if not job:
        raise PlrfError("MEMORY", f"could not allocate a recursion over {n} atoms in Wasm memory", "d")
    try:
        kn, mg = core.recursionKernelNorm(job), core.recursionMaxAbsG(job)
        check(kn, mg)
        _steps(core, job, core.recursionStep, initial_units=1 << 16, on_progress=on_progress)
        count = core.recursionCount(job)
        loss = core.read_f64(core.recursionLoss(job) & 0xFFFFFFFF, count).tolist()
        dv = core.recursionDivergedAt(job)
        return loss, (None if dv < 0 else dv), kn, mg
    finally:
        core.jobFree(job)


def _solve_momentum(core: Core, m: Dict[str, Any], method: str, optimizer, batch: int, checkpoints: List[int], threshold: float,
                    unit_steps: int, block_fraction: float, block_tolerance: float, check: Callable[[float, float, float], None], on_progress: Progress):
    """solveMomentum: momentumBegin on the measure's workspace with the optimizer table, the
    stability check, momentumStep in pieces, then the losses and the divergence step."""
    n = m["size"]
    # The workspace (66 arrays of n) and the error control's saved state (6 of n).
    V.check_budget(8 * (72 * n + 2 * len(checkpoints)), 8 * 66 * n, "d", f"a momentum recursion over {n} atoms", "reduce d")
    with core.blocks(len(checkpoints), A.OPT_TABLE_LEN) as (cps, tab):
        core.write_f64(cps, checkpoints)
        core.write_f64(tab, optimizer_table(optimizer))
        job = core.momentumBegin(measure_workspace(core, m["job"]), n, m["f0"], batch, tab, A.OPT_TABLE_LEN, threshold, cps,
                                 len(checkpoints), unit_steps, block_fraction, block_tolerance) & _M32
    if not job:
        raise PlrfError("MEMORY", f"could not allocate a momentum recursion over {n} atoms in Wasm memory", "d")
    try:
        check(core.momentumGrowth(job), core.momentumKernelNorm(job, 0), core.momentumKernelNorm(job, 1))
        _steps(core, job, core.momentumStep, initial_units=1 << 14, on_progress=on_progress,
               explain=lambda st: (f"the one-step {optimizer.name} map grows on atom {core.momentumGrowthAt(job, 1)} of the "
                                   f"{method} measure at step {core.momentumGrowthAt(job, 0)} (spectral radius - 1 = "
                                   f"{to_precision(core.momentumGrowth(job), 4)} > 1e-12): the contour recursion would return "
                                   "noise; use the finite or surrogate method for this horizon, or fewer steps")
               if st == A.ERR_GROWTH else None,
               param="optimizer")
        count = core.momentumCount(job)
        loss = core.read_f64(core.momentumLoss(job) & _M32, count).tolist()
        dv = core.momentumDivergedAt(job)
        return loss, (None if dv < 0 else dv)
    finally:
        core.jobFree(job)


def loss_curve(core: Core, o: Dict[str, Any], on_progress: Progress = None) -> Dict[str, Any]:
    """lossCurve: per measure (deterministic or surrogate: the measure job; finite: a sampled W per
    draw, or the one of w_seed, and its spectrum) the recursion job with the stability check; then
    the mean over draws in Wasm and F0, ||K|| and the limit as src/theory/curve.ts forms them."""
    method, alpha, beta, d, v, batch, gamma = o["method"], o["alpha"], o["beta"], o["d"], o["v"], o["batch"], o["gamma"]
    force, checkpoints = o["force"], o["checkpoints"]
    table = schedule_table(o["schedule"], o["steps"])
    optimizer = o["optimizer"]
    plain = optimizer.name == "sgd"
    measure_gamma = gamma if plain else effective_step(optimizer)
    warnings: List[str] = []
    runs: List[List[float]] = []
    f0s: List[float] = []
    norms: List[float] = []
    diverged_at = math.inf
    count = o["seeds"] if method == "finite" else 1
    shared = None
    try:
        if method == "finite" and o["w_seed"] is not None:
            shared = sample_problem(core, alpha, beta, d, v, o["w_seed"], 0, "f64")
        for k in range(count):
            if method == "finite":
                if shared is not None:
                    m = finite_measure_job(core, shared)
                else:
                    p = sample_problem(core, alpha, beta, d, v, o["seed"], 2 * k, "f64")
                    try:
                        m = finite_measure_job(core, p)
                    finally:
                        p.dispose()
            else:
                # The measure's errors name the option the rate came from (gamma0 by default), as lossCurve does;
                # with momentum / DANA the contour is placed for the effective step c(0) and errors name the optimizer.
                mo = dict(method=method, alpha=alpha, beta=beta, d=d, v=v, batch=batch, gamma=gamma if plain else measure_gamma,
                          gamma_given=o["gamma_given"] or not plain, contour=o["contour"], force=force)
                try:
                    try:
                        m = measure_job(core, mo)
                    except PlrfError as e:
                        # Momentum / DANA's coarse default panels (docs/model.md §10) fall back to SGD's where they fail.
                        fallback = o["contour"].get("fallback_panels") if method == "deterministic" else None
                        if fallback is None or e.code != "NOT_CONVERGED":
                            raise
                        m = measure_job(core, {**mo, "contour": {**o["contour"], **fallback}})
                except PlrfError as e:
                    if plain or e.param != "gamma":
                        raise
                    raise PlrfError(e.code, f"the deterministic contour cannot be placed for optimizer {optimizer.name} "
                                    f"(effective step c(0) = gamma2 + gamma1 gamma3 = {js_number(measure_gamma)}): {e.message}",
                                    "optimizer") from e
            try:
                if not plain:
                    def check_m(growth: float, kn: float, kn_end: float, m=m) -> None:
                        unstable = not (growth <= 1e-12) or not (kn < 1) or not (kn_end < 1)
                        if unstable:
                            msg = (f"optimizer {optimizer.name} is unstable: the one-step map's spectral radius - 1 = "
                                   f"{to_precision(growth, 4)} (needs <= 1e-12), frozen-time ||K|| = {to_precision(kn, 4)} "
                                   f"at t = 0 and {to_precision(kn_end, 4)} at t = {js_number(o['steps'])} (need < 1)")
                            if not force:
                                raise PlrfError("UNSTABLE", f"{msg}; change the optimizer's coefficients, or set force (--force) "
                                                "to run anyway", "optimizer")
                            if not any(w.startswith("optimizer") for w in warnings):
                                warnings.append(f"{msg}; forced")
                        f0s.append(m["f0"])
                        norms.append(math.inf if unstable else max(kn, kn_end))

                    prog = None if on_progress is None else (lambda f, k=k: on_progress((k + f) / count))
                    loss, dv = _solve_momentum(core, m, method, optimizer, batch, checkpoints, 1e6 * m["p0"] if force else math.inf,
                                               o["unit_steps"], o["momentum_fraction"], o["momentum_tolerance"], check_m, prog)
                    if dv is not None:
                        diverged_at = min(diverged_at, dv)
                    runs.append(loss)
                    continue
                def check(kernel_norm: float, max_abs_g: float, m=m) -> None:
                    unstable = not (max_abs_g <= 1) or not (kernel_norm < 1)
                    if unstable:
                        msg = (f"gamma = {js_number(gamma)} is unstable: max |g(lambda)| = {to_precision(max_abs_g, 4)} "
                               f"(needs < 1), ||K|| = {to_precision(kernel_norm, 4)} (needs < 1)")
                        if not force:
                            raise PlrfError("UNSTABLE", f"{msg}; lower gamma (or gamma0), or set force (--force) to run anyway",
                                            "gamma" if o["gamma_given"] else "gamma0")
                        if not any(w.startswith("gamma =") for w in warnings):
                            warnings.append(f"{msg}; forced")
                    f0s.append(m["f0"])
                    norms.append(math.inf if unstable else kernel_norm)

                prog = None if on_progress is None else (lambda f, k=k: on_progress((k + f) / count))
                loss, dv, _, _ = _solve_recursion(core, m, gamma, batch, table, checkpoints, o["unit_steps"],
                                                  o["block_fraction"], o["block_order"], o["block_tolerance"],
                                                  1e6 * m["p0"] if force else math.inf, check, prog)
                if dv is not None:
                    diverged_at = min(diverged_at, dv)
                runs.append(loss)
            finally:
                core.jobFree(m["job"])
    finally:
        if shared is not None:
            shared.dispose()
    # A diverging run records no checkpoint inside its last step or block (the momentum recursion's
    # blocks step over checkpoints): keep what every run recorded.
    kept = min([sum(1 for r in checkpoints if r < diverged_at)] + [len(r) for r in runs])
    loss, stderr = mean_stderr(core, runs, kept)
    limit: Optional[float] = 0.0
    for k in range(len(f0s)):
        limit = limit + f0s[k] / (1 - norms[k]) / len(f0s) if norms[k] < 1 and limit is not None else None
    if limit is None and plain:
        warnings.append("the limit is infinite: gamma is unstable (||K|| >= 1 or |g| >= 1)")
    if varying(optimizer):
        limit = None  # coefficients varying with t have no frozen-time limit
    if diverged_at != math.inf:
        warnings.append(f"diverged: the expected loss passed 10^6 P(0) at step {js_number(diverged_at)}; the curve stops before it")
    if on_progress is not None:
        on_progress(1.0)
    f0 = 0.0
    for x in f0s:
        f0 += x
    kn = 0.0
    for x in norms:
        kn += x
    return {"loss": loss, "stderr": stderr if len(runs) > 1 else None, "limit": limit, "f0": f0 / len(f0s),
            "kernel_norm": kn / len(norms), "runs": runs, "kept": kept,
            "diverged_at": None if diverged_at == math.inf else int(diverged_at), "warnings": warnings}


# ---------------------------------------------------------------------------------------------
# Densities (src/theory/density.ts)

def spectral_density(core: Core, alpha: float, beta: float, d: int, v: int, xs: Sequence[float], eps: float,
                     on_progress: Progress = None) -> Dict[str, List[float]]:
    """spectralDensity: densityBegin, densityStep in pieces, densityResults."""
    nx = len(xs)
    with core.blocks(nx) as (points,):
        core.write_f64(points, xs)
        job = _job(core.densityBegin(alpha, beta, d, v, points, nx, eps), f"{v} doubles")
    try:
        def step(p: int, units: int) -> int:
            status = core.densityStep(p, units)
            if status < 0:
                x = js_number(xs[core.densityFailedPoint(p)])
                if status == A.ERR_CONTINUATION:
                    raise PlrfError("NOT_CONVERGED", f"continuation of m(z) failed at x = {x}")
                if status == A.ERR_BRANCH:
                    raise PlrfError("NOT_CONVERGED", f"m(z) at x = {x} is not on the physical branch (negative density); rejected")
            return status

        _steps(core, job, step, on_progress=on_progress)
        out = core.read_f64(core.densityResults(job) & 0xFFFFFFFF, 2 * nx)
        return {"eigen": out[:nx].tolist(), "forcing": out[nx:].tolist()}
    finally:
        core.jobFree(job)


# ---------------------------------------------------------------------------------------------
# Asymptotics (src/theory/asymptotics.ts)

def floor_f0(core: Core, alpha: float, beta: float, d: int, v: int) -> float:
    """floorF0: the deterministic capacity floor (Wasm capacityFloor)."""
    f0 = core.capacityFloor(alpha, beta, d, v)
    if f0 < 0:
        raise PlrfError("MEMORY", f"could not allocate {v} doubles in Wasm memory", "v")
    return f0


def forcing_sum(core: Core, alpha: float, beta: float, rho: float, jmax: int) -> float:
    """forcingSum (Wasm)."""
    return core.forcingSum(alpha, beta, rho, jmax)


def asymptotics(core: Core, o: Dict[str, Any]) -> Dict[str, Any]:
    """asymptotics: floorF0, then asymptoticTerms into 6 doubles."""
    f0 = floor_f0(core, o["alpha"], o["beta"], o["d"], o["v"])
    with core.blocks(6) as (out,):
        core.asymptoticTerms(o["alpha"], o["beta"], o["d"], o["v"], o["batch"], o["gamma"], o["r"], f0, out)
        rho, fpp, fac, kpp, estimate, has_kpp = core.read_f64(out, 6).tolist()
    kpp_ = kpp if has_kpp == 1 else None
    for name, x in (("Fpp", fpp), ("Fac", fac), ("Kpp", 0.0 if kpp_ is None else kpp_), ("estimate", estimate)):
        if not math.isfinite(x):
            raise PlrfError("INVALID_ARGUMENT", f"the asymptotic form {name} overflows at r = {js_number(o['r'])} "
                            f"(rho = {js_number(rho)}); use a larger r or gamma", "r")
    return {"rho": rho, "fpp": fpp, "fac": fac, "f0": f0, "kpp": kpp_, "estimate": estimate}


# ---------------------------------------------------------------------------------------------
# Phases (src/model/phases.ts)

_CODES = {A.PHASE_NONE: "none", A.PHASE_IA: "Ia", A.PHASE_IB: "Ib", A.PHASE_IC: "Ic", A.PHASE_II: "II",
          A.PHASE_III: "III", A.PHASE_IVA: "IVa", A.PHASE_IVB: "IVb"}
_ORDER = ["Ia", "Ib", "Ic", "II", "III", "IVa", "IVb", "none"]
TRADEOFF = {"Ia": "F_pp vs F0", "Ib": "F_pp vs F0", "Ic": "F_pp vs F0", "II": "F_pp vs F_ac", "III": "K_pp vs F_ac",
            "IVa": "K_pp vs F0", "IVb": "F_pp vs K_pp", "none": None}


def classify_phase(core: Core, alpha: float, beta: float) -> Dict[str, Any]:
    """classifyPhase: phaseClassify into 4 doubles (xi, eta, on boundary, neighbour mask)."""
    with core.blocks(4) as (out,):
        code = core.phaseClassify(alpha, beta, out)
        if code < 0:
            raise PlrfError("INTERNAL", f"phase bookkeeping failed at ({js_number(alpha)}, {js_number(beta)})")
        xi, eta, on_boundary, mask = core.read_f64(out, 4).tolist()
    phase = _CODES[code]
    m = int(mask)
    return {"phase": phase, "xi": None if phase == "none" else xi, "eta": None if phase == "none" else eta,
            "tradeoff": TRADEOFF[phase], "on_boundary": on_boundary == 1,
            "neighbours": [p for i, p in enumerate(_ORDER) if m & (1 << i)]}


def phase_exponents(core: Core, phase: str, alpha: float, beta: float):
    """phaseExponents: (xi, eta) of a phase's formulas (None, None for 'none' or an unknown phase)."""
    code = next((c for c, p in _CODES.items() if p == phase), -1)
    if code <= 0:
        return None, None
    with core.blocks(2) as (out,):
        core.phaseExponents(code, alpha, beta, out)
        xi, eta = core.read_f64(out, 2).tolist()
    return xi, eta


# ---------------------------------------------------------------------------------------------
# Fronts (src/front/front.ts)

def _front_error(core: Core, job: int, status: int, window) -> Optional[PlrfError]:
    kind = core.frontErrorKind(job)
    f = core.frontErrorFlops(job)
    if status == A.ERR_NOT_INTERIOR and kind == A.FRONT_ERR_NO_INTERIOR:
        return PlrfError("NOT_INTERIOR", "the compute-optimal d is never interior to the d grid on the flops range of the "
                         "curves; widen the d grid or extend the curves", "curves")
    if status == A.ERR_NOT_INTERIOR and kind == A.FRONT_ERR_EDGE:
        return PlrfError("NOT_INTERIOR", f"the IsoFLOP minimum at f = {to_exponential(f, 3)} is at the edge of the d grid; "
                         "narrow the window or widen the d grid", "window")
    if status == A.ERR_NOT_INTERIOR and kind == A.FRONT_ERR_FEW_POINTS:
        w = window if window is not None else (core.frontWindow(job, 0), core.frontWindow(job, 1))
        return PlrfError("NOT_INTERIOR", f"the window [{to_exponential(w[0], 2)}, {to_exponential(w[1], 2)}] holds fewer "
                         "than 3 front points", "window")
    if status == A.ERR_NOT_CONVEX:
        return PlrfError("NOT_CONVEX", f"the IsoFLOP profile at f = {to_exponential(f, 3)} has non-positive curvature; "
                         "narrow the window", "window")
    if status == A.ERR_ARGUMENT:
        return PlrfError("INVALID_ARGUMENT", "the curves have no usable positive flops range", "curves")
    if status == A.ERR_MEMORY:
        return PlrfError("MEMORY", "a Wasm allocation failed (the memory limit is reached)", "curves")
    return None


def front(core: Core, curves: List[Dict[str, Any]], o: Dict[str, Any]) -> Dict[str, Any]:
    """computeOptimalFront: the curves (sorted by d) packed as assembly/front.ts reads them, the front
    job, then its results and the interval warnings of finishFrontJob."""
    window, resamples = o["window"], o["resamples"]
    with_runs = all(cv["runs"] is not None and len(cv["runs"]) >= 2 for cv in curves)
    length = 0
    for cv in curves:
        length += 3 + 2 * len(cv["flops"]) + (len(cv["runs"]) * len(cv["flops"]) if with_runs else 0)
    grid_points = math.ceil((core.mathLog(o["hi"] / o["lo"]) / LN10) * o["density"]) + 1
    grid_bytes = 8 * 17 * max(3, grid_points)
    V.check_budget(8 * length + grid_bytes + 24 * max(resamples, 36), max(8 * length, grid_bytes), "curves",
                   f"a front of {len(curves)} curves on {grid_points} flops", "lower density or pass fewer checkpoints")
    data = np.empty(length, dtype=np.float64)
    pos = 0
    for cv in curves:
        count = len(cv["flops"])
        data[pos] = cv["d"]
        data[pos + 1] = count
        pos += 2
        data[pos:pos + count] = cv["flops"]
        data[pos + count:pos + 2 * count] = cv["loss"]
        pos += 2 * count
        runs = cv["runs"] if with_runs else []
        data[pos] = len(runs)
        pos += 1
        for run in runs:
            row = [float(run[t]) if t < len(run) else math.nan for t in range(count)]
            data[pos:pos + count] = row
            pos += count
    with core.blocks(length) as (blk,):
        core.write_f64(blk, data)
        job = core.frontBegin(blk, length, len(curves), o["approach"], window[0] if window else math.nan,
                              window[1] if window else math.nan, o["parabola_points"], o["density"], resamples, o["seed"])
    if not job:
        raise PlrfError("MEMORY", "a Wasm allocation failed (the memory limit is reached)", "curves")
    try:
        try:
            _steps(core, job, core.frontStep, initial_units=16, param="curves")
        except PlrfError as e:
            raise (_front_error(core, job, core.jobStatus(job), window) or e) from None
        return _finish_front(core, job, with_runs, resamples)
    finally:
        core.jobFree(job)


def _finish_front(core: Core, job: int, with_runs: bool, resamples: int) -> Dict[str, Any]:
    def triples(ptr: int, count: int):
        m = core.read_f64(ptr & 0xFFFFFFFF, 3 * count).tolist()
        return [(m[3 * i], m[3 * i + 1], m[3 * i + 2]) for i in range(count)]

    front_pts = [{"flops": f, "loss": l, "d": d} for f, l, d in triples(core.frontPoints(job), core.frontPointCount(job))]
    slopes = [{"flops": f, "eta": e, "xi": x} for f, e, x in triples(core.frontSlopes(job), core.frontSlopeCount(job))]
    i_lo, i_hi = core.frontInterior(job, 0), core.frontInterior(job, 1)
    xi, eta = core.frontXi(job), core.frontEta(job)
    flags = core.frontCiFlags(job)
    ci_method = "bootstrap over runs" if core.frontCiMethod(job) == 1 else "sub-windows"
    raw = [core.frontInterval(job, w) for w in range(4)]
    samples = core.frontSamples(job)
    warnings: List[str] = []
    xi_ci = (raw[0], raw[1])
    eta_ci = (raw[2], raw[3])
    iv = lambda x: f"[{to_fixed(x[0], 4)}, {to_fixed(x[1], 4)}]"  # noqa: E731
    if flags & A.FRONT_CI_FEW:
        xi_ci = eta_ci = None
        warnings.append(
            f"only {samples} of {resamples} bootstrap resamples could be fitted (at least {A.FRONT_MIN_SAMPLES} are needed): "
            "no 95% intervals" if ci_method == "bootstrap over runs" else
            f"only {samples} sub-windows of the fit window hold 3 or more front points (at least {A.FRONT_MIN_SAMPLES} are "
            "needed): no 95% intervals; widen the window or raise density")
    why = ("the bootstrap is not centred on the estimate (biased resampled fits)" if ci_method == "bootstrap over runs" else
           "the fits over sub-windows all lie to one side of the full-window fit (the exponent drifts across the window)")
    if flags & A.FRONT_CI_XI_OUTSIDE:
        warnings.append(f"xi = {to_fixed(xi, 4)} lies outside the 95% {ci_method} interval {iv((raw[0], raw[1]))}: {why}; xiCI is null")
        xi_ci = None
    if flags & A.FRONT_CI_ETA_OUTSIDE:
        warnings.append(f"eta = {to_fixed(eta, 4)} lies outside the 95% {ci_method} interval {iv((raw[2], raw[3]))}: {why}; etaCI is null")
        eta_ci = None
    if with_runs and core.frontFailed(job) > 0.05 * resamples:
        warnings.append(f"{core.frontFailed(job)} of {resamples} bootstrap resamples could not be fitted in the window and were skipped")
    return {"window": (core.frontWindow(job, 0), core.frontWindow(job, 1)),
            "interior": None if math.isnan(i_lo) else (i_lo, i_hi), "xi": xi, "eta": eta, "xi_ci": xi_ci,
            "eta_ci": eta_ci, "ci_method": ci_method, "front": front_pts, "local_slopes": slopes, "warnings": warnings}
