# generated from abi/plrf.abi.json by scripts/gen-abi.mjs: do not edit
"""The Wasm ABI of plrf: the exports' signatures, constants, job error codes and state layouts.

EXPORTS maps each export to ((param types...), result type or None); PARAM_NAMES gives the
parameters' names; ERRORS maps each negative job status to its PlrfError code and a default message;
LAYOUTS describes job-state and workspace layouts (see docs/abi.md).
"""

EXPORTS = {
    "alloc": (("i32",), "i32"),
    "free": (("i32",), None),
    "rngSeed": (("i32", "f64", "f64"), None),
    "rngFillNormal": (("i32", "i32", "i32"), None),
    "rngFillUniform": (("i32", "i32", "i32"), None),
    "rngFillRaw": (("i32", "i32", "i32"), None),
    "dot": (("i32", "i32", "i32"), "f64"),
    "axpy": (("f64", "i32", "i32", "i32"), None),
    "gemvT": (("i32", "i32", "i32", "i32", "i32"), None),
    "gemmT": (("i32", "i32", "i32", "i32", "i32", "i32"), None),
    "gemvT_f32w": (("i32", "i32", "i32", "i32", "i32"), None),
    "gemmT_f32w": (("i32", "i32", "i32", "i32", "i32", "i32"), None),
    "sumCompensated": (("i32", "i32"), "f64"),
    "eigSym": (("i32", "i32", "i32", "i32", "i32", "i32"), "i32"),
    "fillSpectrum": (("i32", "f64", "f64", "i32", "i32", "i32"), None),
    "sampleW": (("i32", "i32", "i32", "i32"), None),
    "populationLoss": (("i32", "i32", "i32", "i32", "i32", "i32", "i32"), "f64"),
    "traceK": (("i32", "i32", "i32", "i32", "i32"), "f64"),
    "traceD": (("i32", "f64"), "f64"),
    "formK": (("i32", "i32", "i32", "i32", "i32"), None),
    "formKRows": (("i32", "i32", "i32", "i32", "i32", "i32"), None),
    "formKMirror": (("i32", "i32"), None),
    "crossCov": (("i32", "i32", "i32", "i32", "i32", "i32", "i32"), None),
    "sampleW_f32w": (("i32", "i32", "i32", "i32", "i32"), None),
    "populationLoss_f32w": (("i32", "i32", "i32", "i32", "i32", "i32", "i32"), "f64"),
    "traceK_f32w": (("i32", "i32", "i32", "i32", "i32"), "f64"),
    "formKRows_f32w": (("i32", "i32", "i32", "i32", "i32", "i32"), None),
    "crossCov_f32w": (("i32", "i32", "i32", "i32", "i32", "i32", "i32"), None),
    "sgdDirect": (("i32", "i32", "i32", "i32", "i32", "f64", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "f64"), "i32"),
    "sgdDirect_f32w": (("i32", "i32", "i32", "i32", "i32", "f64", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "f64"), "i32"),
    "sgdSpectral": (("i32", "i32", "i32", "f64", "i32", "f64", "i32", "i32", "i32", "i32", "f64"), "i32"),
    "volterraSetGamma": (("i32", "i32", "f64", "f64", "i32"), None),
    "volterraKernelNorm": (("i32", "i32"), "f64"),
    "volterraMaxAbsA": (("i32", "i32"), "f64"),
    "volterraPowerSum": (("i32", "i32", "i32", "f64"), "f64"),
    "solveM": (("i32", "i32", "i32", "f64", "f64", "f64", "f64", "i32"), "i32"),
    "floorF0": (("i32", "i32", "i32", "f64"), "f64"),
    "gammaFn": (("f64",), "f64"),
    "powFn": (("f64", "f64"), "f64"),
    "forcingSum": (("f64", "f64", "f64", "f64"), "f64"),
    "mathLog": (("f64",), "f64"),
    "mathExp": (("f64",), "f64"),
    "jobFree": (("i32",), None),
    "jobKind": (("i32",), "i32"),
    "jobStatus": (("i32",), "i32"),
    "jobProgress": (("i32",), "f64"),
    "measureBegin": (("i32", "f64", "f64", "i32", "i32", "f64", "f64", "i32", "f64", "f64", "i32", "i32", "f64", "f64", "f64", "f64", "i32"), "i32"),
    "measureStep": (("i32", "i32"), "i32"),
    "measureFromSpectrum": (("i32", "i32", "i32", "i32", "f64", "f64"), "i32"),
    "measureSize": (("i32",), "i32"),
    "measureWorkspace": (("i32",), "i32"),
    "measureValue": (("i32", "i32"), "f64"),
    "measureSlopeProfile": (("i32", "i32", "f64", "f64"), "i32"),
    "measureSlopeAt": (("i32", "f64"), "f64"),
    "capacityFloor": (("f64", "f64", "i32", "i32"), "f64"),
    "densityBegin": (("f64", "f64", "i32", "i32", "i32", "i32", "f64"), "i32"),
    "densityStep": (("i32", "i32"), "i32"),
    "densityResults": (("i32",), "i32"),
    "densityFailedPoint": (("i32",), "i32"),
    "recursionBegin": (("i32", "i32", "f64", "f64", "f64", "f64", "f64", "i32", "f64", "f64", "i32", "i32", "i32", "i32"), "i32"),
    "recursionFork": (("i32", "f64", "i32", "i32"), "i32"),
    "recursionStep": (("i32", "i32"), "i32"),
    "recursionLoss": (("i32",), "i32"),
    "recursionCount": (("i32",), "i32"),
    "recursionDivergedAt": (("i32",), "f64"),
    "recursionKernelNorm": (("i32",), "f64"),
    "recursionMaxAbsG": (("i32",), "f64"),
    "logCheckpoints": (("f64", "i32", "i32"), "i32"),
    "meanStderr": (("i32", "i32", "i32", "i32", "i32", "i32"), None),
    "rngFillIndices": (("i32", "i32", "i32", "i32"), None),
    "rngvSeed": (("i32", "f64", "f64"), None),
    "rngvFillNormal": (("i32", "i32", "i32"), None),
    "rngvFillRaw": (("i32", "i32", "i32"), None),
    "frontBegin": (("i32", "i32", "i32", "i32", "f64", "f64", "i32", "i32", "i32", "f64"), "i32"),
    "frontStep": (("i32", "i32"), "i32"),
    "frontXi": (("i32",), "f64"),
    "frontEta": (("i32",), "f64"),
    "frontInterval": (("i32", "i32"), "f64"),
    "frontCiFlags": (("i32",), "i32"),
    "frontCiMethod": (("i32",), "i32"),
    "frontSamples": (("i32",), "i32"),
    "frontFailed": (("i32",), "i32"),
    "frontWindow": (("i32", "i32"), "f64"),
    "frontInterior": (("i32", "i32"), "f64"),
    "frontPoints": (("i32",), "i32"),
    "frontPointCount": (("i32",), "i32"),
    "frontSlopes": (("i32",), "i32"),
    "frontSlopeCount": (("i32",), "i32"),
    "frontErrorKind": (("i32",), "i32"),
    "frontErrorFlops": (("i32",), "f64"),
    "quantile": (("i32", "i32", "i32", "f64"), "f64"),
    "phaseClassify": (("f64", "f64", "i32"), "i32"),
    "phaseExponents": (("i32", "f64", "f64", "i32"), None),
    "danaDecayExponents": (("f64", "f64", "i32"), "i32"),
    "asymptoticTerms": (("f64", "f64", "i32", "i32", "i32", "f64", "f64", "f64", "i32"), None),
    "problemBegin": (("f64", "f64", "i32", "i32", "f64", "f64", "i32"), "i32"),
    "problemStep": (("i32", "i32"), "i32"),
    "problemW": (("i32",), "i32"),
    "problemTau": (("i32",), "i32"),
    "problemB": (("i32",), "i32"),
    "problemSqrtTau": (("i32",), "i32"),
    "problemP0": (("i32",), "f64"),
    "spectrumBegin": (("i32",), "i32"),
    "spectrumStep": (("i32", "i32"), "i32"),
    "spectrumLambda": (("i32",), "i32"),
    "spectrumRho": (("i32",), "i32"),
    "spectrumProjections": (("i32",), "i32"),
    "spectrumPStar": (("i32",), "f64"),
    "spectrumP0": (("i32",), "f64"),
    "spectrumTraceK": (("i32",), "f64"),
    "spectrumEigenCode": (("i32",), "i32"),
    "stability": (("i32", "i32", "f64", "f64", "i32"), "i32"),
    "ensembleBegin": (("i32", "i32", "f64", "f64", "i32", "i32", "i32", "f64", "i32", "f64", "f64", "i32", "i32", "i32"), "i32"),
    "ensembleStep": (("i32", "i32"), "i32"),
    "ensembleFinish": (("i32",), "i32"),
    "ensembleRunsDone": (("i32",), "i32"),
    "ensembleLosses": (("i32",), "i32"),
    "ensembleMean": (("i32",), "i32"),
    "ensembleStderr": (("i32",), "i32"),
    "ensembleKept": (("i32",), "i32"),
    "ensembleDivergedAt": (("i32",), "f64"),
    "ensembleLimit": (("i32",), "f64"),
    "ensembleSpectra": (("i32",), "i32"),
    "ensembleUnstableRun": (("i32",), "i32"),
    "ensembleModeFactor": (("i32",), "f64"),
    "ensembleKernelNorm": (("i32",), "f64"),
    "ensembleEigenCode": (("i32",), "i32"),
    "interpolateLogLog": (("i32", "i32", "i32", "f64"), "f64"),
    "momentumDirect": (("i32", "i32", "i32", "i32", "i32", "i32", "f64", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "f64"), "i32"),
    "momentumDirect_f32w": (("i32", "i32", "i32", "i32", "i32", "i32", "f64", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "f64"), "i32"),
    "momentumSpectral": (("i32", "i32", "i32", "i32", "f64", "i32", "f64", "i32", "i32", "i32", "i32", "i32", "f64"), "i32"),
    "momentumBegin": (("i32", "i32", "f64", "f64", "i32", "i32", "f64", "i32", "i32", "f64", "f64", "f64"), "i32"),
    "momentumStep": (("i32", "i32"), "i32"),
    "momentumLoss": (("i32",), "i32"),
    "momentumCount": (("i32",), "i32"),
    "momentumBlocks": (("i32",), "f64"),
    "momentumDivergedAt": (("i32",), "f64"),
    "momentumKernelNorm": (("i32", "i32"), "f64"),
    "momentumGrowth": (("i32",), "f64"),
    "momentumGrowthAt": (("i32", "i32"), "f64"),
    "momentumContourSlope": (("i32", "f64", "f64"), "f64"),
    "momentumEigenHook": (("i32", "i32"), "f64"),
    "momentumAllowedSlope": (("i32", "f64", "f64", "f64", "f64", "f64", "f64"), "f64"),
    "ensembleSetOptimizer": (("i32", "i32", "i32"), "i32"),
}

PARAM_NAMES = {
    "alloc": ("bytes",),
    "free": ("ptr",),
    "rngSeed": ("state", "seedValue", "stream"),
    "rngFillNormal": ("state", "out", "n"),
    "rngFillUniform": ("state", "out", "n"),
    "rngFillRaw": ("state", "out", "n"),
    "dot": ("x", "y", "n"),
    "axpy": ("a", "x", "y", "n"),
    "gemvT": ("W", "v", "d", "x", "y"),
    "gemmT": ("W", "v", "d", "X", "Y", "B"),
    "gemvT_f32w": ("W", "v", "d", "x", "y"),
    "gemmT_f32w": ("W", "v", "d", "X", "Y", "B"),
    "sumCompensated": ("x", "n"),
    "eigSym": ("n", "Z", "d", "work", "h", "wantVectors"),
    "fillSpectrum": ("v", "alpha", "beta", "tau", "b", "sqrtTau"),
    "sampleW": ("state", "W", "v", "d"),
    "populationLoss": ("W", "v", "d", "tau", "b", "theta", "work"),
    "traceK": ("W", "v", "d", "tau", "work"),
    "traceD": ("v", "alpha"),
    "formK": ("W", "v", "d", "tau", "K"),
    "formKRows": ("W", "j0", "j1", "d", "tau", "K"),
    "formKMirror": ("d", "K"),
    "crossCov": ("W", "v", "d", "tau", "b", "h", "work"),
    "sampleW_f32w": ("state", "W", "v", "d", "work"),
    "populationLoss_f32w": ("W", "v", "d", "tau", "b", "theta", "work"),
    "traceK_f32w": ("W", "v", "d", "tau", "work"),
    "formKRows_f32w": ("W", "j0", "j1", "d", "tau", "K"),
    "crossCov_f32w": ("W", "v", "d", "tau", "b", "h", "work"),
    "sgdDirect": ("state", "W", "v", "d", "batch", "gamma", "sqrtTau", "b", "theta", "x", "a", "res", "steps", "tau", "threshold"),
    "sgdDirect_f32w": ("state", "W", "v", "d", "batch", "gamma", "sqrtTau", "b", "theta", "x", "a", "res", "steps", "tau", "threshold"),
    "sgdSpectral": ("state", "d", "batch", "gamma", "lambda", "sqrtPStar", "w", "z", "res", "steps", "threshold"),
    "volterraSetGamma": ("ws", "n", "gamma", "batch", "full"),
    "volterraKernelNorm": ("ws", "n"),
    "volterraMaxAbsA": ("ws", "n"),
    "volterraPowerSum": ("ws", "n", "which", "r"),
    "solveM": ("v", "d", "tau", "zr", "zi", "mr", "mi", "out"),
    "floorF0": ("v", "tau", "c2", "kappa"),
    "gammaFn": ("x",),
    "powFn": ("x", "y"),
    "forcingSum": ("alpha", "beta", "rho", "jmax"),
    "mathLog": ("x",),
    "mathExp": ("x",),
    "jobFree": ("job",),
    "jobKind": ("job",),
    "jobStatus": ("job",),
    "jobProgress": ("job",),
    "measureBegin": ("method", "alpha", "beta", "d", "v", "batch", "gamma", "force", "slope", "panelWidth", "nodesPerPanel", "capNodes", "leftFactor", "right", "startRe", "startIm", "tailSums"),
    "measureStep": ("job", "budget"),
    "measureFromSpectrum": ("d", "v", "lambda", "rho", "pStar", "p0"),
    "measureSize": ("job",),
    "measureWorkspace": ("job",),
    "measureValue": ("job", "which"),
    "measureSlopeProfile": ("job", "table", "horizon", "floor"),
    "measureSlopeAt": ("job", "x"),
    "capacityFloor": ("alpha", "beta", "d", "v"),
    "densityBegin": ("alpha", "beta", "d", "v", "xs", "nx", "eps"),
    "densityStep": ("job", "budget"),
    "densityResults": ("job",),
    "densityFailedPoint": ("job",),
    "recursionBegin": ("measureWs", "n", "F0", "gamma", "batch", "unitSteps", "blockFraction", "blockOrder", "tolerance", "threshold", "checkpoints", "nCheckpoints", "schedule", "scheduleLen"),
    "recursionFork": ("prefix", "threshold", "checkpoints", "nCheckpoints"),
    "recursionStep": ("job", "budget"),
    "recursionLoss": ("job",),
    "recursionCount": ("job",),
    "recursionDivergedAt": ("job",),
    "recursionKernelNorm": ("job",),
    "recursionMaxAbsG": ("job",),
    "logCheckpoints": ("steps", "points", "out"),
    "meanStderr": ("runs", "nRuns", "nPoints", "kept", "outMean", "outStderr"),
    "rngFillIndices": ("state", "n", "out", "count"),
    "rngvSeed": ("state", "seedValue", "stream"),
    "rngvFillNormal": ("state", "out", "n"),
    "rngvFillRaw": ("state", "out", "groups"),
    "frontBegin": ("data", "length", "curves", "approach", "windowLo", "windowHi", "parabolaPoints", "density", "resamples", "seed"),
    "frontStep": ("job", "budget"),
    "frontXi": ("job",),
    "frontEta": ("job",),
    "frontInterval": ("job", "which"),
    "frontCiFlags": ("job",),
    "frontCiMethod": ("job",),
    "frontSamples": ("job",),
    "frontFailed": ("job",),
    "frontWindow": ("job", "end"),
    "frontInterior": ("job", "end"),
    "frontPoints": ("job",),
    "frontPointCount": ("job",),
    "frontSlopes": ("job",),
    "frontSlopeCount": ("job",),
    "frontErrorKind": ("job",),
    "frontErrorFlops": ("job",),
    "quantile": ("x", "tmp", "n", "q"),
    "phaseClassify": ("alpha", "beta", "out"),
    "phaseExponents": ("phase", "alpha", "beta", "out"),
    "danaDecayExponents": ("alpha", "beta", "out"),
    "asymptoticTerms": ("alpha", "beta", "d", "v", "batch", "gamma", "r", "F0", "out"),
    "problemBegin": ("alpha", "beta", "d", "v", "seed", "stream", "storage"),
    "problemStep": ("job", "budget"),
    "problemW": ("job",),
    "problemTau": ("job",),
    "problemB": ("job",),
    "problemSqrtTau": ("job",),
    "problemP0": ("job",),
    "spectrumBegin": ("problem",),
    "spectrumStep": ("job", "budget"),
    "spectrumLambda": ("job",),
    "spectrumRho": ("job",),
    "spectrumProjections": ("job",),
    "spectrumPStar": ("job",),
    "spectrumP0": ("job",),
    "spectrumTraceK": ("job",),
    "spectrumEigenCode": ("job",),
    "stability": ("lambda", "n", "gamma", "batch", "out"),
    "ensembleBegin": ("engine", "storage", "alpha", "beta", "d", "v", "batch", "gamma", "seeds", "seed", "wSeed", "force", "checkpoints", "nCheckpoints"),
    "ensembleStep": ("job", "budget"),
    "ensembleFinish": ("job",),
    "ensembleRunsDone": ("job",),
    "ensembleLosses": ("job",),
    "ensembleMean": ("job",),
    "ensembleStderr": ("job",),
    "ensembleKept": ("job",),
    "ensembleDivergedAt": ("job",),
    "ensembleLimit": ("job",),
    "ensembleSpectra": ("job",),
    "ensembleUnstableRun": ("job",),
    "ensembleModeFactor": ("job",),
    "ensembleKernelNorm": ("job",),
    "ensembleEigenCode": ("job",),
    "interpolateLogLog": ("flops", "loss", "n", "f"),
    "momentumDirect": ("state", "W", "v", "d", "batch", "table", "t0", "sqrtTau", "b", "theta", "y", "x", "a", "res", "steps", "tau", "threshold"),
    "momentumDirect_f32w": ("state", "W", "v", "d", "batch", "table", "t0", "sqrtTau", "b", "theta", "y", "x", "a", "res", "steps", "tau", "threshold"),
    "momentumSpectral": ("state", "d", "batch", "table", "t0", "lambda", "sqrtPStar", "w", "y", "z", "res", "steps", "threshold"),
    "momentumBegin": ("measureWs", "n", "F0", "batch", "table", "tableLen", "threshold", "checkpoints", "nCheckpoints", "unitSteps", "blockFraction", "blockTolerance"),
    "momentumStep": ("job", "budget"),
    "momentumLoss": ("job",),
    "momentumCount": ("job",),
    "momentumBlocks": ("job",),
    "momentumDivergedAt": ("job",),
    "momentumKernelNorm": ("job", "which"),
    "momentumGrowth": ("job",),
    "momentumGrowthAt": ("job", "which"),
    "momentumContourSlope": ("table", "horizon", "cap"),
    "momentumEigenHook": ("mode", "which"),
    "momentumAllowedSlope": ("table", "batch", "horizon", "x", "lo", "hi", "tol"),
    "ensembleSetOptimizer": ("job", "table", "tableLen"),
}

DOCS = {
    "alloc": "Allocate `bytes` bytes (16-byte aligned, TLSF); 0 if the request cannot be met (at most MAX_BLOCK_BYTES).",
    "free": "Release a block from alloc (0 is ignored).",
    "rngSeed": "Initialise a 32-byte xoshiro256** state for the stream (seed, stream); both integers in [0, 2^53) held in f64.",
    "rngFillNormal": "n standard normals (256-layer ziggurat) into out; advances the state.",
    "rngFillUniform": "n uniforms in [0, 1) with 53 random bits into out; advances the state.",
    "rngFillRaw": "n raw 64-bit outputs as (low, high) u32 pairs into out[0..2n), for cross-host hashing.",
    "dot": "sum_k x_k y_k, k < n.",
    "axpy": "y += a x (n entries).",
    "gemvT": "y = W^T x for W row-major v x d (x: v, y: d).",
    "gemmT": "Y = X W for B rows (X: B x v, Y: B x d) in one pass over W; bit-identical to gemvT per row.",
    "gemvT_f32w": "gemvT with W stored as f32 (arithmetic in f64).",
    "gemmT_f32w": "gemmT with W stored as f32 (arithmetic in f64).",
    "sumCompensated": "Neumaier-compensated sum of x[0..n).",
    "eigSym": "Symmetric eigen-decomposition of Z (n x n): eigenvalues to d (decreasing), eigenvectors in the rows of Z if wantVectors, h (optional) overwritten with U^T h; work: n doubles; 0 or -(1 + l) on no convergence.",
    "fillSpectrum": "tau_j = j^(-2 alpha), b_j = j^(-beta), sqrtTau_j = j^(-alpha) for j = 1..v.",
    "sampleW": "W[0..v d) with N(0, 1/d) entries, row by row from the generator at state.",
    "populationLoss": "Population loss ||D^(1/2)(W theta - b)||^2 (no factor 1/2); work: v doubles.",
    "traceK": "tr K = tr W^T D W; work: v doubles.",
    "traceD": "tr D = sum_(j<=v) j^(-2 alpha), compensated.",
    "formK": "K = W^T D W (d x d, full, row-major) in one call.",
    "formKRows": "Add rows [j0, j1) of W to the upper triangle of K (start from K = 0; finish with formKMirror).",
    "formKMirror": "Copy the upper triangle of K (d x d) to the lower one.",
    "crossCov": "h = W^T D b (d entries); work: v doubles.",
    "sampleW_f32w": "W as f32: the draws of sampleW, each rounded to the nearest f32; work: d doubles.",
    "populationLoss_f32w": "populationLoss with f32 W.",
    "traceK_f32w": "traceK with f32 W.",
    "formKRows_f32w": "formKRows with f32 W.",
    "crossCov_f32w": "crossCov with f32 W.",
    "sgdDirect": "`steps` direct SGD steps (summed batch gradient) drawing from the four-lane state (RNGV_STATE_BYTES, rngvSeed; the B v normals of a step in one fill); scratch x (B v), a (B d), res (B); stops when the loss exceeds threshold > 0; returns the steps done.",
    "sgdDirect_f32w": "sgdDirect with f32 W.",
    "sgdSpectral": "`steps` spectral SGD steps on whitened errors w (d) drawing from the four-lane state (RNGV_STATE_BYTES, rngvSeed; per step one fill of B (d + 1) normals: z, then the label noise); scratch z (B (d + 1)), res (B); threshold as in sgdDirect; returns the steps done.",
    "volterraSetGamma": "Derive the per-gamma arrays (delta, a, kappa; with full != 0 also the logarithms block steps need).",
    "volterraKernelNorm": "sum_r K(r) of the recursion kernel (stable iff < 1; needs volterraSetGamma).",
    "volterraMaxAbsA": "max_n |a_n| (stable iff < 1; needs volterraSetGamma).",
    "volterraPowerSum": "Re sum_n w_n a_n^r for the weights at workspace array `which` (WS_PHI_RE: F(r) - F0; WS_KAPPA_RE: K(r)); needs full gamma arrays.",
    "solveM": "Newton for m(z) at z = zr + i zi from (mr, mi): the iteration count (> 0), or -1 without convergence; the root is written to out[0] (re) and out[1] (im).",
    "floorF0": "Capacity floor F0 = sum_j c2_j kappa / (tau_j + kappa) of the deterministic equivalent, compensated.",
    "gammaFn": "Gamma(x) (Lanczos, g = 7, 9 terms; reflection below 1/2).",
    "powFn": "x^y with the Wasm pow (the same bits in every host).",
    "forcingSum": "sum_(j<=jmax) j^(-2 alpha - 2 beta) exp(-rho j^(-2 alpha)), compensated.",
    "mathLog": "Natural logarithm with the same bits in every host.",
    "mathExp": "Exponential with the same bits in every host.",
    "jobFree": "Free a job and every block it owns (0 is ignored).",
    "jobKind": "The JOB_KIND_* of a live job; 0 after jobFree.",
    "jobStatus": "The last status the job's step returned (STATUS_MORE, STATUS_DONE or ERR_*).",
    "jobProgress": "Fraction of the job's work done, in [0, 1].",
    "measureBegin": "Begin a spectral measure job: method MEASURE_DETERMINISTIC (contour atoms of the deterministic equivalent; needs v > d) or MEASURE_SURROGATE (Table-1 atoms), with the contour options (right = NaN: the default rule); 0 if memory is short.",
    "measureStep": "Advance a measure job by `budget` units (stages: spectrum, P(0), kappa, F0, contour size, then walk, m(z) node by node, atoms, self-checks); STATUS_MORE, STATUS_DONE or ERR_* (see measureValue for the diagnostics).",
    "measureFromSpectrum": "A finished measure job of the finite method from one sampled spectrum: atoms max(0, lambda_i), forcing masses rho_i, kernel masses lambda_i^2, F0 = pStar (arrays of d doubles, copied); 0 if memory is short.",
    "measureSize": "Number of atoms n (0 until the contour size is known; then final).",
    "measureWorkspace": "The measure's workspace (WS_ARRAYS n doubles, volterra.ts layout: z, phi, nu as (re, im) array pairs in arrays 0..5, the rest per-gamma and scratch), 0 before it exists.",
    "measureValue": "A result or diagnostic of a measure job: `which` is one of MV_* (NaN for an unknown index).",
    "measureSlopeProfile": "Give a deterministic measure job (before its first step) the ray slope profile of an optimizer (docs/model.md §10; table OPT_TABLE_LEN f64, copied) for steps up to horizon: 0.9 of the largest slope with no growth at each x, valley-shaped in x, in [floor, the job's slope]; 0, ERR_ARGUMENT (floor not in (0, 1), horizon not finite and >= 0, or an invalid table), ERR_STATE or ERR_MEMORY.",
    "measureSlopeAt": "The ray's slope at x of a deterministic measure job (its profile, or the constant slope); NaN before the contour's size is known.",
    "capacityFloor": "The deterministic capacity floor F0 = sum_j c_j^2 kappa / (tau_j + kappa), kappa solving sum_j tau_j / (tau_j + kappa) = d, from scratch (tau_j = j^(-2 alpha), c_j^2 = (tau_j b_j) b_j); 0 when v <= d; -1 if memory is short.",
    "densityBegin": "Begin the densities of the deterministic equivalent for alpha, beta, d and v (v >= d) at the nx points xs (> 0; copied) with z = x (1 + i eps).",
    "densityStep": "Advance by `budget` points (the first call also forms tau, b and c2_j = (tau_j b_j) b_j).",
    "densityResults": "The densities (2 nx doubles, job-owned): eigenvalue densities at xs, then forcing densities.",
    "densityFailedPoint": "Index of the point where the job failed (-1 if none).",
    "recursionBegin": "Begin the mode recursion (the expected loss curve) on a copy of the measure in measureWs (n atoms): learning rate gamma (peak of the schedule table), batch B (summed), exact unit steps to unitSteps, then blocks of order blockOrder near blockFraction r (with a tolerance > 0, second order and a constant rate: unit steps at least to unitSteps, then blocks chosen by the local error control, at most blockFraction r), stopping after a P above threshold; checkpoints and schedule (SCHEDULE_LEN f64) are copied; 0 if memory is short.",
    "recursionFork": "A recursion job continuing prefix (constant schedule, finished at its last checkpoint r0 without diverging) from its state at r0, with its own threshold and checkpoints (increasing integers > r0, copied): the losses of one job run from 0; 0 if memory is short.",
    "recursionStep": "Advance a recursion job by about `budget` atom-steps (at least one step): STATUS_MORE, STATUS_DONE (also after a divergence), ERR_MEMORY, ERR_ARGUMENT or ERR_STATE.",
    "recursionLoss": "Loss per checkpoint (f64, E P(r) without 1/2); the first recursionCount(job) entries are set.",
    "recursionCount": "Checkpoints done (losses recorded); after a divergence, those before the divergence step.",
    "recursionDivergedAt": "The step r at which P first passed the threshold (or was NaN), or -1 if none (yet).",
    "recursionKernelNorm": "||K|| = sum_r K(r) at the job's gamma and B (stable needs < 1).",
    "recursionMaxAbsG": "max_n |g(z_n)| at the job's gamma and B (stable needs <= 1; rounds to 1 for the smallest atoms).",
    "logCheckpoints": "About `points` integer checkpoints log-spaced in r from 0 to `steps`: 0, `steps` and min(steps, round(exp(log(steps) i / (points - 2)))) for i < points - 1 (none when points = 2), rounded half up, sorted and without repeats.",
    "meanStderr": "For each of the first `kept` columns i of `runs` (nRuns x nPoints f64, row-major, kept <= nPoints): outMean[i] = the mean over the runs and outStderr[i] = its standard error sqrt(M2 / (nRuns - 1) / nRuns) (0 with one run or none), by Welford's update in run order.",
    "rngFillIndices": "`count` indices in [0, n) as i32 into out: floor(u n) for uniforms u with 53 random bits (clamped to n - 1 against rounding; bias below n 2^-53).",
    "rngvSeed": "Initialise a RNGV_STATE_BYTES four-lane state for the stream (seed, stream): lane 0 is the scalar stream, lanes 1-3 and the retry stream start 1-4 xoshiro256 jumps (2^128 steps each) further.",
    "rngvFillNormal": "n standard normals from the four-lane state into out: value k is draw floor(k/4) of lane k mod 4 (1024-layer ziggurat, 52-bit uniforms, the layer from the low 10 bits; wedge and tail continuations from the retry stream, in order); every lane draws ceil(n/4).",
    "rngvFillRaw": "Raw 64-bit outputs of the four lanes into out[0..4 groups) (u64): value 4t + j is output t of lane j.",
    "frontBegin": "Begin a compute-optimal front job over packed curves (per curve: d, count, flops[count], loss[count], nRuns, runs[nRuns x count]; curves in increasing d): approach 0, 1 or 2, window (NaN: where the minimiser is interior), parabola points 3 or 5, grid density per decade, bootstrap resamples, seed; 0 if memory is short.",
    "frontStep": "Advance a front job by `budget` units (the main fit, one bootstrap resample, or all sub-window fits each count one): STATUS_MORE, STATUS_DONE, ERR_NOT_INTERIOR, ERR_NOT_CONVEX (see frontErrorKind), ERR_ARGUMENT, ERR_MEMORY or ERR_STATE.",
    "frontXi": "Fitted xi (d* ~ f^xi) of the finished job.",
    "frontEta": "Fitted eta (P* ~ f^(-eta)) of the finished job.",
    "frontInterval": "The raw 95% percentile intervals: which = 0 xi low, 1 xi high, 2 eta low, 3 eta high.",
    "frontCiFlags": "FRONT_CI_* bits: 1 too few fits, 2 xi interval excludes xi, 4 eta interval excludes eta.",
    "frontCiMethod": "1: bootstrap over runs; 0: sub-windows.",
    "frontSamples": "Successful fits in the interval's sample (resamples or sub-windows).",
    "frontFailed": "Bootstrap resamples whose fit failed (skipped).",
    "frontWindow": "The fit window in flops: end 0 low, 1 high.",
    "frontInterior": "The interior range in flops (end 0 low, 1 high); NaN when the minimiser is never interior.",
    "frontPoints": "Front points: f64 triples (flops, loss, d), frontPointCount of them.",
    "frontPointCount": "Number of front points.",
    "frontSlopes": "Local slopes (Approach 0): f64 triples (flops, eta = -d log P* / d log f, xi = d log d* / d log f).",
    "frontSlopeCount": "Number of local slopes.",
    "frontErrorKind": "FRONT_ERR_* of the failed step (0 if none).",
    "frontErrorFlops": "Flops at which FRONT_ERR_EDGE or FRONT_ERR_CONCAVE happened (NaN otherwise).",
    "quantile": "The q-quantile of the n values at x by linear interpolation between order statistics, NaN values ignored (x is reordered; tmp: n doubles of scratch).",
    "phaseClassify": "Classify (alpha, beta) (validated by the host) into the phases of Table 2: returns a PHASE_* code (-1 on an internal inconsistency); out gets xi, eta (NaN for none), onBoundary (0/1) and a bitmask of the neighbouring phases (bit k for code k + 1, bit 7 for none).",
    "phaseExponents": "The Table-2 exponents of a phase code at (alpha, beta): out[0] = xi, out[1] = eta (NaN for PHASE_NONE).",
    "danaDecayExponents": "plrf's predicted compute-optimal exponents of DANA-decay (docs/model.md §10): returns the phase code (as phaseClassify); out gets kappa = 2 - 1/(2 alpha), xi, eta (NaN outside Ia, II, III), then SGD's Table-2 xi, eta (NaN for none).",
    "asymptoticTerms": "The Table-1 terms at step r into out (6 f64): out[0] rho = 2 gamma B r; out[1] F_pp = (1/(2a)) Gamma(b/a - 1/(2a) + 1) rho^(-(1 + b/a) + 1/(2a)); out[2] F_ac = (sum_(j<=v) j^(-2b)) (1/(2a)) Gamma(1 - 1/(2a)) rho^(-1 + 1/(2a)) / d when 2b > 1 and 2a > 1, else 0; out[3] K_pp = gamma^2 B (1/(2a)) Gamma(2 - 1/(2a)) rho^(-2 + 1/(2a)) when 4a > 1, else 0 (no such term); out[4] the estimate F0 + F_pp + F_ac + K_pp/(gamma B) (the paper's eq.",
    "problemBegin": "Begin sampling a PLRF problem: alpha > 0, beta with alpha + beta > 1/2 (validated by the host), d >= 1, v >= d, W from stream (seed, stream) (integers in [0, 2^53) held in f64), storage 0 (W as f64) or 1 (W as f32: each f64 draw rounded to the nearest f32).",
    "problemStep": "Draw rows of W for about `budget` work units (WORK_UNIT = 1000 flop-equivalents; a normal draw counts SAMPLE_COST = 60), at least one row.",
    "problemW": "W (v x d, row-major; f64, or f32 with storage 1): a pointer into the job's memory.",
    "problemTau": "tau_j = j^(-2 alpha), j = 1..v (v doubles in the job's memory).",
    "problemB": "b_j = j^(-beta), j = 1..v (v doubles).",
    "problemSqrtTau": "sqrt(tau_j) = j^(-alpha), j = 1..v (v doubles).",
    "problemP0": "P(0) = ||D^(1/2) b||^2 = sum_j (tau_j b_j) b_j, compensated (no factor 1/2).",
    "spectrumBegin": "Begin the spectrum of a finished problem job (problemStep returned 1).",
    "spectrumStep": "Advance for about `budget` work units (WORK_UNIT = 1000 flop-equivalents; a row of K counts d^2, the eigensolver's step i 12 i^2, a QL step 30 d).",
    "spectrumLambda": "Eigenvalues lambda_1 >= lambda_2 >= ... >= lambda_d of K = W^T D W (d doubles in the job's memory).",
    "spectrumRho": "Forcing masses rho_i = g_i^2 / lambda_i (0 where lambda_i <= 0), d doubles.",
    "spectrumProjections": "Projections g_i = <U_i, W^T D b> (signed), d doubles.",
    "spectrumPStar": "P* = max(0, P(0) - sum_i rho_i) (compensated sum; no factor 1/2).",
    "spectrumP0": "P(0) of the problem.",
    "spectrumTraceK": "tr K = sum_i lambda_i (in index order).",
    "spectrumEigenCode": "After ERR_EIGEN: 1 + the index of the eigenvalue whose QL iteration did not converge.",
    "stability": "Stability of SGD at learning rate gamma and batch B (an integer held in f64) on the n eigenvalues at `lambda` (docs/model.md §3): writes out[0] = max_i gamma (B+1) max(0, lambda_i) (must be < 2) and out[1] = ||K|| = gamma sum_i l_i / (2 - gamma (B+1) l_i) (must be < 1; +Infinity if a mode is unstable).",
    "ensembleBegin": "Begin an ensemble of `seeds` one-pass SGD runs (engine ENGINE_SPECTRAL or ENGINE_DIRECT, storage STORAGE_F64 or STORAGE_F32, summed batch B, learning rate gamma): run k draws W from stream (seed, 2k) (or every run the W of (wSeed, 0) when wSeed >= 0) and its data from (seed, 2k+1); force runs an unstable gamma (stopping at 10^6 P(0)); checkpoints are copied; 0 if memory is short.",
    "ensembleStep": "Advance the ensemble for about `budget` work units (WORK_UNIT = 1000 flop-equivalents: a normal draw 60, a row of K d^2, the eigensolver's step i 12 i^2 (a QL step 30 d), a spectral step B (30 d + 30), a direct step B (2 v d + 30 v)), at least one piece.",
    "ensembleFinish": "Mean and standard error over the runs finished so far (all of them once ensembleStep returned 1; after an abort, the finished ones), checkpoint by checkpoint before the first divergence: Welford in run order (delta = x - m; m += delta / (k + 1); m2 += delta (x - m); stderr = sqrt(m2 / (n - 1) / n), 0 with one run), the kept count (checkpoints r < the first divergence step), and the limit sum_k (P*_k / (1 - ||K||_k)) / n in run order (NaN if some ||K||_k >= 1).",
    "ensembleRunsDone": "Runs finished (run k = 0..runs-1).",
    "ensembleLosses": "Losses P(theta_r) per run: seeds x nCheckpoints doubles, run k at offset k nCheckpoints (NaN after a divergence).",
    "ensembleMean": "Mean loss over the counted runs at the first ensembleKept() checkpoints (after ensembleFinish).",
    "ensembleStderr": "Standard error of that mean (0 with one run).",
    "ensembleKept": "Checkpoints before the first divergence of a counted run (all with none).",
    "ensembleDivergedAt": "First step at which a finished run's loss passed 10^6 P(0), or -1 if none did.",
    "ensembleLimit": "Mean over the counted runs of P* / (1 - ||K||); NaN if some ||K|| >= 1 (the limit is infinite).",
    "ensembleSpectra": "Per run (seeds x 3 doubles): P*, ||K||, max gamma (B+1) lambda of its W, for the runs checked so far.",
    "ensembleUnstableRun": "First run whose gamma failed the stability check and ran because force was set; -1 if none.",
    "ensembleModeFactor": "max gamma (B+1) lambda of the last checked run (after ERR_UNSTABLE: the failing run).",
    "ensembleKernelNorm": "||K|| of the last checked run (after ERR_UNSTABLE: the failing run).",
    "ensembleEigenCode": "After ERR_EIGEN: 1 + the index of the eigenvalue whose QL iteration did not converge.",
    "interpolateLogLog": "A curve's value at flops f by log-log linear interpolation between its checkpoints (flops increasing, n of them at `flops` and `loss`; entries with flops <= 0 are skipped): the interpolation the front uses, for hosts that draw IsoFLOP slices.",
    "momentumDirect": "`steps` direct steps of momentum SGD / DANA (docs/model.md §10) from step t0 with the optimizer table (OPT_TABLE_LEN f64), momentum y (d); otherwise as sgdDirect; gamma1 = gamma3 = 0 gives sgdDirect's values bit for bit.",
    "momentumDirect_f32w": "momentumDirect with f32 W.",
    "momentumSpectral": "`steps` spectral steps of momentum SGD / DANA from step t0: whitened errors w and whitened momentum y (d each); otherwise as sgdSpectral; gamma1 = gamma3 = 0 gives sgdSpectral's values bit for bit.",
    "momentumBegin": "Begin the exact second-moment recursion of momentum SGD / DANA (docs/model.md §10) on a copy of the measure in measureWs (n atoms) with the optimizer table (OPT_TABLE_LEN f64), batch B (summed), stopping after a P above threshold; checkpoints copied; exact unit steps to unitSteps, then second-order blocks of the power of two at or below f r steps (map frozen at the block's midpoint, quasi-static forcing, P quadratic through three nodes), f = blockFraction, or with blockTolerance > 0 doubled (up to 1/8) or halved (down to blockFraction) once per octave of r by a trial of one block against two; checkpoints that blocks step over are interpolated; 0 if memory is short.",
    "momentumStep": "Advance a momentum recursion by about `budget` atom-steps (at least one exact step): STATUS_MORE, STATUS_DONE (also after a divergence), ERR_GROWTH (the one-step map grows on an atom), ERR_ARGUMENT or ERR_STATE.",
    "momentumLoss": "Loss per checkpoint (f64, E P(r) without 1/2); the first momentumCount(job) entries are set.",
    "momentumCount": "Checkpoints done (losses recorded).",
    "momentumBlocks": "Blocks taken so far (the error control's trial blocks not counted).",
    "momentumDivergedAt": "The step at which P first passed the threshold (or was NaN), or -1 if none.",
    "momentumKernelNorm": "Frozen-time kernel norm Re sum_n [(I - A_n)^(-1) f_n]_U: which = 0 at t = 0, 1 at the last checkpoint (stable needs < 1).",
    "momentumGrowth": "The largest spectral radius of the one-step map minus 1 found so far (at t = 0, at the last checkpoint and at the checked steps); stable needs <= MOMENTUM_GROWTH_TOL.",
    "momentumGrowthAt": "After ERR_GROWTH: which = 0 the step, 1 the atom index at which the map grew; -1 otherwise.",
    "momentumContourSlope": "The deterministic contour's ray slope on which the optimizer's one-step map does not grow up to step horizon (docs/model.md §10): 0.9 min over t <= horizon of 2 sqrt(c Delta / (gamma1 gamma3)), at most cap (cap where gamma1 gamma3 = 0).",
    "momentumEigenHook": "Test hook of the blocks' eigen path (docs/model.md §10): mode 0 forces the matrix path on complex atoms, 1 the eigen path (default), >= 2 the eigen path with that bound on the eigenvectors' condition number, -1 leaves it; returns which = 0 the atom-blocks on the eigen path, 1 those that fell back (2: the fallbacks, then both counters reset).",
    "momentumAllowedSlope": "The largest slope s in [lo, hi] (0.3% in log s) with growth <= tol of the one-step map at z = x (1 + i s) at t = 0 and 16 log-spaced steps per decade up to horizon (docs/model.md §10); Infinity if none grows at hi, 0 if it grows at lo.",
    "ensembleSetOptimizer": "Run an ensemble (after ensembleBegin, before its first step) with momentum SGD / DANA from the optimizer table (OPT_TABLE_LEN f64, copied) instead of SGD; 0, ERR_ARGUMENT, ERR_MEMORY or ERR_STATE.",
}

STORAGE_F64 = 0  # problemBegin/ensembleBegin storage: W as float64.
STORAGE_F32 = 1  # problemBegin/ensembleBegin storage: W rounded entrywise to float32 (arithmetic in float64).
ENGINE_SPECTRAL = 0  # Engines: the spectral one (O(d B) per step) and the direct one (O(v d B) per step).
ENGINE_DIRECT = 1  # ENGINE_DIRECT
RNGV_STATE_BYTES = 160  # Bytes of a four-lane generator state (rngvSeed): the four lanes word-major, then the retry stream.
PHASE_NONE = 0  # PHASE_NONE
PHASE_IA = 1  # PHASE_IA
PHASE_IB = 2  # PHASE_IB
PHASE_IC = 3  # PHASE_IC
PHASE_II = 4  # PHASE_II
PHASE_III = 5  # PHASE_III
PHASE_IVA = 6  # PHASE_IVA
PHASE_IVB = 7  # PHASE_IVB
BOUNDARY_TOLERANCE = 1e-9  # Distance under which a point counts as on a boundary.
FRONT_STREAM = 440006569588  # Stream id of the front bootstrap's generator: stream (seed, FRONT_STREAM) of rng.ts ("front" in ASCII).
FRONT_MIN_SAMPLES = 10  # Fewest successful resamples (or sub-windows) for an interval.
FRONT_CI_FEW = 1  # frontCiFlags bits: too few successful fits for any interval.
FRONT_CI_XI_OUTSIDE = 2  # frontCiFlags bits: the xi interval does not contain the estimate.
FRONT_CI_ETA_OUTSIDE = 4  # frontCiFlags bits: the eta interval does not contain the estimate.
FRONT_ERR_NO_INTERIOR = 1  # frontErrorKind: no grid point has an interior minimiser (and no window was given); ERR_NOT_INTERIOR.
FRONT_ERR_EDGE = 2  # frontErrorKind: an IsoFLOP minimum at the edge of the d grid at frontErrorFlops; ERR_NOT_INTERIOR.
FRONT_ERR_FEW_POINTS = 3  # frontErrorKind: the window holds fewer than 3 front points; ERR_NOT_INTERIOR.
FRONT_ERR_CONCAVE = 4  # frontErrorKind: an IsoFLOP parabola with non-positive curvature at frontErrorFlops; ERR_NOT_CONVEX.
FRONT_ERR_INPUT = 5  # frontErrorKind: the packed curves are malformed or have no positive flops range; ERR_ARGUMENT.
SCHEDULE_CONSTANT = 0  # SCHEDULE_CONSTANT
SCHEDULE_POWER = 1  # SCHEDULE_POWER
SCHEDULE_COSINE = 2  # SCHEDULE_COSINE
SCHEDULE_WSD = 3  # SCHEDULE_WSD
SCHEDULE_LEN = 5  # SCHEDULE_LEN
STATUS_MORE = 0  # Status of a job step: more work to do.
STATUS_DONE = 1  # Status of a job step: finished; the results are ready.
ERR_MEMORY = -1  # A Wasm allocation failed (the memory limit is reached).
ERR_CONTINUATION = -2  # Newton continuation of m(z) failed on the contour.
ERR_BRANCH = -3  # m(z) landed on a non-physical branch.
ERR_MASS_CHECK = -4  # The contour's mass self-check failed.
ERR_UNSTABLE = -5  # The learning rate is unstable (and the job was not forced).
ERR_EIGEN = -6  # The eigensolver did not converge.
ERR_ARGUMENT = -7  # An argument the host should have validated is out of range.
ERR_NOT_INTERIOR = -8  # Front: the compute-optimal d is at the edge of the d grid inside the window.
ERR_NOT_CONVEX = -9  # Front: an IsoFLOP profile has non-positive curvature inside the window.
ERR_STATE = -10  # The job pointer is not a live job of the expected kind.
JOB_KIND_MEASURE = 1  # Job kind: spectral measure.
JOB_KIND_RECURSION = 2  # Job kind: Volterra mode recursion (loss curve).
JOB_KIND_ENSEMBLE = 3  # Job kind: SGD ensemble.
JOB_KIND_FRONT = 4  # Job kind: compute-optimal front.
MEASURE_DETERMINISTIC = 0  # measureBegin method: the deterministic equivalent on a contour.
MEASURE_FINITE = 1  # The finite measure of a sampled W (measureFromSpectrum; not a measureBegin method).
MEASURE_SURROGATE = 2  # measureBegin method: the Table-1 surrogate.
MV_F0 = 0  # F0, the atom at zero (capacity floor; P* for a finite measure).
MV_P0 = 1  # P(0) = ||c||^2 = sum_j tau_j b_j^2.
MV_MASS_EIGEN = 2  # Enclosed eigenvalue mass of the contour (deterministic; should be d).
MV_MASS_FORCING = 3  # Enclosed forcing mass of the contour (deterministic; should be P(0) - F0).
MV_LEFT = 4  # Left end x_L of the contour.
MV_RIGHT = 5  # Right end x_R of the contour.
MV_GAMMA_MAX = 6  # gamma (B+1): the largest value the contour was built for (deterministic).
MV_FAILED_NODE = 7  # * The failing node: ERR_CONTINUATION: -2 Newton at the far starting point, -1 the walk down to the right cap, k >= 0 contour node k; ERR_BRANCH: -1 the starting point, k >= 0 node k.
MV_STABLE_RIGHT = 8  # 1.8 / (gamma (B+1)), the end of the stability region.
MV_EIGEN_ERROR = 9  # |massEigen - d| / d.
MV_FORCING_ERROR = 10  # |massForcing - (P(0) - F0)| / (P(0) - F0).
MV_FORCING_TARGET = 11  # P(0) - F0, the forcing mass the contour should enclose.
MV_UNSTABLE_KIND = 12  # ERR_UNSTABLE: MEASURE_UNSTABLE_EDGE or MEASURE_UNSTABLE_CUT.
MV_ALLOC_DOUBLES = 13  # ERR_MEMORY: doubles of the block that could not be allocated.
MV_KAPPA = 14  # kappa with sum_j tau_j/(tau_j + kappa) = d (0 when v = d).
MV_TRACE_D = 15  # tr D = sum_j tau_j (compensated; deterministic).
MV_NODES_SOLVED = 16  # Contour nodes solved so far (progress of the solve stage).
MV_COUNT = 17  # Number of measureValue indices.
MEASURE_UNSTABLE_EDGE = 1  # ERR_UNSTABLE detail: the right end is not above 1.01 x_L (the stability region ends below the spectrum).
MEASURE_UNSTABLE_CUT = 2  # ERR_UNSTABLE detail: the default right end 1.8/(gamma (B+1)) encloses fewer than d (1 - 1e-6) eigenvalues.
JOB_KIND_MOMENTUM = 8  # Job kind: the second-moment recursion of momentum SGD / DANA (loss curve).
ERR_GROWTH = -11  # The one-step map of the momentum recursion grows (spectral radius above 1 + MOMENTUM_GROWTH_TOL) on an atom.
MOMENTUM_GROWTH_TOL = 1e-12  # Largest spectral radius minus 1 of the momentum one-step map accepted on an atom.
OPT_TABLE_LEN = 12  # f64 entries of an optimizer table: for OPT_GAMMA1, OPT_GAMMA2, OPT_GAMMA3, OPT_DELTA the triple [value, scale, power] at 3k, coefficient(t) = value (1 + t/scale)^(-power).
OPT_GAMMA1 = 0  # Optimizer table index of gamma1 (momentum gain).
OPT_GAMMA2 = 1  # Optimizer table index of gamma2 (gradient step).
OPT_GAMMA3 = 2  # Optimizer table index of gamma3 (momentum step).
OPT_DELTA = 3  # Optimizer table index of Delta (momentum decay, at most 1).
JOB_KIND_DENSITY = 5  # Job kind: real-axis spectral densities of the deterministic equivalent.
JOB_KIND_PROBLEM = 6  # Job kind: a sampled PLRF problem (W drawn row block by row block).
JOB_KIND_SPECTRUM = 7  # Job kind: the spectrum of K = W^T D W of a sampled problem.
WORK_UNIT = 1000  # Work budget unit of the problem, spectrum and ensemble jobs: about this many floating-point operations.
JOB_HEADER_BYTES = 32  # Bytes of the job header (layout jobHeader); the kind's state slots follow it.
WS_ARRAYS = 24  # Arrays of n doubles in a recursion workspace (layout volterraWorkspace).
EIG_STATE_SLOTS = 12  # f64 slots of an eigBegin/eigStep state block (layout eigState).
CONTOUR_STATE_SLOTS = 12  # f64 slots of a contour state block (layout contourState).
MAX_BLOCK_BYTES = 1073741760  # Largest block alloc hands out: 2^30 - 64 bytes (TLSF limit).
MAX_MEMORY_BYTES = 2147483648  # Memory limit of the module: 2^31 bytes (MAX_MEMORY_PAGES pages of 64 KiB).
INITIAL_MEMORY_PAGES = 32  # Initial memory in 64 KiB pages (2 MiB).
MAX_MEMORY_PAGES = 32768  # Maximum memory in 64 KiB pages.
JOB_AT_KIND = 0  # jobHeader byte offset: JOB_KIND_* of a live job; 0 once freed.
JOB_AT_STATUS = 4  # jobHeader byte offset: Last status step returned.
JOB_AT_PROGRESS = 8  # jobHeader byte offset: Fraction of the work done, in [0, 1].
JOB_AT_OWNED = 16  # jobHeader byte offset: Number of blocks the job owns.
JOB_AT_CAPACITY = 20  # jobHeader byte offset: Room in the owned-block list.
JOB_AT_OWNED_LIST = 24  # jobHeader byte offset: Pointer to the list of owned blocks (CAPACITY pointers).
WS_Z_RE = 0  # volterraWorkspace array: Re z_n, the atoms' positions (measure, gamma-free).
WS_Z_IM = 1  # volterraWorkspace array: Im z_n.
WS_PHI_RE = 2  # volterraWorkspace array: Re phi_n, forcing weights (measure).
WS_PHI_IM = 3  # volterraWorkspace array: Im phi_n.
WS_NU_RE = 4  # volterraWorkspace array: Re nu_n, kernel weights (measure).
WS_NU_IM = 5  # volterraWorkspace array: Im nu_n.
WS_DELTA_RE = 6  # volterraWorkspace array: Re delta_n = 2 gamma B z - gamma^2 B (B+1) z^2 (volterraSetGamma).
WS_DELTA_IM = 7  # volterraWorkspace array: Im delta_n.
WS_A_RE = 8  # volterraWorkspace array: Re a_n = 1 - delta_n.
WS_A_IM = 9  # volterraWorkspace array: Im a_n.
WS_KAPPA_RE = 10  # volterraWorkspace array: Re kappa_n = gamma^2 B nu_n.
WS_KAPPA_IM = 11  # volterraWorkspace array: Im kappa_n.
WS_LG_RE = 12  # volterraWorkspace array: Re log(1 - delta_n) (volterraSetGamma with full).
WS_LG_IM = 13  # volterraWorkspace array: Im log(1 - delta_n).
WS_Q_RE = 14  # volterraWorkspace array: Re log(1 - delta_n) + delta_n (with full).
WS_Q_IM = 15  # volterraWorkspace array: Im log(1 - delta_n) + delta_n.
WS_U_RE = 16  # volterraWorkspace array: Re U_n(r), the recursion state.
WS_U_IM = 17  # volterraWorkspace array: Im U_n(r).
WS_SCRATCH = 18  # volterraWorkspace array: First of the scratch arrays 18..21 (contour construction).
WS_M_RE = 22  # volterraWorkspace array: Re m(z_n) during contour construction (scratch).
WS_M_IM = 23  # volterraWorkspace array: Im m(z_n) during contour construction (scratch).
EIG_ST_PHASE = 0  # eigState slot: Phase of the decomposition (reduction, QL, done).
EIG_ST_INDEX = 1  # eigState slot: Row or eigenvalue index within the phase.
EIG_ST_N = 2  # eigState slot: Matrix order n.
EIG_ST_Z = 3  # eigState slot: Pointer to Z.
EIG_ST_D = 4  # eigState slot: Pointer to the eigenvalues d.
EIG_ST_E = 5  # eigState slot: Pointer to the work array (off-diagonal).
EIG_ST_H = 6  # eigState slot: Pointer to h (0 if none).
EIG_ST_VEC = 7  # eigState slot: wantVectors.
EIG_ST_HCOPY = 8  # eigState slot: Pointer to a temporary copy of h (0 if none).
EIG_ST_F = 9  # eigState slot: QL shift accumulator.
EIG_ST_TST1 = 10  # eigState slot: QL convergence scale.
EIG_ST_HBUF = 11  # eigState slot: Pointer to a caller-owned block of n doubles for the copy of h (0: the decomposition allocates its own).
CONTOUR_ST_POS = 0  # contourState slot: Nodes solved so far; -1 while walking to the corner.
CONTOUR_ST_PR = 1  # contourState slot: Re z of the current point.
CONTOUR_ST_PI = 2  # contourState slot: Im z of the current point.
CONTOUR_ST_MR = 3  # contourState slot: Re m at the current point.
CONTOUR_ST_MI = 4  # contourState slot: Im m at the current point.
CONTOUR_ST_CR = 5  # contourState slot: Re m at the corner (top of the right cap).
CONTOUR_ST_CI = 6  # contourState slot: Im m at the corner.
CONTOUR_ST_ME = 7  # contourState slot: Enclosed eigenvalue mass.
CONTOUR_ST_MF = 8  # contourState slot: Enclosed forcing mass.
CONTOUR_ST_FAIL = 9  # contourState slot: Node where continuation failed.
CONTOUR_ST_TOP = 10  # contourState slot: Im z at the top of the right cap.
CONTOUR_ST_XR = 11  # contourState slot: xR, the right end of the contour.

ERRORS = {
    -1: {"code": "MEMORY", "message": "a Wasm allocation failed (the memory limit is reached)"},  # ERR_MEMORY
    -2: {"code": "NOT_CONVERGED", "message": "continuation of m(z) failed on the contour"},  # ERR_CONTINUATION
    -3: {"code": "NOT_CONVERGED", "message": "m(z) landed on a non-physical branch"},  # ERR_BRANCH
    -4: {"code": "NOT_CONVERGED", "message": "the contour self-check failed"},  # ERR_MASS_CHECK
    -5: {"code": "UNSTABLE", "message": "the learning rate is unstable"},  # ERR_UNSTABLE
    -6: {"code": "NOT_CONVERGED", "message": "the eigensolver did not converge"},  # ERR_EIGEN
    -7: {"code": "INTERNAL", "message": "an argument reached the core out of range"},  # ERR_ARGUMENT
    -8: {"code": "NOT_INTERIOR", "message": "the compute-optimal minimum is at the edge of the d grid"},  # ERR_NOT_INTERIOR
    -9: {"code": "NOT_CONVEX", "message": "an IsoFLOP profile has non-positive curvature"},  # ERR_NOT_CONVEX
    -10: {"code": "INTERNAL", "message": "not a live job of the expected kind"},  # ERR_STATE
    -11: {"code": "UNSTABLE", "message": "the one-step momentum map grows on the spectral measure (spectral radius above 1 + 1e-12)"},  # ERR_GROWTH
}

LAYOUTS = {
    "jobHeader": {
        "doc": "The header at the start of every job block; the kind's state follows at JOB_HEADER_BYTES.",
        "unit": "byte",
        "size": 32,
        "fields": [
            {"name": "KIND", "offset": 0, "type": "i32", "doc": "JOB_KIND_* of a live job; 0 once freed."},
            {"name": "STATUS", "offset": 4, "type": "i32", "doc": "Last status step returned."},
            {"name": "PROGRESS", "offset": 8, "type": "f64", "doc": "Fraction of the work done, in [0, 1]."},
            {"name": "OWNED", "offset": 16, "type": "i32", "doc": "Number of blocks the job owns."},
            {"name": "CAPACITY", "offset": 20, "type": "i32", "doc": "Room in the owned-block list."},
            {"name": "OWNED_LIST", "offset": 24, "type": "i32", "doc": "Pointer to the list of owned blocks (CAPACITY pointers)."},
        ],
    },
    "volterraWorkspace": {
        "doc": "A recursion workspace of n atoms: WS_ARRAYS arrays of n doubles (structure of arrays; array k at byte 8 k n).",
        "unit": "array",
        "size": 24,
        "fields": [
            {"name": "Z_RE", "index": 0, "type": "f64", "doc": "Re z_n, the atoms' positions (measure, gamma-free)."},
            {"name": "Z_IM", "index": 1, "type": "f64", "doc": "Im z_n."},
            {"name": "PHI_RE", "index": 2, "type": "f64", "doc": "Re phi_n, forcing weights (measure)."},
            {"name": "PHI_IM", "index": 3, "type": "f64", "doc": "Im phi_n."},
            {"name": "NU_RE", "index": 4, "type": "f64", "doc": "Re nu_n, kernel weights (measure)."},
            {"name": "NU_IM", "index": 5, "type": "f64", "doc": "Im nu_n."},
            {"name": "DELTA_RE", "index": 6, "type": "f64", "doc": "Re delta_n = 2 gamma B z - gamma^2 B (B+1) z^2 (volterraSetGamma)."},
            {"name": "DELTA_IM", "index": 7, "type": "f64", "doc": "Im delta_n."},
            {"name": "A_RE", "index": 8, "type": "f64", "doc": "Re a_n = 1 - delta_n."},
            {"name": "A_IM", "index": 9, "type": "f64", "doc": "Im a_n."},
            {"name": "KAPPA_RE", "index": 10, "type": "f64", "doc": "Re kappa_n = gamma^2 B nu_n."},
            {"name": "KAPPA_IM", "index": 11, "type": "f64", "doc": "Im kappa_n."},
            {"name": "LG_RE", "index": 12, "type": "f64", "doc": "Re log(1 - delta_n) (volterraSetGamma with full)."},
            {"name": "LG_IM", "index": 13, "type": "f64", "doc": "Im log(1 - delta_n)."},
            {"name": "Q_RE", "index": 14, "type": "f64", "doc": "Re log(1 - delta_n) + delta_n (with full)."},
            {"name": "Q_IM", "index": 15, "type": "f64", "doc": "Im log(1 - delta_n) + delta_n."},
            {"name": "U_RE", "index": 16, "type": "f64", "doc": "Re U_n(r), the recursion state."},
            {"name": "U_IM", "index": 17, "type": "f64", "doc": "Im U_n(r)."},
            {"name": "SCRATCH", "index": 18, "type": "f64", "doc": "First of the scratch arrays 18..21 (contour construction)."},
            {"name": "M_RE", "index": 22, "type": "f64", "doc": "Re m(z_n) during contour construction (scratch)."},
            {"name": "M_IM", "index": 23, "type": "f64", "doc": "Im m(z_n) during contour construction (scratch)."},
        ],
    },
    "eigState": {
        "doc": "State block of a resumable eigen-decomposition (eigBegin/eigStep): EIG_STATE_SLOTS f64 slots.",
        "unit": "slot",
        "size": 12,
        "fields": [
            {"name": "PHASE", "index": 0, "type": "f64", "doc": "Phase of the decomposition (reduction, QL, done)."},
            {"name": "INDEX", "index": 1, "type": "f64", "doc": "Row or eigenvalue index within the phase."},
            {"name": "N", "index": 2, "type": "f64", "doc": "Matrix order n."},
            {"name": "Z", "index": 3, "type": "f64", "doc": "Pointer to Z."},
            {"name": "D", "index": 4, "type": "f64", "doc": "Pointer to the eigenvalues d."},
            {"name": "E", "index": 5, "type": "f64", "doc": "Pointer to the work array (off-diagonal)."},
            {"name": "H", "index": 6, "type": "f64", "doc": "Pointer to h (0 if none)."},
            {"name": "VEC", "index": 7, "type": "f64", "doc": "wantVectors."},
            {"name": "HCOPY", "index": 8, "type": "f64", "doc": "Pointer to a temporary copy of h (0 if none)."},
            {"name": "F", "index": 9, "type": "f64", "doc": "QL shift accumulator."},
            {"name": "TST1", "index": 10, "type": "f64", "doc": "QL convergence scale."},
            {"name": "HBUF", "index": 11, "type": "f64", "doc": "Pointer to a caller-owned block of n doubles for the copy of h (0: the decomposition allocates its own)."},
        ],
    },
    "contourState": {
        "doc": "State block of a resumable contour construction inside the measure job (assembly/contour.ts): CONTOUR_STATE_SLOTS f64 slots.",
        "unit": "slot",
        "size": 12,
        "fields": [
            {"name": "POS", "index": 0, "type": "f64", "doc": "Nodes solved so far; -1 while walking to the corner."},
            {"name": "PR", "index": 1, "type": "f64", "doc": "Re z of the current point."},
            {"name": "PI", "index": 2, "type": "f64", "doc": "Im z of the current point."},
            {"name": "MR", "index": 3, "type": "f64", "doc": "Re m at the current point."},
            {"name": "MI", "index": 4, "type": "f64", "doc": "Im m at the current point."},
            {"name": "CR", "index": 5, "type": "f64", "doc": "Re m at the corner (top of the right cap)."},
            {"name": "CI", "index": 6, "type": "f64", "doc": "Im m at the corner."},
            {"name": "ME", "index": 7, "type": "f64", "doc": "Enclosed eigenvalue mass."},
            {"name": "MF", "index": 8, "type": "f64", "doc": "Enclosed forcing mass."},
            {"name": "FAIL", "index": 9, "type": "f64", "doc": "Node where continuation failed."},
            {"name": "TOP", "index": 10, "type": "f64", "doc": "Im z at the top of the right cap."},
            {"name": "XR", "index": 11, "type": "f64", "doc": "xR, the right end of the contour."},
        ],
    },
}
