// plrf benchmark: (1) the gemvT kernel y = W^T x in Wasm SIMD, scalar Wasm, plain JS and native C, and
// ns per normal of the one-stream and four-lane generators;
// (2) SGD steps/s of the spectral and direct engines through the public API; (3) the theory engine
// (bench/theory.js: deterministic curves, the finite curve's eigen-decomposition, the m(z) kernel vs C);
// (4) the authors' deterministic-equivalent + ODE pipeline beside plrf (bench/authors.js), and their DANA
// ODE beside plrf's exact recursion (bench/authors-dana.js).
// Then bench/report.js: the numpy baselines, the main job's wall time and the measured phase diagram on
// 1 and 2 workers (BENCH_QUICK=1 for a 5x5 instead of a 15x15 diagram), and bench/results/latest.md.
// Run after a build, from the repo root: `node bench/run.js`. Targets are reported as met/missed,
// never asserted: timings depend on the machine.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { init, isSimd, simulateSgd } from '../dist/index.js';
import { RNGV_STATE_BYTES } from '../dist/core/abi.js';
import { GEMV_GOALS, benchReport, printReport, reportMarkdown } from './report.js';
import { here, machineInfo, median, table, timeCalls as timeCallsWith, writeResults } from './lib.js';
import { benchTheory, reportTheory } from './theory.js';
import { authorsTargets, benchAuthors, reportAuthors } from './authors.js';
import { benchAuthorsDana, reportAuthorsDana } from './authors-dana.js';

const REPEATS = 15; // medians over this many repeats
const MIN_MS = 50; // each repeat runs enough calls to last at least this long
const WARMUP_MS = 300; // lets V8 tier up (Liftoff -> TurboFan for Wasm, Ignition -> TurboFan for JS)
const SIZES = [
  { name: 'in cache', v: 256, d: 256 },
  { name: 'memory-bound', v: 8192, d: 4096 }, // 256 MiB of W
];

// ---------------------------------------------------------------- inputs

// Deterministic values in [-0.5, 0.5) from an integer hash; gemv.c uses the same function, so all
// four implementations get bit-identical W and x without shipping 256 MiB to the C program.
function hashValue(i, seed) {
  let h = (i ^ seed) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296 - 0.5;
}

function makeInputs(v, d) {
  const W = new Float64Array(v * d);
  for (let i = 0; i < W.length; i++) W[i] = hashValue(i, 1);
  const x = new Float64Array(v);
  for (let j = 0; j < v; j++) x[j] = hashValue(j, 2);
  return { W, x };
}

// ---------------------------------------------------------------- timing

/** Median seconds per call of fn(): warm up, calibrate calls per repeat to >= MIN_MS, then time. */
const timeCalls = (fn) => timeCallsWith(fn, { repeats: REPEATS, minMs: MIN_MS, warmupMs: WARMUP_MS });

// ---------------------------------------------------------------- implementations

/** The plain-JS reference: the same row-oriented algorithm as the kernels, y += x_j W[j,:]. */
function gemvTjs(W, v, d, x, y) {
  y.fill(0);
  for (let j = 0; j < v; j++) {
    const xj = x[j],
      o = j * d;
    for (let k = 0; k < d; k++) y[k] += xj * W[o + k];
  }
}

async function loadWasm(file) {
  const { instance } = await WebAssembly.instantiate(readFileSync(here(file)), {});
  return instance.exports;
}

/** Time one Wasm build's gemvT on (W, x); frees its blocks (its memory stays grown, which is fine). */
function benchWasm(ex, { W, x }, v, d) {
  const pW = ex.alloc(W.byteLength),
    px = ex.alloc(x.byteLength),
    py = ex.alloc(8 * d);
  if (!pW || !px || !py) throw new Error(`Wasm alloc failed for ${v}x${d}`);
  // Views only after all allocations: alloc may grow (and so detach) memory.buffer.
  new Float64Array(ex.memory.buffer, pW, W.length).set(W);
  new Float64Array(ex.memory.buffer, px, x.length).set(x);
  const t = timeCalls(() => ex.gemvT(pW, v, d, px, py));
  const y = new Float64Array(ex.memory.buffer, py, d).slice();
  ex.free(pW);
  ex.free(px);
  ex.free(py);
  return { ...t, y };
}

/**
 * Plain JS runs in a fresh worker (own V8 isolate) per size: its speed depends ~3x on JIT history
 * (whether TurboFan inlined gemvTjs into the timing loop, which earlier sizes and kernels prevent),
 * so a clean isolate makes the number reproducible. The worker rebuilds the same inputs.
 */
function benchJs(v, d) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { v, d } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

function jsWorker({ v, d }) {
  const { W, x } = makeInputs(v, d);
  const y = new Float64Array(d);
  const t = timeCalls(() => gemvTjs(W, v, d, x, y));
  parentPort.postMessage({ ...t, y });
}

/** 128-bit vectors, no FMA: the vector width and arithmetic Wasm SIMD has (explains the gap to AVX). */
const NATIVE_128 = ['-mno-avx', '-mno-avx2', '-mno-fma', '-mno-avx512f', '-ffp-contract=off'];

/** Compile bench/native/gemv.c once; returns the binary path or an { error }. */
function compileNative(dir, extra = [], name = 'gemv') {
  const bin = join(dir, name);
  try {
    execFileSync('gcc', ['-O3', '-march=native', ...extra, '-o', bin, fileURLToPath(here('./native/gemv.c'))], { stdio: 'pipe' });
    return { bin };
  } catch (e) {
    return {
      error: String(e.stderr || e.message)
        .trim()
        .split('\n')[0],
    };
  }
}

function benchNative(native, v, d) {
  if (!native.bin) return { error: native.error };
  try {
    const out = execFileSync(native.bin, [v, d, REPEATS, MIN_MS, v * d <= 1 << 20 ? 1 : 0].map(String), {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    const r = JSON.parse(out);
    return { seconds: median(r.seconds), calls: r.calls, y: r.y ? Float64Array.from(r.y) : null };
  } catch (e) {
    return {
      error: String(e.stderr || e.message)
        .trim()
        .split('\n')[0],
    };
  }
}

/** max_k |y_k - ref_k| / max_k |ref_k| (normwise, so cancellation in single entries does not matter). */
function relDiff(y, ref) {
  let num = 0,
    den = 0;
  for (let k = 0; k < ref.length; k++) {
    num = Math.max(num, Math.abs(y[k] - ref[k]));
    den = Math.max(den, Math.abs(ref[k]));
  }
  return num / den;
}

// ---------------------------------------------------------------- part 1: gemvT

async function benchGemv() {
  const simd = await loadWasm('../build/plrf.wasm');
  const scalar = await loadWasm('../build/plrf-scalar.wasm');
  const tmp = mkdtempSync(join(os.tmpdir(), 'plrf-bench-'));
  const native = compileNative(tmp);
  const native128 = compileNative(tmp, NATIVE_128, 'gemv128');
  if (native.error) console.log(`native C unavailable: ${native.error}`);
  const sizes = [];
  let sanity = null;
  try {
    for (const { name, v, d } of SIZES) {
      process.stdout.write(`gemvT ${v}x${d} (${name}): filling...`);
      const inputs = makeInputs(v, d);
      const runs = {};
      for (const [impl, run] of [
        ['simd', () => benchWasm(simd, inputs, v, d)],
        ['scalar', () => benchWasm(scalar, inputs, v, d)],
        ['js', () => benchJs(v, d)],
        ['native', () => benchNative(native, v, d)],
        ['native128', () => benchNative(native128, v, d)],
      ]) {
        process.stdout.write(` ${impl}`);
        runs[impl] = await run();
      }
      process.stdout.write('\n');
      const flops = 2 * v * d;
      const gflops = {};
      for (const [impl, r] of Object.entries(runs)) gflops[impl] = r.error ? null : flops / r.seconds / 1e9;
      const ratio = (a, b) => (gflops[a] && gflops[b] ? gflops[a] / gflops[b] : null);
      sizes.push({
        name,
        v,
        d,
        flopsPerCall: flops,
        results: Object.fromEntries(
          Object.entries(runs).map(([impl, r]) => [
            impl,
            r.error ? { error: r.error } : { gflops: gflops[impl], secondsPerCall: r.seconds, callsPerRepeat: r.calls },
          ]),
        ),
        ratios: {
          simdOverNative: ratio('simd', 'native'),
          simdOverNative128: ratio('simd', 'native128'),
          simdOverScalar: ratio('simd', 'scalar'),
          simdOverJs: ratio('simd', 'js'),
        },
      });
      // Sanity on the small case: every implementation against plain JS (summation orders differ).
      if (!sanity) {
        sanity = { tolerance: 1e-12 };
        for (const impl of ['simd', 'scalar', 'native', 'native128']) sanity[impl] = runs[impl].y ? relDiff(runs[impl].y, runs.js.y) : null;
        sanity.ok = ['simd', 'scalar', 'native', 'native128'].every((k) => sanity[k] === null || sanity[k] <= sanity.tolerance);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return {
    sizes,
    sanity,
    nativeCompiler: native.error ? { error: native.error } : 'gcc -O3 -march=native',
    native128Compiler: native128.error ? { error: native128.error } : `gcc -O3 -march=native ${NATIVE_128.join(' ')}`,
  };
}

// ---------------------------------------------------------------- part 1b: normals

/**
 * ns per standard normal of the one-stream generator (rngFillNormal) and of the four-lane one
 * (rngvFillNormal, the spectral engine's) in both builds, fills of 4096 (in cache), the two
 * generators timed alternately so that both see the same machine load.
 */
async function benchNormals() {
  const n = 4096;
  const builds = { simd: await loadWasm('../build/plrf.wasm'), scalar: await loadWasm('../build/plrf-scalar.wasm') };
  const rows = [];
  for (const [build, ex] of Object.entries(builds)) {
    const st1 = ex.alloc(32),
      stv = ex.alloc(RNGV_STATE_BYTES),
      out = ex.alloc(8 * n);
    ex.rngSeed(st1, 1, 0);
    ex.rngvSeed(stv, 1, 0);
    const one = [],
      four = [];
    for (let r = 0; r < 5; r++) {
      one.push((timeCalls(() => ex.rngFillNormal(st1, out, n)).seconds / n) * 1e9);
      four.push((timeCalls(() => ex.rngvFillNormal(stv, out, n)).seconds / n) * 1e9);
    }
    rows.push({ build, oneStreamNs: median(one), fourLaneNs: median(four), speedup: median(one) / median(four) });
  }
  return { n, rows, load: os.loadavg().map((x) => +x.toFixed(2)) };
}

// ---------------------------------------------------------------- part 2: SGD

// Step counts for roughly 1 s of stepping on a recent x86 server (the measurement does not depend on them).
const SGD_STEPS = {
  spectral: { 100: 1_500_000, 400: 500_000, 1600: 1_500_000 },
  direct: { 100: 80_000, 400: 10_000, 1600: 150 },
};
const SGD_DS = [100, 400, 1600];
const sgdOptions = (d, engine, steps, extra = {}) => ({ alpha: 1, beta: 0.75, d, steps, engine, seeds: 1, points: 2, ...extra });

/**
 * Steps/s of one run. simulateSgd first samples W and eigen-decomposes K (seconds at d = 1600, and
 * noisy), so instead of subtracting that we time the stepping phase itself: onProgress fires between
 * step chunks with fraction = steps done / steps, and the slope between the first and the last such
 * report is the stepping rate. The total minus a steps: 0 run is kept as a cross-check.
 */
async function timeSgd(d, engine, steps, setup = 0) {
  const events = [];
  const t0 = performance.now();
  // 'direct-f32': the direct engine with W stored as float32.
  const storage = engine === 'direct-f32' ? { storage: 'f32' } : {};
  const eng = engine === 'direct-f32' ? 'direct' : engine;
  await simulateSgd(sgdOptions(d, eng, steps, { ...storage, onProgress: (f) => events.push([performance.now(), f]) }));
  const total = (performance.now() - t0) / 1000;
  // Progress weighs sampling and the eigen-decomposition too: take the slope over the reports after
  // the setup's duration (with a margin), where only steps move it.
  const stepping = events.filter((e) => e[0] - t0 >= 1.2 * setup * 1000);
  const first = stepping[0],
    last = stepping.find((e) => e[1] === events.at(-1)[1]);
  const progressRate = first && last && last !== first ? ((last[1] - first[1]) * steps) / ((last[0] - first[0]) / 1000) : null;
  return { total, progressRate };
}

async function timeSetup(d) {
  const t0 = performance.now();
  await simulateSgd(sgdOptions(d, 'spectral', 0));
  return (performance.now() - t0) / 1000;
}

async function benchSgd() {
  await init();
  const rows = [];
  for (const d of SGD_DS) {
    const reps = d < 1600 ? 3 : 1; // d = 1600 costs an eigen-decomposition per call: once
    process.stdout.write(`sgd d=${d}: setup`);
    const setups = [];
    for (let r = 0; r < reps; r++) setups.push(await timeSetup(d));
    const setup = median(setups);
    const row = { d, v: 4 * d, setupSeconds: setup };
    for (const engine of ['spectral', 'direct', 'direct-f32']) {
      process.stdout.write(` ${engine}`);
      const steps = SGD_STEPS[engine === 'direct-f32' ? 'direct' : engine][d];
      const runs = [];
      for (let r = 0; r < reps; r++) runs.push(await timeSgd(d, engine, steps, setup));
      const total = median(runs.map((r) => r.total));
      const rates = runs.map((r) => r.progressRate).filter((x) => x !== null);
      const bySubtraction = total > setup ? steps / (total - setup) : null;
      row[engine] = {
        steps,
        totalSeconds: total,
        // The job's progress weighs the setup's work too, so its slope understates the stepping rate:
        // the total minus a steps: 0 run (with enough steps that stepping dominates) is the measure.
        stepsPerSecond: bySubtraction ?? (rates.length ? median(rates) : null),
        stepsPerSecondByProgress: rates.length ? median(rates) : null,
        stepsPerSecondBySubtraction: bySubtraction,
      };
    }
    row.spectralOverDirect = row.spectral.stepsPerSecond / row.direct.stepsPerSecond;
    row.f32OverF64Direct = row['direct-f32'].stepsPerSecond / row.direct.stepsPerSecond;
    rows.push(row);
    process.stdout.write('\n');
  }
  return { wasm: isSimd() ? 'simd' : 'scalar', rows };
}

// ---------------------------------------------------------------- report

const fmt = (x, digits = 3) => (x === null || x === undefined ? 'n/a' : x >= 1e5 ? x.toExponential(2) : x.toPrecision(digits));

function targets(gemv, sgd, normals) {
  const size = (name) => gemv.sizes.find((s) => s.name === name);
  const mem = size('memory-bound'),
    cache = size('in cache');
  const d1600 = sgd.rows.find((r) => r.d === 1600);
  const simdNormals = normals.rows.find((r) => r.build === 'simd');
  const t = (what, value, goal) => ({
    what,
    value,
    goal,
    status: value === null || !Number.isFinite(value) ? 'n/a' : value >= goal ? 'met' : 'missed',
  });
  return [
    t(`SIMD / native, memory-bound (${mem.v}x${mem.d})`, mem.ratios.simdOverNative, GEMV_GOALS.memoryBound),
    t(`SIMD / native, in cache (${cache.v}x${cache.d})`, cache.ratios.simdOverNative, GEMV_GOALS.inCache),
    t(`SIMD / plain JS, in cache (${cache.v}x${cache.d})`, cache.ratios.simdOverJs, 4),
    t(`SIMD / plain JS, memory-bound (${mem.v}x${mem.d})`, mem.ratios.simdOverJs, 4),
    t('spectral / direct SGD steps/s at d = 1600', d1600?.spectralOverDirect ?? null, 100),
    {
      what: 'ns per normal, four-lane generator (SIMD build)',
      value: simdNormals?.fourLaneNs ?? null,
      goal: '<= 1.5',
      status: simdNormals ? (simdNormals.fourLaneNs <= 1.5 ? 'met' : 'missed') : 'n/a',
    },
  ];
}

function report(res) {
  const { machine, gemv, sgd } = res;
  console.log(
    `\nplrf bench  ${res.timestamp}\n${machine.cpu}, ${machine.cores} threads, ${machine.platform}/${machine.arch}, node ${machine.node}`,
  );
  console.log(`\ngemvT y = W^T x (float64, GFLOP/s = 2vd / time, median of ${REPEATS})`);
  console.log(
    table(
      ['v x d', 'regime', 'SIMD', 'scalar', 'plain JS', 'native', 'native 128', 'SIMD/native', 'SIMD/native128', 'SIMD/scalar', 'SIMD/JS'],
      gemv.sizes.map((s) => [
        `${s.v}x${s.d}`,
        s.name,
        ...['simd', 'scalar', 'js', 'native', 'native128'].map((k) => fmt(s.results[k]?.gflops ?? null)),
        fmt(s.ratios.simdOverNative, 2),
        fmt(s.ratios.simdOverNative128, 2),
        fmt(s.ratios.simdOverScalar, 2),
        fmt(s.ratios.simdOverJs, 2),
      ]),
    ),
  );
  const sn = gemv.sanity;
  console.log(
    `sanity (${SIZES[0].v}x${SIZES[0].d}, max|y - y_js| / max|y_js|): SIMD ${fmt(sn.simd, 2)}, scalar ${fmt(sn.scalar, 2)}, ` +
      `native ${fmt(sn.native, 2)} -> ${sn.ok ? 'ok' : 'MISMATCH'} (tolerance ${sn.tolerance})`,
  );
  console.log(`\nstandard normals, fills of ${res.normals.n} (ns per normal, median; load ${res.normals.load.join(' ')})`);
  console.log(
    table(
      ['build', 'one stream', 'four lanes', 'speed-up'],
      res.normals.rows.map((r) => [r.build, fmt(r.oneStreamNs), fmt(r.fourLaneNs), fmt(r.speedup)]),
    ),
  );
  console.log(`\nSGD, batch 1, v = 4d, ${sgd.wasm} build (steps/s of the stepping phase; setup = sample W + eigen-decomposition)`);
  console.log(
    table(
      [
        'd',
        'setup s',
        'spectral steps/s',
        'direct steps/s',
        'direct f32 steps/s',
        'f32/f64',
        'spectral/direct',
        'spectral (subtr.)',
        'direct (subtr.)',
      ],
      sgd.rows.map((r) => [
        r.d,
        fmt(r.setupSeconds),
        fmt(r.spectral.stepsPerSecond),
        fmt(r.direct.stepsPerSecond),
        fmt(r['direct-f32']?.stepsPerSecond),
        fmt(r.f32OverF64Direct),
        fmt(r.spectralOverDirect),
        fmt(r.spectral.stepsPerSecondBySubtraction),
        fmt(r.direct.stepsPerSecondBySubtraction),
      ]),
    ),
  );
  console.log('\ntargets');
  console.log(
    table(
      ['target', 'value', 'goal', 'status'],
      res.targets.map((t) => [t.what, fmt(t.value), typeof t.goal === 'number' ? `>= ${t.goal}` : t.goal, t.status]),
    ),
  );
}

async function main() {
  const started = performance.now();
  const machine = machineInfo();
  const gemv = await benchGemv();
  const normals = await benchNormals();
  const sgd = await benchSgd();
  const theory = await benchTheory({ verbose: true });
  const authors = await benchAuthors({ verbose: true });
  const authorsDana = await benchAuthorsDana({ verbose: true });
  const res = {
    timestamp: new Date().toISOString(),
    machine,
    gemv,
    normals,
    sgd,
    theory,
    authors,
    authorsDana,
    targets: [...targets(gemv, sgd, normals), ...theory.targets, ...authorsTargets(authors)],
  };
  report(res);
  reportTheory(theory);
  reportAuthors(authors, fmt);
  reportAuthorsDana(authorsDana);
  Object.assign(res, await benchReport(res, { verbose: true }));
  res.benchSeconds = (performance.now() - started) / 1000;
  printReport(res);

  writeResults({ [`${res.timestamp.replace(/[:.]/g, '-')}.json`]: res, 'latest.json': res, 'latest.md': reportMarkdown(res) });
  console.log(`\n(${res.benchSeconds.toFixed(0)} s) results in bench/results/latest.json, report in bench/results/latest.md`);
}

if (isMainThread) await main();
else jsWorker(workerData);
