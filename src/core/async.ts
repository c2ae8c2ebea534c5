// Cooperative scheduling for long synchronous Wasm work: yield to the event loop every few
// milliseconds so that AbortSignal listeners, progress callbacks and timers can run.

import { PlrfError } from './errors.js';

/** Options accepted by every long-running call. */
export interface LongRunOptions {
  /** Cancels the call; it then rejects with a PlrfError of code `ABORTED`. */
  signal?: AbortSignal;
  /** Called with the fraction of work done, in [0, 1], at most every few milliseconds and at 1. */
  onProgress?: (fraction: number) => void;
}

const setImmediateFn: ((cb: () => void) => unknown) | undefined = (globalThis as { setImmediate?: (cb: () => void) => unknown })
  .setImmediate;
let channel: { port: MessagePort; queue: (() => void)[] } | null = null;

function nextTick(): Promise<void> {
  if (setImmediateFn) return new Promise((resolve) => setImmediateFn(resolve));
  // Browsers and workers: nested setTimeout(0) is clamped to >= 4 ms (HTML spec), up to 4 ms lost per
  // 8 ms slice of work; a MessageChannel round trip is not clamped.
  if (typeof MessageChannel === 'function') {
    if (!channel) {
      const ch = new MessageChannel();
      const queue: (() => void)[] = [];
      ch.port1.onmessage = () => queue.shift()?.();
      channel = { port: ch.port2, queue };
    }
    const c = channel;
    return new Promise((resolve) => {
      c.queue.push(resolve);
      c.port.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Throw `ABORTED` if the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new PlrfError('ABORTED', 'the operation was aborted', undefined, { cause: signal.reason });
  }
}

/** Paces a long loop: call `await ticker.tick(fraction)` often; it yields about every `sliceMs`. */
export class Ticker {
  private last = performance.now();
  constructor(
    private readonly options: LongRunOptions,
    private readonly sliceMs = 8,
  ) {
    throwIfAborted(options.signal);
  }
  async tick(fraction: number): Promise<void> {
    const now = performance.now();
    if (now - this.last < this.sliceMs) return;
    this.options.onProgress?.(Math.min(1, Math.max(0, fraction)));
    await nextTick();
    this.last = performance.now();
    throwIfAborted(this.options.signal);
  }
  done(): void {
    this.options.onProgress?.(1);
  }
}
