"""The cross-host hash table (test/hosts/hashes.ts) from the package against Node, on both builds:
the raw RNG stream, the spectral SGD mean curve and the deterministic curve, as SHA-256 digests
(and the values behind them, so that a mismatch names the checkpoint); the exports' signatures."""

from __future__ import annotations

import pytest

import plrf
from plrf import _abi, _core

from conftest import hexlist, run_node

NODE_BODY = """
import { createHash } from 'node:crypto';
await plrf.init({ simd: INPUT.build === 'simd' });
const { rng, sgd, deterministic } = INPUT.cases;
const bytes = (xs) => Buffer.from(new Float64Array(xs).buffer);
const stream = new plrf.RandomStream(rng.seed, rng.stream);
const raw = stream.raw(rng.n);
stream.dispose();
const s = await plrf.simulateSgd({ alpha: sgd.alpha, beta: sgd.beta, d: sgd.d, seeds: sgd.seeds, seed: sgd.seed, at: sgd.at });
const t = await plrf.lossCurve({ method: 'deterministic', alpha: deterministic.alpha, beta: deterministic.beta, d: deterministic.d, at: deterministic.at });
const sha = (b) => createHash('sha256').update(b).digest('hex');
out({ hashes: { rng: sha(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)), sgd: sha(bytes(s.loss)), deterministic: sha(bytes(t.loss)) },
  rngHead: Buffer.from(raw.buffer, raw.byteOffset, 32).toString('hex'), sgd: hexList(s.loss), deterministic: hexList(t.loss) });
"""


@pytest.mark.parametrize("build", ["simd", "scalar"])
def test_hash_table_matches_node(build):
    node = run_node(NODE_BODY, {"build": build, "cases": plrf.HASH_CASES})
    plrf.init(simd=build == "simd")
    try:
        r = plrf.HASH_CASES["rng"]
        assert plrf.random_raw(r["seed"], r["stream"], 4).hex() == node["rngHead"]
        s, t = plrf.HASH_CASES["sgd"], plrf.HASH_CASES["deterministic"]
        assert hexlist(plrf.simulate_sgd(s["alpha"], s["beta"], s["d"], seeds=s["seeds"], seed=s["seed"], at=s["at"]).loss) == node["sgd"]
        assert hexlist(plrf.loss_curve("deterministic", t["alpha"], t["beta"], t["d"], at=t["at"]).loss) == node["deterministic"]
        assert plrf.compute_hashes() == node["hashes"]
    finally:
        plrf.init(simd=True)


def test_rng_hash_is_the_documented_one():
    import hashlib
    r = plrf.HASH_CASES["rng"]
    assert hashlib.sha256(plrf.random_raw(r["seed"], r["stream"], r["n"])).hexdigest() == \
        "cbac0c2e76201c07f62a727ecfd26015e18c0bc5c648dc5dddc85faf2ee4826f"


@pytest.mark.parametrize("simd", [True, False])
def test_export_signatures_match_the_abi(simd):
    c = _core.Core(simd=simd)
    kinds = {"i32": "i32", "f64": "f64"}
    bad = []
    for name, (params, result) in _abi.EXPORTS.items():
        ft = c._exports[name].type(c.store)
        got = (tuple(str(p) for p in ft.params), str(ft.results[0]) if ft.results else None)
        if got != (tuple(kinds[p] for p in params), result):
            bad.append((name, got))
    assert bad == []
