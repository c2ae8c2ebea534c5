// plrf bench report (the last part of `npm run bench`): next to the kernel, SGD and theory numbers
// that run.js and theory.js measure, it
//   (1) runs the numpy baselines a researcher would otherwise write (bench/numpy/sgd_spectral.py,
//       bench/numpy/deterministic.py, on Debian's python3-numpy) and compares them with plrf;
//   (2) times the main job (`node bin/plrf.js study`);
//   (3) measures a 15x15 phase diagram (sweep of measured fronts, d = 200·2^k, k <= 5) on 1 and 2
//       workers, checks that both give the same records and compares the times;
// then writes every target (value, goal, met/missed) and the detail tables to bench/results/latest.md.
//
// Imported by run.js (benchReport, printReport, reportMarkdown). Standalone, `node bench/report.js`
// runs only these parts and merges them into an existing bench/results/latest.json.
// BENCH_QUICK=1: a 5x5 diagram instead of 15x15. BENCH_PYTHON: the interpreter (default Debian's
// /usr/bin/python3, which sees the apt numpy). Targets are reported, never asserted.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { init, lossCurve, logCheckpoints, simulateSgd, sweep, sweepKey } from '../dist/index.js';
import { authorsDanaText } from './authors-dana.js';
import { here, readResults, seconds, writeResults } from './lib.js';
import { MOMENTUM_HEADER, momentumCells } from './theory.js';

const ALPHA = 1,
  BETA = 0.75;
const SGD_DS = [100, 400, 1600];
const CURVE_DS = [1000, 10000]; // numpy deterministic baseline (10^5 would take minutes)
const CURVE_STEPS = 1e9; // the horizon theory.js times plrf at (60 log-spaced points)
const DIAGRAM_D = [200, 400, 800, 1600, 3200, 6400];
const PYTHON = process.env.BENCH_PYTHON || '/usr/bin/python3';
// Variables that pin OpenBLAS to a core type or cache size: unset for the numpy runs only.
const BLAS_ENV = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'];

const load = () => os.loadavg().map((x) => +x.toFixed(2));
const linspace = (a, b, n) => Array.from({ length: n }, (_, i) => (n === 1 ? a : a + ((b - a) * i) / (n - 1)));
let verbose = false;
const say = (s) => {
  if (verbose) process.stdout.write(s);
};

// ---------------------------------------------------------------- numpy baselines

function pythonEnv() {
  const env = { ...process.env };
  const unset = BLAS_ENV.filter((k) => k in env);
  for (const k of BLAS_ENV) delete env[k];
  return { env, unset };
}

/** Is numpy importable by PYTHON? Returns { ok, version } or { ok: false, reason }. */
function numpyAvailable() {
  const r = spawnSync(PYTHON, ['-c', 'import numpy, sys; print(numpy.__version__, sys.version.split()[0])'], {
    encoding: 'utf8',
    env: pythonEnv().env,
    timeout: 60_000,
  });
  if (r.error) return { ok: false, reason: `${PYTHON}: ${r.error.code ?? r.error.message}` };
  if (r.status !== 0) return { ok: false, reason: (r.stderr || '').trim().split('\n').at(-1) || `exit ${r.status}` };
  const [version, python] = r.stdout.trim().split(' ');
  return { ok: true, version, python };
}

/** Run a bench/numpy script with --json; resolves to the parsed output or { error }. */
function runPython(script, args) {
  return new Promise((resolve) => {
    const child = spawn(PYTHON, [fileURLToPath(here(`./numpy/${script}`)), ...args, '--json'], {
      env: pythonEnv().env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '',
      err = '';
    child.stdout.on('data', (b) => {
      out += b;
    });
    child.stderr.on('data', (b) => {
      err += b;
    });
    child.on('error', (e) => resolve({ error: `${PYTHON}: ${e.message}` }));
    child.on('close', (code) => {
      if (code !== 0) return resolve({ error: err.trim().split('\n').at(-1) || `exit ${code}` });
      try {
        resolve(JSON.parse(out));
      } catch (e) {
        resolve({ error: `unparsable output: ${e.message}` });
      }
    });
  });
}

async function numpySgd(res) {
  say(`numpy SGD (spectral form), d = ${SGD_DS.join(', ')}: setup + timing (the d = 1600 setup alone takes a while)...`);
  const t0 = performance.now();
  const py = await runPython('sgd_spectral.py', ['--d', SGD_DS.join(','), '--alpha', ALPHA, '--beta', BETA, '--check'].map(String));
  say(` ${seconds(t0).toFixed(0)} s\n`);
  if (py.error) return { error: py.error };
  const rows = py.rows.map((r) => {
    const plrf = res.sgd?.rows?.find((x) => x.d === r.d);
    const plrfRate = plrf?.spectral?.stepsPerSecond ?? null;
    return {
      d: r.d,
      v: r.v,
      numpyStepsPerSecond: r.stepsPerSecond,
      numpyRates: r.rates,
      numpyStepsPerRepeat: r.stepsPerRepeat,
      numpySetupSeconds: r.setupSeconds,
      normalsMicroseconds: r.normalsMicroseconds,
      dotMicroseconds: r.dotMicroseconds,
      plrfSpectralStepsPerSecond: plrfRate,
      plrfDirectStepsPerSecond: plrf?.direct?.stepsPerSecond ?? null,
      plrfOverNumpy: plrfRate ? plrfRate / r.stepsPerSecond : null,
    };
  });
  // Same SGD? Mean loss of the numpy runs vs plrf's spectral engine (its own W draws) and vs the
  // deterministic equivalent, in units of each mean's standard error.
  let check = null;
  if (py.check) {
    const at = py.check.steps;
    const sg = await simulateSgd({ alpha: ALPHA, beta: BETA, d: py.check.d, at, seeds: py.check.runs, seed: 7 });
    const th = await lossCurve({ method: 'deterministic', alpha: ALPHA, beta: BETA, d: py.check.d, at });
    check = {
      d: py.check.d,
      runs: py.check.runs,
      rows: at.map((r, i) => ({
        r,
        deterministic: th.loss[i],
        numpyMean: py.check.meanLoss[i],
        numpyStderr: py.check.stderr[i],
        plrfMean: sg.loss[i],
        plrfStderr: sg.stderr?.[i] ?? null,
      })),
    };
  }
  return { python: py.python, numpy: py.numpy, blas: py.blas, rows, check, seconds: seconds(t0) };
}

async function numpyDeterministic(res) {
  const at = logCheckpoints(CURVE_STEPS, 60);
  const rows = [];
  for (const d of CURVE_DS) {
    const repeats = d <= 1000 ? 3 : 1;
    say(`numpy deterministic curve d = ${d} (${repeats}x)...`);
    const t0 = performance.now();
    const py = await runPython(
      'deterministic.py',
      ['--d', d, '--alpha', ALPHA, '--beta', BETA, '--repeats', repeats, '--at', at.slice(1).join(',')].map(String),
    );
    say(` ${seconds(t0).toFixed(0)} s\n`);
    if (py.error) return { error: py.error, rows };
    const r = py.rows[0];
    // Agreement with plrf at the same checkpoints (both are the same curve to about 1e-8 or better).
    const c = await lossCurve({ method: 'deterministic', alpha: ALPHA, beta: BETA, d, at });
    const rel = c.loss.map((x, i) => Math.abs(r.loss[i] / x - 1));
    const pick = [10, 1000, 1e5, 1e7, CURVE_STEPS].map((target) =>
      at.reduce((b, x) => (Math.abs(Math.log(x + 1) - Math.log(target)) < Math.abs(Math.log(b + 1) - Math.log(target)) ? x : b), 0),
    );
    const plrf = res.theory?.deterministic?.rows?.find((x) => x.d === d) ?? null;
    rows.push({
      d,
      v: r.v,
      steps: r.steps,
      repeats: r.repeats,
      atoms: r.atoms,
      numpy: {
        measureSeconds: r.measureSeconds,
        recursionSeconds: r.recursionSeconds,
        totalSeconds: r.totalSeconds,
        totalRuns: r.totalRuns,
      },
      plrf: plrf
        ? {
            atoms: plrf.atoms,
            measureSeconds: plrf.measureSeconds,
            recursionSeconds: plrf.recursionSeconds,
            totalSeconds: plrf.totalSeconds,
            totalSecondsOrder2: plrf.totalSecondsOrder2 ?? null,
            repeats: plrf.repeats,
          }
        : null,
      numpyOverPlrf: plrf ? r.totalSeconds / plrf.totalSeconds : null,
      numpyOverPlrfOrder2: plrf?.totalSecondsOrder2 ? r.totalSeconds / plrf.totalSecondsOrder2 : null,
      massEigenRelErr: r.massEigenRelErr,
      massForcingRelErr: r.massForcingRelErr,
      agreement: {
        maxRelDiff: Math.max(...rel),
        at: pick.map((x) => {
          const i = at.indexOf(x);
          return { r: x, plrf: c.loss[i], numpy: r.loss[i], relDiff: rel[i] };
        }),
      },
    });
  }
  return {
    alpha: ALPHA,
    beta: BETA,
    batch: 1,
    steps: CURVE_STEPS,
    points: at.length,
    method:
      'full horizon: exact unit steps to r = 10^4, then first-order geometric blocks (L = 2^floor(log2(r/1024)), coefficients cached per L), as plrf by default (blockOrder 1); no extrapolation',
    rows,
  };
}

/** The goals of W^T x against native C, one place for both reports (run.js and this file). */
export const GEMV_GOALS = { memoryBound: 0.85, inCache: 0.7 };

export async function benchNumpy(res) {
  const avail = numpyAvailable();
  const { unset } = pythonEnv();
  if (!avail.ok) {
    say(`numpy unavailable (${avail.reason}): numpy comparisons are n/a\n`);
    return { available: false, reason: avail.reason, interpreter: PYTHON };
  }
  const out = { available: true, interpreter: PYTHON, numpy: avail.version, python: avail.python, unsetEnv: unset, load: [load()] };
  out.sgd = await numpySgd(res);
  out.load.push(load());
  out.deterministic = await numpyDeterministic(res);
  out.load.push(load());
  return out;
}

// ---------------------------------------------------------------- main job

function benchMainJob() {
  const tmp = mkdtempSync(join(os.tmpdir(), 'plrf-study-'));
  say('main job (node bin/plrf.js study)...');
  const before = load();
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [fileURLToPath(here('../bin/plrf.js')), 'study', '--out', tmp, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '',
      err = '';
    child.stdout.on('data', (b) => {
      out += b;
    });
    child.stderr.on('data', (b) => {
      err += b;
    });
    child.on('close', (code) => {
      const wall = seconds(t0);
      rmSync(tmp, { recursive: true, force: true });
      say(` ${wall.toFixed(1)} s\n`);
      if (code !== 0) return resolve({ error: err.trim().split('\n').at(-1) || `exit ${code}`, wallSeconds: wall });
      let summary = null;
      try {
        summary = JSON.parse(out);
      } catch {
        /* keep null */
      }
      resolve({
        command: 'node bin/plrf.js study --out <tmpdir> --json',
        wallSeconds: wall,
        reportedSeconds: summary?.seconds ?? null,
        phase: summary?.phase?.phase ?? null,
        eta: summary?.measured?.approach2?.eta ?? null,
        load: [before, load()],
      });
    });
  });
}

// ---------------------------------------------------------------- phase diagram

async function benchDiagram(quick) {
  const n = quick ? 5 : 15;
  const alpha = linspace(0.25, 1.5, n),
    beta = linspace(0.05, 1.6, n);
  // alpha + beta <= 1/2 is free (no power law): skipped through sweep's `done`. The tolerance keeps
  // points on the line itself out: (0.339.., 0.160..) sums to 0.5 in floating point, which
  // classifyPhase counts as measurable (phase Ib, on the boundary) and measureFront rejects.
  const free = new Set();
  for (const a of alpha) for (const b of beta) if (a + b <= 0.5 + 1e-9) free.add(sweepKey(a, b, DIAGRAM_D));
  const runs = {};
  for (const workers of [1, 2]) {
    say(`phase diagram ${n}x${n} (d = ${DIAGRAM_D.join(', ')}) on ${workers} worker${workers > 1 ? 's' : ''}: `);
    const before = load();
    let done = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const records = await sweep({
      alpha,
      beta,
      d: DIAGRAM_D,
      workers,
      done: free,
      onRecord: (_r, k, total) => {
        done = k;
        if (k % Math.max(1, Math.round(total / 10)) === 0) say(`${Math.round((100 * k) / total)}% `);
      },
    });
    const wall = seconds(t0);
    const cpu = process.cpuUsage(cpu0);
    say(`${wall.toFixed(1)} s\n`);
    runs[workers] = {
      workers,
      wallSeconds: wall,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      records,
      done,
      pointSecondsSum: records.reduce((s, r) => s + r.seconds, 0),
      load: [before, load()],
    };
  }
  const strip = (rs) => JSON.stringify(rs.map(({ seconds: _s, ...rest }) => rest));
  const identical = strip(runs[1].records) === strip(runs[2].records);
  const recs = runs[2].records;
  return {
    grid: `${n}x${n}`,
    quick,
    alpha,
    beta,
    d: DIAGRAM_D,
    points: n * n,
    skippedFree: free.size,
    measured: recs.filter((r) => r.measured).length,
    errors: recs.filter((r) => r.error).map((r) => ({ key: r.key, ...r.error })),
    seconds1: runs[1].wallSeconds,
    seconds2: runs[2].wallSeconds,
    speedup: runs[1].wallSeconds / runs[2].wallSeconds,
    pointSecondsSum1: runs[1].pointSecondsSum,
    pointSecondsSum2: runs[2].pointSecondsSum,
    // CPU seconds of this process (all threads) / wall seconds: the cores the run actually got.
    cpuSeconds1: runs[1].cpuSeconds,
    cpuSeconds2: runs[2].cpuSeconds,
    coresObtained1: runs[1].cpuSeconds / runs[1].wallSeconds,
    coresObtained2: runs[2].cpuSeconds / runs[2].wallSeconds,
    load1: runs[1].load,
    load2: runs[2].load,
    identicalApartFromTiming: identical,
    records: recs.map((r) => ({
      alpha: r.alpha,
      beta: r.beta,
      phase: r.phase.phase,
      etaTheory: r.phase.eta,
      eta: r.measured?.eta ?? null,
      xi: r.measured?.xi ?? null,
      error: r.error?.code ?? null,
      seconds1: runs[1].records.find((x) => x.key === r.key)?.seconds ?? null,
      seconds2: r.seconds,
    })),
  };
}

// ---------------------------------------------------------------- targets

function reportTargets(res) {
  const t = (what, value, op, goal, note = '') => ({
    what,
    value,
    goal: `${op} ${goal}`,
    note,
    status:
      value === null || value === undefined || !Number.isFinite(value)
        ? 'n/a'
        : (op === '>=' ? value >= goal : value < goal)
          ? 'met'
          : 'missed',
  });
  const size = (name) => res.gemv?.sizes?.find((s) => s.name === name);
  const mem = size('memory-bound'),
    cache = size('in cache');
  const out = [
    t(`W^T x, Wasm SIMD / native C, memory-bound (${mem?.v}x${mem?.d})`, mem?.ratios?.simdOverNative ?? null, '>=', GEMV_GOALS.memoryBound),
    t(`W^T x, Wasm SIMD / native C, in cache (${cache?.v}x${cache?.d})`, cache?.ratios?.simdOverNative ?? null, '>=', GEMV_GOALS.inCache),
  ];
  const np = res.numpy;
  for (const d of SGD_DS) {
    const row = np?.sgd?.rows?.find((r) => r.d === d);
    const goal = d === 1600 ? 8 : d === 400 ? 10 : 5;
    out.push(
      t(
        `SGD steps/s, plrf spectral / numpy script, d = ${d}`,
        row?.plrfOverNumpy ?? null,
        '>=',
        goal,
        np?.available === false ? 'numpy n/a' : '',
      ),
    );
  }
  for (const d of CURVE_DS) {
    const row = np?.deterministic?.rows?.find((r) => r.d === d);
    const goal = d >= 1e4 ? 40 : 20;
    const na = np?.available === false ? 'numpy n/a' : '';
    out.push(
      t(
        `deterministic curve to 10^9 steps, numpy time / plrf time, first-order blocks, d = ${d}`,
        row?.numpyOverPlrf ?? null,
        '>=',
        goal,
        na,
      ),
    );
    out.push(
      t(`the same with second-order blocks (blockOrder 2, the default), d = ${d}`, row?.numpyOverPlrfOrder2 ?? null, '>=', goal, na),
    );
  }
  const pd = res.phaseDiagram;
  out.push(t(`sweep ${pd?.grid ?? ''} phase diagram, 1-worker time / 2-worker time`, pd?.speedup ?? null, '>=', 1.8));
  out.push(
    t(
      '15x15 measured phase diagram on 2 workers, seconds',
      pd && !pd.quick ? pd.seconds2 : null,
      '<',
      60,
      pd?.quick ? `BENCH_QUICK: only ${pd.grid} measured, in ${pd.seconds2.toFixed(1)} s` : '',
    ),
  );
  out.push({
    what: 'sweep records on 2 workers identical to 1 worker (apart from timing)',
    value: pd ? (pd.identicalApartFromTiming ? 'yes' : 'NO') : null,
    goal: 'yes',
    note: '',
    status: pd ? (pd.identicalApartFromTiming ? 'met' : 'missed') : 'n/a',
  });
  out.push(t('main job (node bin/plrf.js study), wall seconds', res.mainJob?.wallSeconds ?? null, '<', 20));
  return out;
}

// ---------------------------------------------------------------- driver

/** Runs the numpy baselines, the main job and the phase diagram; returns the fields to merge into res. */
export async function benchReport(res, { quick = process.env.BENCH_QUICK === '1', verbose: v = false } = {}) {
  verbose = v;
  await init();
  const started = performance.now();
  const out = { reportVersion: 1 };
  out.numpy = await benchNumpy(res);
  out.mainJob = await benchMainJob();
  out.phaseDiagram = await benchDiagram(quick);
  out.reportSeconds = seconds(started);
  out.reportTargets = reportTargets({ ...res, ...out });
  return out;
}

// ---------------------------------------------------------------- markdown

const fmt = (x, digits = 3) =>
  x === null || x === undefined
    ? 'n/a'
    : typeof x !== 'number'
      ? String(x)
      : !Number.isFinite(x)
        ? String(x)
        : Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-3)
          ? x.toExponential(2)
          : x.toPrecision(digits);
const mdTable = (head, rows, align) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (align?.[i] === 'l' ? ':--' : '--:')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`),
  ].join('\n');
const statusMark = (s) => (s === 'met' ? 'met' : s === 'missed' ? '**missed**' : s);

export function targetsMarkdown(res) {
  return mdTable(
    ['target', 'value', 'goal', 'status'],
    (res.reportTargets ?? []).map((t) => [t.what + (t.note ? ` (${t.note})` : ''), fmt(t.value), t.goal, statusMark(t.status)]),
    ['l'],
  );
}

/** The whole report as markdown. */
export function reportMarkdown(res) {
  const m = res.machine ?? {};
  const np = res.numpy ?? {};
  const L = [];
  L.push(`# plrf bench report`, '');
  L.push(
    `${res.timestamp} · ${m.cpu}, ${m.cores} threads, ${m.totalMemGiB ?? '?'} GiB, ${m.platform}/${m.arch}, node ${m.node}, Wasm ${res.sgd?.wasm ?? '?'}` +
      ` · whole bench ${fmt(res.benchSeconds)} s` +
      (res.reportOnlyAt ? ` (then the report parts alone re-run at ${res.reportOnlyAt}, ${fmt(res.reportSeconds)} s)` : ''),
  );
  L.push(
    '',
    'Benchmarks, not tests: every timing is the median of several repeats where a repeat is affordable (the main job and the ' +
      'phase diagram run once), on a shared, noisy machine; the load averages (1, 5, 15 min) during each part are recorded below.',
    '',
  );
  L.push('## Targets', '', targetsMarkdown(res), '');
  if (res.targets?.length) {
    L.push('Other targets tracked by run.js and theory.js:', '');
    L.push(
      mdTable(
        ['target', 'value', 'goal', 'status'],
        res.targets.map((t) => [t.what, fmt(t.value), typeof t.goal === 'number' ? `>= ${t.goal}` : t.goal, statusMark(t.status)]),
        ['l'],
      ),
      '',
    );
  }

  if (res.gemv) {
    L.push('## W^T x kernel (float64 GFLOP/s, median)', '');
    L.push(
      mdTable(
        [
          'v x d',
          'regime',
          'Wasm SIMD',
          'Wasm scalar',
          'plain JS',
          'native C',
          'native C, 128-bit',
          'SIMD / native',
          'SIMD / native 128-bit',
          'SIMD / scalar',
          'SIMD / JS',
        ],
        res.gemv.sizes.map((s) => [
          `${s.v}x${s.d}`,
          s.name,
          ...['simd', 'scalar', 'js', 'native', 'native128'].map((k) => fmt(s.results[k]?.gflops ?? null)),
          fmt(s.ratios.simdOverNative),
          fmt(s.ratios.simdOverNative128 ?? null),
          fmt(s.ratios.simdOverScalar),
          fmt(s.ratios.simdOverJs),
        ]),
        ['l', 'l'],
      ),
      '',
    );
    L.push(
      `GFLOP/s. native C: ${typeof res.gemv.nativeCompiler === 'string' ? res.gemv.nativeCompiler : 'n/a'} (AVX2/AVX-512 and FMA where the CPU has them); ` +
        `native C, 128-bit: ${typeof res.gemv.native128Compiler === 'string' ? res.gemv.native128Compiler : 'n/a'}, the same vector width and arithmetic as Wasm SIMD.`,
      '',
    );
  }

  L.push('## SGD steps/s (batch 1, v = 4d, alpha = 1, beta = 0.75; stepping phase only, median)', '');
  const sgdRows = (res.sgd?.rows ?? []).map((r) => {
    const n = np.sgd?.rows?.find((x) => x.d === r.d);
    return [
      r.d,
      fmt(r.spectral.stepsPerSecond),
      fmt(r.direct.stepsPerSecond),
      fmt(r['direct-f32']?.stepsPerSecond ?? null),
      fmt(r.f32OverF64Direct ?? null),
      fmt(r.spectralOverDirect),
      fmt(n?.numpyStepsPerSecond ?? null),
      fmt(n?.plrfOverNumpy ?? null),
      fmt(r.setupSeconds),
      fmt(n?.numpySetupSeconds ?? null),
      n ? `${fmt(n.normalsMicroseconds)} / ${fmt(n.dotMicroseconds)}` : 'n/a',
    ];
  });
  L.push(
    mdTable(
      [
        'd',
        'plrf spectral',
        'plrf direct',
        'plrf direct, f32 W',
        'direct f32 / f64',
        'spectral / direct',
        'numpy spectral',
        'plrf / numpy',
        'plrf setup s',
        'numpy setup s',
        'numpy µs: normals(d+1) / dot',
      ],
      sgdRows,
    ),
    '',
  );
  if (np.available === false) L.push(`numpy: n/a (${np.reason}).`, '');
  else if (np.sgd?.error) L.push(`numpy SGD: n/a (${np.sgd.error}).`, '');
  if (np.sgd?.check) {
    const c = np.sgd.check;
    L.push(
      `Same SGD? Mean loss over ${c.runs} runs (each its own W) at d = ${c.d}, numpy script vs plrf's spectral engine, against the deterministic equivalent ` +
        '(z = (mean - deterministic) / standard error of the mean; a sanity check that the script runs the same SGD, not a precision test: ' +
        'at d = 100 the loss varies strongly from one W to the next):',
      '',
    );
    L.push(
      mdTable(
        ['r', 'deterministic', 'numpy mean', 'numpy z', 'plrf mean', 'plrf z'],
        c.rows.map((x) => [
          x.r,
          fmt(x.deterministic, 5),
          fmt(x.numpyMean, 5),
          x.r ? fmt((x.numpyMean - x.deterministic) / x.numpyStderr, 2) : '-',
          fmt(x.plrfMean, 5),
          x.r && x.plrfStderr ? fmt((x.plrfMean - x.deterministic) / x.plrfStderr, 2) : '-',
        ]),
      ),
      '',
    );
  }

  const th = res.theory;
  L.push(`## Deterministic loss curve (alpha = 1, beta = 0.75, B = 1, v = 4d, 10^9 steps, 60 checkpoints; median seconds)`, '');
  const det = np.deterministic;
  L.push(
    mdTable(
      [
        'd',
        'atoms',
        'plrf m(z) s',
        'plrf recursion s',
        'plrf total s',
        'plrf total s, blockOrder 2',
        'numpy m(z) s',
        'numpy recursion s',
        'numpy total s',
        'numpy / plrf',
        'numpy / plrf, blockOrder 2',
        'max rel. diff',
      ],
      (th?.deterministic?.rows ?? []).map((r) => {
        const n = det?.rows?.find((x) => x.d === r.d);
        return [
          r.d,
          r.atoms,
          fmt(r.measureSeconds),
          fmt(r.recursionSeconds),
          fmt(r.totalSeconds),
          fmt(r.totalSecondsOrder2 ?? null),
          fmt(n?.numpy.measureSeconds ?? null),
          fmt(n?.numpy.recursionSeconds ?? null),
          fmt(n?.numpy.totalSeconds ?? null),
          fmt(n?.numpyOverPlrf ?? null),
          fmt(n?.numpyOverPlrfOrder2 ?? null),
          n ? fmt(n.agreement.maxRelDiff, 2) : r.d > CURVE_DS.at(-1) ? 'not run' : 'n/a',
        ];
      }),
    ),
    '',
  );
  if (det?.rows?.length) {
    L.push(`numpy script: ${det.method}. Agreement with plrf (relative difference of the loss; target about 1e-6):`, '');
    const rs = det.rows;
    L.push(
      mdTable(
        ['r', ...rs.map((r) => `d = ${r.d}: plrf`), ...rs.map((r) => `d = ${r.d}: rel. diff`)],
        rs[0].agreement.at.map((a, i) => [
          a.r,
          ...rs.map((r) => fmt(r.agreement.at[i].plrf, 10)),
          ...rs.map((r) => fmt(r.agreement.at[i].relDiff, 2)),
        ]),
      ),
      '',
    );
    L.push(
      `Contour mass self-checks of the numpy measure (relative): ${rs.map((r) => `d = ${r.d}: eigen ${fmt(r.massEigenRelErr, 2)}, forcing ${fmt(r.massForcingRelErr, 2)}`).join('; ')}.`,
      '',
    );
  } else if (det?.error) L.push(`numpy deterministic: n/a (${det.error}).`, '');
  if (th?.momentum?.rows?.length) {
    L.push('## Momentum/DANA deterministic curves (d = 10^4, 10^9 steps, B = 1, v = 4d; median seconds)', '');
    L.push(
      mdTable(
        MOMENTUM_HEADER,
        th.momentum.rows.map((r) => momentumCells(r, fmt)),
      ),
      '',
    );
  }
  if (th?.finite) {
    const f = th.finite;
    L.push(
      `Finite curve d = ${f.d} (${f.steps} steps): ${fmt(f.curveSeconds)} s; its eigen-decomposition ${fmt(f.eigenSeconds)} s warm, ${fmt(f.eigenSecondsFirstCall)} s first call.`,
      '',
    );
  }
  if (th?.kernel) {
    const k = th.kernel;
    L.push(
      `m(z) Newton kernel (v = ${k.v}): Wasm SIMD / native C (same arithmetic) ${fmt(k.ratios.simdOverNative)}, / native C with FMA ${fmt(k.ratios.simdOverNativeFma)}, ` +
        `/ native 8 lanes ${fmt(k.ratios.simdOverNative8Lanes)}, SIMD / scalar Wasm ${fmt(k.ratios.simdOverScalar)}.`,
      '',
    );
  }

  if (res.authorsDana)
    L.push("## The authors' DANA ODE beside the exact recursion", '', '```', authorsDanaText(res.authorsDana), '```', '');

  const mj = res.mainJob;
  if (mj) {
    L.push('## Main job', '');
    L.push(
      mj.error
        ? `\`node bin/plrf.js study\` failed: ${mj.error}`
        : `\`${mj.command}\`: ${fmt(mj.wallSeconds)} s wall (it reports ${fmt(mj.reportedSeconds)} s after start-up); phase ${mj.phase}, measured eta ${fmt(mj.eta, 4)}; ` +
            `load ${mj.load?.[0]?.join(', ')} -> ${mj.load?.[1]?.join(', ')}.`,
      '',
    );
  }

  const pd = res.phaseDiagram;
  if (pd) {
    L.push(`## Measured phase diagram (${pd.grid}, d = ${pd.d.join(', ')}, deterministic fronts, Approach 2)`, '');
    L.push(
      mdTable(
        ['', '1 worker', '2 workers'],
        [
          ['wall seconds', fmt(pd.seconds1), fmt(pd.seconds2)],
          ['sum of per-point seconds', fmt(pd.pointSecondsSum1), fmt(pd.pointSecondsSum2)],
          ['CPU seconds (all threads)', fmt(pd.cpuSeconds1), fmt(pd.cpuSeconds2)],
          ['cores obtained (CPU s / wall s)', fmt(pd.coresObtained1), fmt(pd.coresObtained2)],
          [
            'load before -> after',
            `${pd.load1[0].join(', ')} -> ${pd.load1[1].join(', ')}`,
            `${pd.load2[0].join(', ')} -> ${pd.load2[1].join(', ')}`,
          ],
        ],
        ['l'],
      ),
      '',
    );
    L.push(
      `${pd.points} points: ${pd.measured} measured, ${pd.skippedFree} free (alpha + beta <= 1/2, not measured), ${pd.errors.length} errors` +
        `${pd.errors.length ? ` (${pd.errors.map((e) => `${e.key}: ${e.code}`).join('; ')})` : ''}; speed-up ${fmt(pd.speedup)}; ` +
        `records identical apart from timing: ${pd.identicalApartFromTiming ? 'yes' : 'NO'}.`,
      '',
    );
    L.push('Measured eta (loss ~ f^-eta along the front) and phase; rows alpha, columns beta:', '');
    const cell = (a, b) => {
      const r = pd.records.find((x) => x.alpha === a && x.beta === b);
      if (!r || r.phase === 'none') return '·';
      return r.eta === null ? `${r.phase} err` : `${r.eta.toFixed(2)} ${r.phase}`;
    };
    L.push(
      mdTable(
        ['alpha \\ beta', ...pd.beta.map((b) => b.toFixed(2))],
        pd.alpha.map((a) => [a.toFixed(3), ...pd.beta.map((b) => cell(a, b))]),
        ['l'],
      ),
      '',
    );
  }

  if (np.available) {
    const blas = np.sgd?.blas;
    L.push('## numpy baseline environment', '');
    L.push(
      `${np.interpreter}: Python ${np.python}, numpy ${np.numpy}; BLAS/LAPACK loaded: ${blas?.libraries?.join(', ') || 'unknown'}` +
        `${blas?.threadpoolctl ? `; threadpoolctl: ${blas.threadpoolctl.map((p) => `${p.internal_api} ${p.version ?? ''} ${p.architecture ?? ''} (${p.num_threads} threads)`).join(', ')}` : ''}` +
        `${blas?.simd ? `; numpy SIMD: ${blas.simd.join(', ')}` : ''}. ` +
        `Unset for the numpy runs: ${np.unsetEnv?.length ? np.unsetEnv.join(', ') : `none of ${BLAS_ENV.join(', ')} was set`}. ` +
        `Load during the numpy runs: ${np.load.map((l) => l.join(', ')).join(' -> ')}.`,
      '',
    );
  }
  return L.join('\n');
}

/** Prints the targets and the report's own numbers to the console. */
export function printReport(res) {
  console.log('\nbench report targets (issue 4)');
  console.log(targetsMarkdown(res));
  console.log(`(report parts: ${fmt(res.reportSeconds)} s)`);
}

// ---------------------------------------------------------------- standalone

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const res = readResults('latest.json');
  if (res === null) {
    console.error('bench/results/latest.json is missing: run `npm run bench` (or `node bench/run.js`) first');
    process.exit(1);
  }
  const t0 = performance.now();
  Object.assign(res, await benchReport(res, { verbose: true }));
  res.reportOnlyAt = new Date().toISOString();
  printReport(res);
  writeResults({ 'latest.json': res, 'latest.md': reportMarkdown(res) });
  console.log(`\n(${seconds(t0).toFixed(0)} s) results merged into bench/results/latest.json; report in bench/results/latest.md`);
}
