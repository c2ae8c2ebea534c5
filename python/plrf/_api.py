"""The public functions: validation (mirroring the TypeScript checks, in the same order), then one
call into :mod:`plrf._compute`, then the result objects."""

from __future__ import annotations

import math
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from . import _compute as C
from . import _validate as V
from ._core import core as shared_core
from ._errors import PlrfError
from ._format import to_fixed
from ._optimizer import OptimizerOption, is_preset, optimizer_name, optimizer_table, resolve_optimizer
from ._measure import SpectralMeasure
from ._results import (AsymptoticTerms, ContourUsed, CurveConfig, Masses, Diverged, FrontCurve, FrontPoint, FrontResult, LocalSlope,
                       LossCurve, MeasuredFront, PhaseInfo, SgdConfig, SgdResult, SpectralDensity, SpectrumSummary,
                       Theory, f64, steps_array)

Progress = Optional[Callable[[float], None]]
#: Default block fraction of the momentum / DANA recursion (MOMENTUM_BLOCK_FRACTION in TypeScript).
MOMENTUM_BLOCK_FRACTION = 2 ** -6
#: Default tolerance of the momentum / DANA blocks' error control (MOMENTUM_BLOCK_TOLERANCE in TypeScript).
MOMENTUM_BLOCK_TOLERANCE = 1e-5
#: Default contour panels of momentum / DANA curves (MOMENTUM_CONTOUR_PANELS in TypeScript, docs/model.md §10).
MOMENTUM_CONTOUR_PANELS = {"panel_width": 0.6, "nodes_per_panel": 32}
#: Narrowest ray slope of the momentum / DANA contour's profile (MIN_CONTOUR_SLOPE in TypeScript).
MIN_CONTOUR_SLOPE = 0.002
ArrayLike = Union[Sequence[float], np.ndarray]


# ---------------------------------------------------------------------------------------------
# Conventions

def trace_d(alpha: float, v: int) -> float:
    """tr D = sum_(j<=v) j^(-2 alpha), compensated, computed in Wasm."""
    a = V.finite("alpha", alpha, gt=0)
    v_ = V.integer("v", v, 1, V.MAX_I32)
    return C.trace_d(shared_core(), a, v_)


def default_gamma(alpha: float, v: int, beta: Optional[float] = None, batch: int = 1,
                  gamma0: float = V.DEFAULT_GAMMA0) -> float:
    """The default learning rate gamma = gamma0 · 2 / ((B + 1) tr D), tr D = sum_(j<=v) j^(-2 alpha).
    With gamma0 = 0.5 and B = 1 this is 0.5 / tr D (||K|| is then about 0.25)."""
    if beta is not None:
        V.admissible(alpha, beta)
    b = V.integer("batch", batch, 1, V.MAX_I32)
    g0 = V.finite("gamma0", gamma0, gt=0)
    a = V.finite("alpha", alpha, gt=0)
    v_ = V.integer("v", v, 1, V.MAX_I32)
    return C.default_gamma(shared_core(), a, v_, b, g0)


def stability(lambda_: ArrayLike, gamma: float, batch: int) -> Dict[str, Any]:
    """Check every mode gamma (B+1) lambda_i < 2 and the kernel norm ||K|| < 1 for a spectrum at learning
    rate gamma and batch B (``stability`` in TypeScript; computed in Wasm, negative eigenvalues counted
    as 0): ``{"mode_factor", "kernel_norm", "stable"}``."""
    mode, kn, stable = C.stability(shared_core(), np.asarray(lambda_, dtype=np.float64), float(gamma), int(batch))
    return {"mode_factor": mode, "kernel_norm": kn, "stable": stable}


def flops(r: float, d: float, batch: float = 1) -> float:
    """Flops of r SGD steps at model size d and batch B: f = r · d · B (the v·d feature cost is not counted)."""
    return float(r) * float(d) * float(batch)


def log_checkpoints(steps: int, points: int) -> np.ndarray:
    """About ``points`` integer checkpoints, log-spaced in r, always including 0 and ``steps`` (int64)."""
    s, p = V.log_checkpoints_args(steps, points)
    return steps_array(C.log_checkpoints(shared_core(), s, p))


def _checkpoints(steps, points, at) -> Tuple[int, List[int]]:
    n, cps, pts = V.resolve_checkpoints(steps, points, at)
    if cps is None:
        cps = C.log_checkpoints(shared_core(), n, pts)
    return n, cps


def _flops(steps: Sequence[int], d: int, batch: int) -> np.ndarray:
    return f64([float(r) * d * batch for r in steps])


# ---------------------------------------------------------------------------------------------
# Loss curves

_CURVE_KEYS = ("method", "alpha", "beta", "d", "v", "batch", "gamma", "gamma0", "schedule", "steps", "points", "at", "seeds",
               "seed", "w_seed", "contour", "force", "unit_steps", "block_fraction", "block_order", "block_tolerance",
               "optimizer", "on_progress")


def loss_curve(method: str, alpha: float, beta: float, d: int, *, v: Optional[int] = None, batch: int = 1,
               gamma: Optional[float] = None, gamma0: Optional[float] = None, schedule: Optional[Mapping[str, Any]] = None,
               steps: Optional[int] = None, points: Optional[int] = None, at: Optional[ArrayLike] = None,
               seeds: Optional[int] = None, seed: Optional[int] = None, w_seed: Optional[int] = None,
               contour: Optional[Mapping[str, Any]] = None, force: bool = False, unit_steps: Optional[int] = None,
               block_fraction: Optional[float] = None, block_order: Optional[int] = None, block_tolerance: Optional[float] = None,
               optimizer: Optional[OptimizerOption] = None, on_progress: Progress = None, **unknown: Any) -> LossCurve:
    """The expected loss curve E P(r) of one-pass SGD, from the Volterra equation by the mode
    recursion (``lossCurve`` in TypeScript), for the ``deterministic`` equivalent (no sampling), a
    ``finite`` sampled W (or the mean over ``seeds`` draws) or the ``surrogate`` Table-1 measure.

    Conventions: loss without the factor 1/2, summed batch gradient, flops f = r·d·B. Second-order
    blocks (the default under a constant learning rate) are chosen by the local error control:
    ``block_tolerance`` (default 1e-8 for SGD) on the estimated relative error, exact unit steps at least to
    ``unit_steps`` (default 0), blocks of L <= ``block_fraction``·r (default 2^-5). First order
    (``block_order=1``, or a schedule), or ``block_tolerance=0``: unit steps up to ``unit_steps``
    (default 10^4), then blocks of the power of two at or below ``block_fraction``·r steps (default
    2^-10, or 2^-7 for second order).

    :param method: 'deterministic', 'finite' or 'surrogate'.
    :param alpha, beta: the power laws (1e-6 <= alpha <= 100, |beta| <= 100, alpha + beta > 1/2).
    :param d: model size; ``v`` hidden dimension (default 4 d; deterministic needs v > d).
    :param batch: batch size B (summed gradient); ``gamma`` or ``gamma0`` the learning rate
        (default gamma0 · 2 / ((B+1) tr D), gamma0 = 0.5).
    :param schedule: ``{"kind": "power", "r0": .., "exponent": ..}``, ``{"kind": "cosine", "final": ..}``
        or ``{"kind": "wsd", "warmup": .., "decay": .., "final": ..}`` multiplying gamma.
    :param steps: the last checkpoint, with about ``points`` (default 60) log-spaced checkpoints;
        or explicit checkpoints ``at`` (0 is added).
    :param seeds, seed, w_seed: finite method only: W draws (stream (seed, 2k)) or one W (w_seed, 0).
    :param contour: deterministic contour options (snake_case keys of ContourOptions).
    :param force: run an unstable gamma; divergence is then reported, not an error.
    :param optimizer: 'sgd' (default), 'momentum', 'dana-constant', 'dana-decay', or a mapping
        ``{"name", "gamma1", "gamma2", "gamma3", "delta"}`` (docs/model.md §10; see
        :func:`simulate_sgd`). Other than sgd: the exact second-moment recursion of the optimizer,
        unit steps to ``unit_steps`` (default 10^4), then second-order blocks of the power of two at or
        below f·r steps, f = ``block_fraction`` (default 2^-6) doubled or halved once per octave of r by
        the error control at ``block_tolerance`` (default 1e-5; 0 keeps f), checkpoints that a block
        steps over interpolated; no schedule and no ``block_order``; the
        deterministic contour is placed for the effective step c(0) = gamma2 + gamma1 gamma3.
    :param on_progress: called with the fraction done.
    :returns: :class:`plrf.LossCurve` (``steps``, ``flops``, ``loss``, ``stderr``, ``limit``,
        ``f0``, ``kernel_norm``, ``runs``, ``diverged``, ``warnings``, ``config``; ``config.optimizer``
        the resolved coefficients).
    :raises PlrfError: INVALID_ARGUMENT, UNSTABLE (param ``gamma``, ``gamma0`` or ``optimizer``), MEMORY,
        NOT_CONVERGED.

    Example::

        c = plrf.loss_curve("deterministic", alpha=0.7, beta=0.6, d=400, steps=10**6)
        c.loss[-1], c.limit
    """
    V.known_keys("loss_curve", unknown, _CURVE_KEYS)
    method_ = V.one_of("method", method, ["deterministic", "finite", "surrogate"])
    a, b = V.admissible(alpha, beta)
    d_, v_ = V.sizes(d, v, method_ == "deterministic")
    batch_ = V.integer("batch", batch, 1, 65536)
    n_steps, checkpoints = _checkpoints(steps, points, at)
    seeds_ = V.integer("seeds", 1 if seeds is None else seeds, 1, 1_000_000)
    seed_ = V.integer("seed", 0 if seed is None else seed, 0)
    w_seed_ = None if w_seed is None else V.integer("w_seed", w_seed, 0)
    force_ = V.boolean("force", force)
    schedule_ = V.schedule(schedule)
    order = V.one_of("block_order", "2" if block_order is None else V._js_show(block_order) if V.is_number(block_order)
                     else block_order, ["1", "2"])
    order_ = 2 if order == "2" else 1
    block_tolerance_ = V.finite("block_tolerance", 1e-8 if block_tolerance is None else block_tolerance, ge=0, lt=1)
    controlled = order_ == 2 and schedule_ is None and block_tolerance_ > 0
    unit_steps_ = V.integer("unit_steps", unit_steps if unit_steps is not None else (0 if controlled else 10_000), 0)
    frac = block_fraction if block_fraction is not None else (
        2 ** -5 if controlled else 2 ** -7 if order_ == 2 and schedule_ is None else 2 ** -10)
    block_fraction_ = V.finite("block_fraction", frac, gt=0, le=0.5)
    gamma_, gamma0_ = V.learning_rate(gamma, gamma0)
    if method_ != "finite" and (seeds is not None or w_seed is not None or seed is not None):
        raise PlrfError("INVALID_ARGUMENT", f"seeds, seed and w_seed apply to the finite method only (method = {method_})",
                        "seeds" if seeds is not None else "seed" if seed is not None else "w_seed")
    # The contour options apply to (and are checked for) the deterministic method only, as in TypeScript.
    contour_ = V.contour(contour if method_ == "deterministic" else None)
    V.on_progress(on_progress)
    if method_ != "finite":
        V.check_budget(8 * (6 * v_ + V.WS_ARRAYS * (2 * d_ + 4096)), 8 * v_, "v", f"a {method_} measure (v = {v_})", "reduce v")
    else:
        V.check_problem_memory(d_, v_, "v")  # TypeScript samples with v given explicitly
    c = shared_core()
    gm = gamma_ if gamma_ is not None else C.default_gamma(c, a, v_, batch_, gamma0_)
    opt = resolve_optimizer(optimizer, a, b, d_, v_, batch_, gm, C.trace_d(c, a, v_))
    if method_ == "deterministic" and opt.name != "sgd":
        # Curves accurate to the blocks' 1e-6..2e-5 take a coarser contour than SGD's (docs/model.md §10).
        contour_ = {**contour_, **{k: x for k, x in MOMENTUM_CONTOUR_PANELS.items() if k not in contour_["given"]}}
        if "panel_width" not in contour_["given"] and "nodes_per_panel" not in contour_["given"]:
            # The coarse panels are a default, not the user's: where they fail, SGD's panels are tried.
            contour_["fallback_panels"] = V.SGD_CONTOUR_PANELS
    if method_ == "deterministic" and opt.name != "sgd" and "slope" not in contour_["given"]:
        # A ray whose slope at each x is low enough that the one-step map does not grow there up to the
        # horizon: the optimizer's slope profile, computed by the measure job (docs/model.md §10).
        contour_ = {**contour_, "profile": (optimizer_table(opt), float(n_steps), MIN_CONTOUR_SLOPE)}
    if opt.name != "sgd" and schedule_ is not None:
        raise PlrfError("INVALID_ARGUMENT", f"a learning-rate schedule applies to the sgd optimizer only (optimizer = {opt.name}); "
                        "give power laws in the optimizer's coefficients instead", "schedule")
    if opt.name != "sgd" and block_order is not None:
        raise PlrfError("INVALID_ARGUMENT", f"block_order applies to the sgd optimizer only: the {opt.name} recursion has "
                        "its own second-order blocks", "block_order")
    if opt.name != "sgd" and unit_steps is None:
        unit_steps_ = 10_000  # the momentum/DANA recursion's blocks start after exact unit steps to 10^4
    momentum_fraction = V.finite("block_fraction", MOMENTUM_BLOCK_FRACTION if block_fraction is None else block_fraction,
                                 gt=0, le=0.5)
    o = dict(method=method_, alpha=a, beta=b, d=d_, v=v_, batch=batch_, gamma=gm, gamma_given=gamma_ is not None,
             schedule=schedule_, checkpoints=checkpoints, steps=n_steps, seeds=seeds_, seed=seed_, w_seed=w_seed_,
             contour=contour_, force=force_, unit_steps=unit_steps_, block_fraction=block_fraction_, block_order=order_,
             optimizer=opt, momentum_fraction=momentum_fraction, block_tolerance=block_tolerance_,
             momentum_tolerance=V.finite("block_tolerance", MOMENTUM_BLOCK_TOLERANCE if block_tolerance is None else block_tolerance,
                                         ge=0, lt=1))
    r = C.loss_curve(c, o, on_progress)
    kept = r["kept"]
    steps_kept = checkpoints[:kept]
    warnings = list(r["warnings"])
    return LossCurve(
        config=CurveConfig(alpha=a, beta=b, d=d_, v=v_, gamma=gm, batch=batch_, steps=n_steps, method=method_,
                           seeds=seeds_ if method_ == "finite" else 1, seed=seed_, w_seed=w_seed_, optimizer=opt),
        steps=steps_array(steps_kept), flops=_flops(steps_kept, d_, batch_), loss=f64(r["loss"]),
        stderr=None if r["stderr"] is None else f64(r["stderr"]), limit=None if r["limit"] is None else float(r["limit"]),
        f0=float(r["f0"]), kernel_norm=float(r["kernel_norm"]),
        runs=np.array([row[:kept] for row in r["runs"]], dtype=np.float64).reshape(len(r["runs"]), kept),
        diverged=None if r["diverged_at"] is None else Diverged(step=int(r["diverged_at"])), warnings=warnings)


# ---------------------------------------------------------------------------------------------
# SGD

_SGD_KEYS = ("alpha", "beta", "d", "v", "batch", "gamma", "gamma0", "steps", "engine", "storage", "seeds", "seed", "w_seed",
             "points", "at", "force", "optimizer", "on_progress")


def simulate_sgd(alpha: float, beta: float, d: int, *, v: Optional[int] = None, batch: int = 1,
                 gamma: Optional[float] = None, gamma0: Optional[float] = None, steps: Optional[int] = None,
                 engine: str = "spectral", storage: str = "f64", seeds: int = 8, seed: int = 0,
                 w_seed: Optional[int] = None, points: Optional[int] = None, at: Optional[ArrayLike] = None,
                 force: bool = False, optimizer: Optional[OptimizerOption] = None, on_progress: Progress = None,
                 **unknown: Any) -> SgdResult:
    """One-pass SGD theta_(r+1) = theta_r - gamma sum_(i<=B) a_i (<a_i, theta_r> - y_i) from theta_0 = 0
    on ``seeds`` independently sampled problems, with the exact population loss at about ``points``
    log-spaced checkpoints (``simulateSgd`` in TypeScript). Loss without 1/2, summed batch
    gradient, flops f = r·d·B. Run k uses W stream (seed, 2k) and data stream (seed, 2k+1)
    (with ``w_seed``: one W from stream (w_seed, 0)).

    :param engine: 'spectral' (exact in law, O(d B) per step; default) or 'direct' (O(v d B)).
    :param storage: 'f64' (default) or 'f32' (W rounded to float32, arithmetic in f64).
    :param force: run an unstable gamma (some gamma (B+1) lambda_i >= 2 or ||K|| >= 1) anyway.
    :param optimizer: the optimizer (docs/model.md §10) y' = (1 - Delta_t) y + gamma1_t G,
        theta' = theta - gamma2_t G - gamma3_t y' (G the summed batch gradient): 'sgd' (default),
        'momentum' (heavy ball: Delta = 0.1, gamma1 = 1, gamma2 = 0, gamma3 = 0.1 gamma),
        'dana-constant', 'dana-decay' (presets from alpha, beta, d and B), or a mapping
        ``{"name": ..., "gamma1": ..., "gamma2": ..., "gamma3": ..., "delta": ...}`` where each
        coefficient is a number >= 0 or ``{"value", "scale" (default 1), "power" (default 0)}`` for
        value (1 + t/scale)^(-power); with ``dana`` every coefficient is required, with a preset a
        given coefficient replaces the preset's (``optimizer`` in TypeScript).
    :returns: :class:`plrf.SgdResult` (``steps``, ``flops``, ``loss``, ``stderr``, ``limit``,
        ``runs``, ``spectra``, ``diverged``, ``warnings``, ``config``; ``config.optimizer`` the
        resolved coefficients).
    :raises PlrfError: INVALID_ARGUMENT, UNSTABLE (param ``gamma``, ``gamma0`` or ``optimizer``), MEMORY.
    :raises KeyboardInterrupt: on Ctrl-C, with ``partial``: the :class:`plrf.SgdResult` over the runs
        finished before it (``config.seeds`` is their count), or None.

    Example::

        s = plrf.simulate_sgd(alpha=1, beta=0.75, d=100, steps=20000, seeds=16)
        s.loss[-1], s.stderr[-1]
    """
    V.known_keys("simulate_sgd", unknown, _SGD_KEYS)
    a, b = V.admissible(alpha, beta)
    d_, v_ = V.sizes(d, v)
    batch_ = V.integer("batch", batch, 1, 65536)
    n_steps, checkpoints = _checkpoints(steps, points, at)
    engine_ = V.one_of("engine", engine, ["spectral", "direct"])
    storage_ = V.one_of("storage", storage, ["f64", "f32"])
    seeds_ = V.integer("seeds", seeds, 1, 1_000_000)
    seed_ = V.integer("seed", seed, 0)
    w_seed_ = None if w_seed is None else V.integer("w_seed", w_seed, 0)
    force_ = V.boolean("force", force)
    gamma_, gamma0_ = V.learning_rate(gamma, gamma0)
    V.on_progress(on_progress)
    V.check_problem_memory(d_, v_, "d" if v is None else "v", storage_)
    w_bytes = (8 if storage_ == "f64" else 4) * v_ * d_
    n_cp = len(checkpoints)
    V.check_budget(w_bytes + 8 * (d_ * d_ + 8 * v_ + 4 * batch_ * d_) + 8 * (seeds_ * (n_cp + 3) + 3 * n_cp),
                   max(w_bytes, 8 * seeds_ * n_cp), "d", f"SGD at d = {d_}, v = {v_}", "reduce d or v")
    c = shared_core()
    gm = gamma_ if gamma_ is not None else C.default_gamma(c, a, v_, batch_, gamma0_)
    opt = resolve_optimizer(optimizer, a, b, d_, v_, batch_, gm, C.trace_d(c, a, v_))
    o = dict(alpha=a, beta=b, d=d_, v=v_, batch=batch_, gamma=gm, gamma_given=gamma_ is not None, checkpoints=checkpoints,
             steps=n_steps, engine=engine_, storage=storage_, seeds=seeds_, seed=seed_, w_seed=w_seed_, force=force_,
             optimizer=opt)

    def result(r: Dict[str, Any]) -> SgdResult:
        kept = r["kept"]
        steps_kept = checkpoints[:kept]
        return SgdResult(
            config=SgdConfig(alpha=a, beta=b, d=d_, v=v_, gamma=gm, batch=batch_, steps=n_steps,
                             method="sgd" if engine_ == "spectral" else "sgd-direct", engine=engine_, seeds=r["seeds"],
                             seed=seed_, w_seed=w_seed_, storage=storage_, optimizer=opt),
            steps=steps_array(steps_kept), flops=_flops(steps_kept, d_, batch_), loss=f64(r["loss"]),
            stderr=None if r["stderr"] is None else f64(r["stderr"]), limit=None if r["limit"] is None else float(r["limit"]),
            runs=np.array([row[:kept] for row in r["runs"]], dtype=np.float64).reshape(len(r["runs"]), kept),
            spectra=[SpectrumSummary(**s) for s in r["spectra"]],
            diverged=None if r["diverged_at"] is None else Diverged(step=int(r["diverged_at"])), warnings=list(r["warnings"]))

    try:
        r = C.sgd(c, o, on_progress)
    except KeyboardInterrupt as e:
        # The runs finished before the interrupt, as an aborted simulateSgd keeps them (None if none).
        partial = getattr(e, "partial", None)
        e.partial = None if partial is None else result(partial)  # type: ignore[attr-defined]
        raise
    if on_progress is not None:
        on_progress(1.0)
    return result(r)


# ---------------------------------------------------------------------------------------------
# Spectral measures and densities

_MEASURE_KEYS = ("method", "alpha", "beta", "d", "v", "batch", "gamma", "gamma0", "seed", "stream", "contour", "force",
                 "on_progress")


def spectral_measure(method: str, alpha: float, beta: float, d: int, *, v: Optional[int] = None, batch: int = 1,
                     gamma: Optional[float] = None, gamma0: Optional[float] = None, seed: Optional[int] = None,
                     stream: Optional[int] = None, contour: Optional[Mapping[str, Any]] = None, force: bool = False,
                     on_progress: Progress = None, **unknown: Any) -> SpectralMeasure:
    """Build a spectral measure (``spectralMeasure`` in TypeScript): ``finite`` (the
    eigen-decomposition of one sampled W from stream (seed, stream): atoms lambda_i, phi_i = rho_i,
    nu_i = lambda_i^2, F0 = P*), ``deterministic`` (complex atoms on a contour around the spectrum of
    the deterministic equivalent, with mass self-checks; built for the largest gamma (B+1) it will
    be used with) or ``surrogate`` (atoms tau_j, j <= d, rho_j = c_j^2 + (c_beta/d) tau_j, F0 exact).

    :returns: a :class:`plrf.SpectralMeasure` (a context manager holding Wasm memory).
    :raises PlrfError: INVALID_ARGUMENT, UNSTABLE, MEMORY, NOT_CONVERGED.

    Example::

        with plrf.spectral_measure("deterministic", alpha=1, beta=0.75, d=100) as m:
            m.f0, m.masses
    """
    V.known_keys("spectral_measure", unknown, _MEASURE_KEYS)
    method_ = V.one_of("method", method, ["deterministic", "finite", "surrogate"])
    a, b = V.admissible(alpha, beta)
    d_, v_ = V.sizes(d, v, method_ == "deterministic")
    batch_ = V.integer("batch", batch, 1, 65536)
    gamma_, gamma0_ = V.learning_rate(gamma, gamma0)
    force_ = bool(force)  # TypeScript reads `force` as a flag here, unchecked
    V.on_progress(on_progress)
    if method_ == "finite":
        seed_ = V.integer("seed", 0 if seed is None else seed, 0)
        stream_ = V.integer("stream", 0 if stream is None else stream, 0)
        V.check_problem_memory(d_, v_, "v")  # TypeScript samples with v given explicitly
        contour_ = V.contour(None)
    else:
        if seed is not None or stream is not None:
            raise PlrfError("INVALID_ARGUMENT", f"seed and stream apply to the finite method only (method = {method_})", "seed")
        seed_ = stream_ = 0
        V.check_budget(8 * (6 * v_ + V.WS_ARRAYS * (2 * d_ + 4096)), 8 * v_, "v", f"a {method_} measure (v = {v_})", "reduce v")
        contour_ = V.contour(contour) if method_ == "deterministic" else V.contour(None)
    c = shared_core()
    gm = None
    if method_ != "finite":
        gm = gamma_ if gamma_ is not None else C.default_gamma(c, a, v_, batch_, gamma0_)
    o = dict(method=method_, alpha=a, beta=b, d=d_, v=v_, batch=batch_, gamma=gm, gamma_given=gamma_ is not None, seed=seed_,
             stream=stream_, contour=contour_, force=force_)
    r = C.spectral_measure(c, o, on_progress)
    if on_progress is not None:
        on_progress(1.0)
    return SpectralMeasure(c, r["job"], method=method_, alpha=a, beta=b, d=d_, v=v_, size=r["size"], f0=r["f0"], p0=r["p0"],
                           masses=None if r["masses"] is None else Masses(**r["masses"]),
                           contour=None if r["contour"] is None else ContourUsed(**r["contour"]), gamma_max=r["gamma_max"])


def spectral_density(alpha: float, beta: float, d: int, x: ArrayLike, *, v: Optional[int] = None, eps: float = 1e-3,
                     on_progress: Progress = None, **unknown: Any) -> SpectralDensity:
    """Densities of the deterministic equivalent on the real axis at the points x > 0
    (``spectralDensity`` in TypeScript): the eigenvalue density of K, (1/pi) Im(-d m(z)/z), and the
    forcing density (1/pi) Im S_F(z), at z = x (1 + i eps) (default eps 1e-3). They integrate over x
    to d and to P(0) - F0.

    Example::

        x = np.logspace(-6, 0, 200)
        dens = plrf.spectral_density(alpha=1, beta=0.75, d=100, x=x)
        dens.eigen, dens.forcing
    """
    V.known_keys("spectral_density", unknown, ("alpha", "beta", "d", "v", "x", "eps", "on_progress"))
    a, b = V.admissible(alpha, beta)
    d_ = V.integer("d", d, 1, V.MAX_I32)
    v_ = V.integer("v", 4 * d_ if v is None else v, d_, 2 ** 28)
    eps_ = V.finite("eps", eps, gt=0, le=1)
    if x is None or isinstance(x, Mapping) or not hasattr(x, "__len__"):
        raise PlrfError("INVALID_ARGUMENT", "x must be an array of positive numbers", "x")
    xs = [V.finite(f"x[{i}]", xi, gt=0) for i, xi in enumerate(x)]
    V.on_progress(on_progress)
    r = C.spectral_density(shared_core(), a, b, d_, v_, xs, eps_, on_progress)
    if on_progress is not None:
        on_progress(1.0)
    return SpectralDensity(x=f64(xs), eigen=f64(r["eigen"]), forcing=f64(r["forcing"]))


# ---------------------------------------------------------------------------------------------
# Asymptotics and phases

def asymptotics(alpha: float, beta: float, d: int, r: float, *, v: Optional[int] = None, batch: int = 1,
                gamma: Optional[float] = None, gamma0: Optional[float] = None, **unknown: Any) -> AsymptoticTerms:
    """The large-d asymptotic forms of Table 1 at step r with rho = 2 gamma B r (``asymptotics`` in
    TypeScript): F_pp (``fpp``), F_ac (``fac``), F0 (``f0``), K_pp (``kpp``, None unless 4 alpha > 1) and
    the estimate F0 + F_pp + F_ac + K_pp/(gamma B). Valid for 1 << gamma B r << d^(2 alpha). Loss
    without 1/2.

    Example::

        plrf.asymptotics(alpha=1, beta=0.75, d=1000, gamma=0.1, r=1000).fpp
    """
    V.known_keys("asymptotics", unknown, ("alpha", "beta", "d", "v", "batch", "gamma", "gamma0", "r"))
    a, b = V.admissible(alpha, beta)
    d_ = V.integer("d", d, 1, V.MAX_I32)
    v_ = V.integer("v", 4 * d_ if v is None else v, d_, V.MAX_I32)
    batch_ = V.integer("batch", batch, 1, 65536)
    if gamma is not None and gamma0 is not None:
        raise PlrfError("INVALID_ARGUMENT", "give gamma or gamma0, not both", "gamma")
    c = shared_core()
    if gamma is not None:
        gm = V.finite("gamma", gamma, gt=0)
    else:
        g0 = V.finite("gamma0", V.DEFAULT_GAMMA0 if gamma0 is None else gamma0, gt=0)
        gm = C.default_gamma(c, a, v_, batch_, g0)
    r_ = V.finite("r", r, ge=1)
    t = C.asymptotics(c, dict(alpha=a, beta=b, d=d_, v=v_, batch=batch_, gamma=gm, r=r_))
    return AsymptoticTerms(rho=float(t["rho"]), fpp=float(t["fpp"]), fac=float(t["fac"]), f0=float(t["f0"]),
                           kpp=None if t["kpp"] is None else float(t["kpp"]), estimate=float(t["estimate"]))


def floor_f0(alpha: float, beta: float, d: int, v: int) -> float:
    """The deterministic capacity floor F0 = sum_j c_j^2 kappa / (tau_j + kappa), with kappa > 0 solving
    sum_j tau_j / (tau_j + kappa) = d (``floorF0`` in TypeScript); needs v > d (F0 = 0 when v = d).

    Example::

        plrf.floor_f0(alpha=1, beta=0.75, d=100, v=400)
    """
    a, b = V.admissible(alpha, beta)
    d_ = V.integer("d", d, 1, V.MAX_I32)
    v_ = V.integer("v", v, d_, V.MAX_I32)
    return C.floor_f0(shared_core(), a, b, d_, v_)


def forcing_sum(alpha: float, beta: float, rho: float, jmax: int) -> float:
    """The pure-point forcing as a sum, sum_(j<=jmax) j^(-2 alpha - 2 beta) exp(-rho j^(-2 alpha)), rho =
    2 gamma B r: what F_pp approximates (``forcingSum`` in TypeScript)."""
    a, b = V.admissible(alpha, beta)
    rho_ = V.finite("rho", rho, ge=0)
    j = V.integer("jmax", jmax, 1, 10 ** 10)
    return C.forcing_sum(shared_core(), a, b, rho_, j)


def _measure_function(which: str, method: str, alpha: float, beta: float, d: int, r: ArrayLike, kw: Dict[str, Any]) -> np.ndarray:
    rs = [V.finite(f"r[{i}]", x, ge=0) for i, x in enumerate([] if r is None else r)]
    with spectral_measure(method, alpha, beta, d, **kw) as m:
        batch = 1 if kw.get("batch") is None else kw["batch"]
        gamma = kw.get("gamma")
        if gamma is None:
            gamma = default_gamma(alpha=alpha, v=m.v, batch=batch, gamma0=V.DEFAULT_GAMMA0 if kw.get("gamma0") is None
                                  else kw["gamma0"])
        f = m.forcing if which == "forcing" else m.kernel
        return f64([f(x, gamma, batch) for x in rs])


def forcing(method: str, alpha: float, beta: float, d: int, *, r: ArrayLike, **options: Any) -> np.ndarray:
    """The forcing F(r) = F0 + sum_i rho_i g(lambda_i)^r (including F0) of a measure at the steps r
    (``forcing`` in TypeScript): the expected loss of gradient flow without SGD noise. The other
    options are those of :func:`spectral_measure`; gamma defaults to the gamma0 rule.

    Example::

        plrf.forcing("deterministic", alpha=1, beta=0.75, d=100, r=[0, 10, 100])
    """
    return _measure_function("forcing", method, alpha, beta, d, r, options)


def kernel(method: str, alpha: float, beta: float, d: int, *, r: ArrayLike, **options: Any) -> np.ndarray:
    """The kernel K(r) = gamma^2 B sum_i lambda_i^2 g(lambda_i)^r of a measure at the steps r
    (``kernel`` in TypeScript; late values below about 1e-12 K(0) are rounding noise for the
    deterministic method)."""
    return _measure_function("kernel", method, alpha, beta, d, r, options)


def phase_exponents(phase: str, alpha: float, beta: float) -> Tuple[Optional[float], Optional[float]]:
    """xi and eta of a phase's formulas at (alpha, beta) (Table 2), computed in the Wasm core
    (``phaseExponents`` in TypeScript); (None, None) for 'none'."""
    return C.phase_exponents(shared_core(), phase, alpha, beta)


def classify_phase(alpha: float, beta: float) -> PhaseInfo:
    """Classify (alpha, beta) into the phases of Table 2 with the compute-optimal exponents
    d*(f) ~ f^xi and P*(f) ~ f^(-eta) (loss without 1/2, f = r·d·B) (``classifyPhase`` in TypeScript).
    A point within 1e-9 of a boundary is ``on_boundary`` with all the phases that meet there as
    ``neighbours``.

    Example::

        plrf.classify_phase(0.7, 0.6).phase   # 'II'
    """
    if V.is_number(alpha) and float(alpha) <= 0:
        V.finite("alpha", alpha, gt=0)
    a = V.finite("alpha", alpha, ge=V.MIN_ALPHA, le=V.MAX_EXPONENT)
    b = V.finite("beta", beta, ge=-V.MAX_EXPONENT, le=V.MAX_EXPONENT)
    p = C.classify_phase(shared_core(), a, b)
    return PhaseInfo(alpha=a, beta=b, phase=p["phase"], xi=p["xi"], eta=p["eta"], tradeoff=p["tradeoff"],
                     on_boundary=bool(p["on_boundary"]), neighbours=list(p["neighbours"]))



def dana_decay_exponents(alpha: float, beta: float) -> Dict[str, Any]:
    """plrf's predicted compute-optimal exponents of DANA-decay (docs/model.md §10; not the paper's),
    computed in the Wasm core (``danaDecayExponents`` in TypeScript): the DANA clock multiplies the
    time exponents of F_pp, F_ac and K_pp by kappa = 2 - 1/(2 alpha). A dict with ``phase``,
    ``kappa``, ``xi``, ``eta`` (None outside Ia, II, III, with a ``note``), ``sgd`` (Table 2's
    ``xi``, ``eta``) and ``source`` ('plrf').

    Example::

        plrf.dana_decay_exponents(1, 0.7)["eta"]   # 0.878... (SGD: 0.706...)
    """
    if V.is_number(alpha) and float(alpha) <= 0:
        V.finite("alpha", alpha, gt=0)
    a = V.finite("alpha", alpha, ge=V.MIN_ALPHA, le=V.MAX_EXPONENT)
    b = V.finite("beta", beta, ge=-V.MAX_EXPONENT, le=V.MAX_EXPONENT)
    core = shared_core()
    with core.blocks(5) as (out,):
        code = core.danaDecayExponents(a, b, out)
        if code < 0:
            raise PlrfError("INTERNAL", f"phase bookkeeping failed at ({a}, {b})")
        kappa, xi, eta, sxi, seta = core.read_f64(out, 5).tolist()
    phase = C._CODES[code]
    predicted = not math.isnan(xi)
    note = None if predicted else ("no power-law decay (alpha + beta <= 1/2)" if phase == "none"
                                   else f"no prediction in phase {phase}: the derivation needs 2 alpha > 1")
    none = phase == "none"
    return {"phase": phase, "kappa": kappa, "xi": xi if predicted else None, "eta": eta if predicted else None,
            "sgd": {"xi": None if none else sxi, "eta": None if none else seta}, "note": note, "source": "plrf"}

# ---------------------------------------------------------------------------------------------
# Fronts

def _curve_fields(cv: Any) -> Dict[str, Any]:
    """d, flops, loss, runs of a curve given as a mapping, a FrontCurve or a LossCurve/SgdResult."""
    if isinstance(cv, Mapping):
        get = cv.get
    else:
        get = lambda k, default=None: getattr(cv, k, default)  # noqa: E731
    d = get("d")
    if d is None:
        cfg = get("config")
        d = getattr(cfg, "d", None) if cfg is not None else None
    return {"d": d, "flops": get("flops"), "loss": get("loss"), "runs": get("runs")}


def _sort_key(x: Any) -> float:
    return float(x) if V.is_number(x) else math.nan


def compute_optimal_front(curves: Sequence[Any], *, approach: int = 2, window: Optional[Tuple[float, float]] = None,
                          parabola_points: int = 3, density: int = 20, resamples: int = 200, seed: int = 0,
                          **unknown: Any) -> FrontResult:
    """The compute-optimal front P*(f) = min_d P(f/(d B); d) of a family of loss curves on the common
    axis f = r·d·B, with power-law fits P* ~ f^(-eta), d* ~ f^xi over a window
    (``computeOptimalFront`` in TypeScript). Approach 1: envelope; 2 (default): IsoFLOP parabolas
    through ``parabola_points`` (3 or 5) points around the discrete minimum; 0: local slopes.

    :param curves: at least 3 curves of distinct d: mappings or objects with ``d``, ``flops``,
        ``loss`` and optionally ``runs`` (a :class:`plrf.LossCurve` or :class:`plrf.SgdResult` takes d
        from its config).
    :raises PlrfError: INVALID_ARGUMENT, NOT_INTERIOR, NOT_CONVEX (param ``window`` or ``curves``).
    """
    V.known_keys("compute_optimal_front", unknown, ("approach", "window", "parabola_points", "density", "resamples", "seed"))
    if not V.is_array(curves) or len(curves) < 3:
        raise PlrfError("INVALID_ARGUMENT", "compute_optimal_front needs at least 3 curves (distinct d)", "curves")
    if isinstance(approach, (bool, np.bool_)) or not V.is_number(approach) or float(approach) not in (0.0, 1.0, 2.0):
        raise PlrfError("INVALID_ARGUMENT", f"approach = {V._js_show(approach)} is invalid: expected 0, 1 or 2", "approach")
    if isinstance(parabola_points, (bool, np.bool_)) or not V.is_number(parabola_points) or float(parabola_points) not in (3.0, 5.0):
        raise PlrfError("INVALID_ARGUMENT", f"parabola_points = {V._js_show(parabola_points)} is invalid: expected 3 or 5",
                        "parabola_points")
    density_ = V.integer("density", density, 2, 1000)
    resamples_ = V.integer("resamples", resamples, 10, 100_000)
    seed_ = V.integer("seed", seed, 0)
    fields = sorted((_curve_fields(cv) for cv in curves), key=lambda f: _sort_key(f["d"]))
    out: List[Dict[str, Any]] = []
    for i, f in enumerate(fields):
        d_ = V.integer(f"curves[{i}].d", f["d"], 1)
        if i > 0 and d_ == out[-1]["d"]:
            raise PlrfError("INVALID_ARGUMENT", f"two curves have d = {d_}", "curves")
        fl, lo = f["flops"], f["loss"]
        if not V.is_array(fl) or not V.is_array(lo) or len(fl) != len(lo) or len(fl) < 2:
            raise PlrfError("INVALID_ARGUMENT", f"curves[{i}] needs flops and loss arrays of equal length >= 2", "curves")
        loss_ = [V.finite(f"curves[{i}].loss[{j}]", p, gt=0) for j, p in enumerate(lo)]
        runs = f["runs"]
        out.append({"d": d_, "flops": [float(x) for x in fl], "loss": loss_,
                    "runs": None if runs is None else [[float(x) for x in row] for row in runs]})
    lo_f = min(next((x for x in cv["flops"] if x > 0), math.inf) for cv in out)
    hi_f = max(cv["flops"][-1] for cv in out)
    if not hi_f > lo_f:
        raise PlrfError("INVALID_ARGUMENT", "the curves have no positive flops range", "curves")
    window_ = None
    if window is not None:
        if not V.is_array(window) or len(window) != 2:
            raise PlrfError("INVALID_ARGUMENT", "window must be [fMin, fMax]", "window")
        w0 = V.finite("window[0]", window[0], gt=0)
        window_ = (w0, V.finite("window[1]", window[1], gt=w0))
    o = dict(approach=int(approach), window=window_, parabola_points=int(parabola_points), density=density_,
             resamples=resamples_, seed=seed_, lo=lo_f, hi=hi_f)
    r = C.front(shared_core(), out, o)
    return FrontResult(
        approach=int(approach), window=tuple(r["window"]), interior=None if r["interior"] is None else tuple(r["interior"]),
        xi=float(r["xi"]), eta=float(r["eta"]), xi_ci=None if r["xi_ci"] is None else tuple(r["xi_ci"]),
        eta_ci=None if r["eta_ci"] is None else tuple(r["eta_ci"]), ci_method=r["ci_method"],
        front=[FrontPoint(**p) for p in r["front"]], local_slopes=[LocalSlope(**s) for s in r["local_slopes"]],
        warnings=list(r["warnings"]))


_FRONT_KEYS = ("alpha", "beta", "d", "method", "v_ratio", "batch", "gamma0", "seeds", "seed", "flops", "window", "approach",
               "points", "optimizer", "on_progress")


def measure_front(alpha: float, beta: float, d: Sequence[int], *, method: str = "deterministic", v_ratio: float = 4,
                  batch: int = 1, gamma0: Optional[float] = None, seeds: int = 8, seed: int = 0,
                  flops: Optional[Tuple[float, float]] = None, window: Optional[Tuple[float, float]] = None,
                  approach: Optional[int] = None, points: Optional[int] = None, optimizer: Optional[OptimizerOption] = None,
                  on_progress: Progress = None, **unknown: Any) -> MeasuredFront:
    """Measure the compute-optimal front at (alpha, beta) on a d grid (``measureFront`` in
    TypeScript): the loss curves (``deterministic`` equivalent by default, ``finite`` mean over W
    draws, or ``sgd``), then :func:`compute_optimal_front`, next to the phase and its predicted
    exponents. Without ``flops`` the curves are extended (x10 at a time) until the minimiser is
    interior over at least two decades. v = round(v_ratio · d); flops f = r·d·B.

    ``optimizer`` (default 'sgd'; see :func:`simulate_sgd`) is the optimizer of every curve. With the
    'dana-decay' preset, ``theory`` holds plrf's own prediction (kappa = 2 - 1/(2 alpha) times the
    time exponents of SGD's trade-off; not the paper's) and a warning says so; other optimizers have
    no prediction (``theory`` xi and eta None).

    Example::

        fr = plrf.measure_front(alpha=0.7, beta=0.6, d=[200, 400, 800, 1600, 3200])
        fr.measured.eta, fr.theory.eta
    """
    V.known_keys("measure_front", unknown, _FRONT_KEYS)
    a, b = V.admissible(alpha, beta)
    if not V.is_array(d) or len(d) < 3:
        raise PlrfError("INVALID_ARGUMENT", "d must list at least 3 model sizes", "d")
    ds = sorted({V.integer(f"d[{i}]", x, 1, V.MAX_I32) for i, x in enumerate(d)})
    if len(ds) < 3:
        raise PlrfError("INVALID_ARGUMENT", "d must list at least 3 distinct model sizes", "d")
    method_ = V.one_of("method", method, ["deterministic", "finite", "sgd"])
    v_ratio_ = V.finite("v_ratio", v_ratio, ge=1)
    if method_ == "deterministic" and not v_ratio_ > 1:
        raise PlrfError("INVALID_ARGUMENT", "v_ratio must be > 1 for the deterministic method", "v_ratio")
    batch_ = V.integer("batch", batch, 1, 65536)
    seeds_ = V.integer("seeds", seeds, 1, 100_000)
    seed_ = V.integer("seed", seed, 0)
    points_ = V.integer("points", (150 if method_ == "deterministic" else 60) if points is None else points, 10, 10_000)
    V.on_progress(on_progress)
    if flops is not None:
        f0 = V.finite("flops[0]", flops[0], gt=0)
        flops_range = (f0, V.finite("flops[1]", flops[1], gt=f0))
    phase = classify_phase(a, b)
    c = shared_core()
    fixed = flops is not None
    if not fixed:
        flops_range = (float(ds[0] * batch_), float(ds[-1] * batch_) * 1e5)
    warnings: List[str] = []
    attempt = 0
    while True:
        fam: List[FrontCurve] = []
        for i, di in enumerate(ds):
            vi = int(math.floor(v_ratio_ * di + 0.5))
            n = max(1, math.ceil(flops_range[1] / (di * batch_)))
            common = dict(v=vi, batch=batch_, steps=n, points=points_, gamma0=gamma0, optimizer=optimizer)
            if method_ == "sgd":
                r = simulate_sgd(a, b, di, seeds=seeds_, seed=seed_ + i * 1_000_003, engine="spectral", **common)
                fam.append(FrontCurve(d=di, flops=r.flops, loss=r.loss, runs=r.runs, steps=r.steps))
            elif method_ == "finite":
                r2 = loss_curve("finite", a, b, di, seeds=seeds_, seed=seed_ + i * 1_000_003, **common)
                fam.append(FrontCurve(d=di, flops=r2.flops, loss=r2.loss, runs=r2.runs if seeds_ > 1 else None, steps=r2.steps))
            else:
                r3 = loss_curve("deterministic", a, b, di, **common)
                fam.append(FrontCurve(d=di, flops=r3.flops, loss=r3.loss, steps=r3.steps))
            if on_progress is not None:
                on_progress(min(0.99, 1 - 0.5 ** attempt + 0.5 ** (attempt + 1) * ((i + 1) / len(ds))))
        measured = None
        error: Optional[Exception] = None
        try:
            measured = compute_optimal_front(fam, **({} if approach is None else {"approach": approach}),
                                             **({} if window is None else {"window": window}), seed=seed_)
        except PlrfError as e:
            error = e
        interior = measured.interior if measured is not None else None
        decades = c.mathLog(interior[1] / interior[0]) / C.LN10 if interior else 0.0
        truncated = interior is not None and interior[1] > flops_range[1] / 3
        if not fixed and (error or decades < 2 or truncated) and attempt < 5 and flops_range[1] / (ds[0] * batch_) < 1e10:
            flops_range = (flops_range[0], flops_range[1] * 10)
            attempt += 1
            continue
        if error is not None:
            raise error
        warnings.extend(measured.warnings)
        if decades < 2:
            warnings.append(f"the minimiser is interior over only {to_fixed(decades, 2)} decades of flops; widen the d grid for a sharper fit")
        if on_progress is not None:
            on_progress(1.0)
        name = optimizer_name(optimizer)
        theory = Theory(xi=phase.xi, eta=phase.eta)
        if name == "dana-decay" and is_preset(optimizer):
            p = dana_decay_exponents(phase.alpha, phase.beta)  # from the Wasm core, as in TypeScript
            theory = Theory(xi=p["xi"], eta=p["eta"])
            warnings.append(f"predicted exponents for dana-decay: plrf's derivation (kappa = 2 - 1/(2 alpha) = "
                            f"{to_fixed(p['kappa'], 4)}), not the paper's" + (f"; {p['note']}" if p["note"] else ""))
        elif name != "sgd":
            theory = Theory(xi=None, eta=None)
            warnings.append(f"no predicted exponents for optimizer {name}")
        return MeasuredFront(phase=phase, theory=theory, measured=measured, flops=flops_range, curves=fam, warnings=warnings)
