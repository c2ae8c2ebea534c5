// Mean and standard error over runs, checkpoint by checkpoint (Welford's update: stable for any
// number of runs), computed in Wasm (assembly/stats.ts) so that every host gets the same bits; used
// by the summary of an ensemble of curves (model/ensemble.ts: SGD runs and W draws of the finite curve).

import { WasmF64 } from './memory.js';
import { core } from './wasm.js';

// Runs x columns copied into Wasm per call (columns are independent).
const BLOCK_VALUES = 1 << 20;

/** Mean over runs and its standard error (0 with one run) at the first `kept` checkpoints (needs init()). */
export function meanAndStderr(runs: number[][], kept: number): { mean: number[]; stderr: number[] } {
  const mean: number[] = [],
    stderr: number[] = [];
  if (kept <= 0) return { mean, stderr };
  const c = core();
  const nRuns = runs.length;
  const cols = Math.max(1, Math.min(kept, Math.floor(BLOCK_VALUES / Math.max(1, nRuns))));
  const data = new WasmF64(nRuns * cols),
    m = new WasmF64(cols),
    s = new WasmF64(cols);
  try {
    for (let i0 = 0; i0 < kept; i0 += cols) {
      const w = Math.min(cols, kept - i0);
      const v = data.view();
      for (let k = 0; k < nRuns; k++) for (let i = 0; i < w; i++) v[k * w + i] = runs[k][i0 + i];
      c.meanStderr(data.ptr, nRuns, w, w, m.ptr, s.ptr);
      const mv = m.view(),
        sv = s.view();
      for (let i = 0; i < w; i++) {
        mean.push(mv[i]);
        stderr.push(sv[i]);
      }
    }
  } finally {
    data.free();
    m.free();
    s.free();
  }
  return { mean, stderr };
}
