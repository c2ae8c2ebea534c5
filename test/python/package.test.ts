// The Python package (python/, pip-installable) against Node: installs it with pip into a virtual
// environment and runs its pytest suite (python/tests), which compares validation errors and every
// result that computes today bit for bit with dist/plrf.js.
//
// The environment lives in node_modules/.cache/plrf-pkg-venv (override with PLRF_PKG_VENV; the
// interpreter with PLRF_PYTHON, default python3). Its dependencies (wasmtime, numpy, pytest) are
// installed once; the package itself is reinstalled from ./python on every run. Where python3, venv
// or the dependencies cannot be had, the test is skipped with the reason; with
// PLRF_REQUIRE_PYTHON=1 it fails instead. A failing `pip install ./python` or pytest always fails.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VENV = process.env.PLRF_PKG_VENV ?? join(ROOT, 'node_modules', '.cache', 'plrf-pkg-venv');
const BIN = process.platform === 'win32' ? join(VENV, 'Scripts') : join(VENV, 'bin');
const VENV_PYTHON = join(BIN, process.platform === 'win32' ? 'python.exe' : 'python');
const BASE_PYTHON = process.env.PLRF_PYTHON ?? 'python3';
const REQUIRE = process.env.PLRF_REQUIRE_PYTHON === '1';
const PIP = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input'];
// setuptools too: the package is then built without an isolated build environment (no index needed).
const DEPS = ['wasmtime', 'numpy', 'pytest', 'setuptools>=70.1'];

function tail(e: unknown, lines = 3): string {
  const err = e as { stderr?: string; stdout?: string; message?: string; killed?: boolean; signal?: string };
  const text = `${err.stderr ?? ''}\n${err.stdout ?? ''}`.trim() || err.message || String(e);
  const last = text
    .split('\n')
    .filter((l) => l.trim())
    .slice(-lines)
    .join('\n');
  return err.killed ? `timed out (${err.signal}); ${last}` : last;
}

/** A virtual environment with wasmtime, numpy and pytest, or the reason there is none. */
async function prepareEnvironment(): Promise<{ python: string } | { skip: string }> {
  const check = () =>
    run(VENV_PYTHON, ['-c', 'import wasmtime, numpy, pytest; from setuptools.command.bdist_wheel import bdist_wheel'], { timeout: 60_000 });
  if (existsSync(VENV_PYTHON)) {
    try {
      await check();
      return { python: VENV_PYTHON };
    } catch {
      // Missing or outdated dependencies: install them; a broken environment: start again.
      try {
        await run(VENV_PYTHON, [...PIP, ...DEPS], { timeout: 600_000, maxBuffer: 16 * 2 ** 20 });
        await check();
        return { python: VENV_PYTHON };
      } catch {
        // fall through
      }
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
    await run(VENV_PYTHON, [...PIP, ...DEPS], { timeout: 600_000, maxBuffer: 16 * 2 ** 20 });
    await check();
  } catch (e) {
    await rm(VENV, { recursive: true, force: true });
    return { skip: `pip could not install ${DEPS.join(', ')}: ${tail(e)}` };
  }
  return { python: VENV_PYTHON };
}

let skipReason: string | null = null;
let python = '';

beforeAll(async () => {
  const env = await prepareEnvironment();
  if ('skip' in env) {
    skipReason = env.skip;
    if (REQUIRE) throw new Error(`PLRF_REQUIRE_PYTHON=1 but ${skipReason}`);
    console.warn(`[python-package] skipped: ${skipReason}`);
    return;
  }
  python = env.python;
  // The package itself, from the working tree (its .wasm files come from `npm run build`). The
  // setuptools build directories are removed first so that no stale file reaches the install.
  for (const dir of ['build', 'plrf.egg-info']) await rm(join(ROOT, 'python', dir), { recursive: true, force: true });
  try {
    await run(python, [...PIP, '--force-reinstall', '--no-deps', '--no-build-isolation', join(ROOT, 'python')], {
      timeout: 600_000,
      maxBuffer: 16 * 2 ** 20,
      cwd: ROOT,
    });
  } catch (e) {
    throw new Error(`pip install ./python failed:\n${tail(e, 30)}`, { cause: e });
  }
}, 1_200_000);

describe('Python package (pip install ./python, pytest python/tests)', () => {
  it('passes its pytest suite: validation parity, numpy scalars, bit-for-bit results against Node, job driver', async (ctx) => {
    if (skipReason !== null) ctx.skip(skipReason);
    const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PLRF_ROOT: ROOT, PLRF_NODE: process.execPath };
    delete env.PYTHONPATH;
    const cwd = join(ROOT, 'python', 'tests');
    // The tests must see the installed package, not the source tree.
    const where = await run(VENV_PYTHON, ['-c', 'import plrf; print(plrf.__file__)'], { env, cwd: ROOT, timeout: 60_000 });
    expect(where.stdout).toMatch(/site-packages/);
    let stdout = '';
    try {
      // pytest from the environment's bin (not `python -m`, which would put the working directory,
      // and with it the source tree, on sys.path): the tests import the installed package.
      ({ stdout } = await run(join(BIN, 'pytest'), ['-q', '-rfEs', '-p', 'no:cacheprovider', join(ROOT, 'python', 'tests')], {
        env,
        cwd,
        timeout: 1_200_000,
        maxBuffer: 64 * 2 ** 20,
      }));
    } catch (e) {
      expect.fail(`pytest failed:\n${tail(e, 60)}`);
    }
    const summary = stdout.trim().split('\n').at(-1) ?? '';
    console.info(`[python-package] ${summary}`);
    expect(summary).toMatch(/passed/);
    expect(summary).not.toMatch(/failed|error/);
  }, 1_200_000);
});
