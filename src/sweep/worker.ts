// A worker of the pool (src/sweep/pool.ts): runs one unit of work with its own Wasm instance.

import { init } from '../core/wasm.js';
import { oneOf } from '../core/validate.js';
import { measureFront, type MeasureFrontOptions } from '../front/measureFront.js';
import { curveByMethod, type CurveByMethodOptions } from '../front/curveByMethod.js';
import type { SgdOptions } from '../sgd/simulate.js';

/** Options without the in-process callbacks (a unit crosses to a worker thread), per union member. */
type WithoutRun<T> = T extends unknown ? Omit<T, 'signal' | 'onProgress'> : never;

/** What a pool unit asks for. Units are independent and carry their own seeds. */
export type Unit =
  | { kind: 'front'; options: Omit<MeasureFrontOptions, 'signal' | 'onProgress'> }
  | { kind: 'curve'; options: WithoutRun<CurveByMethodOptions> }
  /** An SGD curve with simulateSgd's options (engine included): the same as a curve of method sgd or sgd-direct. */
  | { kind: 'sgd'; options: Omit<SgdOptions, 'signal' | 'onProgress'> };

/** Run one unit (also used in-process when the pool has a single worker). */
export async function runUnit(unit: Unit): Promise<unknown> {
  await init();
  switch (unit.kind) {
    case 'front':
      return await measureFront(unit.options);
    case 'curve':
      return await curveByMethod(unit.options);
    case 'sgd': {
      const { engine, ...rest } = unit.options;
      const method = oneOf('engine', engine ?? 'spectral', ['spectral', 'direct'] as const) === 'direct' ? 'sgd-direct' : 'sgd';
      return await curveByMethod({ ...rest, method });
    }
  }
}

export default async function (unit: Unit): Promise<unknown> {
  const t0 = performance.now();
  try {
    const value = await runUnit(unit);
    return { ok: true, value, seconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    const err = e as { code?: string; param?: string; message?: string };
    return {
      ok: false,
      error: { code: err.code ?? 'INTERNAL', param: err.param ?? null, message: err.message ?? String(e) },
      seconds: (performance.now() - t0) / 1000,
    };
  }
}
