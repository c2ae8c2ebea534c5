// The explorer's Web Worker: runs the Wasm core (measureFront, the determinism hashes) off the
// main thread and reports progress. Plots are drawn by the page (a worker has no document).
//
// Messages in:  { type: 'front', id, alpha, beta, d, compare } | { type: 'cancel', id } | { type: 'hashes', id }
//               (compare: null, or an optimizer whose front is measured after SGD's, on the same d grid
//               and flops range, e.g. 'dana-decay')
// Messages out: { type: 'ready', simd } | { type: 'progress', id, fraction, stage }  (stage: 'sgd' or the compared optimizer)
//               | { type: 'front', id, result, digest, elapsedMs, compare }  (compare: null or { optimizer, result, digest, elapsedMs })
//               | { type: 'hashes', id, hashes } | { type: 'error', id, code, message }

import * as plrf from '../dist/plrf.js';
import { computeHashes, sha256F64 } from './hashes.js';

const ready = plrf.init().then(
  () => self.postMessage({ type: 'ready', simd: plrf.isSimd() }),
  (e) => self.postMessage({ type: 'error', id: null, code: e.code ?? 'INTERNAL', message: `could not load the Wasm core: ${e.message}` }),
);
let running = null; // { id, controller } of the front being computed

async function front({ id, alpha, beta, d, compare = null }) {
  running?.controller.abort();
  const controller = new AbortController();
  running = { id, controller };
  try {
    await ready;
    const t0 = performance.now();
    const result = await plrf.measureFront({
      alpha,
      beta,
      d,
      signal: controller.signal,
      onProgress: (fraction) => self.postMessage({ type: 'progress', id, fraction, stage: 'sgd' }),
    });
    const elapsedMs = performance.now() - t0;
    // One digest of every loss value, so that the page can be compared with Node bit for bit.
    const digest = await sha256F64(result.curves.flatMap((c) => c.loss));
    let other = null;
    if (compare) {
      // The compared optimizer on SGD's flops range: the two fronts share their axis.
      const t1 = performance.now();
      const r = await plrf.measureFront({
        alpha,
        beta,
        d,
        flops: result.flops,
        optimizer: compare,
        signal: controller.signal,
        onProgress: (fraction) => self.postMessage({ type: 'progress', id, fraction, stage: compare }),
      });
      other = {
        optimizer: compare,
        result: r,
        digest: await sha256F64(r.curves.flatMap((c) => c.loss)),
        elapsedMs: performance.now() - t1,
      };
    }
    self.postMessage({ type: 'front', id, result, digest, elapsedMs, compare: other });
  } catch (e) {
    self.postMessage({ type: 'error', id, code: e.code ?? 'INTERNAL', message: e.message });
  } finally {
    if (running?.id === id) running = null;
  }
}

self.onmessage = (event) => {
  const msg = event.data;
  if (msg.type === 'front') front(msg);
  else if (msg.type === 'cancel') {
    if (running?.id === msg.id) running.controller.abort();
  } else if (msg.type === 'hashes') {
    ready
      .then(() => computeHashes(plrf))
      .then((hashes) => self.postMessage({ type: 'hashes', id: msg.id, hashes }))
      .catch((e) => self.postMessage({ type: 'error', id: msg.id, code: e.code ?? 'INTERNAL', message: e.message }));
  }
};
