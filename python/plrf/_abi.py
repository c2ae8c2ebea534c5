"""The ABI of the plrf Wasm core: every exported function with its parameter types and names,
the job status codes and their errors.

Provisional hand-written table for the exports of docs/abi.md; a generated file of the same format
will replace it. Nothing else in the package describes the ABI: read only these names.
"""

from typing import Dict, Optional, Tuple

# name -> ((parameter types), result type or None); types are "i32" or "f64".
EXPORTS: Dict[str, Tuple[Tuple[str, ...], Optional[str]]] = {
    'alloc': (('i32',), 'i32'),
    'axpy': (('f64', 'i32', 'i32', 'i32'), None),
    'contourAtoms': (('i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'), 'i32'),
    'contourBuild': (('i32', 'i32', 'i32', 'i32', 'f64', 'f64', 'f64', 'f64', 'i32', 'i32', 'i32', 'i32', 'i32', 'f64', 'f64', 'i32'), 'i32'),
    'contourPrepare': (('i32', 'i32', 'i32', 'f64', 'f64', 'f64', 'f64', 'i32', 'i32', 'i32', 'i32', 'i32', 'f64', 'f64', 'i32', 'i32'), 'i32'),
    'contourSize': (('f64', 'f64', 'f64', 'i32', 'i32'), 'i32'),
    'contourSolve': (('i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'), 'i32'),
    'contourStateValue': (('i32', 'i32'), 'f64'),
    'contourWalk': (('i32', 'i32', 'i32', 'i32', 'i32', 'i32'), 'i32'),
    'crossCov': (('i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'), None),
    'crossCov32': (('i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'), None),
    'densityAt': (('i32', 'i32', 'i32', 'i32', 'f64', 'f64', 'i32'), 'i32'),
    'dot': (('i32', 'i32', 'i32'), 'f64'),
    'effectiveKappa': (('i32', 'i32', 'i32'), 'f64'),
    'eigBegin': (('i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'), None),
    'eigStep': (('i32', 'i32'), 'i32'),
    'eigSym': (('i32', 'i32', 'i32', 'i32', 'i32', 'i32'), 'i32'),
    'fillSpectrum': (('i32', 'f64', 'f64', 'i32', 'i32', 'i32'), None),
    'floorF0': (('i32', 'i32', 'i32', 'f64'), 'f64'),
    'forcingSum': (('f64', 'f64', 'f64', 'f64'), 'f64'),
    'formK': (('i32', 'i32', 'i32', 'i32', 'i32'), None),
    'formKMirror': (('i32', 'i32'), None),
    'formKRows': (('i32', 'i32', 'i32', 'i32', 'i32', 'i32'), None),
    'formKRows32': (('i32', 'i32', 'i32', 'i32', 'i32', 'i32'), None),
    'free': (('i32',), None),
    'gammaFn': (('f64',), 'f64'),
    'gaussLegendre': (('i32', 'i32', 'i32'), None),
    'gemmT': (('i32', 'i32', 'i32', 'i32', 'i32', 'i32'), None),
    'gemmT32': (('i32', 'i32', 'i32', 'i32', 'i32', 'i32'), None),
    'gemvT': (('i32', 'i32', 'i32', 'i32', 'i32'), None),
    'gemvT32': (('i32', 'i32', 'i32', 'i32', 'i32'), None),
    'jobFree': (('i32',), None),
    'jobKind': (('i32',), 'i32'),
    'jobProgress': (('i32',), 'f64'),
    'jobStatus': (('i32',), 'i32'),
    'lastFailedNode': ((), 'i32'),
    'lastMIm': ((), 'f64'),
    'lastMRe': ((), 'f64'),
    'lastMassEigen': ((), 'f64'),
    'lastMassForcing': ((), 'f64'),
    'mathExp': (('f64',), 'f64'),
    'mathLog': (('f64',), 'f64'),
    'populationLoss': (('i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'), 'f64'),
    'populationLoss32': (('i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'), 'f64'),
    'powFn': (('f64', 'f64'), 'f64'),
    'rngFillNormal': (('i32', 'i32', 'i32'), None),
    'rngFillRaw': (('i32', 'i32', 'i32'), None),
    'rngFillUniform': (('i32', 'i32', 'i32'), None),
    'rngSeed': (('i32', 'f64', 'f64'), None),
    'sampleW': (('i32', 'i32', 'i32', 'i32'), None),
    'sampleW32': (('i32', 'i32', 'i32', 'i32', 'i32'), None),
    'sgdDirect': (('i32', 'i32', 'i32', 'i32', 'i32', 'f64', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'f64'), 'i32'),
    'sgdDirect32': (('i32', 'i32', 'i32', 'i32', 'i32', 'f64', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'f64'), 'i32'),
    'sgdSpectral': (('i32', 'i32', 'i32', 'f64', 'i32', 'f64', 'i32', 'i32', 'i32', 'i32', 'f64'), 'i32'),
    'solveM': (('i32', 'i32', 'i32', 'f64', 'f64', 'f64', 'f64'), 'i32'),
    'sumCompensated': (('i32', 'i32'), 'f64'),
    'tailTable': (('i32', 'i32', 'i32', 'i32'), 'i32'),
    'tailTableSize': (('i32',), 'i32'),
    'traceD': (('i32', 'f64'), 'f64'),
    'traceK': (('i32', 'i32', 'i32', 'i32', 'i32'), 'f64'),
    'traceK32': (('i32', 'i32', 'i32', 'i32', 'i32'), 'f64'),
    'volterraBlockApply': (('i32', 'i32', 'f64', 'f64', 'i32'), 'f64'),
    'volterraBlockPrepare': (('i32', 'i32', 'f64', 'i32'), None),
    'volterraBlockPrepare2': (('i32', 'i32', 'i32', 'f64', 'i32', 'i32'), None),
    'volterraBlockRun': (('i32', 'i32', 'f64', 'f64', 'i32', 'i32', 'f64'), 'f64'),
    'volterraBlockRun2': (('i32', 'i32', 'f64', 'f64', 'f64', 'i32', 'i32', 'f64'), 'f64'),
    'volterraBlockSums': (('i32', 'i32', 'i32', 'i32'), None),
    'volterraBlocksDone': ((), 'i32'),
    'volterraInit': (('i32', 'i32'), 'f64'),
    'volterraKernelNorm': (('i32', 'i32'), 'f64'),
    'volterraMaxAbsA': (('i32', 'i32'), 'f64'),
    'volterraPowerSum': (('i32', 'i32', 'i32', 'f64'), 'f64'),
    'volterraPrevP': ((), 'f64'),
    'volterraSetGamma': (('i32', 'i32', 'f64', 'f64', 'i32'), None),
    'volterraUnit': (('i32', 'i32', 'f64', 'f64', 'i32'), 'f64'),
}

# name -> parameter names (as in the AssemblyScript sources).
PARAM_NAMES: Dict[str, Tuple[str, ...]] = {
    'alloc': ('bytes',),
    'axpy': ('a', 'x', 'y', 'n'),
    'contourAtoms': ('v', 'd', 'tau', 'c2', 'ws', 'n', 'i0', 'i1', 'st', 'tail'),
    'contourBuild': ('v', 'd', 'tau', 'c2', 'xL', 'xR', 'slope', 'panelWidth', 'nodesPerPanel', 'capNodes', 'ws', 'n', 'work', 'startRe', 'startIm', 'tail'),
    'contourPrepare': ('v', 'd', 'tau', 'xL', 'xR', 'slope', 'panelWidth', 'nodesPerPanel', 'capNodes', 'ws', 'n', 'work', 'startRe', 'startIm', 'st', 'tail'),
    'contourSize': ('xL', 'xR', 'panelWidth', 'nodesPerPanel', 'capNodes'),
    'contourSolve': ('v', 'd', 'tau', 'ws', 'n', 'capNodes', 'st', 'count', 'tail'),
    'contourStateValue': ('st', 'which'),
    'contourWalk': ('v', 'd', 'tau', 'st', 'count', 'tail'),
    'crossCov': ('W', 'v', 'd', 'tau', 'b', 'h', 'work'),
    'crossCov32': ('W', 'v', 'd', 'tau', 'b', 'h', 'work'),
    'densityAt': ('v', 'd', 'tau', 'c2', 'x', 'eps', 'out'),
    'dot': ('x', 'y', 'n'),
    'effectiveKappa': ('v', 'd', 'tau'),
    'eigBegin': ('n', 'Z', 'd', 'work', 'h', 'wantVectors', 'st'),
    'eigStep': ('st', 'units'),
    'eigSym': ('n', 'Z', 'd', 'work', 'h', 'wantVectors'),
    'fillSpectrum': ('v', 'alpha', 'beta', 'tau', 'b', 'sqrtTau'),
    'floorF0': ('v', 'tau', 'c2', 'kappa'),
    'forcingSum': ('alpha', 'beta', 'rho', 'jmax'),
    'formK': ('W', 'v', 'd', 'tau', 'K'),
    'formKMirror': ('d', 'K'),
    'formKRows': ('W', 'j0', 'j1', 'd', 'tau', 'K'),
    'formKRows32': ('W', 'j0', 'j1', 'd', 'tau', 'K'),
    'free': ('ptr',),
    'gammaFn': ('x',),
    'gaussLegendre': ('n', 'x', 'w'),
    'gemmT': ('W', 'v', 'd', 'X', 'Y', 'B'),
    'gemmT32': ('W', 'v', 'd', 'X', 'Y', 'B'),
    'gemvT': ('W', 'v', 'd', 'x', 'y'),
    'gemvT32': ('W', 'v', 'd', 'x', 'y'),
    'jobFree': ('job',),
    'jobKind': ('job',),
    'jobProgress': ('job',),
    'jobStatus': ('job',),
    'lastFailedNode': (),
    'lastMIm': (),
    'lastMRe': (),
    'lastMassEigen': (),
    'lastMassForcing': (),
    'mathExp': ('x',),
    'mathLog': ('x',),
    'populationLoss': ('W', 'v', 'd', 'tau', 'b', 'theta', 'work'),
    'populationLoss32': ('W', 'v', 'd', 'tau', 'b', 'theta', 'work'),
    'powFn': ('x', 'y'),
    'rngFillNormal': ('state', 'out', 'n'),
    'rngFillRaw': ('state', 'out', 'n'),
    'rngFillUniform': ('state', 'out', 'n'),
    'rngSeed': ('state', 'seed', 'stream'),
    'sampleW': ('state', 'W', 'v', 'd'),
    'sampleW32': ('state', 'W', 'v', 'd', 'work'),
    'sgdDirect': ('state', 'W', 'v', 'd', 'batch', 'gamma', 'sqrtTau', 'b', 'theta', 'x', 'a', 'res', 'steps', 'tau', 'threshold'),
    'sgdDirect32': ('state', 'W', 'v', 'd', 'batch', 'gamma', 'sqrtTau', 'b', 'theta', 'x', 'a', 'res', 'steps', 'tau', 'threshold'),
    'sgdSpectral': ('state', 'd', 'batch', 'gamma', 'lambda', 'sqrtPStar', 'w', 'z', 'res', 'steps', 'threshold'),
    'solveM': ('v', 'd', 'tau', 'zr', 'zi', 'mr', 'mi'),
    'sumCompensated': ('x', 'n'),
    'tailTable': ('v', 'tau', 'c2', 'table'),
    'tailTableSize': ('v',),
    'traceD': ('v', 'alpha'),
    'traceK': ('W', 'v', 'd', 'tau', 'work'),
    'traceK32': ('W', 'v', 'd', 'tau', 'work'),
    'volterraBlockApply': ('ws', 'n', 'F0', 'P', 'coef'),
    'volterraBlockPrepare': ('ws', 'n', 'L', 'coef'),
    'volterraBlockPrepare2': ('ws', 'n', 'p', 'rho', 'sums', 'coef'),
    'volterraBlockRun': ('ws', 'n', 'F0', 'P', 'coef', 'count', 'threshold'),
    'volterraBlockRun2': ('ws', 'n', 'F0', 'Pm', 'P', 'coef', 'count', 'threshold'),
    'volterraBlockSums': ('ws', 'n', 'levels', 'out'),
    'volterraBlocksDone': (),
    'volterraInit': ('ws', 'n'),
    'volterraKernelNorm': ('ws', 'n'),
    'volterraMaxAbsA': ('ws', 'n'),
    'volterraPowerSum': ('ws', 'n', 'which', 'r'),
    'volterraPrevP': (),
    'volterraSetGamma': ('ws', 'n', 'gamma', 'batch', 'full'),
    'volterraUnit': ('ws', 'n', 'F0', 'P', 'steps'),
}
# Status of a job's step() (assembly/job.ts).
STATUS_MORE = 0
STATUS_DONE = 1
ERR_MEMORY = -1
ERR_CONTINUATION = -2
ERR_BRANCH = -3
ERR_MASS_CHECK = -4
ERR_UNSTABLE = -5
ERR_EIGEN = -6
ERR_ARGUMENT = -7
ERR_NOT_INTERIOR = -8
ERR_NOT_CONVEX = -9
ERR_STATE = -10

# Job kinds (assembly/job.ts).
JOB_KIND_MEASURE = 1
JOB_KIND_RECURSION = 2
JOB_KIND_ENSEMBLE = 3
JOB_KIND_FRONT = 4

# Negative step() status -> (PlrfError code, default message), as JOB_ERRORS in src/core/job.ts.
ERRORS: Dict[int, Tuple[str, str]] = {
    ERR_MEMORY: ('MEMORY', 'a Wasm allocation failed (the memory limit is reached)'),
    ERR_CONTINUATION: ('NOT_CONVERGED', 'continuation of m(z) failed on the contour'),
    ERR_BRANCH: ('NOT_CONVERGED', 'm(z) landed on a non-physical branch'),
    ERR_MASS_CHECK: ('NOT_CONVERGED', 'the contour self-check failed'),
    ERR_UNSTABLE: ('UNSTABLE', 'the learning rate is unstable'),
    ERR_EIGEN: ('NOT_CONVERGED', 'the eigensolver did not converge'),
    ERR_ARGUMENT: ('INTERNAL', 'an argument reached the core out of range'),
    ERR_NOT_INTERIOR: ('NOT_INTERIOR', 'the compute-optimal minimum is at the edge of the d grid'),
    ERR_NOT_CONVEX: ('NOT_CONVEX', 'an IsoFLOP profile has non-positive curvature'),
    ERR_STATE: ('INTERNAL', 'not a live job of the expected kind'),
}

# Job kind -> {state slot index: meaning}; no job kind is exported yet.
LAYOUTS: Dict[str, Dict[int, str]] = {}
