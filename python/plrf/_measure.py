"""Spectral measures held in Wasm memory (src/theory/measure.ts SpectralMeasure)."""

from __future__ import annotations

from typing import Optional

from . import _compute as C
from . import _validate as V
from ._abi import WS_NU_IM, WS_NU_RE, WS_PHI_IM, WS_PHI_RE, WS_Z_IM, WS_Z_RE
from ._errors import PlrfError
from ._results import Atoms, ContourUsed, Masses


class SpectralMeasure:
    """A spectral measure: atoms z_n (real for ``finite`` and ``surrogate``, complex contour nodes
    for ``deterministic``), gamma-free forcing masses phi_n and kernel masses nu_n, and the atom
    ``f0`` at zero. Then F(r) = F0 + Re sum phi_n g(z_n)^r and K(r) = gamma^2 B Re sum nu_n g(z_n)^r
    with g(z) = 1 - 2 gamma B z + gamma^2 B (B+1) z^2. Holds Wasm memory (the finished measure job):
    use it as a context manager or call :meth:`dispose`.

    Fields (TypeScript names in snake_case): ``method``, ``alpha``, ``beta``, ``d``, ``v``,
    ``size`` (number of atoms), ``f0`` (mass at zero: P* of the sampled W for finite, the
    deterministic capacity floor otherwise), ``p0`` (P(0)), ``masses`` (deterministic: enclosed
    eigenvalue and forcing mass), ``contour`` (deterministic: the contour used), ``gamma_max``
    (deterministic: the largest gamma (B+1) the contour was built for).
    """

    def __init__(self, core, job: int, *, method: str, alpha: float, beta: float, d: int, v: int, size: int, f0: float,
                 p0: float, masses: Optional[Masses] = None, contour: Optional[ContourUsed] = None,
                 gamma_max: Optional[float] = None):
        self._core = core
        self._job = job
        self.method, self.alpha, self.beta, self.d, self.v = method, alpha, beta, d, v
        self.size, self.f0, self.p0 = size, f0, p0
        self.masses, self.contour, self.gamma_max = masses, contour, gamma_max

    def _live(self) -> int:
        if not self._job:
            raise PlrfError("DISPOSED", "this SpectralMeasure has been disposed")
        return self._job

    def atoms(self) -> Atoms:
        """Copies of the atoms: locations z, forcing masses phi and gamma-free kernel masses nu."""
        ws, n = C.measure_workspace(self._core, self._live()), self.size
        part = lambda k: self._core.read_f64(ws + 8 * k * n, n)  # noqa: E731
        return Atoms(z_re=part(WS_Z_RE), z_im=part(WS_Z_IM), phi_re=part(WS_PHI_RE), phi_im=part(WS_PHI_IM),
                     nu_re=part(WS_NU_RE), nu_im=part(WS_NU_IM))

    def _check_gamma(self, gamma, batch) -> None:
        g = V.finite("gamma", gamma, gt=0)
        b = V.integer("batch", batch, 1, 65536)
        if self.gamma_max is not None and g * (b + 1) > self.gamma_max * 1.0000001:
            raise PlrfError("INVALID_ARGUMENT", f"gamma (B+1) = {V.js_number(g * (b + 1))} exceeds the value "
                            f"{V.js_number(self.gamma_max)} this deterministic measure's contour was built for; build it "
                            "with the largest gamma and batch you will use", "gamma")

    def forcing(self, r: float, gamma: float, batch: int = 1) -> float:
        """Forcing F(r) = F0 + Re sum_n phi_n g(z_n)^r at learning rate gamma and batch B (r >= 0 real)."""
        r = V.finite("r", r, ge=0)
        self._check_gamma(gamma, batch)
        self._live()
        return C.measure_forcing(self._core, self._job, self.size, self.f0, r, float(gamma), int(batch))

    def kernel(self, r: float, gamma: float, batch: int = 1) -> float:
        """Kernel K(r) = gamma^2 B Re sum_n nu_n g(z_n)^r (r >= 0 real)."""
        r = V.finite("r", r, ge=0)
        self._check_gamma(gamma, batch)
        self._live()
        return C.measure_kernel(self._core, self._job, self.size, r, float(gamma), int(batch))

    def dispose(self) -> None:
        """Release the Wasm memory (idempotent)."""
        job, self._job = getattr(self, "_job", 0), 0
        if job:
            self._core.jobFree(job)

    def __enter__(self) -> "SpectralMeasure":
        return self

    def __exit__(self, *exc) -> bool:
        self.dispose()
        return False

    def __del__(self):
        try:
            self.dispose()
        except Exception:
            pass

    def __repr__(self) -> str:
        state = "disposed" if not self._job else "live"
        return f"SpectralMeasure(method={self.method!r}, d={self.d}, v={self.v}, size={self.size}, f0={self.f0}; {state})"
