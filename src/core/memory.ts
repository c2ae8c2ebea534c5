// Ownership of Wasm memory from the TS side: every block is a WasmF64 handle, tracked so that the
// memory budget can be checked before allocating and leaks can be measured.

import { PlrfError } from './errors.js';
import { core, MAX_BLOCK_BYTES, MAX_MEMORY_BYTES } from './wasm.js';

let liveBytes = 0;
let liveBlocks = 0;

/** Bytes and blocks currently allocated through {@link WasmF64} (for leak tests and diagnostics). */
export function memoryStats(): { liveBytes: number; liveBlocks: number; wasmBytes: number } {
  return { liveBytes, liveBlocks, wasmBytes: core().memory.buffer.byteLength };
}

// Headroom for the module's static data, allocator overhead and fragmentation.
const RESERVED_BYTES = 64 * 2 ** 20;

/**
 * Refuse a request of `bytes` (in blocks of at most `largest` bytes) that cannot fit, before any
 * allocation happens. `param` and `what` go into the error message.
 */
export function checkBudget(bytes: number, largest: number, param: string, what: string, fits: string): void {
  const available = MAX_MEMORY_BYTES - RESERVED_BYTES - liveBytes;
  if (largest > MAX_BLOCK_BYTES || bytes > available) {
    const gib = (x: number) => (x / 2 ** 30).toFixed(2);
    throw new PlrfError(
      'MEMORY',
      `${what} needs ${gib(bytes)} GiB (largest block ${gib(largest)} GiB) but the Wasm memory limit leaves ` +
        `${gib(Math.max(0, available))} GiB (at most ${gib(MAX_BLOCK_BYTES)} GiB per block); ${fits}`,
      param,
    );
  }
}

/** A float64 array living in Wasm memory. Free it with {@link WasmF64.free} (idempotent). */
export class WasmF64 {
  ptr: number;
  readonly length: number;
  constructor(length: number) {
    const bytes = Math.max(8, length * 8);
    const ptr = core().alloc(bytes) >>> 0;
    if (ptr === 0) throw new PlrfError('MEMORY', `could not allocate ${length} doubles in Wasm memory`);
    this.ptr = ptr;
    this.length = length;
    liveBytes += bytes;
    liveBlocks += 1;
  }
  /** A fresh view (views must not be kept across calls that may grow memory). */
  view(): Float64Array {
    return new Float64Array(core().memory.buffer, this.ptr, this.length);
  }
  /** Copy out into a JS-owned array. */
  toArray(): Float64Array {
    return this.view().slice();
  }
  set(values: ArrayLike<number>): this {
    this.view().set(values);
    return this;
  }
  fill(value: number): this {
    this.view().fill(value);
    return this;
  }
  free(): void {
    if (this.ptr === 0) return;
    core().free(this.ptr);
    liveBytes -= Math.max(8, this.length * 8);
    liveBlocks -= 1;
    this.ptr = 0;
  }
}

/** Run `fn` with temporary blocks that are freed afterwards, even on error. */
export function withBlocks<T>(lengths: number[], fn: (...blocks: WasmF64[]) => T): T {
  const blocks: WasmF64[] = [];
  try {
    for (const n of lengths) blocks.push(new WasmF64(n));
    return fn(...blocks);
  } finally {
    for (const b of blocks) b.free();
  }
}

/** A float64 array inside a block owned by something else (a job): a view on it, never freed through it. */
export class WasmF64View {
  constructor(
    public ptr: number,
    readonly length: number,
  ) {}
  /** A fresh view (views must not be kept across calls that may grow memory). */
  view(): Float64Array {
    return new Float64Array(core().memory.buffer, this.ptr, this.length);
  }
  /** Copy out into a JS-owned array. */
  toArray(): Float64Array {
    return this.view().slice();
  }
}

/**
 * A resumable Wasm job (assembly/job.ts) counted in the memory budget like a block: `bytes` is the
 * host's estimate of what the job holds (update it with {@link WasmJob.account} when the job
 * releases or gains memory). Free it with {@link WasmJob.free} (jobFree; idempotent).
 */
export class WasmJob {
  ptr: number;
  private bytes = 0;
  /** `what`: what Begin allocates, for the error when it returned 0 (e.g. `${v} doubles`). */
  constructor(ptr: number, bytes: number, what: string) {
    if (ptr === 0) throw new PlrfError('MEMORY', `could not allocate ${what} in Wasm memory`);
    this.ptr = ptr >>> 0;
    liveBlocks += 1;
    this.account(bytes);
  }
  /** Set the bytes this job is counted for. */
  account(bytes: number): void {
    liveBytes += bytes - this.bytes;
    this.bytes = bytes;
  }
  free(): void {
    if (this.ptr === 0) return;
    core().jobFree(this.ptr);
    liveBytes -= this.bytes;
    liveBlocks -= 1;
    this.bytes = 0;
    this.ptr = 0;
  }
}
