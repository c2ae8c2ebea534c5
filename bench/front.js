// plrf front benchmark: the cost of measured compute-optimal fronts.
//   front    one deterministic front at (alpha, beta) = (0.7, 0.6), d = 200·2^k, k <= 6 (the grid of
//            `npm start`), and one that extends its flops range four times, (1.5, 0.4375) with
//            d = 200·2^k, k <= 5 (medians of FRONT_REPEATS runs);
//   diagram  the 15x15 measured phase diagram of bench/report.js (sweep of deterministic fronts,
//            d = 200·2^k, k <= 5) on 2 workers, once;
//   start    the main job, `node bin/plrf.js study --out <tmp>` (what `npm start` runs), wall time.
// Each part records wall seconds, the CPU seconds of the process (all threads; for `start` those of
// the child) and the load averages before and after, since the machine may be shared.
// Run after a build, from the repo root: `node bench/front.js [front] [diagram] [start]` (default:
// all three; BENCH_QUICK=1 for a 5x5 diagram); writes bench/results/front-latest.json.
// Targets are reported as met/missed, never asserted.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, measureFront, sweep, sweepKey } from '../dist/index.js';
import { here, median, seconds, writeResults } from './lib.js';

const FRONT_REPEATS = 5;
const STUDY_REPEATS = 3;
const FRONTS = [
  { alpha: 0.7, beta: 0.6, d: [200, 400, 800, 1600, 3200, 6400, 12800] },
  { alpha: 1.5, beta: 0.4375, d: [200, 400, 800, 1600, 3200, 6400] },
];
const DIAGRAM_D = [200, 400, 800, 1600, 3200, 6400];

const load = () => os.loadavg().map((x) => +x.toFixed(2));
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
/** CPU seconds of the finished children (Linux: cutime + cstime of /proc/self/stat); null elsewhere. */
const childCpuSeconds = () => {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
};
const linspace = (a, b, n) => Array.from({ length: n }, (_, i) => (n === 1 ? a : a + ((b - a) * i) / (n - 1)));

async function benchFronts() {
  const out = [];
  for (const f of FRONTS) {
    const wall = [],
      cpu = [];
    const before = load();
    let last = null;
    for (let r = 0; r < FRONT_REPEATS; r++) {
      const c0 = cpuSeconds(),
        t0 = performance.now();
      last = await measureFront({ alpha: f.alpha, beta: f.beta, d: f.d, approach: 2 });
      wall.push(seconds(t0));
      cpu.push(cpuSeconds() - c0);
    }
    const extensions = Math.round(Math.log10(last.flops[1] / (f.d[f.d.length - 1] * 1e5)));
    out.push({
      ...f,
      extensions,
      eta: last.measured.eta,
      xi: last.measured.xi,
      wall: median(wall),
      cpu: median(cpu),
      walls: wall,
      load: [before, load()],
    });
    console.log(
      `front (${f.alpha}, ${f.beta}) d ${f.d[0]}..${f.d[f.d.length - 1]}, ${extensions} extensions: median ${median(wall).toFixed(2)} s wall, ${median(cpu).toFixed(2)} s CPU (load ${before.join(' ')})`,
    );
  }
  return out;
}

async function benchDiagram(quick) {
  const n = quick ? 5 : 15;
  const alpha = linspace(0.25, 1.5, n),
    beta = linspace(0.05, 1.6, n);
  // As in bench/report.js: alpha + beta <= 1/2 (no power law) is skipped.
  const free = new Set();
  for (const a of alpha) for (const b of beta) if (a + b <= 0.5 + 1e-9) free.add(sweepKey(a, b, DIAGRAM_D));
  const before = load();
  const c0 = cpuSeconds(),
    t0 = performance.now();
  const records = await sweep({ alpha, beta, d: DIAGRAM_D, workers: 2, done: free });
  const wall = seconds(t0),
    cpu = cpuSeconds() - c0;
  const res = {
    grid: `${n}x${n}`,
    points: records.length,
    measured: records.filter((r) => r.measured).length,
    wall,
    cpu,
    coresObtained: cpu / wall,
    load: [before, load()],
  };
  console.log(
    `diagram ${res.grid} on 2 workers: ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU (${res.coresObtained.toFixed(2)} cores obtained; load ${before.join(' ')} -> ${load().join(' ')})`,
  );
  return res;
}

function benchStudy() {
  const bin = fileURLToPath(here('../bin/plrf.js'));
  const wall = [],
    cpu = [];
  const before = load();
  for (let r = 0; r < STUDY_REPEATS; r++) {
    const dir = mkdtempSync(join(os.tmpdir(), 'plrf-study-'));
    try {
      const c0 = childCpuSeconds(),
        t0 = performance.now();
      const p = spawnSync(process.execPath, [bin, 'study', '--out', dir, '--json'], { encoding: 'utf8' });
      wall.push(seconds(t0));
      if (p.status !== 0) throw new Error(`plrf study failed: ${p.stderr}`);
      const c1 = childCpuSeconds();
      if (c0 !== null && c1 !== null) cpu.push(c1 - c0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const res = { wall: median(wall), walls: wall, cpu: median(cpu), load: [before, load()] };
  console.log(
    `npm start (plrf study): median ${res.wall.toFixed(1)} s wall, ${res.cpu?.toFixed(1)} s CPU over ${STUDY_REPEATS} runs (load ${before.join(' ')})`,
  );
  return res;
}

const args = process.argv.slice(2);
const parts = args.length ? args : ['front', 'diagram', 'start'];
await init();
const res = { date: new Date().toISOString(), node: process.version };
if (parts.includes('front')) res.fronts = await benchFronts();
if (parts.includes('diagram')) res.diagram = await benchDiagram(process.env.BENCH_QUICK === '1');
if (parts.includes('start')) res.start = benchStudy();
res.targets = [
  res.diagram &&
    !process.env.BENCH_QUICK && {
      measure: '15x15 diagram on 2 workers, s',
      value: res.diagram.wall,
      goal: '< 60',
      met: res.diagram.wall < 60,
    },
  res.start && { measure: 'npm start, s', value: res.start.wall, goal: '< 20', met: res.start.wall < 20 },
].filter(Boolean);
for (const t of res.targets) console.log(`${t.measure}: ${t.value.toFixed(1)} (goal ${t.goal}) ${t.met ? 'met' : 'missed'}`);
writeResults({ 'front-latest.json': res });
