// Loading and instantiating the Wasm core, and typed views into its memory.

import { PlrfError } from './errors.js';
import { defaultWasmSource } from './wasmSource.js';

/** The raw exports of plrf.wasm (see docs/abi.md). Pointers are byte offsets into `memory`. */
export interface CoreExports {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  rngSeed(state: number, seed: number, stream: number): void;
  rngFillNormal(state: number, out: number, n: number): void;
  rngFillUniform(state: number, out: number, n: number): void;
  rngFillRaw(state: number, out: number, n: number): void;
  dot(x: number, y: number, n: number): number;
  axpy(a: number, x: number, y: number, n: number): void;
  gemvT(W: number, v: number, d: number, x: number, y: number): void;
  sumCompensated(x: number, n: number): number;
  eigSym(n: number, Z: number, d: number, work: number, h: number, wantVectors: number): number;
  fillSpectrum(v: number, alpha: number, beta: number, tau: number, b: number, sqrtTau: number): void;
  sampleW(state: number, W: number, v: number, d: number): void;
  populationLoss(W: number, v: number, d: number, tau: number, b: number, theta: number, work: number): number;
  traceK(W: number, v: number, d: number, tau: number, work: number): number;
  traceD(v: number, alpha: number): number;
  formK(W: number, v: number, d: number, tau: number, K: number): void;
  formKRows(W: number, j0: number, j1: number, d: number, tau: number, K: number): void;
  formKMirror(d: number, K: number): void;
  eigBegin(n: number, Z: number, d: number, work: number, h: number, wantVectors: number, st: number): void;
  eigStep(st: number, units: number): number;
  contourPrepare(v: number, d: number, tau: number, xL: number, xR: number, slope: number, panelWidth: number,
    nodesPerPanel: number, capNodes: number, ws: number, n: number, work: number, startRe: number, startIm: number, st: number, tail: number): number;
  contourWalk(v: number, d: number, tau: number, st: number, count: number, tail: number): number;
  contourSolve(v: number, d: number, tau: number, ws: number, n: number, capNodes: number, st: number, count: number, tail: number): number;
  contourAtoms(v: number, d: number, tau: number, c2: number, ws: number, n: number, i0: number, i1: number, st: number, tail: number): number;
  tailTableSize(v: number): number;
  tailTable(v: number, tau: number, c2: number, table: number): number;
  contourStateValue(st: number, which: number): number;
  crossCov(W: number, v: number, d: number, tau: number, b: number, h: number, work: number): void;
  sgdDirect(state: number, W: number, v: number, d: number, batch: number, gamma: number, sqrtTau: number,
    b: number, theta: number, x: number, a: number, res: number, steps: number, tau: number, threshold: number): number;
  gemvT32(W: number, v: number, d: number, x: number, y: number): void;
  gemmT32(W: number, v: number, d: number, X: number, Y: number, B: number): void;
  sampleW32(state: number, W: number, v: number, d: number, work: number): void;
  populationLoss32(W: number, v: number, d: number, tau: number, b: number, theta: number, work: number): number;
  traceK32(W: number, v: number, d: number, tau: number, work: number): number;
  formKRows32(W: number, j0: number, j1: number, d: number, tau: number, K: number): void;
  crossCov32(W: number, v: number, d: number, tau: number, b: number, h: number, work: number): void;
  sgdDirect32(state: number, W: number, v: number, d: number, batch: number, gamma: number, sqrtTau: number,
    b: number, theta: number, x: number, a: number, res: number, steps: number, tau: number, threshold: number): number;
  sgdSpectral(state: number, d: number, batch: number, gamma: number, lambda: number, sqrtPStar: number,
    w: number, z: number, res: number, steps: number, threshold: number): number;
  volterraInit(ws: number, n: number): number;
  volterraSetGamma(ws: number, n: number, gamma: number, batch: number, full: number): void;
  volterraUnit(ws: number, n: number, F0: number, P: number, steps: number): number;
  volterraBlockPrepare(ws: number, n: number, L: number, coef: number): void;
  volterraBlockApply(ws: number, n: number, F0: number, P: number, coef: number): number;
  volterraBlockRun(ws: number, n: number, F0: number, P: number, coef: number, count: number, threshold: number): number;
  volterraBlocksDone(): number;
  volterraBlockSums(ws: number, n: number, levels: number, out: number): void;
  volterraBlockPrepare2(ws: number, n: number, p: number, rho: number, sums: number, coef: number): void;
  volterraBlockRun2(ws: number, n: number, F0: number, Pm: number, P: number, coef: number, count: number, threshold: number): number;
  volterraPrevP(): number;
  volterraKernelNorm(ws: number, n: number): number;
  volterraMaxAbsA(ws: number, n: number): number;
  volterraPowerSum(ws: number, n: number, which: number, r: number): number;
  solveM(v: number, d: number, tau: number, zr: number, zi: number, mr: number, mi: number): number;
  gaussLegendre(n: number, x: number, w: number): void;
  effectiveKappa(v: number, d: number, tau: number): number;
  floorF0(v: number, tau: number, c2: number, kappa: number): number;
  contourSize(xL: number, xR: number, panelWidth: number, nodesPerPanel: number, capNodes: number): number;
  contourBuild(v: number, d: number, tau: number, c2: number, xL: number, xR: number, slope: number, panelWidth: number,
    nodesPerPanel: number, capNodes: number, ws: number, n: number, work: number, startRe: number, startIm: number, tail: number): number;
  densityAt(v: number, d: number, tau: number, c2: number, x: number, eps: number, out: number): number;
  gammaFn(x: number): number;
  powFn(x: number, y: number): number;
  forcingSum(alpha: number, beta: number, rho: number, jmax: number): number;
  mathLog(x: number): number;
  mathExp(x: number): number;
  lastMRe(): number;
  lastMIm(): number;
  lastMassEigen(): number;
  lastMassForcing(): number;
  lastFailedNode(): number;
  jobFree(job: number): void;
  jobKind(job: number): number;
  jobStatus(job: number): number;
  jobProgress(job: number): number;
  problemBegin(alpha: number, beta: number, d: number, v: number, seed: number, stream: number, storage: number): number;
  problemStep(job: number, budget: number): number;
  problemW(job: number): number;
  problemTau(job: number): number;
  problemB(job: number): number;
  problemSqrtTau(job: number): number;
  problemP0(job: number): number;
  spectrumBegin(problem: number): number;
  spectrumStep(job: number, budget: number): number;
  spectrumSize(job: number): number;
  spectrumLambda(job: number): number;
  spectrumRho(job: number): number;
  spectrumProjections(job: number): number;
  spectrumPStar(job: number): number;
  spectrumP0(job: number): number;
  spectrumTraceK(job: number): number;
  spectrumEigenCode(job: number): number;
  stability(lambda: number, n: number, gamma: number, batch: number, out: number): number;
  ensembleBegin(engine: number, storage: number, alpha: number, beta: number, d: number, v: number, batch: number, gamma: number, seeds: number, seed: number, wSeed: number, force: number, checkpoints: number, nCheckpoints: number): number;
  ensembleStep(job: number, budget: number): number;
  ensembleFinish(job: number): number;
  ensembleRunsDone(job: number): number;
  ensembleLosses(job: number): number;
  ensembleMean(job: number): number;
  ensembleStderr(job: number): number;
  ensembleKept(job: number): number;
  ensembleDivergedAt(job: number): number;
  ensembleLimit(job: number): number;
  ensembleSpectra(job: number): number;
  ensembleUnstableRun(job: number): number;
  ensembleModeFactor(job: number): number;
  ensembleKernelNorm(job: number): number;
  ensembleEigenCode(job: number): number;
}

/** Wasm memory limit of the module (asconfig maximumMemory, 32768 pages of 64 KiB). */
export const MAX_MEMORY_BYTES = 2 ** 31;
/** Largest single block the module's allocator hands out. */
export const MAX_BLOCK_BYTES = 2 ** 30 - 64;

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
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

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
