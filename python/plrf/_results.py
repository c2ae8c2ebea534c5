"""Result types: the TypeScript result objects with their fields in snake_case (``kernelNorm`` ->
``kernel_norm``, ``F0`` -> ``f0``, ``xiCI`` -> ``xi_ci``, ``lambda`` -> ``lambda_``). Arrays are
numpy float64 (checkpoint steps int64). Losses have no factor 1/2, the batch gradient is summed and
flops are f = r·d·B.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import List, Optional, Tuple

import numpy as np


class _Result:
    def to_dict(self) -> dict:
        """The fields as a dict (nested results as dicts, arrays kept)."""
        return asdict(self)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Diverged(_Result):
    """The first step at which a forced, unstable run passed 10^6 P(0); curves stop before it."""
    step: int


@dataclass(frozen=True)
class Spectrum(_Result):
    """The spectrum of K = W^T D W of a sampled problem (``PlrfProblem.spectrum``)."""
    #: Eigenvalues lambda_1 >= ... >= lambda_d of K (``lambda`` in TypeScript).
    lambda_: np.ndarray
    #: Forcing masses rho_i = g_i^2 / lambda_i (sum = P(0) - P*).
    rho: np.ndarray
    #: Projections g_i = <U_i, W^T D b> (signed).
    projections: np.ndarray
    #: Capacity floor P* = min_theta P(theta) for this W (no factor 1/2).
    p_star: float
    #: P(0) = sum_j tau_j b_j^2.
    p0: float
    #: tr K = sum_i lambda_i.
    trace_k: float


@dataclass(frozen=True)
class ResolvedOptimizer(_Result):
    """An optimizer resolved at a problem (docs/model.md §10; ``ResolvedOptimizer`` in TypeScript):
    each coefficient as (value, scale, power), coefficient(t) = value (1 + t/scale)^(-power)."""
    name: str
    gamma1: Tuple[float, float, float]
    gamma2: Tuple[float, float, float]
    gamma3: Tuple[float, float, float]
    delta: Tuple[float, float, float]


@dataclass(frozen=True)
class CurveConfig(_Result):
    alpha: float
    beta: float
    d: int
    v: int
    gamma: float
    batch: int
    steps: int
    method: str
    seeds: int
    seed: int
    w_seed: Optional[int]
    #: The optimizer and its coefficients (``sgd`` unless requested).
    optimizer: Optional[ResolvedOptimizer] = None


@dataclass(frozen=True)
class LossCurve(_Result):
    """Result of :func:`plrf.loss_curve` (``CurveResult``)."""
    config: CurveConfig
    #: Checkpoint steps r (int64).
    steps: np.ndarray
    #: f = r·d·B at each checkpoint.
    flops: np.ndarray
    #: Expected loss E P(r) (mean over W draws for finite with seeds > 1); no factor 1/2.
    loss: np.ndarray
    #: Standard error over W draws (finite with seeds > 1), else None.
    stderr: Optional[np.ndarray]
    #: F0 / (1 - ||K||) (mean over W for finite); None if ||K|| >= 1.
    limit: Optional[float]
    #: F0 (mean over W for finite).
    f0: float
    #: ||K|| at gamma (mean over W for finite; inf when gamma is unstable).
    kernel_norm: float
    #: Per W draw: the curves, shape (draws, checkpoints).
    runs: np.ndarray
    diverged: Optional[Diverged]
    warnings: List[str] = field(default_factory=list)


@dataclass(frozen=True)
class SgdConfig(_Result):
    alpha: float
    beta: float
    d: int
    v: int
    gamma: float
    batch: int
    steps: int
    method: str
    engine: str
    seeds: int
    seed: int
    w_seed: Optional[int]
    storage: str
    #: The optimizer and its coefficients (``sgd`` unless requested).
    optimizer: Optional[ResolvedOptimizer] = None


@dataclass(frozen=True)
class SpectrumSummary(_Result):
    """P* and the stability numbers of one run's W."""
    p_star: float
    kernel_norm: float
    mode_factor: float


@dataclass(frozen=True)
class SgdResult(_Result):
    """Result of :func:`plrf.simulate_sgd` (``SgdResult``)."""
    config: SgdConfig
    steps: np.ndarray
    flops: np.ndarray
    #: Mean over runs of the exact population loss P(theta_r) (no factor 1/2).
    loss: np.ndarray
    #: Standard error of that mean (None with one run).
    stderr: Optional[np.ndarray]
    #: Mean over the sampled W of P* / (1 - ||K||); None if some ||K|| >= 1.
    limit: Optional[float]
    #: Per run: P(theta_r) at every checkpoint, shape (runs, checkpoints).
    runs: np.ndarray
    spectra: List[SpectrumSummary]
    diverged: Optional[Diverged]
    warnings: List[str] = field(default_factory=list)


@dataclass(frozen=True)
class Masses(_Result):
    """Enclosed eigenvalue mass (should be d) and forcing mass (should be P(0) - F0)."""
    eigen: float
    forcing: float


@dataclass(frozen=True)
class ContourUsed(_Result):
    left: float
    right: float
    slope: float
    panel_width: float
    nodes_per_panel: int
    cap_nodes: int


@dataclass(frozen=True)
class Atoms(_Result):
    """Atoms of a spectral measure: locations z, forcing masses phi, gamma-free kernel masses nu."""
    z_re: np.ndarray
    z_im: np.ndarray
    phi_re: np.ndarray
    phi_im: np.ndarray
    nu_re: np.ndarray
    nu_im: np.ndarray


@dataclass(frozen=True)
class SpectralDensity(_Result):
    """Result of :func:`plrf.spectral_density`."""
    x: np.ndarray
    #: Eigenvalue density of K, (1/pi) Im(-d m(z)/z), at z = x(1 + i eps).
    eigen: np.ndarray
    #: Forcing density (1/pi) Im S_F(z).
    forcing: np.ndarray


@dataclass(frozen=True)
class AsymptoticTerms(_Result):
    """Result of :func:`plrf.asymptotics` (``AsymptoticTerms``; loss without 1/2)."""
    #: rho = 2 gamma B r
    rho: float
    #: Pure-point forcing F_pp (``Fpp``).
    fpp: float
    #: Absolutely continuous forcing F_ac (``Fac``).
    fac: float
    #: The capacity floor F0.
    f0: float
    #: Pure-point kernel K_pp (``Kpp``), None unless 4 alpha > 1.
    kpp: Optional[float]
    #: F0 + F_pp + F_ac + K_pp / (gamma B).
    estimate: float


@dataclass(frozen=True)
class PhaseInfo(_Result):
    """Result of :func:`plrf.classify_phase` (``PhaseInfo``)."""
    alpha: float
    beta: float
    #: 'Ia', 'Ib', 'Ic', 'II', 'III', 'IVa', 'IVb' or 'none'.
    phase: str
    #: d*(f) ~ f^xi; None for 'none'.
    xi: Optional[float]
    #: P*(f) ~ f^(-eta); None for 'none'.
    eta: Optional[float]
    tradeoff: Optional[str]
    on_boundary: bool
    neighbours: List[str] = field(default_factory=list)


@dataclass(frozen=True)
class FrontCurve(_Result):
    """One loss curve of a front family: model size d, flops f = r·d·B and the loss there."""
    d: int
    flops: np.ndarray
    loss: np.ndarray
    #: Per-run losses (bootstrap intervals), shape (runs, checkpoints), or None.
    runs: Optional[np.ndarray] = None
    #: Checkpoint steps (curves of :func:`plrf.measure_front`).
    steps: Optional[np.ndarray] = None


@dataclass(frozen=True)
class FrontPoint(_Result):
    flops: float
    loss: float
    d: float


@dataclass(frozen=True)
class LocalSlope(_Result):
    flops: float
    eta: float
    xi: float


@dataclass(frozen=True)
class FrontResult(_Result):
    """Result of :func:`plrf.compute_optimal_front` (``FrontResult``)."""
    approach: int
    window: Tuple[float, float]
    interior: Optional[Tuple[float, float]]
    xi: float
    eta: float
    #: 95% intervals; None when the method cannot give one containing the estimate (see ``warnings``).
    xi_ci: Optional[Tuple[float, float]]
    eta_ci: Optional[Tuple[float, float]]
    #: 'bootstrap over runs' or 'sub-windows'.
    ci_method: str
    front: List[FrontPoint]
    local_slopes: List[LocalSlope]
    #: Why an interval is None, and other caveats of the fit.
    warnings: List[str] = field(default_factory=list)


@dataclass(frozen=True)
class Theory(_Result):
    xi: Optional[float]
    eta: Optional[float]


@dataclass(frozen=True)
class MeasuredFront(_Result):
    """Result of :func:`plrf.measure_front` (``MeasuredFront``)."""
    phase: PhaseInfo
    theory: Theory
    measured: FrontResult
    flops: Tuple[float, float]
    curves: List[FrontCurve]
    warnings: List[str] = field(default_factory=list)


def f64(values) -> np.ndarray:
    """A new float64 array."""
    return np.array(values, dtype=np.float64)


def steps_array(values) -> np.ndarray:
    return np.array(values, dtype=np.int64)
