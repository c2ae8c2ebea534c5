// The emitted declarations compile in a consumer project with skipLibCheck: false (strict), so
// that users who check library types do not get errors from modules plrf uses internally.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function declarationFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await declarationFiles(p)));
    else if (e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

describe('emitted declarations', () => {
  it('name no untyped dependency (Observable Plot pulls in d3 without types)', async () => {
    const offenders = [];
    for (const f of await declarationFiles(join(root, 'dist'))) {
      if (/from ['"](@observablehq\/plot|d3[^'"]*|linkedom)['"]/.test(await readFile(f, 'utf8'))) offenders.push(f.slice(root.length));
    }
    expect(offenders).toEqual([]);
  });

  it('compile in a fresh consumer with skipLibCheck: false', async () => {
    const dir = await mkdtemp(join(process.env.TMPDIR ?? '/tmp', 'plrf-consumer-'));
    await mkdir(join(dir, 'node_modules'));
    await symlink(root, join(dir, 'node_modules', 'plrf'), 'dir');
    await symlink(join(root, 'node_modules', '@types'), join(dir, 'node_modules', '@types'), 'dir');
    await writeFile(join(dir, 'package.json'), '{"type":"module"}\n');
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          lib: ['ES2022', 'DOM', 'ESNext.Disposable'],
          types: ['node'],
        },
        files: ['consumer.ts'],
      }),
    );
    await writeFile(
      join(dir, 'consumer.ts'),
      [
        "import { init, classifyPhase, phaseDiagram, frontPlot, lossCurvesPlot, svgToPng, plrfFitPlot } from 'plrf';",
        "import { init as initUrl } from 'plrf/url';",
        'await init();',
        'await initUrl();',
        'const p = classifyPhase(0.7, 0.6);',
        'const svg: string = await phaseDiagram({});',
        'const png: Uint8Array = await svgToPng(svg);',
        'console.log(p.phase, svg.length, png.length, typeof frontPlot, typeof lossCurvesPlot, typeof plrfFitPlot);',
        '',
      ].join('\n'),
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = await promisify(execFile)(process.execPath, [tsc, '-p', dir], { cwd: dir }).then(
      (x) => ({ code: 0, out: x.stdout }),
      (e: { code?: number; stdout?: string }) => ({ code: e.code ?? 1, out: e.stdout ?? '' }),
    );
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  }, 120_000);
});
