// The exported ABI: plain i32/f64 arguments and byte offsets into the exported memory. Nothing else
// lives here. Every export is described in abi/plrf.abi.json (test/abi.test.ts checks the binary
// against it); see docs/abi.md.
import { MAX_BLOCK_BYTES } from "./abi";
export { seed as rngSeed, fillNormal as rngFillNormal, fillUniform as rngFillUniform, fillRaw as rngFillRaw } from "./rng";
export { dot, axpy, gemvT, gemmT, gemvT_f32w, gemmT_f32w, sumCompensated } from "./blas";
export { eigSym } from "./eigen";
export { fillSpectrum, sampleW, populationLoss, traceK, traceD, formK, formKRows, formKMirror, crossCov } from "./problem";
export { sampleW_f32w, populationLoss_f32w, traceK_f32w, formKRows_f32w, crossCov_f32w } from "./problem";
export { sgdDirect, sgdDirect_f32w, sgdSpectral } from "./sgd";

/** Allocate `bytes` bytes (16-byte aligned). Returns 0 if the request cannot be met. */
export function alloc(bytes: usize): usize {
  // The allocator traps on oversize blocks; refuse them here instead (TLSF limit: just under 1 GiB,
  // MAX_BLOCK_BYTES).
  if (bytes == 0 || bytes > <usize>MAX_BLOCK_BYTES) return 0;
  return heap.alloc(bytes);
}

/** Release a block from alloc(). */
export function free(ptr: usize): void {
  if (ptr != 0) heap.free(ptr);
}
export { volterraSetGamma, volterraKernelNorm, volterraMaxAbsA, volterraPowerSum } from "./volterra";
export { solveM } from "./resolvent";
export { floorF0, capacityFloor } from "./capacity";
export { measureBegin, measureStep, measureFromSpectrum, measureSize, measureWorkspace, measureValue, measureSlopeProfile, measureSlopeAt } from "./measure";
export { momentumAllowedSlope } from "./momentum-map";
export { densityBegin, densityStep, densityResults, densityFailedPoint } from "./density";
export { gammaFn, powFn, forcingSum, mathLog, mathExp } from "./special";
export { jobFree, jobKind, jobStatus, jobProgress } from "./job";
export { recursionBegin, recursionStep, recursionLoss, recursionCount, recursionDivergedAt, recursionKernelNorm, recursionMaxAbsG } from "./recursion";
export { recursionFork } from "./recursion-fork";
export { logCheckpoints } from "./checkpoints";
export { meanStderr } from "./stats";
export { fillIndices as rngFillIndices } from "./rng";
export { seedV as rngvSeed, fillNormalV as rngvFillNormal, fillRawV as rngvFillRaw } from "./rngv";
export { frontBegin, frontStep, frontXi, frontEta, frontInterval, frontCiFlags, frontCiMethod, frontSamples, frontFailed, frontWindow, frontInterior, frontPoints, frontPointCount, frontSlopes, frontSlopeCount, frontErrorKind, frontErrorFlops } from "./front";
export { quantile } from "./front-quantile";
export { interpolateLogLog } from "./front-interpolate";
export { phaseClassify, phaseExponents, danaDecayExponents } from "./phases";
export { asymptoticTerms } from "./asymptotics";
export { problemBegin, problemStep, problemW, problemTau, problemB, problemSqrtTau, problemP0 } from "./problem-job";
export { spectrumBegin, spectrumStep, spectrumLambda, spectrumRho, spectrumProjections, spectrumPStar, spectrumP0, spectrumTraceK, spectrumEigenCode, stability } from "./spectrum";
export { ensembleBegin, ensembleStep } from "./ensemble";
export { ensembleFinish, ensembleRunsDone, ensembleLosses, ensembleMean, ensembleStderr, ensembleKept, ensembleDivergedAt, ensembleLimit, ensembleSpectra, ensembleUnstableRun, ensembleModeFactor, ensembleKernelNorm, ensembleEigenCode } from "./ensemble-results";
export { momentumDirect, momentumDirect_f32w, momentumSpectral } from "./sgd";
export { momentumBegin, momentumStep, momentumLoss, momentumCount, momentumBlocks, momentumDivergedAt, momentumKernelNorm, momentumGrowth, momentumGrowthAt, momentumContourSlope } from "./momentum";
export { momentumEigenHook } from "./momentum-block-eigen";
export { ensembleSetOptimizer } from "./ensemble";
