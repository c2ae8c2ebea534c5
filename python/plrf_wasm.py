"""plrf from Python: the same WebAssembly core, loaded with wasmtime.

A thin host over the pointer-only ABI of ``build/plrf.wasm`` (see docs/abi.md). Sampling a problem,
its spectrum and the SGD ensemble are resumable jobs of the core (begin, step, accessors, jobFree),
driven here as in ``src/``; every other function mirrors the TypeScript code operation by
operation (the same Wasm calls in the same order, and the few host-side double operations in the
same order), so the same seed gives the same bits as Node and the browser. Only the standard
library and ``wasmtime`` are needed.

Conventions as in the TypeScript API: the loss has no factor 1/2, the batch gradient is summed,
flops are r·d·B, and run k of an SGD average uses W stream (seed, 2k) and data stream (seed, 2k+1).

Example::

    import plrf_wasm as plrf
    c = plrf.sgd_curve(alpha=1, beta=0.75, d=100, at=[10, 100, 1000], seeds=4, seed=7)
    c["loss"][-1], c["stderr"][-1]
    t = plrf.deterministic_curve(alpha=0.7, beta=1.2, d=100, at=[1, 10, 100, 1000])
    t["loss"], t["limit"]

Checkpoints: with ``steps`` alone, about ``points`` log-spaced checkpoints are chosen with
``math.log``/``math.exp`` like ``logCheckpoints`` does with ``Math.log``/``Math.exp``; the two
libraries may differ by an ulp, which could (rarely) move one rounded checkpoint. Pass ``at``
for checkpoints that are identical by construction.
"""

from __future__ import annotations

import hashlib
import math
import os
import struct
import sys
from typing import Dict, List, Optional, Sequence

__all__ = [
    "Core", "Problem", "Spectrum", "PlrfError", "PlrfArgumentError", "default_core", "sample_problem",
    "sgd_curve", "deterministic_curve", "default_gamma", "trace_d", "log_checkpoints",
    "resolve_checkpoints", "rng_raw", "hash_f64", "compute_hashes", "HASH_CASES",
]

DEFAULT_GAMMA0 = 0.5
MAX_SAFE_INTEGER = 2 ** 53 - 1
MAX_I32 = 2 ** 31 - 1
# Largest single block of the module's allocator (bytes) and the W entries that fit in it.
MAX_BLOCK_BYTES = 2 ** 30 - 64
MAX_W_ENTRIES = MAX_BLOCK_BYTES // 8
# Arrays of n entries in a recursion workspace (assembly/volterra.ts) and offsets used here.
WS_ARRAYS = 24
# Status codes of a job's step() (assembly/job.ts): 0 more, 1 done, negative errors.
_STATUS_DONE = 1
_ERR_MEMORY = -1
_ERR_UNSTABLE = -5
_ERR_EIGEN = -6
# Work budget per step() call (units of 1000 flop-equivalents); the bits do not depend on it.
_JOB_BUDGET = 1 << 24


class PlrfError(Exception):
    """The error of this module: ``code`` as in the TypeScript PlrfError, ``param`` the offending parameter."""

    def __init__(self, code: str, message: str, param: Optional[str] = None):
        super().__init__(message)
        self.code = code
        self.param = param


class PlrfArgumentError(PlrfError, ValueError):
    """An invalid argument (code ``INVALID_ARGUMENT``) or an unstable learning rate (``UNSTABLE``)."""


# ---------------------------------------------------------------------------------------------
# Validation (src/core/validate.ts)

def _fail(param: str, value, allowed: str):
    raise PlrfArgumentError("INVALID_ARGUMENT", f"{param} = {value!r} is invalid: expected {allowed}", param)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _finite(param: str, value, gt=None, ge=None, lt=None, le=None) -> float:
    parts = []
    if gt is not None:
        parts.append(f"> {gt}")
    if ge is not None:
        parts.append(f">= {ge}")
    if lt is not None:
        parts.append(f"< {lt}")
    if le is not None:
        parts.append(f"<= {le}")
    allowed = "a finite number" + (" " + " and ".join(parts) if parts else "")
    if not _is_number(value) or not math.isfinite(value):
        _fail(param, value, allowed)
    x = float(value)
    if (gt is not None and not x > gt) or (ge is not None and not x >= ge) \
            or (lt is not None and not x < lt) or (le is not None and not x <= le):
        _fail(param, value, allowed)
    return x


def _integer(param: str, value, lo: int, hi: int = MAX_SAFE_INTEGER) -> int:
    ok = _is_number(value) and (isinstance(value, int) or (math.isfinite(value) and float(value).is_integer()))
    if not ok or not lo <= value <= hi:
        _fail(param, value, f"an integer in [{lo}, {hi}]")
    return int(value)


def _admissible(alpha, beta):
    a = _finite("alpha", alpha, gt=0)
    b = _finite("beta", beta)
    if not a + b > 0.5:
        raise PlrfArgumentError(
            "INVALID_ARGUMENT",
            f"alpha + beta = {a + b} is invalid: the model needs alpha + beta > 1/2 "
            "(otherwise P(0) diverges with v and the loss has no power law)", "beta")
    return a, b


def _check_problem_memory(d: int, v: int, param: str) -> None:
    if v * d > MAX_W_ENTRIES:
        max_d = math.floor(math.sqrt(MAX_W_ENTRIES / (v / d)))
        raise PlrfError("MEMORY", f"W (v·d = {v}·{d} = {v * d} doubles) does not fit one Wasm block: v·d must be "
                        f"<= {MAX_W_ENTRIES}; at v/d = {v / d:.3f} that means d <= {max_d}", param)


# ---------------------------------------------------------------------------------------------
# The Wasm instance

def _default_wasm_path(simd: bool) -> str:
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, os.pardir, "build", "plrf.wasm" if simd else "plrf-scalar.wasm")


class Core:
    """One instance of the plrf Wasm core.

    Exports are available as methods taking the ABI's plain numbers (pointers are byte offsets into
    the exported memory), e.g. ``core.rngSeed(state, 42, 0)``; arguments are converted to the
    export's i32/f64 parameter types. Arrays of float64 are moved with :meth:`read_f64` and
    :meth:`write_f64` (little-endian, copies).

    :param path: the ``.wasm`` file; default ``build/plrf.wasm`` (or ``build/plrf-scalar.wasm``
        with ``simd=False``) next to this package's ``python/`` folder.
    :param simd: which packaged build to load when ``path`` is not given.

    Example::

        core = Core()
        ptr = core.alloc_f64(4)
        core.write_f64(ptr, [1, 2, 3, 4])
        core.sumCompensated(ptr, 4)  # 10.0
        core.free(ptr)
    """

    def __init__(self, path: Optional[str] = None, simd: bool = True):
        import wasmtime  # imported here so that the validation helpers work without it

        self.path = os.path.normpath(path or _default_wasm_path(simd))
        self.simd = simd if path is None else None
        self.engine = wasmtime.Engine()
        self.store = wasmtime.Store(self.engine)
        module = wasmtime.Module.from_file(self.engine, self.path)
        instance = wasmtime.Instance(self.store, module, [])
        self._exports = instance.exports(self.store)
        self.memory = self._exports["memory"]
        self._bound: Dict[str, object] = {}

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        bound = self._bound.get(name)
        if bound is None:
            try:
                func = self._exports[name]
            except KeyError:
                raise AttributeError(f"the plrf core has no export {name!r}") from None
            if name == "memory":
                raise AttributeError(name)
            kinds = [str(t) for t in func.type(self.store).params]
            store = self.store

            def bound(*args, _func=func, _kinds=kinds, _store=store):
                if len(args) != len(_kinds):
                    raise TypeError(f"{name} takes {len(_kinds)} arguments, got {len(args)}")
                return _func(_store, *[float(a) if k == "f64" else int(a) for a, k in zip(args, _kinds)])

            bound.__name__ = name
            self._bound[name] = bound
        return bound

    # -- memory ---------------------------------------------------------------------------
    def alloc_f64(self, n: int) -> int:
        """Allocate room for n doubles (16-byte aligned) and return the pointer; raise MEMORY if it fails."""
        nbytes = max(8, n * 8)
        ptr = self.alloc(nbytes) & 0xFFFFFFFF if nbytes <= MAX_BLOCK_BYTES else 0
        if ptr == 0:
            raise PlrfError("MEMORY", f"could not allocate {n} doubles in Wasm memory")
        return ptr

    def read_f64(self, ptr: int, n: int) -> List[float]:
        """Copy n doubles starting at ptr out of Wasm memory."""
        return list(struct.unpack(f"<{n}d", self.read_bytes(ptr, 8 * n)))

    def read_bytes(self, ptr: int, nbytes: int) -> bytes:
        """Copy nbytes raw bytes out of Wasm memory."""
        return bytes(self.memory.read(self.store, ptr, ptr + nbytes))

    def write_f64(self, ptr: int, values: Sequence[float]) -> None:
        """Copy doubles into Wasm memory at ptr."""
        self.memory.write(self.store, struct.pack(f"<{len(values)}d", *values), ptr)

    def fill_f64(self, ptr: int, n: int, value: float = 0.0) -> None:
        """Set n doubles at ptr to value."""
        self.memory.write(self.store, struct.pack("<d", value) * n, ptr)

    def blocks(self, *lengths: int) -> "_Blocks":
        """Temporary float64 blocks, freed on exit: ``with core.blocks(n, m) as (a, b): ...``."""
        return _Blocks(self, lengths)


class _Blocks:
    def __init__(self, core: Core, lengths):
        self.core = core
        self.lengths = lengths
        self.ptrs: List[int] = []

    def __enter__(self):
        try:
            for n in self.lengths:
                self.ptrs.append(self.core.alloc_f64(n))
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self.ptrs

    def __exit__(self, *exc):
        for p in self.ptrs:
            self.core.free(p)
        self.ptrs = []
        return False


_DEFAULT: Optional[Core] = None


def default_core() -> Core:
    """The shared instance of the SIMD build used when no ``core`` is passed (created on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Core()
    return _DEFAULT


def _core(core: Optional[Core]) -> Core:
    return core if core is not None else default_core()


def _job(ptr: int, what: str) -> int:
    """The pointer an xxxBegin export returned, or MEMORY if it is 0."""
    ptr &= 0xFFFFFFFF
    if ptr == 0:
        raise PlrfError("MEMORY", f"could not allocate {what} in Wasm memory")
    return ptr


def _run_job(c: Core, job: int, step, fail) -> None:
    """Step a job (assembly/job.ts) until it is done; on a negative status call ``fail(status)``
    (which raises for the statuses it knows), else raise MEMORY or INTERNAL."""
    while True:
        status = step(job, _JOB_BUDGET)
        if status == _STATUS_DONE:
            return
        if status < 0:
            fail(status)
            raise PlrfError("MEMORY" if status == _ERR_MEMORY else "INTERNAL", f"job failed with status {status}")


# ---------------------------------------------------------------------------------------------
# Conventions (src/conventions.ts)

def trace_d(alpha: float, v: int, core: Optional[Core] = None) -> float:
    """tr D = sum_(j<=v) j^(-2 alpha), compensated, computed in Wasm (same bits in every host)."""
    _finite("alpha", alpha, gt=0)
    _integer("v", v, 1, MAX_I32)
    return _core(core).traceD(v, alpha)


def default_gamma(alpha: float, v: int, batch: int = 1, gamma0: float = DEFAULT_GAMMA0, core: Optional[Core] = None) -> float:
    """The default learning rate gamma = gamma0 · 2 / ((B + 1) tr D)."""
    batch = _integer("batch", batch, 1, MAX_I32)
    gamma0 = _finite("gamma0", gamma0, gt=0)
    return (gamma0 * 2) / ((batch + 1) * trace_d(alpha, v, core))


def _js_round(x: float) -> int:
    # Math.round: nearest integer, ties towards +infinity (exact here: x >= 1 and x < 2^52).
    return math.floor(x + 0.5)


def log_checkpoints(steps: int, points: int) -> List[int]:
    """About ``points`` log-spaced integer checkpoints from 0 to ``steps`` (mirrors logCheckpoints)."""
    steps = _integer("steps", steps, 0)
    points = _integer("points", points, 2, 1_000_000)
    if steps == 0:
        return [0]
    out = {0, steps}
    n = points - 1
    log_n = math.log(steps)
    # points = 2 gives [0, steps] (the TypeScript loop divides 0 by 0 there and adds NaN).
    for i in range(n if n > 1 else 0):
        out.add(min(steps, _js_round(math.exp((log_n * i) / (n - 1)))))
    return sorted(out)


def resolve_checkpoints(steps=None, points=None, at=None):
    """(steps, checkpoints) from explicit ``at`` (0 added, sorted, deduplicated) or ``steps``/``points``."""
    if at is None:
        n = _integer("steps", steps, 0)
        return n, log_checkpoints(n, _integer("points", 60 if points is None else points, 2, 100_000))
    if isinstance(at, (str, bytes)) or not hasattr(at, "__len__") or len(at) == 0:
        raise PlrfArgumentError("INVALID_ARGUMENT", "at must be a non-empty sequence of integer steps >= 0", "at")
    cps = {0}
    for i, r in enumerate(at):
        cps.add(_integer(f"at[{i}]", r, 0))
    checkpoints = sorted(cps)
    last = checkpoints[-1]
    if steps is not None and _integer("steps", steps, 0) != last:
        raise PlrfArgumentError("INVALID_ARGUMENT", f"steps = {steps} differs from the last entry of at ({last})", "steps")
    return last, checkpoints


# ---------------------------------------------------------------------------------------------
# Problems (src/problem.ts)

class Spectrum:
    """Eigenvalues ``lam`` of K = W^T D W (decreasing), forcing masses ``rho``, projections
    g_i = <U_i, W^T D b>, the floor ``p_star``, ``p0`` = P(0) and ``trace_k`` = tr K."""

    __slots__ = ("lam", "rho", "projections", "p_star", "p0", "trace_k")

    def __init__(self, lam, rho, projections, p_star, p0, trace_k):
        self.lam, self.rho, self.projections = lam, rho, projections
        self.p_star, self.p0, self.trace_k = p_star, p0, trace_k


class Problem:
    """A sampled PLRF problem held in Wasm memory (see :func:`sample_problem`).

    Pointers (byte offsets into ``core.memory``): ``W`` (v x d, row-major), ``tau`` (j^(-2 alpha)),
    ``b`` (j^(-beta)), ``sqrt_tau``. Use as a context manager or call :meth:`dispose`.
    """

    def __init__(self, core: Core, alpha: float, beta: float, d: int, v: int, seed: int, stream: int):
        self.core = core
        self.alpha, self.beta, self.d, self.v, self.seed, self.stream = alpha, beta, d, v, seed, stream
        self._spectrum: Optional[Spectrum] = None
        # The problem job (assembly/problem-job.ts) owns W, tau, b and sqrt(tau); W is drawn in it.
        self.job = _job(core.problemBegin(alpha, beta, d, v, seed, stream, 0), f"W (v·d = {v}·{d})")
        try:
            _run_job(core, self.job, core.problemStep, lambda status: None)
        except BaseException:
            core.jobFree(self.job)
            self.job = 0
            raise
        self.W = core.problemW(self.job) & 0xFFFFFFFF
        self.tau = core.problemTau(self.job) & 0xFFFFFFFF
        self.b = core.problemB(self.job) & 0xFFFFFFFF
        self.sqrt_tau = core.problemSqrtTau(self.job) & 0xFFFFFFFF

    def _live(self):
        if self.W == 0:
            raise PlrfError("DISPOSED", "this Problem has been disposed")

    @property
    def p0(self) -> float:
        """P(0) = ||D^(1/2) b||^2 (compensated sum in Wasm)."""
        self._live()
        return self.core.problemP0(self.job)

    def weights(self) -> List[float]:
        """A copy of W (v·d doubles, row-major)."""
        self._live()
        return self.core.read_f64(self.W, self.v * self.d)

    def population_loss(self, theta: Sequence[float]) -> float:
        """Exact population loss ||D^(1/2)(W theta - b)||^2 (no factor 1/2)."""
        self._live()
        if theta is None or len(theta) != self.d:
            raise PlrfArgumentError("INVALID_ARGUMENT", f"theta must have d = {self.d} entries", "theta")
        for i, x in enumerate(theta):
            if not _is_number(x) or not math.isfinite(x):
                raise PlrfArgumentError("INVALID_ARGUMENT", f"theta[{i}] = {x!r} is not finite", "theta")
        c = self.core
        with c.blocks(self.d, self.v) as (th, work):
            c.write_f64(th, [float(x) for x in theta])
            return c.populationLoss(self.W, self.v, self.d, self.tau, self.b, th, work)

    def spectrum(self) -> Spectrum:
        """Eigenvalues of K and the forcing masses (computed once in Wasm, then cached)."""
        self._live()
        if self._spectrum is not None:
            return self._spectrum
        c, d = self.core, self.d
        job = _job(c.spectrumBegin(self.job), f"the eigen-decomposition of K (d = {d})")
        try:
            def fail(status):
                if status == _ERR_EIGEN:
                    raise PlrfError("NOT_CONVERGED", f"the eigensolver did not converge (d = {d}, code {c.spectrumEigenCode(job)})")
            _run_job(c, job, c.spectrumStep, fail)

            def read(ptr):
                return c.read_f64(ptr & 0xFFFFFFFF, d)
            self._spectrum = Spectrum(read(c.spectrumLambda(job)), read(c.spectrumRho(job)), read(c.spectrumProjections(job)),
                                      c.spectrumPStar(job), c.spectrumP0(job), c.spectrumTraceK(job))
        finally:
            c.jobFree(job)
        return self._spectrum

    def dispose(self) -> None:
        """Release the Wasm memory (idempotent)."""
        if self.W == 0:
            return
        self.core.jobFree(self.job)
        self.job = self.W = self.tau = self.b = self.sqrt_tau = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.dispose()
        return False


def sample_problem(alpha: float, beta: float, d: int, v: Optional[int] = None, seed: int = 0, stream: int = 0,
                   core: Optional[Core] = None) -> Problem:
    """Sample a PLRF problem: tau_j = j^(-2 alpha), b_j = j^(-beta), W (v x d) with N(0, 1/d) entries
    from stream (seed, stream); v defaults to 4 d. Same bits as ``PlrfProblem.sample`` in TypeScript.

    Example::

        with sample_problem(1, 0.75, 100, seed=1) as p:
            p.spectrum().p_star
    """
    alpha, beta = _admissible(alpha, beta)
    d = _integer("d", d, 1, MAX_I32)
    v_ = _integer("v", 4 * d if v is None else v, d, MAX_I32)
    seed = _integer("seed", seed, 0)
    stream = _integer("stream", stream, 0)
    _check_problem_memory(d, v_, "d" if v is None else "v")
    return Problem(_core(core), alpha, beta, d, v_, seed, stream)


# ---------------------------------------------------------------------------------------------
# SGD (src/sgd.ts, spectral engine)

def sgd_curve(alpha: float, beta: float, d: int, steps: Optional[int] = None, at: Optional[Sequence[int]] = None,
              seeds: int = 8, seed: int = 0, batch: int = 1, v: Optional[int] = None, gamma: Optional[float] = None,
              gamma0: Optional[float] = None, points: int = 60, core: Optional[Core] = None) -> dict:
    """Mean loss curve of one-pass SGD over ``seeds`` sampled problems (the spectral engine of
    ``simulateSgd``, bit-identical to it for the same arguments).

    Give ``steps`` (about ``points`` log-spaced checkpoints) or explicit checkpoints ``at``.
    Returns ``dict(steps, loss, stderr, limit, gamma, runs)``: checkpoints r, the mean exact
    population loss P(theta_r) (no 1/2), its standard error over runs (None with one run), the
    mean of P*/(1 - ||K||), the learning rate used and the per-run curves. An unstable gamma
    raises PlrfArgumentError with code UNSTABLE (this host has no ``force``).

    Example::

        sgd_curve(1, 0.75, 100, at=[0, 10, 100], seeds=4, seed=7)["loss"]
    """
    alpha, beta = _admissible(alpha, beta)
    d = _integer("d", d, 1, MAX_I32)
    v_ = _integer("v", 4 * d if v is None else v, d, MAX_I32)
    batch = _integer("batch", batch, 1, 65536)
    _, checkpoints = resolve_checkpoints(steps, points, at)
    seeds = _integer("seeds", seeds, 1, 1_000_000)
    seed = _integer("seed", seed, 0)
    if gamma is not None and gamma0 is not None:
        raise PlrfArgumentError("INVALID_ARGUMENT", "give gamma or gamma0, not both", "gamma")
    if gamma is not None:
        _finite("gamma", gamma, gt=0)
    g0 = _finite("gamma0", DEFAULT_GAMMA0 if gamma0 is None else gamma0, gt=0)
    _check_problem_memory(d, v_, "d" if v is None else "v")
    c = _core(core)
    gm = float(gamma) if gamma is not None else default_gamma(alpha, v_, batch, g0, c)
    n_cp = len(checkpoints)
    # The ensemble job (assembly/ensemble.ts): spectral engine, f64 W, no shared W, not forced.
    with c.blocks(n_cp) as (cp,):
        c.write_f64(cp, [float(r) for r in checkpoints])
        job = _job(c.ensembleBegin(0, 0, alpha, beta, d, v_, batch, gm, seeds, seed, -1, 0, cp, n_cp), f"SGD at d = {d}, v = {v_}")
    try:
        def fail(status):
            if status == _ERR_UNSTABLE:
                raise PlrfArgumentError(
                    "UNSTABLE", f"gamma = {gm} is unstable for this W: max gamma(B+1)lambda = {c.ensembleModeFactor(job):.4g} "
                    f"(needs < 2), ||K|| = {c.ensembleKernelNorm(job):.4g} (needs < 1); lower gamma (or gamma0)",
                    "gamma" if gamma is not None else "gamma0")
            if status == _ERR_EIGEN:
                raise PlrfError("NOT_CONVERGED", f"the eigensolver did not converge (d = {d}, code {c.ensembleEigenCode(job)})")
        _run_job(c, job, c.ensembleStep, fail)
        n, kept = c.ensembleRunsDone(job), c.ensembleKept(job)
        losses = c.read_f64(c.ensembleLosses(job) & 0xFFFFFFFF, n * n_cp)
        runs = [losses[k * n_cp:k * n_cp + kept] for k in range(n)]
        loss = c.read_f64(c.ensembleMean(job) & 0xFFFFFFFF, kept)
        stderr = c.read_f64(c.ensembleStderr(job) & 0xFFFFFFFF, kept)
        limit = c.ensembleLimit(job)
    finally:
        c.jobFree(job)
    return {"steps": list(checkpoints[:kept]), "loss": loss, "stderr": stderr if n > 1 else None,
            "limit": None if math.isnan(limit) else limit, "gamma": gm, "runs": runs}


# ---------------------------------------------------------------------------------------------
# Deterministic equivalent and mode recursion (src/theory/measure.ts, src/theory/curve.ts)

def _deterministic_measure(c: Core, alpha, beta, d, v, batch, gamma):
    """Build the contour workspace; returns (ws pointer, n nodes, F0, p0). Mirrors buildMeasure with
    default contour options (slope 0.3, panel width 0.2, 16 nodes per panel, 64 per cap, left 0.3, tail sums)."""
    slope, panel_width, nodes_per_panel, cap_nodes, left_factor = 0.3, 0.2, 16, 64, 0.3
    with c.blocks(v, v, v, v) as (tau, b, sq, c2):
        c.fillSpectrum(v, alpha, beta, tau, b, sq)
        tv, bv = c.read_f64(tau, v), c.read_f64(b, v)
        c.write_f64(c2, [tv[j] * bv[j] * bv[j] for j in range(v)])
        p0 = c.sumCompensated(c2, v)
        kappa = c.effectiveKappa(v, d, tau) if v > d else 0.0
        F0 = c.floorF0(v, tau, c2, kappa) if v > d else 0.0
        tr_d = c.sumCompensated(tau, v)
        edge = math.sqrt(v / d) - 1
        left = left_factor * tv[v - 1] * edge * edge
        stable_right = 1.8 / (gamma * (batch + 1))
        full_right = 3 * (1 + tr_d / d)
        right = min(full_right, stable_right)
        n = c.contourSize(left, right, panel_width, nodes_per_panel, cap_nodes)
        if 8 * WS_ARRAYS * n > MAX_BLOCK_BYTES:
            raise PlrfError("MEMORY", f"a contour of {n} nodes does not fit the Wasm memory", "d")
        ws = c.alloc_f64(WS_ARRAYS * n)
        try:
            c.fill_f64(ws, WS_ARRAYS * n, 0.0)
            # Tail sums on (the default of the JS API): power sums at breakpoints, built once.
            with c.blocks(2 * max(nodes_per_panel, cap_nodes), c.tailTableSize(v)) as (work, tail):
                c.tailTable(v, tau, c2, tail)
                status = c.contourBuild(v, d, tau, c2, left, right, slope, panel_width, nodes_per_panel, cap_nodes,
                                        ws, n, work, 1.0, 0.0, tail)
            if status == 1:
                raise PlrfError("NOT_CONVERGED", f"continuation of m(z) failed at contour node {c.lastFailedNode()} of {n}")
            if status == 2:
                raise PlrfError("NOT_CONVERGED", f"m(z) landed on a non-physical branch at contour node {c.lastFailedNode()} of {n}")
            if status != 0:
                raise PlrfError("INTERNAL", f"contour construction failed (status {status})")
            m_eigen, m_forcing = c.lastMassEigen(), c.lastMassForcing()
            eigen_err = abs(m_eigen - d) / d
            forcing_err = abs(m_forcing - (p0 - F0)) / (p0 - F0)
            if m_eigen < d * (1 - 1e-6) and right == stable_right:
                raise PlrfArgumentError(
                    "UNSTABLE", f"gamma = {gamma} is unstable or too close to the stability limit for B = {batch}: only "
                    f"{m_eigen:.2f} of the d = {d} eigenvalues of K lie below 1.8/(gamma (B+1)); lower gamma (or gamma0)",
                    "gamma")
            if not eigen_err <= 1e-9 or not forcing_err <= 1e-9:
                raise PlrfError("NOT_CONVERGED", f"contour self-check failed: eigenvalue mass {m_eigen} vs d = {d}, "
                                f"forcing mass {m_forcing} vs P(0) - F0 = {p0 - F0}")
        except BaseException:
            c.free(ws)
            raise
    return ws, n, F0, p0, {"eigen": m_eigen, "forcing": m_forcing}


def _solve_recursion(c: Core, ws: int, n: int, F0: float, gamma: float, batch: int, checkpoints: List[int],
                     unit_steps: int, block_fraction: float, block_order: int = 1):
    """solveRecursion of src/theory/curve.ts for a constant schedule: (losses, step of divergence or None).
    block_order 1: first-order blocks (the default); 2: second-order blocks (P quadratic through the
    previous block's start)."""
    P = F0 + c.volterraInit(ws, n)
    order2 = block_order == 2
    p_prev, l_prev = math.nan, 1
    cache2: Dict[tuple, int] = {}
    sums: List[int] = []
    loss: List[float] = []
    state = {"gamma": math.nan, "full": False}

    def set_gamma(g: float, full: bool):
        if g == state["gamma"] and (state["full"] or not full):
            return
        c.volterraSetGamma(ws, n, g, batch, 1 if full else 0)
        state["gamma"], state["full"] = g, full

    r = 0
    unit_chunk = max(1, math.floor(4e6 / max(1, n)))
    cache: Dict[int, int] = {}

    def clear_cache():
        for p in cache.values():
            c.free(p)
        cache.clear()
        for p in cache2.values():
            c.free(p)
        cache2.clear()
        for p in sums:
            c.free(p)
        sums.clear()

    def nominal(x: float) -> int:
        return 2 ** math.floor(math.log2(max(1, block_fraction * x)))

    try:
        for cp in checkpoints:
            while r < cp:
                if r < unit_steps:
                    end = min(cp, unit_steps)
                    set_gamma(gamma, False)
                    m = min(end - r, unit_chunk)
                    if order2:
                        if m > 1:
                            P = c.volterraUnit(ws, n, F0, P, m - 1)
                        p_prev = P
                        P = c.volterraUnit(ws, n, F0, P, 1)
                        l_prev = 1
                    else:
                        P = c.volterraUnit(ws, n, F0, P, m)
                    r += m
                else:
                    # 2 ** floor(log2(max(1, f r))), the same formula as the TypeScript code.
                    L = 2 ** math.floor(math.log2(max(1, block_fraction * r)))
                    while L > cp - r:
                        L //= 2
                    g = gamma
                    if g != state["gamma"] or not state["full"]:
                        clear_cache()
                    set_gamma(g, True)
                    if order2 and math.isfinite(p_prev):
                        rho = l_prev / L
                        coef2 = cache2.get((L, rho))
                        if coef2 is None:
                            if not sums:
                                levels = math.floor(math.log2(nominal(checkpoints[-1]))) + 1
                                sums.append(c.alloc_f64(8 * n * levels))
                                c.volterraBlockSums(ws, n, levels, sums[0])
                            coef2 = c.alloc_f64(8 * n + 3)
                            cache2[(L, rho)] = coef2
                            c.volterraBlockPrepare2(ws, n, int(math.log2(L)), rho, sums[0], coef2)
                        P = c.volterraBlockRun2(ws, n, F0, p_prev, P, coef2, 1, math.inf)
                        p_prev = c.volterraPrevP()
                        l_prev = L
                        r += L
                    else:
                        coef = cache.get(L)
                        if coef is None:
                            coef = c.alloc_f64(6 * n + 2)
                            cache[L] = coef
                            c.volterraBlockPrepare(ws, n, L, coef)
                        if order2:
                            # A first-order block opened the curve (unit_steps 0): later blocks interpolate through its start.
                            p_prev, l_prev = P, L
                        P = c.volterraBlockApply(ws, n, F0, P, coef)
                        r += L
                if not P <= math.inf:
                    return loss, r
            loss.append(P)
    finally:
        clear_cache()
    return loss, None


def deterministic_curve(alpha: float, beta: float, d: int, at: Optional[Sequence[int]] = None,
                        steps: Optional[int] = None, points: int = 60, v: Optional[int] = None, batch: int = 1,
                        gamma: Optional[float] = None, gamma0: Optional[float] = None, unit_steps: int = 10_000,
                        block_fraction: Optional[float] = None, block_order: int = 1,
                        core: Optional[Core] = None) -> dict:
    """Expected loss curve E P(r) from the deterministic equivalent (no sampling) by the mode
    recursion: ``lossCurve({ method: 'deterministic', ... })`` with the default contour and a constant
    learning rate, bit-identical to it for the same arguments.

    Returns ``dict(steps, loss, limit, F0, kernel_norm, gamma, nodes, masses, diverged)``; ``limit``
    is F0 / (1 - ||K||); ``diverged`` is None or ``{"step": r}`` when the recursion produced NaN (the
    curve then stops before r, as in TypeScript). Unit steps up to ``unit_steps``, then power-of-two blocks of at most
    ``block_fraction``·r steps, first-order (``block_order`` 1, the default, fraction 2^-10) or second-order (2,
    default fraction 2^-7), as in TypeScript (see its documentation for the accuracy).

    Example::

        deterministic_curve(0.7, 1.2, 100, at=[1, 10, 100, 1000])["loss"]
    """
    alpha, beta = _admissible(alpha, beta)
    d = _integer("d", d, 1, MAX_I32)
    v_ = _integer("v", 4 * d if v is None else v, d, MAX_I32)
    if v_ == d:
        raise PlrfArgumentError("INVALID_ARGUMENT", f"v = {v_} is invalid for the deterministic method: it needs v > d", "v")
    batch = _integer("batch", batch, 1, 65536)
    _, checkpoints = resolve_checkpoints(steps, points, at)
    unit_steps = _integer("unit_steps", unit_steps, 0)
    if block_order not in (1, 2):
        raise PlrfArgumentError("INVALID_ARGUMENT", f"block_order = {block_order!r} is invalid: expected 1 or 2", "block_order")
    if block_fraction is None:
        block_fraction = 2 ** -7 if block_order == 2 else 2 ** -10
    block_fraction = _finite("block_fraction", block_fraction, gt=0, le=0.5)
    if gamma is not None and gamma0 is not None:
        raise PlrfArgumentError("INVALID_ARGUMENT", "give gamma or gamma0, not both", "gamma")
    if gamma is not None:
        _finite("gamma", gamma, gt=0)
    g0 = _finite("gamma0", DEFAULT_GAMMA0 if gamma0 is None else gamma0, gt=0)
    if 8 * (6 * v_ + WS_ARRAYS * (2 * d + 4096)) > MAX_BLOCK_BYTES * 2:
        raise PlrfError("MEMORY", f"a deterministic measure at v = {v_} does not fit the Wasm memory; reduce v", "v")
    c = _core(core)
    gm = float(gamma) if gamma is not None else default_gamma(alpha, v_, batch, g0, c)
    ws, n, F0, p0, masses = _deterministic_measure(c, alpha, beta, d, v_, batch, gm)
    try:
        c.volterraSetGamma(ws, n, gm, batch, 0)
        kernel_norm, max_abs_g = c.volterraKernelNorm(ws, n), c.volterraMaxAbsA(ws, n)
        if not max_abs_g < 1 or not kernel_norm < 1:
            raise PlrfArgumentError(
                "UNSTABLE", f"gamma = {gm} is unstable: max |g(lambda)| = {max_abs_g:.4g} (needs < 1), ||K|| = "
                f"{kernel_norm:.4g} (needs < 1); lower gamma (or gamma0)", "gamma" if gamma is not None else "gamma0")
        loss, diverged_at = _solve_recursion(c, ws, n, F0, gm, batch, checkpoints, unit_steps, block_fraction, block_order)
    finally:
        c.free(ws)
    limit = 0.0 + F0 / (1 - kernel_norm) / 1
    return {"steps": checkpoints[:len(loss)], "loss": loss, "limit": limit, "F0": F0, "kernel_norm": kernel_norm,
            "gamma": gm, "nodes": n, "masses": masses,
            "diverged": None if diverged_at is None else {"step": diverged_at}}


# ---------------------------------------------------------------------------------------------
# Cross-host determinism (test/hosts/hashes.ts computes the same in Node and the browser)

HASH_CASES = {
    "rng": {"seed": 42, "stream": 0, "n": 100_000},
    "sgd": {"alpha": 1, "beta": 0.75, "d": 100, "seeds": 4, "seed": 7,
            "at": [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000]},
    "deterministic": {"alpha": 0.7, "beta": 1.2, "d": 100, "at": [0, 1, 10, 100, 1000, 10_000, 100_000]},
}


def rng_raw(seed: int, stream: int, n: int, core: Optional[Core] = None) -> bytes:
    """The first n raw 64-bit xoshiro256** outputs of stream (seed, stream), as 8n little-endian bytes."""
    seed = _integer("seed", seed, 0)
    stream = _integer("stream", stream, 0)
    n = _integer("n", n, 0, 2 ** 27)
    c = _core(core)
    with c.blocks(4, max(1, n)) as (state, out):
        c.rngSeed(state, seed, stream)
        c.rngFillRaw(state, out, n)
        return c.read_bytes(out, 8 * n)


def hash_f64(values: Sequence[float]) -> str:
    """Hex SHA-256 of the little-endian float64 bytes of values."""
    return hashlib.sha256(struct.pack(f"<{len(values)}d", *values)).hexdigest()


def compute_hashes(core: Optional[Core] = None) -> Dict[str, str]:
    """The cross-host table: SHA-256 of the RNG stream, the SGD mean curve and the deterministic curve
    for :data:`HASH_CASES` (see ``computeHashes`` in test/hosts/hashes.ts)."""
    c = _core(core)
    r = HASH_CASES["rng"]
    s = HASH_CASES["sgd"]
    t = HASH_CASES["deterministic"]
    return {
        "rng": hashlib.sha256(rng_raw(r["seed"], r["stream"], r["n"], c)).hexdigest(),
        "sgd": hash_f64(sgd_curve(s["alpha"], s["beta"], s["d"], at=s["at"], seeds=s["seeds"], seed=s["seed"], core=c)["loss"]),
        "deterministic": hash_f64(deterministic_curve(t["alpha"], t["beta"], t["d"], at=t["at"], core=c)["loss"]),
    }


if __name__ == "__main__":
    import json

    wasm = sys.argv[1] if len(sys.argv) > 1 else None
    print(json.dumps(compute_hashes(Core(wasm) if wasm else None), indent=2))
