// Loading and instantiating the Wasm core, and typed views into its memory.

import type { CoreExports } from './abi.js';
import { PlrfError } from './errors.js';
import { defaultWasmSource } from './wasmSource.js';

// The exports' signatures, the memory limits and the other ABI constants are generated from
// abi/plrf.abi.json into ./abi.ts (scripts/gen-abi.mjs).
export type { CoreExports } from './abi.js';
export { MAX_MEMORY_BYTES, MAX_BLOCK_BYTES } from './abi.js';

/** Options of {@link init}. */
export interface InitOptions {
  /** Use the SIMD build (default: when the host supports Wasm SIMD). `false` forces the scalar build. */
  simd?: boolean;
  /** Module bytes or a URL to load instead of the packaged `.wasm` (for bundlers and other hosts). */
  source?: BufferSource | URL | string;
}

let instance: CoreExports | null = null;
let instanceIsSimd = false;
let pending: Promise<void> | null = null;

// Smallest module that uses a v128 instruction: validates only where SIMD is supported.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

/** Whether this host validates Wasm SIMD (fixed-width 128-bit) modules. */
export function hostSupportsSimd(): boolean {
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

async function loadBytes(source: URL | string): Promise<BufferSource> {
  const url = typeof source === 'string' ? new URL(source, import.meta.url) : source;
  if (url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    return new Uint8Array(await readFile(url));
  }
  const response = await fetch(url);
  if (!response.ok) throw new PlrfError('INTERNAL', `could not load ${url.href}: HTTP ${response.status}`);
  return await response.arrayBuffer();
}

/**
 * Instantiate the Wasm core. Call once per process, page or worker before anything else; calling
 * again is cheap and returns the same instance (the first call's options win; call
 * {@link resetForTesting} to switch builds in tests).
 *
 * @example
 * import { init } from 'plrf';
 * await init();             // SIMD build where supported
 * await init({ simd: false }) // (in a fresh process) the scalar build
 */
export async function init(options: InitOptions = {}): Promise<void> {
  if (instance) return;
  if (pending) return pending;
  pending = (async () => {
    const simd = options.simd ?? hostSupportsSimd();
    const source = options.source ?? defaultWasmSource(simd);
    const bytes = source instanceof URL || typeof source === 'string' ? await loadBytes(source) : source;
    const { instance: inst } = await WebAssembly.instantiate(bytes, {});
    instance = inst.exports as unknown as CoreExports;
    instanceIsSimd = simd;
  })();
  try {
    await pending;
  } finally {
    pending = null;
  }
}

/** Drop the instance so that the next {@link init} loads again (tests and benchmarks only). */
export function resetForTesting(): void {
  instance = null;
}

/** Whether the loaded core is the SIMD build. */
export function isSimd(): boolean {
  return instanceIsSimd;
}

/** The instantiated core, or null before {@link init}. @internal */
export function maybeCore(): CoreExports | null {
  return instance;
}

/** The instantiated core; throws `NOT_INITIALISED` before {@link init}. */
export function core(): CoreExports {
  if (!instance) throw new PlrfError('NOT_INITIALISED', 'plrf is not initialised: call `await init()` first');
  return instance;
}
