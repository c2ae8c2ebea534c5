"""The cross-host determinism table (test/hosts/hashes.ts ``computeHashes``): SHA-256 of (1) a raw
RNG stream, (2) a spectral SGD mean curve, (3) a deterministic loss curve, each over little-endian
float64 bytes. Node, Chromium and Python give identical values for the same build."""

from __future__ import annotations

import hashlib
from typing import Dict, Sequence

import numpy as np

from . import _validate as V
from ._core import core as shared_core

#: The cases of the table (the same values as HASH_CASES in test/hosts/hashes.ts).
HASH_CASES = {
    "rng": {"seed": 42, "stream": 0, "n": 100_000},
    "sgd": {"alpha": 1, "beta": 0.75, "d": 100, "seeds": 4, "seed": 7, "at": [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000]},
    "deterministic": {"alpha": 0.7, "beta": 1.2, "d": 100, "at": [0, 1, 10, 100, 1000, 10_000, 100_000]},
}


def random_raw(seed: int, stream: int, n: int) -> bytes:
    """The first n raw 64-bit xoshiro256** outputs of stream (seed, stream) as 8 n little-endian bytes
    (``new RandomStream(seed, stream).raw(n)`` in TypeScript, as bytes)."""
    seed_ = V.integer("seed", seed, 0)
    stream_ = V.integer("stream", stream, 0)
    n_ = V.integer("n", n, 0, 2 ** 27)
    c = shared_core()
    with c.blocks(4, max(1, n_)) as (state, out):
        c.rngSeed(state, seed_, stream_)
        c.rngFillRaw(state, out, n_)
        return c.read_bytes(out, 8 * n_)


def sha256_f64(values: Sequence[float]) -> str:
    """Hex SHA-256 of the little-endian float64 bytes of values."""
    return hashlib.sha256(np.asarray(values, dtype="<f8").tobytes()).hexdigest()


def compute_hashes() -> Dict[str, str]:
    """The cross-host table for the loaded build: ``{"rng", "sgd", "deterministic"}`` as hex SHA-256
    digests (``computeHashes`` of test/hosts/hashes.ts; README lists the SIMD values)."""
    from ._api import loss_curve, simulate_sgd

    r, s, t = HASH_CASES["rng"], HASH_CASES["sgd"], HASH_CASES["deterministic"]
    sgd = simulate_sgd(s["alpha"], s["beta"], s["d"], seeds=s["seeds"], seed=s["seed"], at=s["at"])
    det = loss_curve("deterministic", t["alpha"], t["beta"], t["d"], at=t["at"])
    return {"rng": hashlib.sha256(random_raw(r["seed"], r["stream"], r["n"])).hexdigest(), "sgd": sha256_f64(sgd.loss),
            "deterministic": sha256_f64(det.loss)}
