// Sweeps of the (alpha, beta) plane: one measured front per grid point, written as JSON lines,
// resumable, shardable across machines, and mergeable.

import { PlrfError } from '../core/errors.js';
import { finite, integer, knownKeys } from '../core/validate.js';
import { classifyPhase, type PhaseInfo } from '../model/phases.js';
import { init } from '../core/wasm.js';
import { runPool, type UnitResult } from './pool.js';
import type { MeasuredFront } from '../front/measureFront.js';

/** One line of a sweep file. */
export interface SweepRecord {
  /** Stable identity of the point: alpha, beta and the d grid. */
  key: string;
  alpha: number;
  beta: number;
  d: number[];
  phase: PhaseInfo;
  /** Measured exponents (null for phase `none` or on error). */
  measured: {
    xi: number;
    eta: number;
    xiCI: [number, number] | null;
    etaCI: [number, number] | null;
    window: [number, number];
    approach: number;
  } | null;
  error: { code: string; message: string } | null;
  seconds: number;
}

/** Options of {@link sweep}. */
export interface SweepOptions {
  alpha: number[];
  beta: number[];
  d: number[];
  approach?: 1 | 2;
  /** Run only the points with index % n === i (0 <= i < n), for batch schedulers. */
  shard?: [number, number];
  workers?: number;
  /** Keys already finished (from a previous run): skipped. */
  done?: Set<string>;
  signal?: AbortSignal;
  /** Called with each finished record (write it out here), and the progress. */
  onRecord?: (record: SweepRecord, done: number, total: number) => void | Promise<void>;
}

/** The key of a grid point (alpha, beta to 12 significant digits, and the d grid). */
export function sweepKey(alpha: number, beta: number, d: number[]): string {
  return `alpha=${+alpha.toPrecision(12)},beta=${+beta.toPrecision(12)},d=${d.join(':')}`;
}

/**
 * Measure deterministic fronts over an (alpha, beta) grid on `workers` threads. Points are
 * numbered alpha-major; `shard: [i, n]` keeps the points with index % n === i; keys in `done`
 * are skipped (resume). Points with alpha + beta <= 1/2 get phase `none` and no measurement.
 * Returns the records of this run (in grid order).
 */
export async function sweep(options: SweepOptions): Promise<SweepRecord[]> {
  knownKeys('sweep', options, ['alpha', 'beta', 'd', 'approach', 'shard', 'workers', 'done', 'signal', 'onRecord']);
  const as = options.alpha.map((x, i) => finite(`alpha[${i}]`, x, { gt: 0 }));
  const bs = options.beta.map((x, i) => finite(`beta[${i}]`, x));
  const ds = options.d.map((x, i) => integer(`d[${i}]`, x, 1));
  if (ds.length < 3) throw new PlrfError('INVALID_ARGUMENT', 'd must list at least 3 model sizes', 'd');
  const [si, sn] = options.shard ?? [0, 1];
  integer('shard', sn, 1, 1_000_000);
  if (!Number.isInteger(si) || si < 0 || si >= sn)
    throw new PlrfError('INVALID_ARGUMENT', `shard ${si}/${sn} is invalid: expected 0 <= i < n`, 'shard');
  const points: { alpha: number; beta: number; key: string }[] = [];
  let index = 0;
  for (const alpha of as) {
    for (const beta of bs) {
      if (index++ % sn !== si) continue;
      const key = sweepKey(alpha, beta, ds);
      if (options.done?.has(key)) continue;
      points.push({ alpha, beta, key });
    }
  }
  const records: SweepRecord[] = new Array(points.length);
  // alpha + beta <= 1/2 (within 1e-9 included) has no power law: classifyPhase answers none, and such
  // points are recorded without a measurement.
  await init();
  const admissiblePoint = (p: { alpha: number; beta: number }) => classifyPhase(p.alpha, p.beta).phase !== 'none';
  const measurable = points.map((p, i) => ({ p, i })).filter(({ p }) => admissiblePoint(p));
  let doneCount = 0;
  const emit = async (i: number, rec: SweepRecord) => {
    records[i] = rec;
    doneCount++;
    await options.onRecord?.(rec, doneCount, points.length);
  };
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const phase = classifyPhase(p.alpha, p.beta);
    if (!admissiblePoint(p))
      await emit(i, { key: p.key, alpha: p.alpha, beta: p.beta, d: ds, phase, measured: null, error: null, seconds: 0 });
  }
  const units = measurable.map(({ p }) => ({
    kind: 'front' as const,
    options: { alpha: p.alpha, beta: p.beta, d: ds, approach: options.approach },
  }));
  await runPool(units, {
    workers: options.workers,
    signal: options.signal,
    onResult: async (u, result: UnitResult) => {
      const { p, i } = measurable[u];
      const phase = classifyPhase(p.alpha, p.beta);
      const base = { key: p.key, alpha: p.alpha, beta: p.beta, d: ds, phase, seconds: result.seconds ?? 0 };
      if (result.ok) {
        const m = (result.value as MeasuredFront).measured;
        await emit(i, {
          ...base,
          measured: { xi: m.xi, eta: m.eta, xiCI: m.xiCI, etaCI: m.etaCI, window: m.window, approach: m.approach },
          error: null,
        });
      } else {
        await emit(i, { ...base, measured: null, error: { code: result.error.code, message: result.error.message } });
      }
    },
  });
  return records;
}

/** Parse a sweep file (JSON lines); invalid lines are reported, not dropped silently. */
export function parseSweepLines(text: string, source = 'input'): { records: SweepRecord[]; problems: string[] } {
  const records: SweepRecord[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const r = JSON.parse(line) as SweepRecord;
      if (typeof r.key !== 'string' || typeof r.alpha !== 'number' || typeof r.beta !== 'number')
        throw new Error('missing key, alpha or beta');
      records.push(r);
    } catch (e) {
      problems.push(`${source}:${i + 1}: ${(e as Error).message}`);
    }
  });
  return { records, problems };
}

/** Merge records by key: a successful measurement wins over an error; sorted by (alpha, beta). */
export function mergeRecords(lists: SweepRecord[][]): SweepRecord[] {
  const byKey = new Map<string, SweepRecord>();
  for (const list of lists) {
    for (const r of list) {
      const prev = byKey.get(r.key);
      if (!prev || (prev.error && !r.error)) byKey.set(r.key, r);
    }
  }
  return [...byKey.values()].sort((a, b) => a.alpha - b.alpha || a.beta - b.beta || a.key.localeCompare(b.key));
}
