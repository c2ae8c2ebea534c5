// The generated momentum-block kernels (assembly/momentum-block-complex.ts, assembly/momentum-block-powers.ts)
// are exactly what scripts/gen-momentum-blocks.mjs writes: a hand edit, or a change of the script not
// regenerated, fails here.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript module without types
import { expectedFiles, ROOT, staleFiles } from '../../scripts/gen-momentum-blocks.mjs';

const FILES = ['assembly/momentum-block-complex.ts', 'assembly/momentum-block-powers.ts'];

describe('generated momentum-block kernels', () => {
  it('are fresh (node scripts/gen-momentum-blocks.mjs)', () => {
    expect(Object.keys(expectedFiles()).sort()).toEqual(FILES);
    const stale: string[] = staleFiles();
    expect(stale, `stale generated files: ${stale.join(', ')}; run node scripts/gen-momentum-blocks.mjs`).toEqual([]);
  });

  it('the freshness check names a file with one edited line', () => {
    const root = mkdtempSync(join(tmpdir(), 'plrf-gen-'));
    try {
      for (const f of FILES) cpSync(join(ROOT, f), join(root, f));
      expect(staleFiles(root)).toEqual([]);
      const path = join(root, FILES[1]);
      const text = readFileSync(path, 'utf8');
      const edited = text.replace('ns = (ns + ((e01r * e01r) + (e01i * e01i)));', 'ns = (ns + ((e01i * e01i) + (e01r * e01r)));'); // one sum reordered
      expect(edited).not.toBe(text);
      writeFileSync(path, edited);
      expect(staleFiles(root)).toEqual([FILES[1]]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('gen-momentum-blocks --check passes', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(ROOT, 'scripts/gen-momentum-blocks.mjs'), '--check']);
    expect(stdout + stderr).toBe('');
  });
});
