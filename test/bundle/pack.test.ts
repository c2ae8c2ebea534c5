// What `npm pack` would publish: the bundles, their types, both .wasm builds, the CLI, and nothing
// from src/, test/, web/ or the build's by-products. Prints the sizes (raw and gzip).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

interface PackFile {
  path: string;
  size: number;
}
let files: PackFile[] = [];
let tarball = { size: 0, unpackedSize: 0, entryCount: 0 };

describe('npm pack', () => {
  beforeAll(async () => {
    // --ignore-scripts: `prepare` would rebuild dist/ while other suites read it.
    const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
      maxBuffer: 16 << 20,
    });
    const [info] = JSON.parse(stdout);
    files = info.files;
    tarball = info;
  });

  it('contains the bundles, their types, both .wasm builds and the CLI', () => {
    const paths = new Set(files.map((f) => f.path));
    for (const p of [
      'package.json',
      'README.md',
      'bin/plrf.js',
      'dist/plrf.js',
      'dist/plrf.d.ts',
      'dist/plrf-url.js',
      'dist/plrf-url.d.ts',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/wasm/plrf.wasm',
      'dist/wasm/plrf-scalar.wasm',
      'build/plrf.wasm',
      'build/plrf-scalar.wasm',
    ]) {
      expect(paths, p).toContain(p);
    }
    // Every target named by package.json (main, types, bin, exports) is in the package.
    const targets: string[] = [pkg.main, pkg.types, ...Object.values(pkg.bin as Record<string, string>)];
    const walk = (x: unknown): void => {
      if (typeof x === 'string') targets.push(x);
      else if (x && typeof x === 'object') Object.values(x).forEach(walk);
    };
    walk(pkg.exports);
    for (const t of targets) expect(paths, t).toContain(t.replace(/^\.\//, ''));
  });

  it('has no sources, tests, pages or build by-products', () => {
    const junk = files.filter(
      (f) =>
        /^(src|test|web|assembly|bench|scripts|docs|plrf-out|node_modules|\.ci)\//.test(f.path) ||
        /\.(wat|tsbuildinfo|log|tgz)$/.test(f.path) ||
        f.path.includes('artifacts/'),
    );
    expect(junk.map((f) => f.path)).toEqual([]);
  });

  it('reports the sizes', () => {
    const rows = ['dist/plrf.js', 'dist/plrf-url.js', 'dist/wasm/plrf.wasm', 'dist/wasm/plrf-scalar.wasm'].map((p) => {
      const bytes = readFileSync(new URL(`../../${p}`, import.meta.url));
      return { file: p, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
    const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
    const lines = rows.map((r) => `  ${r.file.padEnd(28)} ${kib(r.bytes).padStart(11)}  gzip ${kib(r.gzip).padStart(10)}`);
    console.log(
      `npm pack: ${tarball.entryCount} files, tarball ${kib(tarball.size)}, unpacked ${kib(tarball.unpackedSize)}\n${lines.join('\n')}`,
    );
    for (const r of rows) expect(r.bytes).toBeGreaterThan(0);
    // The inline bundle carries both modules as base64 (4/3 of their size) on top of the URL bundle.
    const wasm = rows[2].bytes + rows[3].bytes;
    expect(rows[0].bytes - rows[1].bytes).toBeGreaterThan((wasm * 4) / 3 - 4096);
    expect(rows[0].bytes - rows[1].bytes).toBeLessThan((wasm * 4) / 3 + 4096);
  });
});
