// The determinism table of the README is what the code computes: the three SHA-256 digests (RNG
// stream, spectral SGD mean curve, deterministic loss curve) of the SIMD build, recomputed here. A
// change of bits fails this test; the README then keeps the old hash beside the new one with the reason.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSimd } from '../../src/core/wasm.js';
import { computeHashes } from './hashes.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The digest in the README row whose first cell starts with `prefix` (the first one: a row may keep an old hash after it). */
function readmeHash(prefix: string): string {
  const row = README.split('\n').find((line) => line.startsWith(`| \`${prefix}`));
  if (!row) throw new Error(`no README row for ${prefix}`);
  const digests = [...row.matchAll(/`([0-9a-f]{64})`/g)].map((m) => m[1]);
  expect(digests.length).toBeGreaterThan(0);
  return digests[0];
}

describe('README determinism table', () => {
  it('holds the digests this build computes (SIMD)', async () => {
    const hashes = await computeHashes();
    expect(isSimd()).toBe(true);
    expect(hashes.rng).toBe(readmeHash('new RandomStream('));
    expect(hashes.sgd).toBe(readmeHash('simulateSgd('));
    expect(hashes.deterministic).toBe(readmeHash('lossCurve('));
  });
});
