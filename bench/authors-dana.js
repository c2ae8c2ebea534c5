// The authors' continuous-time DANA equations beside plrf's exact discrete recursion (docs/model.md
// §10, "The authors' ODE"), on one sampled W: their ode_resolvent_log_implicit (driven by
// bench/authors/dana_ode.py through their public package, in the venv that bench/authors.js sets up)
// gets plrf's eigenvalues of K, per-mode (theta*_i)^2 and P*/2, and DANA-decay's coefficients
// converted to their averaged batch (g1 = B gamma1, g2 = B gamma2, g3 = gamma3; their output is twice
// the risk, plrf's loss). Reported: the relative difference by range of steps (the ODE's error, as the
// recursion is exact: its continuous-time approximation plus its integrator's discretisation), at
// their log-time step and at a 10x finer one; both against Monte-Carlo means in the first steps; and
// the times (a call of their ODE, which compiles its scan each time, against plrf's whole lossCurve
// call, sampling and decomposing W included).
// Standalone: `node bench/authors-dana.js` (after a build; PLRF_AUTHORS_SRC as for bench/authors.js).

import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { init, lossCurve, simulateSgd, spectralMeasure } from '../dist/index.js';
import { authorsPython } from './authors.js';
import { here, median, seconds, table } from './lib.js';

const ALPHA = 1,
  BETA = 0.7,
  D = 100,
  W_SEED = 3,
  STEPS = 1e5;
const AT = [0, 1, 2, 3, 6, 10, 20, 30, 60, 100, 300, 1000, 3000, 1e4, 3e4, 1e5];
const RANGES = [
  [1, 10],
  [20, 100],
  [300, 1000],
  [3000, 1e4],
  [3e4, 1e5],
];

/** Their ODE on plrf's finite measure of (alpha, beta, d, wSeed) for `optimizer` at batch B. */
async function theirCurve(py, { d, batch, optimizer, at, steps, dt, x64 = true }) {
  const m = await spectralMeasure({ method: 'finite', alpha: ALPHA, beta: BETA, d, seed: W_SEED, stream: 0 });
  const atoms = m.atoms(),
    F0 = m.F0;
  m.dispose();
  const eigs = Array.from(atoms.zRe);
  // phi_i = lambda_i (theta*_i)^2 in loss units; their rho is the per-mode (theta*_i)^2.
  const rho = eigs.map((l, i) => (l > 0 ? atoms.phiRe[i] / l : 0));
  const scaled = (c, f) => [c[0] * f, c[1], c[2]];
  const input = {
    eigs,
    rho,
    riskInf: F0 / 2,
    batch,
    t_max: steps,
    dt,
    at,
    x64,
    g1: scaled(optimizer.gamma1, batch),
    g2: scaled(optimizer.gamma2, batch),
    g3: optimizer.gamma3,
    delta: optimizer.delta,
  };
  const r = spawnSync(py, [fileURLToPath(here('./authors/dana_ode.py'))], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`dana_ode.py failed: ${String(r.stderr).trim().split('\n').at(-1)}`);
  return { ...JSON.parse(r.stdout.trim().split('\n').at(-1)), F0 };
}

// The same W on both sides: P* depends on W (P(0) does not).
function sameW(theirs, ours) {
  if (Math.abs(theirs / ours - 1) > 1e-12) throw new Error(`P* of the W given to their ODE (${theirs}) is not the recursion's (${ours})`);
}

const rel = (a, b) => (a === null ? null : a / b - 1);
const maxAbsIn = (xs, at, lo, hi) => Math.max(...xs.filter((x, i) => x !== null && at[i] >= lo && at[i] <= hi).map(Math.abs));

export async function benchAuthorsDana({ verbose = false, repeats = 3 } = {}) {
  const env = authorsPython();
  if (env.skipped) return { skipped: env.skipped };
  await init();
  const cases = [];
  for (const batch of [1, 4]) {
    if (verbose) process.stdout.write(`B = ${batch}:`);
    const base = { method: 'finite', alpha: ALPHA, beta: BETA, d: D, batch, wSeed: W_SEED, optimizer: 'dana-decay', at: AT };
    const exactTimes = [],
      blockTimes = [];
    let exact = null,
      blocks = null;
    for (let k = 0; k < repeats; k++) {
      let t0 = performance.now();
      exact = await lossCurve({ ...base, unitSteps: STEPS });
      exactTimes.push(seconds(t0));
      t0 = performance.now();
      blocks = await lossCurve(base);
      blockTimes.push(seconds(t0));
    }
    const optimizer = exact.config.optimizer;
    const coarse = await theirCurve(env.py, { d: D, batch, optimizer, at: AT, steps: STEPS, dt: 0.01 });
    if (verbose) process.stdout.write(' dt 0.01');
    const fine = await theirCurve(env.py, { d: D, batch, optimizer, at: AT, steps: STEPS, dt: 0.001 });
    if (verbose) process.stdout.write(' dt 0.001\n');
    sameW(coarse.F0, exact.F0);
    const relCoarse = AT.map((r, i) => rel(coarse.loss[i], exact.loss[i]));
    const relFine = AT.map((r, i) => rel(fine.loss[i], exact.loss[i]));
    const relBlocks = AT.map((r, i) => rel(blocks.loss[i], exact.loss[i]));
    cases.push({
      batch,
      ranges: RANGES.map(([lo, hi]) => ({
        lo,
        hi,
        coarse: maxAbsIn(relCoarse, AT, lo, hi),
        fine: maxAbsIn(relFine, AT, lo, hi),
        blocks: maxAbsIn(relBlocks, AT, lo, hi),
      })),
      theirs: {
        odeSeconds: coarse.seconds,
        odeFirstSeconds: coarse.secondsFirst,
        gridPoints: coarse.gridPoints,
        fineSeconds: fine.seconds,
        fineGridPoints: fine.gridPoints,
        jax: coarse.jax,
      },
      ours: { exactSeconds: median(exactTimes), blockSeconds: median(blockTimes) },
    });
  }
  // Monte Carlo in the first steps, where the two differ most: d = 50, B = 4, 200 runs on one W.
  const mcAt = [0, 1, 3, 6, 10, 30, 100];
  const mcBase = { alpha: ALPHA, beta: BETA, d: 50, batch: 4, wSeed: W_SEED, optimizer: 'dana-decay', at: mcAt };
  const mc = await simulateSgd({ ...mcBase, seeds: 200, seed: 11 });
  const rec = await lossCurve({ ...mcBase, method: 'finite', unitSteps: 100 });
  const ode = await theirCurve(env.py, { d: 50, batch: 4, optimizer: rec.config.optimizer, at: mcAt, steps: 100, dt: 0.01 });
  sameW(ode.F0, rec.F0);
  const z = (x, i) => (x === null || mc.stderr[i] === 0 ? null : (x - mc.loss[i]) / mc.stderr[i]);
  const monteCarlo = mcAt.slice(1).map((r, j) => {
    const i = j + 1;
    return { r, mean: mc.loss[i], stderr: mc.stderr[i], zRecursion: z(rec.loss[i], i), zOde: z(ode.loss[i], i) };
  });
  return { cases, monteCarlo, load: os.loadavg().map((x) => +x.toFixed(2)) };
}

/** The comparison as text tables (the console report and a block of bench/results/latest.md). */
export function authorsDanaText(res) {
  const out = ["the authors' DANA ODE (ode_resolvent_log_implicit, float64 with their float32 time grid) beside plrf's exact recursion"];
  if (res.skipped) return [...out, `skipped: ${res.skipped}`].join('\n');
  const e = (x) => (x === null || !Number.isFinite(x) ? 'n/a' : x.toExponential(1));
  const f = (x) => x.toPrecision(3);
  const t = res.cases[0].theirs;
  out.push(
    `dana-decay, alpha ${ALPHA}, beta ${BETA}, d ${D}, v ${4 * D}, one W (seed ${W_SEED}), to ${STEPS} steps (load ${res.load.join(' ')})`,
  );
  out.push(
    'max |their ODE / exact recursion - 1| over the checkpoints in each range of steps (dt: their log-time step), and plrf default blocks / exact - 1:',
  );
  const rows = [];
  for (const c of res.cases) for (const g of c.ranges) rows.push([`${c.batch}`, `${g.lo}-${g.hi}`, e(g.coarse), e(g.fine), e(g.blocks)]);
  out.push(table(['B', 'steps', 'ODE, dt 0.01', 'ODE, dt 0.001', 'plrf blocks'], rows));
  out.push(
    'seconds per curve. Theirs: a call of their function, which traces and compiles its scan every time (median of three calls; the first call in a ' +
      'process in parentheses). plrf: lossCurve, sampling and decomposing W included (median).',
  );
  out.push(
    table(
      [
        'B',
        `ODE dt 0.01 (${t.gridPoints} steps)`,
        `ODE dt 0.001 (${t.fineGridPoints})`,
        'plrf exact unit steps',
        'plrf default blocks',
        'ODE dt 0.01 / plrf blocks',
      ],
      res.cases.map((c) => [
        `${c.batch}`,
        `${f(c.theirs.odeSeconds)} (${f(c.theirs.odeFirstSeconds)})`,
        f(c.theirs.fineSeconds),
        f(c.ours.exactSeconds),
        f(c.ours.blockSeconds),
        `${f(c.theirs.odeSeconds / c.ours.blockSeconds)}x`,
      ]),
    ),
  );
  out.push(`jax ${t.jax}`);
  out.push('Monte Carlo, d = 50, B = 4, 200 runs on one W: z = (curve - mean) / standard error of the mean');
  out.push(
    table(
      ['r', 'MC mean', 'std. error', 'z exact recursion', 'z their ODE'],
      res.monteCarlo.map((m) => [
        `${m.r}`,
        f(m.mean),
        m.stderr.toExponential(2),
        m.zRecursion.toFixed(2),
        m.zOde === null ? 'n/a' : m.zOde.toFixed(1),
      ]),
    ),
  );
  return out.join('\n');
}

export function reportAuthorsDana(res) {
  console.log('\n' + authorsDanaText(res));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  reportAuthorsDana(await benchAuthorsDana({ verbose: true }));
}
