"""Shared helpers: run Node on the repository's dist/plrf.js and compare float64 bit patterns."""

from __future__ import annotations

import json
import math
import os
import shutil
import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(os.environ.get("PLRF_ROOT", Path(__file__).resolve().parents[2]))
DIST = ROOT / "dist" / "plrf.js"
NODE = os.environ.get("PLRF_NODE", "node")


def _encode(x):
    """JSON with NaN/Infinity spelled {"$num": ...} (revived on the Node side)."""
    if isinstance(x, float) and not math.isfinite(x):
        return {"$num": "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")}
    if isinstance(x, dict):
        return {k: _encode(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_encode(v) for v in x]
    return x


NODE_PRELUDE = """
import { pathToFileURL } from 'node:url';
const plrf = await import(pathToFileURL(process.env.PLRF_DIST).href);
const revive = (k, v) => (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && '$num' in v) ? Number(v.$num) : v;
let input = '';
for await (const chunk of process.stdin) input += chunk;
const INPUT = JSON.parse(input || 'null', revive);
const hex = (x) => x === null || x === undefined ? null : Buffer.from(new Float64Array([x]).buffer).toString('hex');
const hexList = (xs) => xs === null || xs === undefined ? null : Array.from(xs, hex);
const out = (o) => process.stdout.write(JSON.stringify(o));
"""


def node_available() -> bool:
    return shutil.which(NODE) is not None and DIST.is_file()


def run_node(body: str, data=None, timeout: float = 600):
    """Run an ES module body (after NODE_PRELUDE: `plrf`, `INPUT`, `hex`, `hexList`, `out`) and
    return the JSON it writes with out(...)."""
    if not node_available():
        pytest.skip(f"node or {DIST} is missing (run `npm run build` in a checkout)")
    env = dict(os.environ, PLRF_DIST=str(DIST))
    p = subprocess.run([NODE, "--input-type=module", "-e", NODE_PRELUDE + body], input=json.dumps(_encode(data)),
                       capture_output=True, text=True, cwd=str(ROOT), env=env, timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError(f"node failed ({p.returncode}): {p.stderr[-2000:]}")
    return json.loads(p.stdout)


def hexbits(x):
    """Little-endian float64 bytes as hex (None stays None)."""
    return None if x is None else struct.pack("<d", float(x)).hex()


def hexlist(xs):
    return None if xs is None else [hexbits(x) for x in np.asarray(xs, dtype=np.float64).ravel()]
