// The exported ABI: plain i32/f64 arguments and byte offsets into the exported memory. Nothing else
// lives here. See docs/abi.md.
export { seed as rngSeed, fillNormal as rngFillNormal, fillUniform as rngFillUniform, fillRaw as rngFillRaw } from "./rng";
export { dot, axpy, gemvT, gemmT, gemvT32, gemmT32, sumCompensated } from "./blas";
export { eigSym, eigBegin, eigStep, EIG_STATE_SLOTS } from "./eigen";
export { fillSpectrum, sampleW, populationLoss, traceK, traceD, formK, formKRows, formKMirror, crossCov } from "./problem";
export { sampleW32, populationLoss32, traceK32, formKRows32, crossCov32 } from "./problem";
export { sgdDirect, sgdDirect32, sgdSpectral } from "./sgd";

/** Allocate `bytes` bytes (16-byte aligned). Returns 0 if the request cannot be met. */
export function alloc(bytes: usize): usize {
  // The allocator traps on oversize blocks; refuse them here instead (TLSF limit: just under 1 GiB).
  if (bytes == 0 || bytes > (1 << 30) - 64) return 0;
  return heap.alloc(bytes);
}

/** Release a block from alloc(). */
export function free(ptr: usize): void {
  if (ptr != 0) heap.free(ptr);
}
export { volterraInit, volterraSetGamma, volterraUnit, volterraBlockPrepare, volterraBlockApply, volterraBlockRun, volterraBlocksDone, volterraBlockSums, volterraBlockPrepare2, volterraBlockRun2, volterraPrevP, volterraKernelNorm, volterraMaxAbsA, volterraPowerSum } from "./volterra";
export { solveM, gaussLegendre, effectiveKappa, floorF0, contourSize, contourBuild, contourPrepare, contourWalk, contourSolve, contourAtoms, contourStateValue, densityAt, tailTable, tailTableSize } from "./resolvent";
import { mRe, mIm, massEigen, massForcing, failedNode } from "./resolvent";

/** Results of the last solveM / contourBuild (globals are not exported by value to every host). */
export function lastMRe(): f64 { return mRe; }
export function lastMIm(): f64 { return mIm; }
export function lastMassEigen(): f64 { return massEigen; }
export function lastMassForcing(): f64 { return massForcing; }
export function lastFailedNode(): i32 { return failedNode; }
export { gammaFn, powFn, forcingSum, mathLog, mathExp } from "./special";
export { jobFree, jobKind, jobStatus, jobProgress } from "./job";
export { problemBegin, problemStep, problemW, problemTau, problemB, problemSqrtTau, problemP0 } from "./problem-job";
export { spectrumBegin, spectrumStep, spectrumSize, spectrumLambda, spectrumRho, spectrumProjections, spectrumPStar, spectrumP0, spectrumTraceK, spectrumEigenCode, stability } from "./spectrum";
export { ensembleBegin, ensembleStep, ensembleFinish, ensembleRunsDone, ensembleLosses, ensembleMean, ensembleStderr, ensembleKept, ensembleDivergedAt, ensembleLimit, ensembleSpectra, ensembleUnstableRun, ensembleModeFactor, ensembleKernelNorm, ensembleEigenCode } from "./ensemble";
