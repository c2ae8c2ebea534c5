"""A sampled PLRF problem held in Wasm memory (src/model/problem.ts)."""

from __future__ import annotations

from typing import Any, Optional, Sequence

import numpy as np

from . import _compute as C
from . import _validate as V
from ._core import Core, core as shared_core
from ._errors import PlrfError
from ._results import Spectrum

_KEYS = ("alpha", "beta", "d", "v", "seed", "stream", "storage")


class PlrfProblem:
    """A power-law random-features problem: x ~ N(0, D), D = diag(j^(-2 alpha)), target y = <x, b>
    with b_j = j^(-beta), features W in R^(v x d) with i.i.d. N(0, 1/d) entries (row-major, in Wasm
    memory). The population loss is P(theta) = ||D^(1/2)(W theta - b)||^2, without a factor 1/2.

    Create with :meth:`PlrfProblem.sample`; holds Wasm memory: use it as a context manager or call
    :meth:`dispose`.

    Example::

        with plrf.PlrfProblem.sample(alpha=1, beta=0.75, d=100, seed=1) as p:
            s = p.spectrum()            # s.lambda_, s.rho, s.p_star, s.p0
            p.population_loss(np.zeros(100))   # = P(0)
    """

    alpha: float
    beta: float
    d: int
    v: int
    seed: int
    stream: int
    storage: str

    def __init__(self, *args, **kwargs):
        raise TypeError("use PlrfProblem.sample(alpha=..., beta=..., d=...)")

    @classmethod
    def sample(cls, alpha: float, beta: float, d: int, v: Optional[int] = None, seed: int = 0, stream: int = 0,
               storage: str = "f64", **unknown: Any) -> "PlrfProblem":
        """Validate the options and sample W from stream (seed, stream); same bits as
        ``PlrfProblem.sample`` in TypeScript.

        :param alpha: data complexity, covariance eigenvalues tau_j = j^(-2 alpha); 1e-6 <= alpha <= 100.
        :param beta: target complexity, b_j = j^(-beta); |beta| <= 100 and alpha + beta > 1/2.
        :param d: parameter count (model size), integer >= 1.
        :param v: hidden dimension, integer >= d; default 4 d.
        :param seed: seed of the random features, integer in [0, 2^53); default 0.
        :param stream: stream within the seed, integer in [0, 2^53); default 0.
        :param storage: 'f64' (default) or 'f32' (each entry of W rounded to float32).
        :raises PlrfError: INVALID_ARGUMENT (param names the option), MEMORY.
        """
        V.known_keys("PlrfProblem.sample", unknown, _KEYS)
        a, b = V.admissible(alpha, beta)
        d_ = V.integer("d", d, 1, V.MAX_I32)
        v_ = V.integer("v", 4 * d_ if v is None else v, d_, V.MAX_I32)
        seed_ = V.integer("seed", seed, 0)
        stream_ = V.integer("stream", stream, 0)
        storage_ = V.one_of("storage", storage, ["f64", "f32"])
        V.check_problem_memory(d_, v_, "d" if v is None else "v", storage_)
        c = shared_core()
        self = object.__new__(cls)
        self._core = c
        self.alpha, self.beta, self.d, self.v, self.seed, self.stream, self.storage = a, b, d_, v_, seed_, stream_, storage_
        self._spectrum = None
        self._handle = C.sample_problem(c, a, b, d_, v_, seed_, stream_, storage_)
        return self

    # -- lifetime ---------------------------------------------------------------------------
    def _live(self):
        if self._handle is None:
            raise PlrfError("DISPOSED", "this PlrfProblem has been disposed")
        return self._handle

    def dispose(self) -> None:
        """Release the Wasm memory (idempotent)."""
        h, self._handle = getattr(self, "_handle", None), None
        if h is not None:
            h.dispose()

    def __enter__(self) -> "PlrfProblem":
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
        state = "disposed" if self._handle is None else "live"
        return (f"PlrfProblem(alpha={self.alpha}, beta={self.beta}, d={self.d}, v={self.v}, seed={self.seed}, "
                f"stream={self.stream}, storage={self.storage!r}; {state})")

    # -- values -----------------------------------------------------------------------------
    @property
    def p0(self) -> float:
        """P(0) = ||D^(1/2) b||^2, the loss at theta = 0."""
        return C.problem_p0(self._core, self._live())

    def population_loss(self, theta: Sequence[float]) -> float:
        """Exact population loss ||D^(1/2)(W theta - b)||^2 (no factor 1/2); theta has d entries."""
        h = self._live()
        n = None if theta is None or not hasattr(theta, "__len__") else len(theta)
        if n != self.d:
            raise PlrfError("INVALID_ARGUMENT", f"theta must have d = {self.d} entries, got {'undefined' if n is None else n}", "theta")
        for i in range(self.d):
            x = theta[i]
            if not V.is_number(x) or not np.isfinite(float(x)):
                raise PlrfError("INVALID_ARGUMENT", f"theta[{i}] = {V._js_show(x)} is not finite", "theta")
        return C.problem_population_loss(self._core, h, np.asarray(theta, dtype=np.float64))

    def trace_k(self) -> float:
        """tr K = sum_j tau_j ||W_j||^2, an upper bound on the largest eigenvalue of K."""
        return C.problem_trace_k(self._core, self._live())

    def features_of(self, x: Sequence[float]) -> np.ndarray:
        """y = W^T x (x has v entries)."""
        h = self._live()
        if x is None or not hasattr(x, "__len__") or len(x) != self.v:
            raise PlrfError("INVALID_ARGUMENT", f"x must have v = {self.v} entries", "x")
        return C.problem_features(self._core, h, np.asarray(x, dtype=np.float64))

    def weights(self) -> np.ndarray:
        """A copy of W, shape (v, d), float64 whatever the storage."""
        return C.problem_weights(self._core, self._live()).reshape(self.v, self.d)

    def covariance(self) -> np.ndarray:
        """tau_j = j^(-2 alpha), j = 1..v (a copy)."""
        return self._core.read_f64(self._live().tau, self.v)

    def target(self) -> np.ndarray:
        """b_j = j^(-beta), j = 1..v (a copy)."""
        return self._core.read_f64(self._live().b, self.v)

    def spectrum(self) -> Spectrum:
        """Eigenvalues of K = W^T D W (decreasing) and the forcing masses, computed once in Wasm
        and cached: ``lambda_``, ``rho``, ``projections``, ``p_star``, ``p0``, ``trace_k``."""
        h = self._live()
        if self._spectrum is None:
            s = dict(C.problem_spectrum(self._core, h))
            for k in ("lambda", "rho", "projections"):
                s[k] = s[k].copy()
                s[k].setflags(write=False)
            self._spectrum = Spectrum(lambda_=s["lambda"], rho=s["rho"], projections=s["projections"],
                                      p_star=s["p_star"], p0=s["p0"], trace_k=s["trace_k"])
        return self._spectrum
