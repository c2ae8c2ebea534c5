// generated from abi/plrf.abi.json by scripts/gen-abi.mjs: do not edit
//
// The ABI's constants and state-layout offsets for the Wasm core (docs/abi.md).

/** problemBegin/ensembleBegin storage: W as float64. */
export const STORAGE_F64: i32 = 0;
/** problemBegin/ensembleBegin storage: W rounded entrywise to float32 (arithmetic in float64). */
export const STORAGE_F32: i32 = 1;
/** Engines: the spectral one (O(d B) per step) and the direct one (O(v d B) per step). */
export const ENGINE_SPECTRAL: i32 = 0;
/** ENGINE_DIRECT */
export const ENGINE_DIRECT: i32 = 1;
/** Bytes of a four-lane generator state (rngvSeed): the four lanes word-major, then the retry stream. */
export const RNGV_STATE_BYTES: i32 = 160;
/** PHASE_NONE */
export const PHASE_NONE: i32 = 0;
/** PHASE_IA */
export const PHASE_IA: i32 = 1;
/** PHASE_IB */
export const PHASE_IB: i32 = 2;
/** PHASE_IC */
export const PHASE_IC: i32 = 3;
/** PHASE_II */
export const PHASE_II: i32 = 4;
/** PHASE_III */
export const PHASE_III: i32 = 5;
/** PHASE_IVA */
export const PHASE_IVA: i32 = 6;
/** PHASE_IVB */
export const PHASE_IVB: i32 = 7;
/** Distance under which a point counts as on a boundary. */
export const BOUNDARY_TOLERANCE: f64 = 1e-9;
/** Stream id of the front bootstrap's generator: stream (seed, FRONT_STREAM) of rng.ts ("front" in ASCII). */
export const FRONT_STREAM: f64 = 440006569588.0;
/** Fewest successful resamples (or sub-windows) for an interval. */
export const FRONT_MIN_SAMPLES: i32 = 10;
/** frontCiFlags bits: too few successful fits for any interval. */
export const FRONT_CI_FEW: i32 = 1;
/** frontCiFlags bits: the xi interval does not contain the estimate. */
export const FRONT_CI_XI_OUTSIDE: i32 = 2;
/** frontCiFlags bits: the eta interval does not contain the estimate. */
export const FRONT_CI_ETA_OUTSIDE: i32 = 4;
/** frontErrorKind: no grid point has an interior minimiser (and no window was given); ERR_NOT_INTERIOR. */
export const FRONT_ERR_NO_INTERIOR: i32 = 1;
/** frontErrorKind: an IsoFLOP minimum at the edge of the d grid at frontErrorFlops; ERR_NOT_INTERIOR. */
export const FRONT_ERR_EDGE: i32 = 2;
/** frontErrorKind: the window holds fewer than 3 front points; ERR_NOT_INTERIOR. */
export const FRONT_ERR_FEW_POINTS: i32 = 3;
/** frontErrorKind: an IsoFLOP parabola with non-positive curvature at frontErrorFlops; ERR_NOT_CONVEX. */
export const FRONT_ERR_CONCAVE: i32 = 4;
/** frontErrorKind: the packed curves are malformed or have no positive flops range; ERR_ARGUMENT. */
export const FRONT_ERR_INPUT: i32 = 5;
/** SCHEDULE_CONSTANT */
export const SCHEDULE_CONSTANT: i32 = 0;
/** SCHEDULE_POWER */
export const SCHEDULE_POWER: i32 = 1;
/** SCHEDULE_COSINE */
export const SCHEDULE_COSINE: i32 = 2;
/** SCHEDULE_WSD */
export const SCHEDULE_WSD: i32 = 3;
/** SCHEDULE_LEN */
export const SCHEDULE_LEN: i32 = 5;
/** Status of a job step: more work to do. */
export const STATUS_MORE: i32 = 0;
/** Status of a job step: finished; the results are ready. */
export const STATUS_DONE: i32 = 1;
/** A Wasm allocation failed (the memory limit is reached). */
export const ERR_MEMORY: i32 = -1;
/** Newton continuation of m(z) failed on the contour. */
export const ERR_CONTINUATION: i32 = -2;
/** m(z) landed on a non-physical branch. */
export const ERR_BRANCH: i32 = -3;
/** The contour's mass self-check failed. */
export const ERR_MASS_CHECK: i32 = -4;
/** The learning rate is unstable (and the job was not forced). */
export const ERR_UNSTABLE: i32 = -5;
/** The eigensolver did not converge. */
export const ERR_EIGEN: i32 = -6;
/** An argument the host should have validated is out of range. */
export const ERR_ARGUMENT: i32 = -7;
/** Front: the compute-optimal d is at the edge of the d grid inside the window. */
export const ERR_NOT_INTERIOR: i32 = -8;
/** Front: an IsoFLOP profile has non-positive curvature inside the window. */
export const ERR_NOT_CONVEX: i32 = -9;
/** The job pointer is not a live job of the expected kind. */
export const ERR_STATE: i32 = -10;
/** Job kind: spectral measure. */
export const JOB_KIND_MEASURE: i32 = 1;
/** Job kind: Volterra mode recursion (loss curve). */
export const JOB_KIND_RECURSION: i32 = 2;
/** Job kind: SGD ensemble. */
export const JOB_KIND_ENSEMBLE: i32 = 3;
/** Job kind: compute-optimal front. */
export const JOB_KIND_FRONT: i32 = 4;
/** measureBegin method: the deterministic equivalent on a contour. */
export const MEASURE_DETERMINISTIC: i32 = 0;
/** The finite measure of a sampled W (measureFromSpectrum; not a measureBegin method). */
export const MEASURE_FINITE: i32 = 1;
/** measureBegin method: the Table-1 surrogate. */
export const MEASURE_SURROGATE: i32 = 2;
/** F0, the atom at zero (capacity floor; P* for a finite measure). */
export const MV_F0: i32 = 0;
/** P(0) = ||c||^2 = sum_j tau_j b_j^2. */
export const MV_P0: i32 = 1;
/** Enclosed eigenvalue mass of the contour (deterministic; should be d). */
export const MV_MASS_EIGEN: i32 = 2;
/** Enclosed forcing mass of the contour (deterministic; should be P(0) - F0). */
export const MV_MASS_FORCING: i32 = 3;
/** Left end x_L of the contour. */
export const MV_LEFT: i32 = 4;
/** Right end x_R of the contour. */
export const MV_RIGHT: i32 = 5;
/** gamma (B+1): the largest value the contour was built for (deterministic). */
export const MV_GAMMA_MAX: i32 = 6;
/**
 * * The failing node: ERR_CONTINUATION: -2 Newton at the far starting point, -1 the walk down to the right cap, k >= 0 contour node k;
 * ERR_BRANCH: -1 the starting point, k >= 0 node k.
 */
export const MV_FAILED_NODE: i32 = 7;
/** 1.8 / (gamma (B+1)), the end of the stability region. */
export const MV_STABLE_RIGHT: i32 = 8;
/** |massEigen - d| / d. */
export const MV_EIGEN_ERROR: i32 = 9;
/** |massForcing - (P(0) - F0)| / (P(0) - F0). */
export const MV_FORCING_ERROR: i32 = 10;
/** P(0) - F0, the forcing mass the contour should enclose. */
export const MV_FORCING_TARGET: i32 = 11;
/** ERR_UNSTABLE: MEASURE_UNSTABLE_EDGE or MEASURE_UNSTABLE_CUT. */
export const MV_UNSTABLE_KIND: i32 = 12;
/** ERR_MEMORY: doubles of the block that could not be allocated. */
export const MV_ALLOC_DOUBLES: i32 = 13;
/** kappa with sum_j tau_j/(tau_j + kappa) = d (0 when v = d). */
export const MV_KAPPA: i32 = 14;
/** tr D = sum_j tau_j (compensated; deterministic). */
export const MV_TRACE_D: i32 = 15;
/** Contour nodes solved so far (progress of the solve stage). */
export const MV_NODES_SOLVED: i32 = 16;
/** Number of measureValue indices. */
export const MV_COUNT: i32 = 17;
/** ERR_UNSTABLE detail: the right end is not above 1.01 x_L (the stability region ends below the spectrum). */
export const MEASURE_UNSTABLE_EDGE: i32 = 1;
/** ERR_UNSTABLE detail: the default right end 1.8/(gamma (B+1)) encloses fewer than d (1 - 1e-6) eigenvalues. */
export const MEASURE_UNSTABLE_CUT: i32 = 2;
/** Job kind: the second-moment recursion of momentum SGD / DANA (loss curve). */
export const JOB_KIND_MOMENTUM: i32 = 8;
/** The one-step map of the momentum recursion grows (spectral radius above 1 + MOMENTUM_GROWTH_TOL) on an atom. */
export const ERR_GROWTH: i32 = -11;
/** Largest spectral radius minus 1 of the momentum one-step map accepted on an atom. */
export const MOMENTUM_GROWTH_TOL: f64 = 1e-12;
/**
 * f64 entries of an optimizer table: for OPT_GAMMA1, OPT_GAMMA2, OPT_GAMMA3, OPT_DELTA the triple [value, scale, power] at 3k,
 * coefficient(t) = value (1 + t/scale)^(-power).
 */
export const OPT_TABLE_LEN: i32 = 12;
/** Optimizer table index of gamma1 (momentum gain). */
export const OPT_GAMMA1: i32 = 0;
/** Optimizer table index of gamma2 (gradient step). */
export const OPT_GAMMA2: i32 = 1;
/** Optimizer table index of gamma3 (momentum step). */
export const OPT_GAMMA3: i32 = 2;
/** Optimizer table index of Delta (momentum decay, at most 1). */
export const OPT_DELTA: i32 = 3;
/** Job kind: real-axis spectral densities of the deterministic equivalent. */
export const JOB_KIND_DENSITY: i32 = 5;
/** Job kind: a sampled PLRF problem (W drawn row block by row block). */
export const JOB_KIND_PROBLEM: i32 = 6;
/** Job kind: the spectrum of K = W^T D W of a sampled problem. */
export const JOB_KIND_SPECTRUM: i32 = 7;
/** Work budget unit of the problem, spectrum and ensemble jobs: about this many floating-point operations. */
export const WORK_UNIT: f64 = 1000.0;
/** Bytes of the job header (layout jobHeader); the kind's state slots follow it. */
export const JOB_HEADER_BYTES: i32 = 32;
/** Arrays of n doubles in a recursion workspace (layout volterraWorkspace). */
export const WS_ARRAYS: i32 = 24;
/** f64 slots of an eigBegin/eigStep state block (layout eigState). */
export const EIG_STATE_SLOTS: i32 = 12;
/** f64 slots of a contour state block (layout contourState). */
export const CONTOUR_STATE_SLOTS: i32 = 12;
/** Largest block alloc hands out: 2^30 - 64 bytes (TLSF limit). */
export const MAX_BLOCK_BYTES: i32 = 1073741760;
/** Memory limit of the module: 2^31 bytes (MAX_MEMORY_PAGES pages of 64 KiB). */
export const MAX_MEMORY_BYTES: f64 = 2147483648.0;
/** Initial memory in 64 KiB pages (2 MiB). */
export const INITIAL_MEMORY_PAGES: i32 = 32;
/** Maximum memory in 64 KiB pages. */
export const MAX_MEMORY_PAGES: i32 = 32768;
/** jobHeader byte offset: JOB_KIND_* of a live job; 0 once freed. */
export const JOB_AT_KIND: i32 = 0;
/** jobHeader byte offset: Last status step returned. */
export const JOB_AT_STATUS: i32 = 4;
/** jobHeader byte offset: Fraction of the work done, in [0, 1]. */
export const JOB_AT_PROGRESS: i32 = 8;
/** jobHeader byte offset: Number of blocks the job owns. */
export const JOB_AT_OWNED: i32 = 16;
/** jobHeader byte offset: Room in the owned-block list. */
export const JOB_AT_CAPACITY: i32 = 20;
/** jobHeader byte offset: Pointer to the list of owned blocks (CAPACITY pointers). */
export const JOB_AT_OWNED_LIST: i32 = 24;
/** volterraWorkspace array: Re z_n, the atoms' positions (measure, gamma-free). */
export const WS_Z_RE: i32 = 0;
/** volterraWorkspace array: Im z_n. */
export const WS_Z_IM: i32 = 1;
/** volterraWorkspace array: Re phi_n, forcing weights (measure). */
export const WS_PHI_RE: i32 = 2;
/** volterraWorkspace array: Im phi_n. */
export const WS_PHI_IM: i32 = 3;
/** volterraWorkspace array: Re nu_n, kernel weights (measure). */
export const WS_NU_RE: i32 = 4;
/** volterraWorkspace array: Im nu_n. */
export const WS_NU_IM: i32 = 5;
/** volterraWorkspace array: Re delta_n = 2 gamma B z - gamma^2 B (B+1) z^2 (volterraSetGamma). */
export const WS_DELTA_RE: i32 = 6;
/** volterraWorkspace array: Im delta_n. */
export const WS_DELTA_IM: i32 = 7;
/** volterraWorkspace array: Re a_n = 1 - delta_n. */
export const WS_A_RE: i32 = 8;
/** volterraWorkspace array: Im a_n. */
export const WS_A_IM: i32 = 9;
/** volterraWorkspace array: Re kappa_n = gamma^2 B nu_n. */
export const WS_KAPPA_RE: i32 = 10;
/** volterraWorkspace array: Im kappa_n. */
export const WS_KAPPA_IM: i32 = 11;
/** volterraWorkspace array: Re log(1 - delta_n) (volterraSetGamma with full). */
export const WS_LG_RE: i32 = 12;
/** volterraWorkspace array: Im log(1 - delta_n). */
export const WS_LG_IM: i32 = 13;
/** volterraWorkspace array: Re log(1 - delta_n) + delta_n (with full). */
export const WS_Q_RE: i32 = 14;
/** volterraWorkspace array: Im log(1 - delta_n) + delta_n. */
export const WS_Q_IM: i32 = 15;
/** volterraWorkspace array: Re U_n(r), the recursion state. */
export const WS_U_RE: i32 = 16;
/** volterraWorkspace array: Im U_n(r). */
export const WS_U_IM: i32 = 17;
/** volterraWorkspace array: First of the scratch arrays 18..21 (contour construction). */
export const WS_SCRATCH: i32 = 18;
/** volterraWorkspace array: Re m(z_n) during contour construction (scratch). */
export const WS_M_RE: i32 = 22;
/** volterraWorkspace array: Im m(z_n) during contour construction (scratch). */
export const WS_M_IM: i32 = 23;
/** eigState slot: Phase of the decomposition (reduction, QL, done). */
export const EIG_ST_PHASE: i32 = 0;
/** eigState slot: Row or eigenvalue index within the phase. */
export const EIG_ST_INDEX: i32 = 1;
/** eigState slot: Matrix order n. */
export const EIG_ST_N: i32 = 2;
/** eigState slot: Pointer to Z. */
export const EIG_ST_Z: i32 = 3;
/** eigState slot: Pointer to the eigenvalues d. */
export const EIG_ST_D: i32 = 4;
/** eigState slot: Pointer to the work array (off-diagonal). */
export const EIG_ST_E: i32 = 5;
/** eigState slot: Pointer to h (0 if none). */
export const EIG_ST_H: i32 = 6;
/** eigState slot: wantVectors. */
export const EIG_ST_VEC: i32 = 7;
/** eigState slot: Pointer to a temporary copy of h (0 if none). */
export const EIG_ST_HCOPY: i32 = 8;
/** eigState slot: QL shift accumulator. */
export const EIG_ST_F: i32 = 9;
/** eigState slot: QL convergence scale. */
export const EIG_ST_TST1: i32 = 10;
/** eigState slot: Pointer to a caller-owned block of n doubles for the copy of h (0: the decomposition allocates its own). */
export const EIG_ST_HBUF: i32 = 11;
/** contourState slot: Nodes solved so far; -1 while walking to the corner. */
export const CONTOUR_ST_POS: i32 = 0;
/** contourState slot: Re z of the current point. */
export const CONTOUR_ST_PR: i32 = 1;
/** contourState slot: Im z of the current point. */
export const CONTOUR_ST_PI: i32 = 2;
/** contourState slot: Re m at the current point. */
export const CONTOUR_ST_MR: i32 = 3;
/** contourState slot: Im m at the current point. */
export const CONTOUR_ST_MI: i32 = 4;
/** contourState slot: Re m at the corner (top of the right cap). */
export const CONTOUR_ST_CR: i32 = 5;
/** contourState slot: Im m at the corner. */
export const CONTOUR_ST_CI: i32 = 6;
/** contourState slot: Enclosed eigenvalue mass. */
export const CONTOUR_ST_ME: i32 = 7;
/** contourState slot: Enclosed forcing mass. */
export const CONTOUR_ST_MF: i32 = 8;
/** contourState slot: Node where continuation failed. */
export const CONTOUR_ST_FAIL: i32 = 9;
/** contourState slot: Im z at the top of the right cap. */
export const CONTOUR_ST_TOP: i32 = 10;
/** contourState slot: xR, the right end of the contour. */
export const CONTOUR_ST_XR: i32 = 11;
