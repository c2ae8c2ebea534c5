// The bundles in Node: dist/plrf.js (Wasm inlined) and dist/plrf-url.js (Wasm by URL, here a file:
// URL read with node:fs) load without options and compute the determinism table bit for bit like
// the source; Node-only modules stay opaque dynamic imports.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computeHashes, type HashApi } from '../hosts/hashes.js';

const dist = (file: string) => new URL(`../../dist/${file}`, import.meta.url);
const importBundle = async (file: string) =>
  (await import(/* @vite-ignore */ dist(file).href)) as HashApi & typeof import('../../src/index.js');

describe('bundles', () => {
  it('dist/plrf.js (Wasm inlined) and dist/plrf-url.js give the same table as the source', async () => {
    const reference = await computeHashes();
    const inline = await importBundle('plrf.js');
    expect(await computeHashes(inline)).toEqual(reference);
    expect(inline.isSimd()).toBe(inline.hostSupportsSimd());
    const url = await importBundle('plrf-url.js');
    expect(await computeHashes(url)).toEqual(reference);
  });

  it("the README's determinism table is current", async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const h = await computeHashes();
    for (const [what, hash] of [
      ['RandomStream(42, 0).raw(1e5)', h.rng],
      ['simulateSgd(', h.sgd],
      ["lossCurve({ method: 'deterministic'", h.deterministic],
    ]) {
      const row = readme.split('\n').find((l) => l.startsWith('| `') && l.includes(what));
      expect(row, what).toContain(`\`${hash}\``);
    }
  });

  it('both bundles draw plots in Node (linkedom through the opaque dynamic import)', async () => {
    const inline = await importBundle('plrf.js');
    const svg = await inline.lossCurvesPlot([{ d: 10, flops: [1, 10, 100], loss: [1, 0.5, 0.3] }]);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('keeps Node-only modules out of the bundles and no machine paths in them', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    for (const file of ['plrf.js', 'plrf-url.js']) {
      const text = await readFile(dist(file), 'utf8');
      for (const mod of ['node:fs/promises', 'linkedom', '@resvg/resvg-js']) {
        // only as `import(/* webpackIgnore: true */ /* @vite-ignore */ String('mod'))`
        expect(text).not.toMatch(new RegExp(`from\\s*['"]${mod}['"]|import\\(\\s*['"]${mod}['"]`));
        expect(text).toContain(`String('${mod}')`);
      }
      expect(text).not.toMatch(/^import\s/m);
      expect(text).not.toContain(root);
    }
    const url = await readFile(dist('plrf-url.js'), 'utf8');
    expect(url).toContain(`new URL('./wasm/plrf.wasm', import.meta.url)`);
    expect(url).toContain(`new URL('./wasm/plrf-scalar.wasm', import.meta.url)`);
    expect(url).not.toContain('build/plrf.wasm');
  });
});
