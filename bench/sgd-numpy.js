// Spectral SGD against the numpy script alone (the SGD part of `npm run bench`, without the rest):
// steps/s of the spectral kernel (batch 1, the spectrum of a sampled problem, gamma as simulateSgd's
// default) and of bench/numpy/sgd_spectral.py, timed alternately `rounds` times so that both see the
// same machine load; medians. Also ns per normal of the four-lane generator (fills of 4096).
//
// Usage: node bench/sgd-numpy.js [--d 400,1600] [--rounds 3] [--wasm build/plrf.wasm,other.wasm] [--clock cpu]
// Several --wasm files are timed side by side (e.g. a build before a change and after it); every
// file is timed in each round. The kernel's generator state is seeded for both the one-stream and
// the four-lane layouts (a 160-byte block seeded by rngvSeed, its first 32 bytes then by rngSeed), so
// builds from before and after the engines moved to the four-lane generator time the same work.
// --clock cpu: both sides timed by their process's CPU time instead of the wall clock (a machine
// shared with other work inflates wall times by how long each side waited, not by what it did).

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { defaultGamma, init, PlrfProblem } from '../dist/index.js';
import { here, median, timeCalls as wallCalls } from './lib.js';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const DS = arg('d', '400,1600').split(',').map(Number);
const ROUNDS = Number(arg('rounds', '3'));
const WASMS = arg('wasm', fileURLToPath(here('../build/plrf.wasm'))).split(',');
const CLOCK = arg('clock', 'wall');
const PYTHON = process.env.BENCH_PYTHON || '/usr/bin/python3';
const ALPHA = 1,
  BETA = 0.75;

/** Seconds per call of fn(): wall clock (bench/lib.js timeCalls) or this process's CPU time. */
function timeCalls(fn, opts) {
  if (CLOCK !== 'cpu') return wallCalls(fn, opts);
  const now = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const t0 = now();
  while (now() - t0 < 0.3) fn();
  let calls = 1;
  for (;;) {
    const t = now();
    for (let c = 0; c < calls; c++) fn();
    if (now() - t >= 0.05) break;
    calls *= 2;
  }
  const per = [];
  for (let r = 0; r < (opts?.repeats ?? 15); r++) {
    const t = now();
    for (let c = 0; c < calls; c++) fn();
    per.push((now() - t) / calls);
  }
  return { seconds: median(per), calls };
}

async function load(file) {
  const { instance } = await WebAssembly.instantiate(readFileSync(file), {});
  return instance.exports;
}

/** Steps/s of the spectral kernel on (lambda, g, pStar), batch 1, `steps` steps per call. */
function timeKernel(ex, lambda, g, pStar, gamma) {
  const d = lambda.length;
  const f64 = (n) => ex.alloc(8 * Math.max(n, 1));
  const st = ex.alloc(160),
    lam = f64(d),
    w = f64(d),
    z = f64(d),
    res = f64(1);
  ex.rngvSeed(st, 1, 1);
  ex.rngSeed(st, 1, 1);
  const view = (p, n) => new Float64Array(ex.memory.buffer, p, n);
  view(lam, d).set(lambda.map((l) => Math.max(l, 0)));
  view(w, d).set(lambda.map((l, i) => (l > 0 ? -g[i] / Math.sqrt(l) : 0)));
  const steps = 2000;
  const t = timeCalls(() => ex.sgdSpectral(st, d, 1, gamma, lam, Math.sqrt(pStar), w, z, res, steps, 0), { repeats: 9 });
  const loss = pStar + view(w, d).reduce((s, x) => s + x * x, 0);
  for (const p of [st, lam, w, z, res]) ex.free(p);
  return { stepsPerSecond: steps / t.seconds, loss };
}

/** ns per normal of rngvFillNormal (fills of 4096, in cache). */
function timeNormals(ex) {
  const n = 4096,
    st = ex.alloc(160),
    out = ex.alloc(8 * n);
  ex.rngvSeed(st, 1, 0);
  const ns = (timeCalls(() => ex.rngvFillNormal(st, out, n), { repeats: 9 }).seconds / n) * 1e9;
  ex.free(st);
  ex.free(out);
  return ns;
}

function numpyRate(d) {
  const r = spawnSync(
    PYTHON,
    [
      fileURLToPath(here('./numpy/sgd_spectral.py')),
      '--d',
      String(d),
      '--alpha',
      String(ALPHA),
      '--beta',
      String(BETA),
      '--repeats',
      '5',
      '--clock',
      CLOCK,
      '--json',
    ],
    {
      encoding: 'utf8',
      timeout: 600_000,
    },
  );
  if (r.status !== 0) throw new Error(`numpy script: ${(r.stderr || r.error?.message || '').trim().split('\n').at(-1)}`);
  return JSON.parse(r.stdout).rows[0].stepsPerSecond;
}

await init();
const exs = await Promise.all(WASMS.map(load));
const loads = [os.loadavg()[0]];
for (const d of DS) {
  const p = PlrfProblem.sample({ alpha: ALPHA, beta: BETA, d, v: 4 * d, seed: 3 });
  const s = p.spectrum();
  p.dispose();
  const gamma = defaultGamma({ alpha: ALPHA, v: 4 * d });
  const rates = WASMS.map(() => []),
    numpy = [];
  for (let r = 0; r < ROUNDS; r++) {
    exs.forEach((ex, k) => rates[k].push(timeKernel(ex, s.lambda, s.projections, s.pStar, gamma).stepsPerSecond));
    numpy.push(numpyRate(d));
    loads.push(os.loadavg()[0]);
  }
  const np = median(numpy);
  console.log(`d = ${d}: numpy ${np.toPrecision(4)} steps/s (${numpy.map((x) => x.toPrecision(3)).join(', ')})`);
  WASMS.forEach((file, k) => {
    const m = median(rates[k]);
    console.log(
      `  ${file}: ${m.toPrecision(4)} steps/s (${rates[k].map((x) => x.toPrecision(3)).join(', ')}), ${(m / np).toFixed(2)}x numpy`,
    );
  });
}
exs.forEach((ex, k) => {
  const ns = [0, 1, 2].map(() => timeNormals(ex));
  console.log(`normals ${WASMS[k]}: ${median(ns).toFixed(2)} ns (${ns.map((x) => x.toFixed(2)).join(', ')})`);
});
console.log(`clock: ${CLOCK}; load (1 min) over the run: ${loads.map((x) => x.toFixed(1)).join(' ')}`);
