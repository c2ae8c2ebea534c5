// The cross-host determinism table: SHA-256 of (1) a raw RNG stream, (2) a spectral SGD mean curve,
// (3) a deterministic loss curve, each over little-endian float64 bytes. Node, Chromium and Python
// (the Python package, plrf.compute_hashes) must produce identical values for the same build.
// Host-neutral: only WebCrypto and the library's own modules (no node: imports, no plotting), so a
// browser test can bundle this file or pass in the API of a packaged build.

import { init } from '../../src/core/wasm.js';
import { RandomStream } from '../../src/model/linalg.js';
import { simulateSgd } from '../../src/sgd/simulate.js';
import { lossCurve } from '../../src/theory/curve.js';

/** The cases of the table (python/plrf/_hashes.py HASH_CASES holds the same values). */
export const HASH_CASES = {
  rng: { seed: 42, stream: 0, n: 100_000 },
  sgd: { alpha: 1, beta: 0.75, d: 100, seeds: 4, seed: 7, at: [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000] },
  deterministic: { alpha: 0.7, beta: 1.2, d: 100, at: [0, 1, 10, 100, 1000, 10_000, 100_000] },
} as const;

/** Hex SHA-256 digests of the three cases. */
export interface HostHashes {
  rng: string;
  sgd: string;
  deterministic: string;
}

/** The values behind the hashes: raw generator outputs (as the bytes of a Float64Array) and the two curves. */
export interface HostValues {
  rng: Float64Array;
  sgd: number[];
  deterministic: number[];
}

/** The parts of the plrf API the table needs (defaults to the source modules; pass a bundle's exports instead). */
export interface HashApi {
  init: typeof init;
  RandomStream: typeof RandomStream;
  simulateSgd: typeof simulateSgd;
  lossCurve: typeof lossCurve;
}

const SOURCE_API: HashApi = { init, RandomStream, simulateSgd, lossCurve };

/** Little-endian float64 bytes of `values` (bit patterns kept, NaN payloads included). */
export function f64Bytes(values: ArrayLike<number> | Float64Array): Uint8Array {
  if (values instanceof Float64Array) {
    // Raw generator outputs are integers stored in float64 slots: copy the bytes, never the numbers.
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
    if (!littleEndian()) for (let i = 0; i < bytes.length; i += 8) bytes.subarray(i, i + 8).reverse();
    return bytes;
  }
  const out = new Uint8Array(8 * values.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(8 * i, values[i], true);
  return out;
}

function littleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/** Hex SHA-256 of the little-endian float64 bytes of `values` (WebCrypto: Node >= 20 and browsers). */
export async function sha256F64(values: ArrayLike<number> | Float64Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', f64Bytes(values) as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Compute the three cases with the loaded core (init() is called; the first init's build wins). */
export async function computeValues(api: HashApi = SOURCE_API): Promise<HostValues> {
  await api.init();
  const { rng, sgd, deterministic } = HASH_CASES;
  const stream = new api.RandomStream(rng.seed, rng.stream);
  let raw: Float64Array;
  try {
    raw = stream.raw(rng.n);
  } finally {
    stream.dispose();
  }
  const s = await api.simulateSgd({ alpha: sgd.alpha, beta: sgd.beta, d: sgd.d, seeds: sgd.seeds, seed: sgd.seed, at: [...sgd.at] });
  const t = await api.lossCurve({
    method: 'deterministic',
    alpha: deterministic.alpha,
    beta: deterministic.beta,
    d: deterministic.d,
    at: [...deterministic.at],
  });
  return { rng: raw, sgd: s.loss, deterministic: t.loss };
}

/**
 * The table for this host: `{ rng, sgd, deterministic }` as hex SHA-256 digests.
 *
 * @example
 * const hashes = await computeHashes(); // { rng: 'cbac0c2e…', sgd: '…', deterministic: '…' } with the SIMD build
 */
export async function computeHashes(api: HashApi = SOURCE_API): Promise<HostHashes> {
  const v = await computeValues(api);
  return { rng: await sha256F64(v.rng), sgd: await sha256F64(v.sgd), deterministic: await sha256F64(v.deterministic) };
}
