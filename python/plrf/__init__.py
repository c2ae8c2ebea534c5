"""plrf: power-law random features (Paquette et al. 2024) from Python, on the same WebAssembly core
as the TypeScript package (loaded with wasmtime): one-pass SGD, exact expected loss curves, spectral
measures, the Table-1 asymptotics, the phases and compute-optimal fronts.

The API mirrors the TypeScript one in snake_case: options are keyword arguments with the TypeScript
option names in snake_case, results are objects whose fields are the TypeScript fields in
snake_case, arrays are numpy float64. Every number is computed in Wasm, with the same bits as Node
for the same arguments and build.

Conventions: the loss has no factor 1/2, the batch gradient is summed, flops are f = r·d·B, and
run k of an SGD average uses W stream (seed, 2k) and data stream (seed, 2k+1).

Example::

    import plrf
    c = plrf.loss_curve("deterministic", alpha=0.7, beta=0.6, d=400, steps=10**6)
    c.loss[-1], c.limit
    s = plrf.simulate_sgd(alpha=1, beta=0.75, d=100, steps=10**4, seeds=8)
    s.loss, s.stderr

Invalid input raises :class:`PlrfError` (``code``, ``param``), as the TypeScript package does.
"""

from ._api import (asymptotics, classify_phase, compute_optimal_front, default_gamma, floor_f0, flops, forcing,
                   forcing_sum, kernel, log_checkpoints, loss_curve, measure_front, phase_exponents, simulate_sgd,
                   spectral_density, spectral_measure, stability, trace_d)
from ._core import init, is_simd
from ._hashes import HASH_CASES, compute_hashes, random_raw
from ._errors import ERROR_CODES, PlrfArgumentError, PlrfError
from ._measure import SpectralMeasure
from ._optimizer import MOMENTUM_DEFAULT_DELTA, OPTIMIZER_NAMES
from ._problem import PlrfProblem
from ._results import (AsymptoticTerms, Atoms, ContourUsed, CurveConfig, Diverged, FrontCurve, FrontPoint, FrontResult,
                       LocalSlope, LossCurve, Masses, MeasuredFront, PhaseInfo, ResolvedOptimizer, SgdConfig, SgdResult,
                       SpectralDensity, Spectrum, SpectrumSummary, Theory)
from ._validate import DEFAULT_GAMMA0, MAX_EXPONENT, MAX_W_ENTRIES, MIN_ALPHA

__version__ = "0.1.0"

#: Distance under which a point counts as on a phase boundary (classify_phase).
BOUNDARY_TOLERANCE = 1e-9

__all__ = [
    "init", "is_simd", "PlrfError", "PlrfArgumentError", "ERROR_CODES",
    "PlrfProblem", "Spectrum", "simulate_sgd", "SgdResult", "SgdConfig", "SpectrumSummary",
    "loss_curve", "LossCurve", "CurveConfig", "Diverged",
    "spectral_measure", "SpectralMeasure", "Atoms", "Masses", "ContourUsed",
    "spectral_density", "SpectralDensity", "forcing", "kernel",
    "asymptotics", "AsymptoticTerms", "floor_f0", "forcing_sum",
    "classify_phase", "phase_exponents", "PhaseInfo", "BOUNDARY_TOLERANCE",
    "compute_optimal_front", "FrontCurve", "FrontPoint", "FrontResult", "LocalSlope",
    "measure_front", "MeasuredFront", "Theory",
    "trace_d", "default_gamma", "flops", "log_checkpoints", "stability",
    "DEFAULT_GAMMA0", "MAX_EXPONENT", "MIN_ALPHA", "MAX_W_ENTRIES",
    "compute_hashes", "HASH_CASES", "random_raw",
    "OPTIMIZER_NAMES", "MOMENTUM_DEFAULT_DELTA", "ResolvedOptimizer",
]
