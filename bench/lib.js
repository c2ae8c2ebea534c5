// Helpers shared by the benchmark scripts: medians, timing loops, machine description, text tables
// and writing results under bench/results/. Plain Node, no dependencies.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

/** A URL relative to the bench/ folder (where every benchmark script lives). */
export const here = (p) => new URL(p, import.meta.url);

/** The folder benchmark results are written to (git-ignored). */
export const RESULTS_DIR = here('./results/');

/** Median of a list of numbers (mean of the two middle values for an even count); null when empty. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return null;
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Seconds elapsed since `t0`, a value of performance.now(). */
export const seconds = (t0) => (performance.now() - t0) / 1000;

/**
 * Median seconds per call of a short synchronous fn(): run it for `warmupMs` first (so V8 tiers the
 * code up), double the calls per repeat until one repeat lasts at least `minMs`, then time `repeats`
 * repeats. Returns the median seconds per call and the calls per repeat.
 */
export function timeCalls(fn, { repeats = 15, minMs = 50, warmupMs = 300 } = {}) {
  const t0 = performance.now();
  while (performance.now() - t0 < warmupMs) fn();
  let calls = 1;
  for (;;) {
    const t = performance.now();
    for (let c = 0; c < calls; c++) fn();
    if (performance.now() - t >= minMs) break;
    calls *= 2;
  }
  const perCall = [];
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    for (let c = 0; c < calls; c++) fn();
    perCall.push(seconds(t) / calls);
  }
  return { seconds: median(perCall), calls };
}

/**
 * Time a long, possibly asynchronous fn() `repeats` times, one call per repeat. Returns the median
 * seconds, every repeat's seconds (sorted) and the value of the last call.
 */
export async function timeRepeats(fn, repeats = 3) {
  const all = [];
  let out;
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    out = await fn();
    all.push(seconds(t));
  }
  all.sort((a, b) => a - b);
  return { median: median(all), all, out };
}

/** The machine and runtime a result was measured on. */
export function machineInfo() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    totalMemGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    load: os.loadavg().map((x) => +x.toFixed(2)),
    platform: os.platform(),
    arch: os.arch(),
    node: process.version,
    v8: process.versions.v8,
  };
}

/** A right-aligned text table with a header row and a rule under it. */
export function table(head, rows) {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => String(c).padStart(w[i])).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * Write results files into bench/results/ (created if needed): `files` maps a file name to its
 * content, an object (written as indented JSON) or a string (Markdown, written as is). Each file
 * ends with a newline.
 */
export function writeResults(files) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    const text = typeof content === 'string' ? content : JSON.stringify(content, null, 2);
    writeFileSync(new URL(name, RESULTS_DIR), text + '\n');
  }
}

/** Read a JSON results file of bench/results/; null when it is missing or unreadable. */
export function readResults(name) {
  try {
    return JSON.parse(readFileSync(new URL(name, RESULTS_DIR), 'utf8'));
  } catch {
    return null;
  }
}
