// A worker of the pool (src/sweep/pool.ts): runs one unit of work with its own Wasm instance.

import { init } from '../core/wasm.js';
import { measureFront, type MeasureFrontOptions } from '../front/measureFront.js';
import { lossCurve, type CurveOptions } from '../theory/curve.js';
import { simulateSgd, type SgdOptions } from '../sgd/simulate.js';

/** What a pool unit asks for. Units are independent and carry their own seeds. */
export type Unit =
  | { kind: 'front'; options: Omit<MeasureFrontOptions, 'signal' | 'onProgress'> }
  | { kind: 'curve'; options: Omit<CurveOptions, 'signal' | 'onProgress'> }
  | { kind: 'sgd'; options: Omit<SgdOptions, 'signal' | 'onProgress'> };

/** Run one unit (also used in-process when the pool has a single worker). */
export async function runUnit(unit: Unit): Promise<unknown> {
  await init();
  switch (unit.kind) {
    case 'front':
      return await measureFront(unit.options);
    case 'curve':
      return await lossCurve(unit.options);
    case 'sgd':
      return await simulateSgd(unit.options);
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
