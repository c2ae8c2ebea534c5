// Independent units of work (seeds, d values, diagram points) on a pool of worker threads
// (piscina in Node). Every unit carries its own seeds, so results do not depend on the number
// of workers or on the order in which they finish.

import { PlrfError } from '../core/errors.js';
import { integer } from '../core/validate.js';
import type { Unit } from './worker.js';

/** Options of {@link runPool}. */
export interface PoolOptions {
  /** Worker threads; default: the number of CPU cores. 1 runs in-process. */
  workers?: number;
  signal?: AbortSignal;
  /** Called as each unit finishes, with its index, its result and the count done so far. */
  onResult?: (index: number, result: UnitResult, done: number) => void | Promise<void>;
}

/** The outcome of one unit: its value, or the error it raised (as data, so one failure does not stop the others). */
export type UnitResult = ({ ok: true; value: unknown } | { ok: false; error: { code: string; param: string | null; message: string } }) & {
  seconds?: number;
};

/** Number of logical cores (Node), or navigator.hardwareConcurrency in a browser. */
export async function coreCount(): Promise<number> {
  if (typeof process !== 'undefined' && process.versions?.node) {
    const os = await import('node:os');
    return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  }
  return Math.max(1, (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1);
}

/** The compiled worker module: next to this file, or in dist/ when running from the TS sources (tests). */
async function workerFile(): Promise<string> {
  const { existsSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  // next to this module (dist/sweep/pool.js), beside the bundle (dist/plrf.js), or built from the sources
  for (const candidate of ['./worker.js', './sweep/worker.js', '../../dist/sweep/worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return url.href;
  }
  throw new PlrfError('INTERNAL', 'the pool worker module is missing: run `npm run build`');
}

/**
 * Run `units` on `workers` threads and return their results in input order. Each result is
 * independent of the worker count (units are deterministic given their options).
 *
 * @example
 * const results = await runPool([{ kind: 'front', options: { alpha: 0.7, beta: 0.6, d: [200, 400, 800] } }], { workers: 2 });
 */
export async function runPool(units: Unit[], options: PoolOptions = {}): Promise<UnitResult[]> {
  const workers = integer('workers', options.workers ?? (await coreCount()), 1, 256);
  const results: UnitResult[] = new Array(units.length);
  let done = 0;
  const finish = async (i: number, r: UnitResult) => {
    results[i] = r;
    done++;
    await options.onResult?.(i, r, done);
  };
  if (workers === 1 || units.length <= 1) {
    const { default: run } = await import('./worker.js');
    for (let i = 0; i < units.length; i++) {
      if (options.signal?.aborted) throw new PlrfError('ABORTED', 'the operation was aborted');
      await finish(i, (await run(units[i])) as UnitResult);
    }
    return results;
  }
  const { Piscina } = await import('piscina');
  const pool = new Piscina({ filename: await workerFile(), maxThreads: workers, minThreads: workers, idleTimeout: 1000 });
  try {
    await Promise.all(
      units.map(async (u, i) => {
        let r: UnitResult;
        try {
          r = (await pool.run(u, { signal: options.signal })) as UnitResult;
        } catch (e) {
          if (options.signal?.aborted) throw new PlrfError('ABORTED', 'the operation was aborted');
          r = { ok: false, error: { code: 'INTERNAL', param: null, message: (e as Error).message } };
        }
        await finish(i, r);
      }),
    );
  } finally {
    await pool.destroy();
  }
  return results;
}
