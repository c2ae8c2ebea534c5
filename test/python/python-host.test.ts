// python/plrf_wasm.py (wasmtime) against Node, bit for bit: the cross-host hash table
// (test/hosts/hashes.ts), the curves behind it, extra SGD/deterministic/problem cases, log-spaced
// checkpoints and the Python module's input validation. Both builds (SIMD and scalar).
//
// A virtual environment with wasmtime is created once in node_modules/.cache/plrf-venv (override
// with PLRF_VENV; the interpreter with PLRF_PYTHON, default python3) and reused while `import wasmtime`
// works. Where python3, venv or `pip install wasmtime` fails, the tests are reported as skipped with
// the reason; with PLRF_REQUIRE_PYTHON=1 they fail instead.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, isSimd, resetForTesting } from '../../src/core/wasm.js';
import { logCheckpoints, traceD } from '../../src/conventions.js';
import { PlrfProblem } from '../../src/problem.js';
import { simulateSgd } from '../../src/sgd.js';
import { lossCurve } from '../../src/theory/curve.js';
import { computeHashes, computeValues, f64Bytes, sha256F64 } from '../hosts/hashes.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VENV = process.env.PLRF_VENV ?? join(ROOT, 'node_modules', '.cache', 'plrf-venv');
const VENV_PYTHON = process.platform === 'win32' ? join(VENV, 'Scripts', 'python.exe') : join(VENV, 'bin', 'python');
const BASE_PYTHON = process.env.PLRF_PYTHON ?? 'python3';
const REQUIRE = process.env.PLRF_REQUIRE_PYTHON === '1';
const BUILDS = { simd: join(ROOT, 'build', 'plrf.wasm'), scalar: join(ROOT, 'build', 'plrf-scalar.wasm') } as const;
type Build = keyof typeof BUILDS;

// The extra cases of test/python/host_check.py, in the TypeScript API's names.
const EXTRA_SGD = { alpha: 0.8, beta: 0.9, d: 40, v: 100, steps: 3000, points: 25, seeds: 3, seed: 11, batch: 3, gamma0: 0.4 };
const EXTRA_DET = { alpha: 1.1, beta: 0.6, d: 60, v: 200, steps: 20_000, points: 15, batch: 2 };
const ORDER2_DET = [
  { alpha: 0.9, beta: 0.8, d: 80, steps: 10_000_000, points: 25, blockOrder: 2 as const, unitSteps: 300 },
  { alpha: 0.9, beta: 0.8, d: 80, steps: 100_000, points: 10, blockOrder: 2 as const, unitSteps: 0 },
];
const PROBLEM = { alpha: 0.9, beta: 0.6, d: 50, v: 120, seed: 3, stream: 5 };

const bits = (x: number | null): string | null => (x === null ? null : Buffer.from(f64Bytes([x])).toString('hex'));
const bitsList = (xs: ArrayLike<number> | null): (string | null)[] | null => (xs === null ? null : Array.from(xs, bits));

function tail(e: unknown): string {
  const err = e as { stderr?: string; stdout?: string; message?: string; killed?: boolean; signal?: string };
  const text = `${err.stderr ?? ''}\n${err.stdout ?? ''}`.trim() || err.message || String(e);
  const last = text.split('\n').filter((l) => l.trim()).slice(-3).join(' | ');
  return err.killed ? `timed out (${err.signal}); ${last}` : last;
}

/** A Python with wasmtime, or the reason there is none. Times are recorded for the report. */
async function preparePython(): Promise<{ python: string } | { skip: string }> {
  const check = async (python: string) => {
    await run(python, ['-c', 'import wasmtime'], { timeout: 60_000 });
  };
  if (existsSync(VENV_PYTHON)) {
    try {
      await check(VENV_PYTHON);
      return { python: VENV_PYTHON };
    } catch {
      // A broken or half-installed environment: start again.
    }
  }
  try {
    await run(BASE_PYTHON, ['--version'], { timeout: 30_000 });
  } catch (e) {
    return { skip: `no Python interpreter (${BASE_PYTHON}): ${tail(e)}` };
  }
  await rm(VENV, { recursive: true, force: true });
  try {
    await run(BASE_PYTHON, ['-m', 'venv', VENV], { timeout: 120_000 });
  } catch (e) {
    return { skip: `could not create a virtual environment with ${BASE_PYTHON} -m venv: ${tail(e)}` };
  }
  try {
    await run(VENV_PYTHON, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', 'wasmtime'],
      { timeout: 240_000, maxBuffer: 16 * 2 ** 20 });
    await check(VENV_PYTHON);
  } catch (e) {
    await rm(VENV, { recursive: true, force: true });
    return { skip: `pip could not install wasmtime: ${tail(e)}` };
  }
  return { python: VENV_PYTHON };
}

let skipReason: string | null = null;
let report: any = null;

beforeAll(async () => {
  const t0 = performance.now();
  const py = await preparePython();
  if ('skip' in py) {
    skipReason = py.skip;
    if (REQUIRE) throw new Error(`PLRF_REQUIRE_PYTHON=1 but ${skipReason}`);
    console.warn(`[python-host] skipped: ${skipReason}`);
    return;
  }
  const t1 = performance.now();
  const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: [join(ROOT, 'python'), process.env.PYTHONPATH].filter(Boolean).join(delimiter) };
  const { stdout } = await run(py.python, [join(ROOT, 'test', 'python', 'host_check.py'),
    ...Object.entries(BUILDS).map(([name, path]) => `${name}=${path}`)], { env, timeout: 300_000, maxBuffer: 64 * 2 ** 20 });
  report = JSON.parse(stdout);
  const t2 = performance.now();
  console.info(`[python-host] Python ${report.python}, wasmtime ${report.wasmtime}; environment ${((t1 - t0) / 1000).toFixed(1)} s, ` +
    `Python run ${((t2 - t1) / 1000).toFixed(1)} s`);
}, 600_000);

/** Skip (with the reason) when there is no Python with wasmtime. */
function needPython(ctx: { skip: (note?: string) => never }): void {
  if (skipReason !== null) ctx.skip(skipReason);
}

async function useBuild(build: Build): Promise<void> {
  resetForTesting();
  await init({ simd: build === 'simd' });
  expect(isSimd()).toBe(build === 'simd');
}

describe.each(['simd', 'scalar'] as const)('Python (wasmtime) vs Node, %s build', (build) => {
  it('the cross-host hash table (RNG stream, SGD curve, deterministic curve) is identical', async (ctx) => {
    needPython(ctx);
    await useBuild(build);
    const node = await computeHashes();
    const py = report.builds[build];
    console.info(`[python-host] ${build}: ${JSON.stringify({ node, python: py.hashes })}`);
    // Compare the values first so that a mismatch names the checkpoint.
    const values = await computeValues();
    expect(Buffer.from(f64Bytes(values.rng.subarray(0, 4))).toString('hex')).toBe(py.rngHead);
    expect(bitsList(values.sgd)).toEqual(py.sgd.loss);
    expect(bitsList(values.deterministic)).toEqual(py.deterministic.loss);
    expect(py.hashes).toEqual(node);
    expect(await sha256F64(values.sgd)).toBe(node.sgd);
  });

  it('the module exports what the generated Python ABI (python/plrf/_abi.py) describes', (ctx) => {
    needPython(ctx);
    expect(report.builds[build].abiMismatches).toEqual([]);
  });

  it('SGD curves agree bit for bit (hash case and default checkpoints, batch 3, v != 4d, gamma0)', async (ctx) => {
    needPython(ctx);
    await useBuild(build);
    const py = report.builds[build];
    const a = await simulateSgd({ alpha: 1, beta: 0.75, d: 100, seeds: 4, seed: 7, at: [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000] });
    expect({ steps: a.steps, loss: bitsList(a.loss), stderr: bitsList(a.stderr), limit: bits(a.limit), gamma: bits(a.config.gamma) }).toEqual(py.sgd);
    const b = await simulateSgd(EXTRA_SGD);
    expect({ steps: b.steps, loss: bitsList(b.loss), stderr: bitsList(b.stderr), limit: bits(b.limit), gamma: bits(b.config.gamma) }).toEqual(py.sgdExtra);
  });

  it('deterministic curves agree bit for bit (hash case to r = 10^5, default checkpoints with batch 2, second-order blocks)', async (ctx) => {
    needPython(ctx);
    await useBuild(build);
    const py = report.builds[build];
    const a = await lossCurve({ method: 'deterministic', alpha: 0.7, beta: 1.2, d: 100, at: [0, 1, 10, 100, 1000, 10_000, 100_000] });
    expect({ steps: a.steps, loss: bitsList(a.loss), limit: bits(a.limit), F0: bits(a.F0), kernelNorm: bits(a.kernelNorm) }).toEqual(py.deterministic);
    const b = await lossCurve({ method: 'deterministic', ...EXTRA_DET });
    expect({ steps: b.steps, loss: bitsList(b.loss), limit: bits(b.limit), F0: bits(b.F0), kernelNorm: bits(b.kernelNorm) }).toEqual(py.deterministicExtra);
    // Second-order blocks (block_order=2 in Python), with and without unit steps first.
    for (const [k, o] of ORDER2_DET.entries()) {
      const c = await lossCurve({ method: 'deterministic', ...o });
      expect({ steps: c.steps, loss: bitsList(c.loss) }).toEqual(py.deterministicOrder2[k]);
    }
  });

  it('a sampled problem (W, spectrum, population loss) and tr D agree bit for bit', async (ctx) => {
    needPython(ctx);
    await useBuild(build);
    const py = report.builds[build];
    using p = PlrfProblem.sample(PROBLEM);
    const sp = p.spectrum();
    const theta = Array.from({ length: p.d }, (_, i) => 0.01 * i);
    expect({
      p0: bits(sp.p0), pStar: bits(sp.pStar), traceK: bits(sp.traceK), lambda: bitsList(sp.lambda), rho: bitsList(sp.rho),
      W: await sha256F64(p.weights()), loss: bits(p.populationLoss(theta)),
    }).toEqual(py.problem);
    expect(bits(traceD(0.7, 400))).toBe(py.traceD);
  });
});

describe('Python module (host-independent parts)', () => {
  it('log-spaced checkpoints: Python and Node give the same integers (both from the core)', (ctx) => {
    needPython(ctx);
    for (const [steps, points, py] of report.checkpoints as [number, number, number[]][]) {
      expect(py, `steps = ${steps}, points = ${points}`).toEqual(logCheckpoints(steps, points));
    }
  });

  it('invalid input raises a ValueError (PlrfArgumentError) whose param names the parameter', (ctx) => {
    needPython(ctx);
    for (const [param, err] of Object.entries(report.errors as Record<string, { code: string; param: string; valueError: boolean } | null>)) {
      expect(err, param).not.toBeNull();
      expect(err!.valueError, param).toBe(true);
      expect(err!.param, param).toBe(param);
      expect(err!.code, param).toBe(param === 'gamma0' ? 'UNSTABLE' : 'INVALID_ARGUMENT');
    }
  });
});
