// plrf theory benchmark: (1) the deterministic loss curve to 10^9 steps, split into the m(z) solve
// (building the contour measure) and the recursion; (2) the finite curve at d = 1600 and its
// eigen-decomposition; (3) the m(z) Newton kernel (assembly/resolvent.ts solveM) in Wasm against a
// native C build of the same loop (bench/native/msolve.c); (4) the momentum/DANA deterministic curve to
// 10^9 steps at d = 10^4 beside plain SGD's at the same point (docs/model.md §10).
// Run after a build, from the repo root: `node bench/theory.js` (writes bench/results/theory-latest.json).
// Or import { benchTheory } and use the returned object. Targets are reported as met/missed, never
// asserted: timings depend on the machine.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { init, isSimd, lossCurve, PlrfProblem } from '../dist/index.js';
import { buildMeasure as buildResolved } from '../dist/theory/buildMeasure.js';
import { resolveMeasure } from '../dist/theory/measureOptions.js';
import { here, machineInfo, median, seconds, table, timeCalls as timeCallsWith, writeResults } from './lib.js';

// The measure alone (no recursion): the library's builder on options resolved as spectralMeasure does.
const buildMeasure = (options) => buildResolved(resolveMeasure(options));

const ALPHA = 1,
  BETA = 0.75;
const CURVE_DS = [1000, 10000, 100000];
const CURVE_STEPS = 1e9;
const FINITE_D = 1600,
  FINITE_STEPS = 1e6;
// Kernel benchmark: v = 40000 (d = 10000), z = 0.01 + 0.003i, start m = 1.
const KERNEL = { v: 40000, d: 10000, zr: 0.01, zi: 0.003, mr: 1, mi: 0 };
const KERNEL_REPEATS = 11,
  KERNEL_MIN_MS = 50,
  KERNEL_WARMUP_MS = 200;
const AGREE_TOL = 1e-12;

const progress = (s) => {
  if (progress.on) process.stdout.write(s);
};
progress.on = false;

// ---------------------------------------------------------------- part 1: deterministic curve

async function benchDeterministic() {
  // Warm-up (JIT of the JS driver, Wasm tier-up) on a small problem, not measured.
  buildMeasure({ method: 'deterministic', alpha: ALPHA, beta: BETA, d: 200 }).dispose();
  await lossCurve({ method: 'deterministic', alpha: ALPHA, beta: BETA, d: 200, steps: 1e6 });
  const rows = [];
  for (const d of CURVE_DS) {
    const reps = d <= 1e4 ? 3 : 1;
    progress(`deterministic d=${d}:`);
    const measureS = [],
      totalS = [],
      total2S = [],
      fixed2S = [];
    let size = 0,
      masses = null,
      last = null,
      points = 0,
      warnings = [];
    for (let r = 0; r < reps; r++) {
      progress(' m');
      let t0 = performance.now();
      const m = buildMeasure({ method: 'deterministic', alpha: ALPHA, beta: BETA, d });
      measureS.push(seconds(t0));
      size = m.size;
      masses = m.masses;
      m.dispose();
      progress(' curve');
      t0 = performance.now();
      // First-order blocks (blockOrder 1, blocks near r/1024: the default before second order).
      const res = await lossCurve({ method: 'deterministic', alpha: ALPHA, beta: BETA, d, steps: CURVE_STEPS, blockOrder: 1 });
      totalS.push(seconds(t0));
      last = res.loss.at(-1);
      points = res.loss.length;
      warnings = res.warnings;
      // The same curve with second-order blocks chosen by the local error control (the default).
      progress(' curve2');
      t0 = performance.now();
      await lossCurve({ method: 'deterministic', alpha: ALPHA, beta: BETA, d, steps: CURVE_STEPS, blockOrder: 2 });
      total2S.push(seconds(t0));
      // And with fixed second-order blocks near r/128 after 10^4 unit steps (blockTolerance 0: the
      // default before the error control).
      progress(' fixed2');
      t0 = performance.now();
      await lossCurve({ method: 'deterministic', alpha: ALPHA, beta: BETA, d, steps: CURVE_STEPS, blockOrder: 2, blockTolerance: 0 });
      fixed2S.push(seconds(t0));
    }
    progress('\n');
    const measure = median(measureS),
      total = median(totalS);
    rows.push({
      d,
      v: 4 * d,
      steps: CURVE_STEPS,
      repeats: reps,
      atoms: size,
      measureSeconds: measure,
      recursionSeconds: total - measure,
      totalSeconds: total,
      totalSecondsOrder2: median(total2S),
      recursionSecondsOrder2: median(total2S) - measure,
      totalSecondsFixed2: median(fixed2S),
      measureRuns: measureS,
      totalRuns: totalS,
      totalRunsOrder2: total2S,
      totalRunsFixed2: fixed2S,
      massEigen: masses?.eigen ?? null,
      checkpoints: points,
      finalLoss: last,
      warnings,
    });
  }
  return { alpha: ALPHA, beta: BETA, batch: 1, rows };
}

// ---------------------------------------------------------------- part 4: momentum/DANA curves

// The momentum/DANA recursion's deterministic curves at d = 10^4 to 10^9 steps (issue goal: about a
// second), with plain SGD's curve at the same point as the baseline of the same run.
const MOMENTUM_CASES = [
  { optimizer: 'dana-decay', alpha: 0.7, beta: 0.6, reps: 3 },
  { optimizer: 'dana-decay', alpha: 1, beta: 0.7, reps: 1 },
  { optimizer: 'dana-constant', alpha: 0.7, beta: 0.6, reps: 1 },
];

/** The columns of the momentum table (the console report here, the markdown one in report.js). */
export const MOMENTUM_HEADER = ['optimizer', '(alpha, beta)', 'repeats', 'plrf s', 'plain SGD s (same point)', 'ratio', 'final loss'];
/** One row of the momentum table, numbers through the caller's formatter. */
export const momentumCells = (r, fmt) => [
  r.optimizer,
  `(${r.alpha}, ${r.beta})`,
  r.reps,
  fmt(r.seconds),
  fmt(r.sgdSeconds),
  fmt(r.seconds / r.sgdSeconds),
  fmt(r.finalLoss),
];

export async function benchMomentum() {
  await lossCurve({ method: 'deterministic', alpha: 0.7, beta: 0.6, d: 200, steps: 1e6, optimizer: 'dana-decay' });
  const rows = [];
  for (const c of MOMENTUM_CASES) {
    progress(`momentum ${c.optimizer} (${c.alpha}, ${c.beta}):`);
    const base = { method: 'deterministic', alpha: c.alpha, beta: c.beta, d: 1e4, steps: CURVE_STEPS };
    const runs = [],
      sgdRuns = [];
    let last = null;
    for (let r = 0; r < c.reps; r++) {
      progress(' curve');
      let t0 = performance.now();
      last = (await lossCurve({ ...base, optimizer: c.optimizer })).loss.at(-1);
      runs.push(seconds(t0));
      progress(' sgd');
      t0 = performance.now();
      await lossCurve(base);
      sgdRuns.push(seconds(t0));
    }
    progress('\n');
    rows.push({ ...c, d: 1e4, steps: CURVE_STEPS, seconds: median(runs), sgdSeconds: median(sgdRuns), runs, sgdRuns, finalLoss: last });
  }
  return { rows };
}

// ---------------------------------------------------------------- part 2: finite curve at d = 1600

/** Seconds of p.spectrum() (forms K = W^T D W, then eigen-decomposes it) on a fresh sample. */
function timeEigen(d) {
  const p = PlrfProblem.sample({ alpha: ALPHA, beta: BETA, d });
  try {
    const t0 = performance.now();
    p.spectrum();
    return seconds(t0);
  } finally {
    p.dispose();
  }
}

/**
 * formK and eigSym are each one long Wasm call. V8 has no on-stack replacement for Wasm, so the
 * first call in a process runs entirely in baseline (Liftoff) code and later calls in optimized
 * (TurboFan) code: the first eigen-decomposition is much slower than the next. Both are reported;
 * the curve runs between them (so it sees optimized code) and is compared with the warm one.
 */
async function benchFinite() {
  const d = FINITE_D;
  progress(`finite d=${d}: eigen (first call)`);
  const eigenFirst = timeEigen(d);
  progress(' curve');
  const t0 = performance.now();
  const res = await lossCurve({ method: 'finite', alpha: ALPHA, beta: BETA, d, steps: FINITE_STEPS });
  const curve = seconds(t0);
  progress(' eigen');
  const eigen = timeEigen(d);
  progress('\n');
  return {
    d,
    v: 4 * d,
    steps: FINITE_STEPS,
    repeats: 1,
    curveSeconds: curve,
    eigenSeconds: eigen,
    eigenSecondsFirstCall: eigenFirst,
    // The curve also samples W, forms K and eigen-decomposes it; the rest is the recursion.
    curveMinusEigenSeconds: curve - eigen,
    finalLoss: res.loss.at(-1),
    warnings: res.warnings,
  };
}

// ---------------------------------------------------------------- part 3: m(z) kernel, Wasm vs native

/** Median seconds per call of fn(): warm up, calibrate calls per repeat to >= KERNEL_MIN_MS, then time. */
const timeCalls = (fn) => timeCallsWith(fn, { repeats: KERNEL_REPEATS, minMs: KERNEL_MIN_MS, warmupMs: KERNEL_WARMUP_MS });

async function benchWasmKernel(file) {
  const { instance } = await WebAssembly.instantiate(readFileSync(here(file)), {});
  const ex = instance.exports;
  const { v, d, zr, zi, mr, mi } = KERNEL;
  const tau = ex.alloc(8 * v),
    b = ex.alloc(8 * v),
    st = ex.alloc(8 * v),
    m = ex.alloc(16);
  if (!tau || !b || !st || !m) throw new Error('Wasm alloc failed');
  ex.fillSpectrum(v, ALPHA, BETA, tau, b, st);
  const iterations = ex.solveM(v, d, tau, zr, zi, mr, mi, m);
  const [mRe, mIm] = new Float64Array(ex.memory.buffer, m, 2);
  const t = timeCalls(() => ex.solveM(v, d, tau, zr, zi, mr, mi, m));
  ex.free(tau);
  ex.free(b);
  ex.free(st);
  ex.free(m);
  return { iterations, mRe, mIm, secondsPerCall: t.seconds, callsPerRepeat: t.calls };
}

// Native builds of msolve.c: the exact same arithmetic (no FMA contraction, 2 lanes) is the
// reference for the ratio; gcc's default (FMA-contracted) and an 8-lane variant are for context.
const NATIVE_BUILDS = [
  { name: 'native', flags: ['-O3', '-march=native', '-ffp-contract=off', '-DLANES=2'], note: 'same arithmetic (2 lanes, no FMA)' },
  { name: 'native-fma', flags: ['-O3', '-march=native', '-DLANES=2'], note: 'gcc default: FMA contraction, 2 lanes' },
  {
    name: 'native-8lanes',
    flags: ['-O3', '-march=native', '-ffp-contract=off', '-DLANES=8'],
    note: '8 lanes, no FMA (other summation order)',
  },
];

function runNative(dir, build) {
  const bin = join(dir, `msolve-${build.name}`);
  try {
    execFileSync('gcc', [...build.flags, '-o', bin, fileURLToPath(here('./native/msolve.c')), '-lm'], { stdio: 'pipe' });
  } catch (e) {
    return {
      error: `native unavailable: ${
        String(e.stderr || e.message)
          .trim()
          .split('\n')[0]
      }`,
    };
  }
  try {
    const { v, d, zr, zi, mr, mi } = KERNEL;
    const out = execFileSync(bin, [v, d, ALPHA, zr, zi, mr, mi, KERNEL_REPEATS, KERNEL_MIN_MS, KERNEL_WARMUP_MS].map(String), {
      encoding: 'utf8',
    });
    const r = JSON.parse(out);
    return { iterations: r.iterations, mRe: r.mRe, mIm: r.mIm, secondsPerCall: median(r.seconds), callsPerRepeat: r.calls };
  } catch (e) {
    return {
      error: `native run failed: ${
        String(e.stderr || e.message)
          .trim()
          .split('\n')[0]
      }`,
    };
  }
}

async function benchKernel() {
  const { v } = KERNEL;
  const impls = {};
  progress('m(z) kernel: simd');
  impls.simd = await benchWasmKernel('../build/plrf.wasm');
  progress(' scalar');
  impls.scalar = await benchWasmKernel('../build/plrf-scalar.wasm');
  const tmp = mkdtempSync(join(os.tmpdir(), 'plrf-theory-'));
  try {
    for (const build of NATIVE_BUILDS) {
      progress(` ${build.name}`);
      impls[build.name] = { ...runNative(tmp, build), build: `gcc ${build.flags.join(' ')}`, note: build.note };
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  progress('\n');
  const ref = impls.simd;
  for (const r of Object.values(impls)) {
    if (r.error) continue;
    r.nsPerIterationPerTerm = r.iterations > 0 ? (r.secondsPerCall / r.iterations / v) * 1e9 : null;
    if (r !== ref) {
      r.sameIterations = r.iterations === ref.iterations;
      r.relDiffVsSimd = Math.hypot(r.mRe - ref.mRe, r.mIm - ref.mIm) / Math.hypot(ref.mRe, ref.mIm);
      r.bitIdenticalToSimd = r.mRe === ref.mRe && r.mIm === ref.mIm;
      r.agrees = r.sameIterations && r.relDiffVsSimd <= AGREE_TOL;
    }
  }
  // Speed ratio: native time / Wasm time (> 1 means Wasm is faster).
  const speed = (name) => (impls[name] && !impls[name].error ? impls[name].secondsPerCall : null);
  const ratio = (a, b) => (speed(a) && speed(b) ? speed(b) / speed(a) : null);
  return {
    ...KERNEL,
    alpha: ALPHA,
    repeats: KERNEL_REPEATS,
    agreeTolerance: AGREE_TOL,
    nativeAvailable: !impls.native.error,
    impls,
    ratios: {
      simdOverNative: ratio('simd', 'native'),
      simdOverNativeFma: ratio('simd', 'native-fma'),
      simdOverNative8Lanes: ratio('simd', 'native-8lanes'),
      simdOverScalar: ratio('simd', 'scalar'),
    },
  };
}

// ---------------------------------------------------------------- driver and report

function targets(det, kernel, mom) {
  const d4 = det.rows.find((r) => r.d === 1e4);
  // "About a second": met within 20%.
  const momentum = mom.rows
    .filter((r) => r.optimizer === 'dana-decay')
    .map((r) => ({
      what: `DANA-decay deterministic curve, (${r.alpha}, ${r.beta}), d = 10^4, 10^9 steps, seconds`,
      value: r.seconds,
      goal: 'about 1 (<= 1.2)',
      status: r.seconds <= 1.2 ? 'met' : 'missed',
    }));
  return [
    ...momentum,
    {
      what: 'deterministic curve, d = 10^4, 10^9 steps, total seconds',
      value: d4?.totalSeconds ?? null,
      goal: '< 2',
      status: d4 ? (d4.totalSeconds < 2 ? 'met' : 'missed') : 'n/a',
    },
    {
      what: 'm(z) kernel speed, Wasm SIMD / native (same arithmetic)',
      value: kernel.ratios.simdOverNative,
      goal: '>= 0.5',
      status: kernel.ratios.simdOverNative === null ? 'n/a' : kernel.ratios.simdOverNative >= 0.5 ? 'met' : 'missed',
    },
  ];
}

/** Runs the three parts; returns a JSON-able object. Set `verbose` to print progress. */
export async function benchTheory({ verbose = false } = {}) {
  progress.on = verbose;
  const started = performance.now();
  await init();
  const machine = machineInfo();
  const deterministic = await benchDeterministic();
  const finite = await benchFinite();
  const kernel = await benchKernel();
  const momentum = await benchMomentum();
  const res = {
    timestamp: new Date().toISOString(),
    machine,
    wasm: isSimd() ? 'simd' : 'scalar',
    deterministic,
    finite,
    kernel,
    momentum,
    targets: targets(deterministic, kernel, momentum),
  };
  res.benchSeconds = seconds(started);
  return res;
}

const fmt = (x, digits = 3) =>
  x === null || x === undefined
    ? 'n/a'
    : typeof x !== 'number'
      ? String(x)
      : Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-3)
        ? x.toExponential(2)
        : x.toPrecision(digits);

export function reportTheory(res) {
  const { machine, deterministic: det, finite: fin, kernel: k } = res;
  console.log(
    `\nplrf theory bench  ${res.timestamp}\n${machine.cpu}, ${machine.cores} threads, ${machine.platform}/${machine.arch}, node ${machine.node}, ${res.wasm} build`,
  );
  console.log(`\n1. deterministic loss curve, alpha = ${det.alpha}, beta = ${det.beta}, batch 1, v = 4d, 10^9 steps (median seconds)`);
  console.log(
    table(
      [
        'd',
        'repeats',
        'atoms',
        'm(z) solve s',
        'order 1: recursion s',
        'total s',
        'default: recursion s',
        'total s',
        'fixed order 2: total s',
        'final loss',
      ],
      det.rows.map((r) => [
        r.d,
        r.repeats,
        r.atoms,
        fmt(r.measureSeconds),
        fmt(r.recursionSeconds),
        fmt(r.totalSeconds),
        fmt(r.recursionSecondsOrder2),
        fmt(r.totalSecondsOrder2),
        fmt(r.totalSecondsFixed2),
        fmt(r.finalLoss),
      ]),
    ),
  );
  console.log(`\n2. finite loss curve, d = ${fin.d}, v = ${fin.v}, ${fin.steps} steps (1 run each)`);
  console.log(
    table(
      ['part', 'seconds'],
      [
        ['eigen-decomposition incl. forming K, first call in process', fmt(fin.eigenSecondsFirstCall)],
        ['lossCurve total (after that first call)', fmt(fin.curveSeconds)],
        ['eigen-decomposition incl. forming K, warm', fmt(fin.eigenSeconds)],
        ['lossCurve minus warm eigen (sampling W + recursion)', fmt(fin.curveMinusEigenSeconds)],
      ],
    ),
  );
  console.log(`\n3. m(z) Newton kernel, v = ${k.v}, d = ${k.d}, z = ${k.zr} + ${k.zi}i, m0 = ${k.mr} (median of ${k.repeats})`);
  console.log(
    table(
      ['impl', 'iters', 'us/call', 'ns/(iter*j)', 'SIMD speed / this', 'rel. diff vs SIMD', 'build'],
      Object.entries(k.impls).map(([name, r]) =>
        r.error
          ? [name, 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', r.error]
          : [
              name,
              r.iterations,
              fmt(r.secondsPerCall * 1e6),
              fmt(r.nsPerIterationPerTerm),
              fmt(r.secondsPerCall / k.impls.simd.secondsPerCall, 3),
              name === 'simd' ? '-' : `${r.bitIdenticalToSimd ? '0 (bitwise)' : fmt(r.relDiffVsSimd, 2)}${r.agrees ? '' : ' MISMATCH'}`,
              r.build ?? (name === 'simd' ? 'Wasm f64x2' : 'Wasm scalar'),
            ],
      ),
    ),
  );
  console.log(`\n4. momentum/DANA deterministic curves, d = 10^4, 10^9 steps, batch 1, v = 4d (median seconds)`);
  console.log(
    table(
      MOMENTUM_HEADER,
      res.momentum.rows.map((r) => momentumCells(r, fmt)),
    ),
  );
  console.log('\ntargets');
  console.log(
    table(
      ['target', 'value', 'goal', 'status'],
      res.targets.map((t) => [t.what, fmt(t.value), t.goal, t.status]),
    ),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const res = await benchTheory({ verbose: true });
  reportTheory(res);
  writeResults({ 'theory-latest.json': res });
  console.log(`\n(${res.benchSeconds.toFixed(0)} s) results in bench/results/theory-latest.json`);
}
