// The authors' pipeline beside plrf: their deterministic equivalent (Newton for the spectrum, contour
// integrals for the rho weights) and their log-time ODE for SGD, driven by bench/authors/pipeline.py
// through their public package power_law_rf (repository LosVolterrosHermanos/Experimental), against
// plrf's deterministic curve at common steps (their ODE returns twice the risk = plrf's loss; batch 1,
// so averaged and summed batch gradients coincide; plrf's default rate 0.5 / tr D on both sides).
// Times: whole processes (python + jax import + their pipeline; `node bin/plrf.js curve`) and
// solver-only (their spectrum + rho + ODE; plrf's lossCurve in this process).
//
// Set-up at bench time, outside the repo: a venv in the OS temp folder (with the system site packages,
// for numpy and scipy) gets jax and jaxlib from pip and the authors' package from PLRF_AUTHORS_SRC (a
// checkout of their repository) or else from its public git URL. PLRF_BENCH_PIP_ARGS adds pip
// arguments (an index, say). When any of this fails the comparison is skipped with the reason.
// Standalone: `node bench/authors.js` (after a build).

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, lossCurve } from '../dist/index.js';
import { here, median } from './lib.js';

const AUTHORS_GIT = 'git+https://github.com/LosVolterrosHermanos/Experimental';
export const AUTHORS_CASES = [{ alpha: 0.7, beta: 1.2, d: 200, steps: 1e6 }];

function pip(py, args) {
  const extra = (process.env.PLRF_BENCH_PIP_ARGS ?? '').split(/\s+/).filter(Boolean);
  execFileSync(py, ['-m', 'pip', 'install', '-q', '--disable-pip-version-check', ...extra, ...args], { stdio: 'pipe', timeout: 900_000 });
}

/** The venv's python with jax and power_law_rf importable, or { skipped: reason }. */
export function authorsPython() {
  const venv = join(os.tmpdir(), 'plrf-bench-authors-venv');
  const py = join(venv, 'bin', 'python');
  const firstLine = (e) =>
    String(e.stderr || e.message)
      .trim()
      .split('\n')
      .filter((l) => !/WARNING/.test(l))
      .at(-1) ?? String(e);
  try {
    if (!existsSync(py)) execFileSync('python3', ['-m', 'venv', '--system-site-packages', venv], { stdio: 'pipe' });
    const ok = (mod) => spawnSync(py, ['-c', `import ${mod}`], { stdio: 'pipe' }).status === 0;
    if (!ok('jax')) {
      try {
        pip(py, ['jax', 'jaxlib', 'wheel', 'setuptools']);
      } catch (e) {
        return { skipped: `jax could not be installed with pip: ${firstLine(e)}` };
      }
    }
    if (!ok('power_law_rf.ode')) {
      const src = process.env.PLRF_AUTHORS_SRC;
      try {
        pip(py, ['--no-deps', '--no-build-isolation', src ?? AUTHORS_GIT]);
      } catch (e) {
        return { skipped: `the authors' package could not be installed from ${src ? 'PLRF_AUTHORS_SRC' : AUTHORS_GIT}: ${firstLine(e)}` };
      }
    }
    return ok('power_law_rf.ode') ? { py } : { skipped: 'power_law_rf.ode does not import after the install' };
  } catch (e) {
    return { skipped: `no Python venv: ${firstLine(e)}` };
  }
}

/** Steps 10, 20, 40, ... and `steps`: the common checkpoints. */
function logSteps(steps) {
  const at = [];
  for (let r = 10; r < steps; r *= 2) at.push(r);
  return [...at, steps];
}

const wall = (cmd, args) => {
  const t = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 2).join(' ')} failed: ${String(r.stderr).trim().split('\n').at(-1)}`);
  return { seconds: (performance.now() - t) / 1000, stdout: r.stdout };
};

/** The comparison, case by case; { skipped } when the authors' pipeline cannot run here. */
// Their pipeline takes minutes: one run; plrf's process and solver: the median of `repeats`.
export async function benchAuthors({ verbose = false, repeats = 3 } = {}) {
  const env = authorsPython();
  if (env.skipped) return { skipped: env.skipped, load: os.loadavg() };
  await init();
  const cases = [];
  for (const c of AUTHORS_CASES) {
    const at = logSteps(c.steps);
    if (verbose) process.stdout.write(`authors' pipeline d=${c.d} to ${c.steps} steps:`);
    const theirs = [],
      ours = [],
      oursSolver = [];
    let out = null,
      curve = null;
    const t = wall(env.py, [
      fileURLToPath(here('./authors/pipeline.py')),
      '--alpha',
      `${c.alpha}`,
      '--beta',
      `${c.beta}`,
      '--d',
      `${c.d}`,
      '--steps',
      `${c.steps}`,
      '--at',
      at.join(','),
    ]);
    out = JSON.parse(t.stdout.trim().split('\n').at(-1));
    theirs.push({ process: t.seconds, ...out.seconds });
    for (let k = 0; k < repeats; k++) {
      if (verbose) process.stdout.write(` ${k + 1}`);
      ours.push(
        wall(process.execPath, [
          fileURLToPath(here('../bin/plrf.js')),
          'curve',
          '--alpha',
          `${c.alpha}`,
          '--beta',
          `${c.beta}`,
          '--d',
          `${c.d}`,
          '--steps',
          `${c.steps}`,
        ]).seconds,
      );
      const t0 = performance.now();
      curve = await lossCurve({ method: 'deterministic', alpha: c.alpha, beta: c.beta, d: c.d, at });
      oursSolver.push((performance.now() - t0) / 1000);
    }
    if (verbose) process.stdout.write('\n');
    // The curve's steps start at 0: look each common step up.
    const oursAt = at.map((r) => curve.loss[curve.steps.indexOf(r)]);
    const rel = at.map((r, i) => (out.loss[i] === null ? null : out.loss[i] / oursAt[i] - 1));
    const finite = rel.filter((x) => x !== null).map(Math.abs);
    // Their ODE is continuous in time: far off the discrete curve in the first steps, closer later.
    const from = (r0) => Math.max(...rel.filter((x, i) => x !== null && at[i] >= r0).map(Math.abs));
    const solverTheirs = median(theirs.map((t) => t.spectrum + t.rho + t.ode));
    cases.push({
      ...c,
      at,
      gammaTheirs: out.gamma,
      gammaOurs: curve.config.gamma,
      limitTheirs: out.limit,
      limitOurs: curve.limit,
      maxRelDiff: Math.max(...finite),
      maxRelDiffFrom100: from(100),
      maxRelDiffFrom1000: from(1000),
      relDiff: rel,
      lossTheirs: out.loss,
      lossOurs: oursAt,
      theirs: {
        processSeconds: median(theirs.map((t) => t.process)),
        spectrumSeconds: median(theirs.map((t) => t.spectrum)),
        rhoSeconds: median(theirs.map((t) => t.rho)),
        odeSeconds: median(theirs.map((t) => t.ode)),
        odeFirstSeconds: median(theirs.map((t) => t.odeFirst)),
        solverSeconds: solverTheirs,
        jax: out.jax,
      },
      ours: { processSeconds: median(ours), solverSeconds: median(oursSolver) },
      processRatio: median(theirs.map((t) => t.process)) / median(ours),
      solverRatio: solverTheirs / median(oursSolver),
    });
  }
  return { cases, load: os.loadavg().map((x) => +x.toFixed(2)) };
}

export function authorsTargets(res) {
  if (!res || res.skipped) return [{ what: "whole process vs the authors' pipeline", value: null, goal: 50, status: 'n/a' }];
  return res.cases.map((c) => ({
    what: `whole process vs the authors' pipeline (d = ${c.d}, to ${c.steps} steps; curves within ${c.maxRelDiffFrom1000.toExponential(1)} from r = 1000)`,
    value: c.processRatio,
    goal: 50,
    status: c.processRatio >= 50 ? 'met' : 'missed',
  }));
}

export function reportAuthors(res, fmt) {
  console.log("\nthe authors' deterministic equivalent + ODE (power_law_rf) beside plrf");
  if (res.skipped) {
    console.log(`skipped: ${res.skipped}`);
    return;
  }
  for (const c of res.cases) {
    const t = c.theirs;
    console.log(`alpha ${c.alpha}, beta ${c.beta}, d ${c.d}, to ${c.steps} steps (load ${res.load.join(' ')}):`);
    console.log(
      `  theirs: process ${fmt(t.processSeconds)} s (spectrum ${fmt(t.spectrumSeconds)} s, rho ${fmt(t.rhoSeconds)} s, ODE ${fmt(t.odeSeconds)} s a call` +
        ` (each call compiles its scan again), the first call ${fmt(t.odeFirstSeconds)} s; jax ${t.jax})`,
    );
    console.log(`  plrf:   process ${fmt(c.ours.processSeconds)} s, lossCurve ${fmt(c.ours.solverSeconds)} s`);
    console.log(
      `  ratios: process ${fmt(c.processRatio)}x, solver ${fmt(c.solverRatio)}x; max |theirs / plrf - 1| over ${c.at.length} steps ` +
        `${c.maxRelDiff.toExponential(2)} (from r = 100: ${c.maxRelDiffFrom100.toExponential(2)}, from r = 1000: ` +
        `${c.maxRelDiffFrom1000.toExponential(2)}); their F0 / (1 - ||K||) is not computed, their 2 x limit risk ${fmt(c.limitTheirs, 6)}, ` +
        `plrf's limit ${fmt(c.limitOurs, 6)}`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const fmt = (x, digits = 3) => (x === null || x === undefined ? 'n/a' : x.toPrecision(digits));
  const res = await benchAuthors({ verbose: true });
  reportAuthors(res, fmt);
  console.log(JSON.stringify(authorsTargets(res)));
}
