// The explorer's Web Worker: runs the Wasm core (measureFront, the determinism hashes) off the
// main thread and reports progress. Plots are drawn by the page (a worker has no document).
//
// Messages in:  { type: 'front', id, alpha, beta, d } | { type: 'cancel', id } | { type: 'hashes', id }
// Messages out: { type: 'ready', simd } | { type: 'progress', id, fraction }
//               | { type: 'front', id, result, digest, elapsedMs } | { type: 'hashes', id, hashes }
//               | { type: 'error', id, code, message }

import * as plrf from '../dist/plrf.js';
import { computeHashes, sha256F64 } from './hashes.js';

const ready = plrf.init().then(
  () => self.postMessage({ type: 'ready', simd: plrf.isSimd() }),
  (e) => self.postMessage({ type: 'error', id: null, code: e.code ?? 'INTERNAL', message: `could not load the Wasm core: ${e.message}` }),
);
let running = null; // { id, controller } of the front being computed

async function front({ id, alpha, beta, d }) {
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
      onProgress: (fraction) => self.postMessage({ type: 'progress', id, fraction }),
    });
    const elapsedMs = performance.now() - t0;
    // One digest of every loss value, so that the page can be compared with Node bit for bit.
    const digest = await sha256F64(result.curves.flatMap((c) => c.loss));
    self.postMessage({ type: 'front', id, result, digest, elapsedMs });
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
