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

Checkpoints: with ``steps`` alone, about ``points`` log-spaced checkpoints are chosen by the
core's ``logCheckpoints`` (as in every host), so they are the same integers as in TypeScript.
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import os
import struct
import sys
from typing import Dict, List, Optional, Sequence

__all__ = [
    "Core", "Problem", "Spectrum", "PlrfError", "PlrfArgumentError", "default_core", "sample_problem",
    "sgd_curve", "deterministic_curve", "default_gamma", "trace_d", "log_checkpoints",
    "resolve_checkpoints", "rng_raw", "hash_f64", "compute_hashes", "HASH_CASES", "ABI",
]


def _load_abi():
    """The generated ABI description (plrf/_abi.py next to this file; abi/plrf.abi.json in the sources)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "plrf", "_abi.py")
    spec = importlib.util.spec_from_file_location("plrf_wasm_abi", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: The ABI: ``ABI.EXPORTS`` (signatures), ``ABI.PARAM_NAMES``, ``ABI.ERRORS``, ``ABI.LAYOUTS`` and the constants.
ABI = _load_abi()

DEFAULT_GAMMA0 = 0.5
MAX_SAFE_INTEGER = 2 ** 53 - 1
MAX_I32 = 2 ** 31 - 1
# Largest single block of the module's allocator (bytes) and the W entries that fit in it.
MAX_BLOCK_BYTES = ABI.MAX_BLOCK_BYTES
MAX_W_ENTRIES = MAX_BLOCK_BYTES // 8
# Status codes of a job's step() (the ABI's STATUS_* and ERR_*): 0 more, 1 done, negative errors.
_STATUS_DONE = ABI.STATUS_DONE
_ERR_MEMORY = ABI.ERR_MEMORY
_ERR_UNSTABLE = ABI.ERR_UNSTABLE
_ERR_EIGEN = ABI.ERR_EIGEN
# Work budget per step() call (units of WORK_UNIT flop-equivalents); the bits do not depend on it.
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
    export's i32/f64 parameter types as ``ABI.EXPORTS`` describes them (the module's own types for
    an export the description does not know). Arrays of float64 are moved with :meth:`read_f64` and
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
        self._module = module
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
            described = ABI.EXPORTS.get(name)
            kinds = list(described[0]) if described else [str(t) for t in func.type(self.store).params]
            params = ", ".join(ABI.PARAM_NAMES.get(name, ()))
            store = self.store

            def bound(*args, _func=func, _kinds=kinds, _store=store):
                if len(args) != len(_kinds):
                    raise TypeError(f"{name}({params}) takes {len(_kinds)} arguments, got {len(args)}")
                return _func(_store, *[float(a) if k == "f64" else int(a) for a, k in zip(args, _kinds)])

            bound.__name__ = name
            self._bound[name] = bound
        return bound

    def abi_mismatches(self) -> List[str]:
        """How the loaded module's exports differ from ``ABI.EXPORTS`` (names and i32/f64 types); empty if they agree."""
        import wasmtime

        out = []
        found = {}
        for ext in self._module.exports:
            if isinstance(ext.type, wasmtime.FuncType):
                found[ext.name] = (tuple(str(t) for t in ext.type.params),
                                   str(ext.type.results[0]) if ext.type.results else None)
        for name, sig in ABI.EXPORTS.items():
            if name not in found:
                out.append(f"missing export {name}")
            elif found[name] != sig:
                out.append(f"{name}: described {sig}, exported {found[name]}")
        out.extend(f"undescribed export {name}" for name in found if name not in ABI.EXPORTS)
        return out

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


def log_checkpoints(steps: int, points: int, core: Optional[Core] = None) -> List[int]:
    """About ``points`` log-spaced integer checkpoints from 0 to ``steps``: ``logCheckpoints`` of the core,
    the same integers as every other host."""
    steps = _integer("steps", steps, 0)
    points = _integer("points", points, 2, 1_000_000)
    c = _core(core)
    with c.blocks(points + 1) as (out,):
        count = c.logCheckpoints(steps, points, out)
        return [int(x) for x in c.read_f64(out, count)]


def resolve_checkpoints(steps=None, points=None, at=None, core: Optional[Core] = None):
    """(steps, checkpoints) from explicit ``at`` (0 added, sorted, deduplicated) or ``steps``/``points``."""
    if at is None:
        n = _integer("steps", steps, 0)
        return n, log_checkpoints(n, _integer("points", 60 if points is None else points, 2, 100_000), core)
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

def _mean_stderr(c: Core, runs: List[List[float]], kept: int):
    """meanAndStderr of src/core/stats.ts: the core's meanStderr (Welford, in run order)."""
    if kept <= 0:
        return [], []
    n_runs = len(runs)
    with c.blocks(max(1, n_runs * kept), kept, kept) as (data, mean, stderr):
        if n_runs > 0:
            c.write_f64(data, [float(runs[k][i]) for k in range(n_runs) for i in range(kept)])
        c.meanStderr(data, n_runs, kept, kept, mean, stderr)
        return c.read_f64(mean, kept), c.read_f64(stderr, kept)


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
    _, checkpoints = resolve_checkpoints(steps, points, at, core)
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

# The measure job of the core (assembly/measure.ts, docs/abi.md): method codes, step statuses
# (assembly/job.ts) and measureValue indices.
_MEASURE_DETERMINISTIC = ABI.MEASURE_DETERMINISTIC
_STATUS_MORE, _STATUS_DONE = 0, 1
_ERR_MEMORY, _ERR_CONTINUATION, _ERR_BRANCH, _ERR_MASS_CHECK, _ERR_UNSTABLE = -1, -2, -3, -4, -5
_MV_F0, _MV_P0, _MV_MASS_EIGEN, _MV_MASS_FORCING, _MV_FAILED_NODE = 0, 1, 2, 3, 7


def _deterministic_measure(c: Core, alpha, beta, d, v, batch, gamma):
    """Build the deterministic measure with the core's measure job and the default contour (slope 0.3,
    panel width 0.2, 16 nodes per panel, 64 per cap, left factor 0.3, tail sums), as buildMeasure does.
    Returns (job, workspace pointer, n atoms, F0, p0, masses); the caller frees the job with jobFree."""
    job = c.measureBegin(_MEASURE_DETERMINISTIC, alpha, beta, d, v, batch, gamma, 0, 0.3, 0.2, 16, 64, 0.3, math.nan,
                         1.0, 0.0, 1) & 0xFFFFFFFF
    if job == 0:
        raise PlrfError("MEMORY", f"a deterministic measure at v = {v} does not fit the Wasm memory; reduce v", "v")
    try:
        status = _STATUS_MORE
        while status == _STATUS_MORE:
            status = c.measureStep(job, 1 << 30)
        n = c.measureSize(job)
        if status == _ERR_MEMORY:
            raise PlrfError("MEMORY", f"a contour of {n} nodes does not fit the Wasm memory", "d")
        if status == _ERR_CONTINUATION:
            raise PlrfError("NOT_CONVERGED", f"continuation of m(z) failed at contour node {c.measureValue(job, _MV_FAILED_NODE):g} of {n}")
        if status == _ERR_BRANCH:
            raise PlrfError("NOT_CONVERGED", f"m(z) landed on a non-physical branch at contour node {c.measureValue(job, _MV_FAILED_NODE):g} of {n}")
        m_eigen, m_forcing = c.measureValue(job, _MV_MASS_EIGEN), c.measureValue(job, _MV_MASS_FORCING)
        F0, p0 = c.measureValue(job, _MV_F0), c.measureValue(job, _MV_P0)
        if status == _ERR_UNSTABLE:
            raise PlrfArgumentError(
                "UNSTABLE", f"gamma = {gamma} is unstable or too close to the stability limit for B = {batch}: only "
                f"{m_eigen:.2f} of the d = {d} eigenvalues of K lie below 1.8/(gamma (B+1)); lower gamma (or gamma0)",
                "gamma")
        if status == _ERR_MASS_CHECK:
            raise PlrfError("NOT_CONVERGED", f"contour self-check failed: eigenvalue mass {m_eigen} vs d = {d}, "
                            f"forcing mass {m_forcing} vs P(0) - F0 = {p0 - F0}")
        if status != _STATUS_DONE:
            raise PlrfError("INTERNAL", f"contour construction failed (status {status})")
        ws = c.measureWorkspace(job) & 0xFFFFFFFF
    except BaseException:
        c.jobFree(job)
        raise
    return job, ws, n, F0, p0, {"eigen": m_eigen, "forcing": m_forcing}


# The schedule table of the recursion job (assembly/recursion.ts): [kind, p1, p2, p3, steps]; kind 0 = constant.
_SCHEDULE_CONSTANT = float(ABI.SCHEDULE_CONSTANT)
# Work units (atom-steps) per recursionStep call: this host does not pace, so one call does most curves.
_RECURSION_BUDGET = 2 ** 30


def _solve_recursion(c: Core, ws: int, n: int, F0: float, gamma: float, batch: int, checkpoints: List[int],
                     unit_steps: int, block_fraction: float, block_order: int = 1, threshold: float = math.inf,
                     check=None):
    """solveRecursion of src/theory/curve.ts for a constant schedule: the recursion job of the core
    (recursionBegin/recursionStep) on its own copy of the measure in ``ws``. ``check(kernel_norm,
    max_abs_g)`` runs before any step (it may raise). block_order 1: first-order blocks (the default);
    2: second-order blocks (P quadratic through the previous block's start).
    Returns (losses, step of divergence or None, kernel_norm, max_abs_g)."""
    with c.blocks(len(checkpoints), 5) as (cps, table):
        c.write_f64(cps, [float(x) for x in checkpoints])
        c.write_f64(table, [_SCHEDULE_CONSTANT, 0.0, 0.0, 0.0, float(checkpoints[-1])])
        job = c.recursionBegin(ws, n, F0, gamma, batch, unit_steps, block_fraction, block_order, threshold,
                               cps, len(checkpoints), table, 5) & 0xFFFFFFFF
    if job == 0:
        raise PlrfError("MEMORY", f"could not allocate a recursion over {n} atoms in Wasm memory", "d")
    try:
        kernel_norm, max_abs_g = c.recursionKernelNorm(job), c.recursionMaxAbsG(job)
        if check is not None:
            check(kernel_norm, max_abs_g)
        while True:
            status = c.recursionStep(job, _RECURSION_BUDGET)
            if status == 1:
                break
            if status < 0:
                raise PlrfError("MEMORY" if status == -1 else "INTERNAL", f"the recursion failed with status {status}")
        count = c.recursionCount(job)
        loss = c.read_f64(c.recursionLoss(job) & 0xFFFFFFFF, count) if count > 0 else []
        diverged = c.recursionDivergedAt(job)
        return loss, (None if diverged < 0 else int(diverged)), kernel_norm, max_abs_g
    finally:
        c.jobFree(job)


def deterministic_curve(alpha: float, beta: float, d: int, at: Optional[Sequence[int]] = None,
                        steps: Optional[int] = None, points: int = 60, v: Optional[int] = None, batch: int = 1,
                        gamma: Optional[float] = None, gamma0: Optional[float] = None, unit_steps: int = 10_000,
                        block_fraction: Optional[float] = None, block_order: int = 2,
                        core: Optional[Core] = None) -> dict:
    """Expected loss curve E P(r) from the deterministic equivalent (no sampling) by the mode
    recursion: ``lossCurve({ method: 'deterministic', ... })`` with the default contour and a constant
    learning rate, bit-identical to it for the same arguments.

    Returns ``dict(steps, loss, limit, F0, kernel_norm, gamma, nodes, masses, diverged)``; ``limit``
    is F0 / (1 - ||K||); ``diverged`` is None or ``{"step": r}`` when the recursion produced NaN (the
    curve then stops before r, as in TypeScript). Unit steps up to ``unit_steps``, then power-of-two blocks of at most
    ``block_fraction``·r steps, second-order (``block_order`` 2, the default, fraction 2^-7) or first-order (1,
    default fraction 2^-10), as in TypeScript (see its documentation for the accuracy).

    Example::

        deterministic_curve(0.7, 1.2, 100, at=[1, 10, 100, 1000])["loss"]
    """
    alpha, beta = _admissible(alpha, beta)
    d = _integer("d", d, 1, MAX_I32)
    v_ = _integer("v", 4 * d if v is None else v, d, MAX_I32)
    if v_ == d:
        raise PlrfArgumentError("INVALID_ARGUMENT", f"v = {v_} is invalid for the deterministic method: it needs v > d", "v")
    batch = _integer("batch", batch, 1, 65536)
    _, checkpoints = resolve_checkpoints(steps, points, at, core)
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
    c = _core(core)
    gm = float(gamma) if gamma is not None else default_gamma(alpha, v_, batch, g0, c)
    job, ws, n, F0, p0, masses = _deterministic_measure(c, alpha, beta, d, v_, batch, gm)
    def check(kernel_norm: float, max_abs_g: float) -> None:
        if not max_abs_g < 1 or not kernel_norm < 1:
            raise PlrfArgumentError(
                "UNSTABLE", f"gamma = {gm} is unstable: max |g(lambda)| = {max_abs_g:.4g} (needs < 1), ||K|| = "
                f"{kernel_norm:.4g} (needs < 1); lower gamma (or gamma0)", "gamma" if gamma is not None else "gamma0")

    try:
        loss, diverged_at, kernel_norm, _ = _solve_recursion(c, ws, n, F0, gm, batch, checkpoints, unit_steps,
                                                             block_fraction, block_order, math.inf, check)
    finally:
        c.jobFree(job)
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
