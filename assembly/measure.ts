// The spectral measure (docs/model.md §4-5) as a resumable job: atoms z_n, gamma-free forcing masses
// phi_n and kernel masses nu_n in a recursion workspace (volterra.ts layout: 24 arrays of n
// doubles, the measure in arrays 0..5), plus the atom F0 at zero.
//
// Producers:
//   deterministic (MEASURE_DETERMINISTIC): complex atoms on a contour around the spectrum of the
//     deterministic equivalent m(z) (resolvent.ts, contour.ts), with the mass self-checks;
//   surrogate (MEASURE_SURROGATE): atoms tau_j (j <= d), phi_j = c_j^2 + (c_beta/d) tau_j,
//     nu_j = tau_j^2, F0 exact;
//   finite (measureFromSpectrum): atoms max(0, lambda_i) of one sampled K, phi_i = rho_i,
//     nu_i = lambda_i^2, F0 = P*.
// tau_j = j^(-2 alpha), b_j = j^(-beta), c_j^2 = tau_j b_j^2, P(0) = sum_j c_j^2; losses without 1/2.
//
// A deterministic job runs in stages, each a pass over v (or a piece of the contour): spectrum,
// c2 and P(0), kappa, F0, the contour's ends and size, then (in the next call, after the host has
// checked its memory budget against measureSize) the workspace, tail table and starting point, the
// walk down to the right cap, m(z) node by node, the atoms node by node, and the self-checks.
// Its whole state is in the job block (slots S_*) and in blocks it owns.
import {
  jobNew, jobDisown, jobIs, jobFree, jobReturn, jobSetProgress, getF, setF, getI, setI, getP, setP,
  STATUS_MORE, STATUS_DONE, ERR_MEMORY, ERR_CONTINUATION, ERR_BRANCH, ERR_MASS_CHECK, ERR_UNSTABLE, ERR_ARGUMENT, ERR_STATE,
  JOB_KIND_MEASURE,
} from "./job";
import {
  MEASURE_DETERMINISTIC, MEASURE_FINITE, MEASURE_SURROGATE, MV_F0, MV_P0, MV_MASS_EIGEN, MV_MASS_FORCING, MV_LEFT, MV_RIGHT,
  MV_GAMMA_MAX, MV_FAILED_NODE, MV_STABLE_RIGHT, MV_EIGEN_ERROR, MV_FORCING_ERROR, MV_FORCING_TARGET, MV_UNSTABLE_KIND,
  MV_KAPPA, MV_TRACE_D, MV_NODES_SOLVED, MV_COUNT, MEASURE_UNSTABLE_EDGE, MEASURE_UNSTABLE_CUT, CONTOUR_STATE_SLOTS,
  OPT_TABLE_LEN,
} from "./abi";
import { sumCompensated } from "./blas";
import { fillSpectrum, traceD } from "./problem";
import { effectiveKappa, floorF0 } from "./capacity";
import { tailTableSize, tailTable } from "./resolvent-sums";
import { contourSize, contourPrepare, contourWalk, contourSolve, contourAtoms, contourStateValue } from "./contour";
import { profileSegments, profileBuild, profileSlopeAt, profileSlopes } from "./contour-profile";
import { WS_Z_RE, WS_PHI_RE, WS_NU_RE } from "./volterra";
import { optValid } from "./momentum-coef";
import {
  S_METHOD, S_D, S_V, S_BATCH, S_GAMMA, S_FORCE, S_SLOPE, S_PANEL, S_NPP, S_CAP,
  S_LEFT_FACTOR, S_RIGHT_ARG, S_START_RE, S_START_IM, S_TAIL_SUMS, S_ALPHA, S_BETA, S_STAGE, S_TAU, S_B, S_SQ, S_C2, S_TAIL,
  S_WORK, S_ST, S_WS, S_N, S_ATOM, S_TABLE, S_HORIZON, S_FLOOR, S_KNOTS, S_SEGMENTS, G_SPECTRUM, G_P0, G_KAPPA, G_F0, G_SIZE,
  G_PREPARE, G_WALK, G_SOLVE, G_ATOMS, G_DONE, MEASURE_SLOTS, at, val, setVal, own, ownWorkspace,
} from "./measure-state";

/**
 * Begin a spectral measure of `method` (MEASURE_DETERMINISTIC or MEASURE_SURROGATE) for alpha,
 * beta, d and v (the deterministic method needs v > d). Deterministic only: batch B and gamma set
 * the default right end min(3 (1 + tr D/d), 1.8/(gamma (B+1))) of the contour (force = 1: always
 * the first, above the whole spectrum); slope s of the ray z = x (1 + i s), panelWidth (in log x),
 * nodesPerPanel and capNodes (Gauss-Legendre nodes), leftFactor (x_L = leftFactor tau_v (sqrt(v/d) - 1)^2),
 * right (x_R; NaN = the default rule), (startRe, startIm) Newton's start at the far point,
 * tailSums (1: series for the small tau_j from a tail table; 0: direct sums). The host validates
 * the arguments. Returns the job (kind JOB_KIND_MEASURE), or 0 if the v-length arrays do not fit.
 */
export function measureBegin(
  method: i32, alpha: f64, beta: f64, d: i32, v: i32, batch: f64, gamma: f64, force: i32, slope: f64, panelWidth: f64,
  nodesPerPanel: i32, capNodes: i32, leftFactor: f64, right: f64, startRe: f64, startIm: f64, tailSums: i32,
): usize {
  const job = jobNew(JOB_KIND_MEASURE, <usize>MEASURE_SLOTS << 3, 14);
  if (job == 0) return 0;
  setI(job, S_METHOD, method);
  setF(job, S_ALPHA, alpha); setF(job, S_BETA, beta);
  setI(job, S_D, d); setI(job, S_V, v);
  setF(job, S_BATCH, batch); setF(job, S_GAMMA, gamma); setI(job, S_FORCE, force);
  setF(job, S_SLOPE, slope); setF(job, S_PANEL, panelWidth);
  setI(job, S_NPP, nodesPerPanel); setI(job, S_CAP, capNodes);
  setF(job, S_LEFT_FACTOR, leftFactor); setF(job, S_RIGHT_ARG, right);
  setF(job, S_START_RE, startRe); setF(job, S_START_IM, startIm);
  setI(job, S_TAIL_SUMS, tailSums);
  setI(job, S_STAGE, G_SPECTRUM);
  setVal(job, MV_FAILED_NODE, -1);
  setVal(job, MV_GAMMA_MAX, NaN);
  const tau = own(job, v), b = own(job, v), sq = own(job, v), c2 = own(job, v);
  if (tau == 0 || b == 0 || sq == 0 || c2 == 0) {
    jobFree(job);
    return 0;
  }
  setP(job, S_TAU, tau); setP(job, S_B, b); setP(job, S_SQ, sq); setP(job, S_C2, c2);
  return job;
}

function release(job: usize, slot: i32): void {
  const p = getP(job, slot);
  if (p != 0) {
    jobDisown(job, p);
    setP(job, slot, 0);
  }
}

/** Release the v-length blocks (and the contour's scratch) once the atoms are final. */
function releaseInputs(job: usize): void {
  release(job, S_TAU); release(job, S_B); release(job, S_SQ); release(job, S_C2);
  release(job, S_TAIL); release(job, S_WORK); release(job, S_ST); release(job, S_TABLE);
}

/**
 * Give a deterministic job (before its first step) the ray slope profile of an optimizer (table:
 * OPT_TABLE_LEN f64, copied) for steps up to horizon, in [floor, the job's slope] (contour-profile.ts,
 * docs/model.md §10). Returns 0, ERR_ARGUMENT (floor not in (0, 1), horizon not finite and >= 0, or an
 * invalid table), ERR_STATE or ERR_MEMORY.
 */
export function measureSlopeProfile(job: usize, table: usize, horizon: f64, floor: f64): i32 {
  if (!jobIs(job, JOB_KIND_MEASURE) || getI(job, S_METHOD) != MEASURE_DETERMINISTIC) return ERR_STATE;
  if (getI(job, S_STAGE) != G_SPECTRUM || getP(job, S_TABLE) != 0) return ERR_STATE;
  // A floor at or near 0 would make the panel count overflow: the hosts pass 0.01.
  if (!(floor > 0 && floor < 1) || !(horizon >= 0 && horizon < Infinity) || !optValid(table)) return ERR_ARGUMENT;
  const copy = own(job, OPT_TABLE_LEN);
  if (copy == 0) return ERR_MEMORY;
  memory.copy(copy, table, <usize>OPT_TABLE_LEN << 3);
  setP(job, S_TABLE, copy);
  setF(job, S_HORIZON, horizon); setF(job, S_FLOOR, floor);
  return 0;
}

/** The ray's slope at x of a deterministic measure (the profile's, or the constant slope); NaN before the contour's size is known. */
export function measureSlopeAt(job: usize, x: f64): f64 {
  if (!jobIs(job, JOB_KIND_MEASURE) || getI(job, S_METHOD) != MEASURE_DETERMINISTIC || getI(job, S_N) == 0) return NaN;
  const segments = getI(job, S_SEGMENTS), knots = getP(job, S_KNOTS);
  if (segments == 0) return getF(job, S_SLOPE);
  return profileSlopeAt(knots, profileSlopes(knots, segments), segments, x);
}

/**
 * Advance a measure job by about `budget` units (at least 1): one v-pass stage per call before the
 * contour; in the walk, `budget` halvings of Im z; in the solve and atoms stages, `budget` contour
 * nodes. How the work is split never changes the results. Always
 * returns after the stage that fixes the contour size (measureSize), so that the host may check
 * its memory budget before the workspace is allocated. Returns STATUS_MORE, STATUS_DONE or a
 * negative status: ERR_MEMORY, ERR_ARGUMENT (right <= x_L; see MV_LEFT), ERR_UNSTABLE
 * (MV_UNSTABLE_KIND), ERR_CONTINUATION or ERR_BRANCH (MV_FAILED_NODE), ERR_MASS_CHECK (MV_MASS_*,
 * MV_*_ERROR), ERR_STATE (not a live measure job, or already failed).
 */
export function measureStep(job: usize, budget: i32): i32 {
  if (!jobIs(job, JOB_KIND_MEASURE)) return ERR_STATE;
  const last = load<i32>(job + 4);
  if (last < 0) return last;
  const stage = getI(job, S_STAGE);
  if (stage == G_DONE) return jobReturn(job, STATUS_DONE);
  const status = measureStage(job, stage, max(1, budget));
  return jobReturn(job, status);
}

function measureStage(job: usize, stage: i32, budget: i32): i32 {
  const method = getI(job, S_METHOD);
  const d = getI(job, S_D), v = getI(job, S_V);
  const tau = getP(job, S_TAU), b = getP(job, S_B), c2 = getP(job, S_C2);
  if (stage == G_SPECTRUM) {
    fillSpectrum(v, getF(job, S_ALPHA), getF(job, S_BETA), tau, b, getP(job, S_SQ));
    setI(job, S_STAGE, G_P0);
    return STATUS_MORE;
  }
  if (stage == G_P0) {
    setVal(job, MV_P0, initialLoss(v, tau, b, c2));
    setI(job, S_STAGE, G_KAPPA);
    return STATUS_MORE;
  }
  if (stage == G_KAPPA) {
    setVal(job, MV_KAPPA, v > d ? effectiveKappa(v, d, tau) : 0.0);
    setI(job, S_STAGE, G_F0);
    return STATUS_MORE;
  }
  if (stage == G_F0) {
    setVal(job, MV_F0, v > d ? floorF0(v, tau, c2, val(job, MV_KAPPA)) : 0.0);
    setI(job, S_STAGE, G_SIZE);
    return STATUS_MORE;
  }
  if (method == MEASURE_SURROGATE) return surrogateAtoms(job, d, v, tau, c2);
  if (method != MEASURE_DETERMINISTIC) return ERR_ARGUMENT;
  if (stage == G_SIZE) return contourEnds(job, d, v, tau);
  if (stage == G_PREPARE) return contourStart(job, d, v, tau, c2);
  const n = getI(job, S_N), st = getP(job, S_ST);
  const tail = getP(job, S_TAIL), ws = getP(job, S_WS);
  if (stage == G_WALK) {
    const r = contourWalk(v, d, tau, st, budget, tail);
    if (r < 0) return fail(job, ERR_CONTINUATION, contourStateValue(st, 2));
    if (r == 1) setI(job, S_STAGE, G_SOLVE);
    jobSetProgress(job, 0);
    return STATUS_MORE;
  }
  if (stage == G_SOLVE) {
    const r = contourSolve(v, d, tau, ws, n, getI(job, S_CAP), st, budget, tail);
    if (r < 0) return fail(job, ERR_CONTINUATION, contourStateValue(st, 2));
    const solved = contourStateValue(st, 3);
    setVal(job, MV_NODES_SOLVED, solved);
    if (r == 1) {
      setI(job, S_STAGE, G_ATOMS);
      setI(job, S_ATOM, 0);
    }
    jobSetProgress(job, 0.8 * (solved / <f64>n));
    return STATUS_MORE;
  }
  if (stage == G_ATOMS) {
    const i0 = getI(job, S_ATOM);
    const i1 = <i32>min<i64>(<i64>n, <i64>i0 + <i64>budget);
    if (contourAtoms(v, d, tau, c2, ws, n, i0, i1, st, tail) != 0) return fail(job, ERR_BRANCH, contourStateValue(st, 2));
    setI(job, S_ATOM, i1);
    if (i1 < n) {
      jobSetProgress(job, 0.8 + 0.2 * (<f64>i1 / <f64>n));
      return STATUS_MORE;
    }
    return contourChecks(job, d, st);
  }
  return ERR_STATE;
}

function fail(job: usize, status: i32, node: f64): i32 {
  setVal(job, MV_FAILED_NODE, node);
  return status;
}

/** Surrogate atoms into a workspace of d atoms. */
function surrogateAtoms(job: usize, d: i32, v: i32, tau: usize, c2: usize): i32 {
  const alpha = getF(job, S_ALPHA), beta = getF(job, S_BETA);
  const cBeta = alpha > 0.5 && beta > 0.5 ? traceD(v, beta) : 0.0;
  const ws = ownWorkspace(job, d);
  if (ws == 0) return ERR_MEMORY;
  const z = ws + ((<usize>WS_Z_RE * <usize>d) << 3), phi = ws + ((<usize>WS_PHI_RE * <usize>d) << 3);
  const nu = ws + ((<usize>WS_NU_RE * <usize>d) << 3);
  const w = cBeta / <f64>d;
  for (let j = 0; j < d; j++) {
    const t = load<f64>(at(tau, j));
    store<f64>(at(z, j), t);
    store<f64>(at(phi, j), load<f64>(at(c2, j)) + w * t);
    store<f64>(at(nu, j), t * t);
  }
  setP(job, S_WS, ws);
  setI(job, S_N, d);
  return finish(job);
}

function finish(job: usize): i32 {
  releaseInputs(job);
  setI(job, S_STAGE, G_DONE);
  jobSetProgress(job, 1);
  return STATUS_DONE;
}

/** x_L, x_R and the number of contour nodes; returns STATUS_MORE so that the host checks the size. */
function contourEnds(job: usize, d: i32, v: i32, tau: usize): i32 {
  const trD = sumCompensated(tau, v);
  const edge = Math.sqrt(<f64>v / <f64>d) - 1.0;
  const left = getF(job, S_LEFT_FACTOR) * load<f64>(at(tau, v - 1)) * edge * edge;
  const gamma = getF(job, S_GAMMA), batch = getF(job, S_BATCH);
  const stableRight = 1.8 / (gamma * (batch + 1.0));
  const fullRight = 3.0 * (1.0 + trD / <f64>d); // above the whole spectrum
  const rightArg = getF(job, S_RIGHT_ARG);
  setVal(job, MV_TRACE_D, trD);
  setVal(job, MV_LEFT, left);
  setVal(job, MV_STABLE_RIGHT, stableRight);
  setVal(job, MV_GAMMA_MAX, gamma * (batch + 1.0));
  let right: f64;
  if (!isNaN(rightArg)) {
    if (!(rightArg > left)) return ERR_ARGUMENT;
    right = rightArg;
  } else {
    right = getI(job, S_FORCE) != 0 ? fullRight : Math.min(fullRight, stableRight);
  }
  setVal(job, MV_RIGHT, right);
  if (!(right > left * 1.01)) {
    setVal(job, MV_UNSTABLE_KIND, <f64>MEASURE_UNSTABLE_EDGE);
    return ERR_UNSTABLE;
  }
  const slope = getF(job, S_SLOPE), table = getP(job, S_TABLE);
  let knots: usize = 0, segments = 0;
  if (table != 0) {
    knots = own(job, 3 * (profileSegments(left, right) + 1));
    if (knots == 0) return ERR_MEMORY;
    segments = profileBuild(table, batch, getF(job, S_HORIZON), slope, getF(job, S_FLOOR), left, right, knots);
  }
  setP(job, S_KNOTS, knots); setI(job, S_SEGMENTS, segments);
  const ks = profileSlopes(knots, segments);
  setI(job, S_N, contourSize(left, right, slope, getF(job, S_PANEL), getI(job, S_NPP), getI(job, S_CAP), knots, ks, segments));
  setI(job, S_STAGE, G_PREPARE);
  return STATUS_MORE;
}

/** The workspace, tail table and contour nodes; m(z) at the far starting point. */
function contourStart(job: usize, d: i32, v: i32, tau: usize, c2: usize): i32 {
  const n = getI(job, S_N), npp = getI(job, S_NPP), cap = getI(job, S_CAP);
  const knots = getP(job, S_KNOTS), segments = getI(job, S_SEGMENTS);
  const ws = ownWorkspace(job, n);
  if (ws == 0) return ERR_MEMORY;
  setP(job, S_WS, ws);
  const work = own(job, 2 * max(npp, cap));
  if (work == 0) return ERR_MEMORY;
  setP(job, S_WORK, work);
  const st = own(job, CONTOUR_STATE_SLOTS);
  if (st == 0) return ERR_MEMORY;
  setP(job, S_ST, st);
  let tail: usize = 0;
  if (getI(job, S_TAIL_SUMS) != 0) {
    tail = own(job, tailTableSize(v));
    if (tail == 0) return ERR_MEMORY;
    setP(job, S_TAIL, tail);
    tailTable(v, tau, c2, tail);
  }
  const status = contourPrepare(
    v, d, tau, val(job, MV_LEFT), val(job, MV_RIGHT), getF(job, S_SLOPE), getF(job, S_PANEL),
    knots, profileSlopes(knots, segments), segments, npp, cap, ws, n, work, getF(job, S_START_RE), getF(job, S_START_IM), st, tail,
  );
  if (status == 1) return fail(job, ERR_CONTINUATION, contourStateValue(st, 2));
  if (status == 2) return fail(job, ERR_BRANCH, -1);
  if (status != 0) return ERR_STATE;
  setI(job, S_STAGE, G_WALK);
  jobSetProgress(job, 0);
  return STATUS_MORE;
}

/** The enclosed masses against d and P(0) - F0, and the stability cut. */
function contourChecks(job: usize, d: i32, st: usize): i32 {
  const eigen = contourStateValue(st, 0), forcing = contourStateValue(st, 1);
  const p0 = val(job, MV_P0), F0 = val(job, MV_F0);
  const target = p0 - F0;
  const eigenErr = Math.abs(eigen - <f64>d) / <f64>d;
  const forcingErr = Math.abs(forcing - target) / target;
  setVal(job, MV_MASS_EIGEN, eigen);
  setVal(job, MV_MASS_FORCING, forcing);
  setVal(job, MV_FORCING_TARGET, target);
  setVal(job, MV_EIGEN_ERROR, eigenErr);
  setVal(job, MV_FORCING_ERROR, forcingErr);
  const byDefault = isNaN(getF(job, S_RIGHT_ARG)) && getI(job, S_FORCE) == 0;
  if (eigen < <f64>d * (1.0 - 1e-6) && byDefault && val(job, MV_RIGHT) == val(job, MV_STABLE_RIGHT)) {
    // The stability region gamma (B+1) z < 1.8 cuts through the spectrum.
    setVal(job, MV_UNSTABLE_KIND, <f64>MEASURE_UNSTABLE_CUT);
    return ERR_UNSTABLE;
  }
  if (!(eigenErr <= 1e-9) || !(forcingErr <= 1e-9)) return ERR_MASS_CHECK;
  return finish(job);
}

/**
 * A finite measure from a computed spectrum (eigenvalues lambda and forcing masses rho, d each, of
 * one sampled K; pStar = P*, p0 = P(0)): atoms max(0, lambda_i), phi_i = rho_i, nu_i = z_i^2, F0 = P*.
 * The arrays are copied; the job is done at once (status STATUS_DONE). Returns 0 if memory is short.
 */
export function measureFromSpectrum(d: i32, v: i32, lambda: usize, rho: usize, pStar: f64, p0: f64): usize {
  const job = jobNew(JOB_KIND_MEASURE, <usize>MEASURE_SLOTS << 3, 2);
  if (job == 0) return 0;
  setI(job, S_METHOD, MEASURE_FINITE);
  setI(job, S_D, d); setI(job, S_V, v);
  setVal(job, MV_FAILED_NODE, -1);
  setVal(job, MV_GAMMA_MAX, NaN);
  const ws = ownWorkspace(job, d);
  if (ws == 0) {
    jobFree(job);
    return 0;
  }
  const z = ws + ((<usize>WS_Z_RE * <usize>d) << 3), phi = ws + ((<usize>WS_PHI_RE * <usize>d) << 3);
  const nu = ws + ((<usize>WS_NU_RE * <usize>d) << 3);
  for (let i = 0; i < d; i++) {
    const l = max(0.0, load<f64>(at(lambda, i)));
    store<f64>(at(z, i), l);
    store<f64>(at(phi, i), load<f64>(at(rho, i)));
    store<f64>(at(nu, i), l * l);
  }
  setP(job, S_WS, ws);
  setI(job, S_N, d);
  setVal(job, MV_F0, pStar);
  setVal(job, MV_P0, p0);
  setI(job, S_STAGE, G_DONE);
  jobSetProgress(job, 1);
  jobReturn(job, STATUS_DONE);
  return job;
}

/** Number of atoms n (0 until the contour size is known; then final). */
export function measureSize(job: usize): i32 {
  return jobIs(job, JOB_KIND_MEASURE) ? getI(job, S_N) : 0;
}

/**
 * The measure's workspace (WS_ARRAYS n doubles, volterra.ts layout: z, phi, nu as (re, im) array
 * pairs in arrays 0..5, the rest per-gamma and scratch), 0 before it exists. Owned by the job.
 */
export function measureWorkspace(job: usize): usize {
  return jobIs(job, JOB_KIND_MEASURE) ? getP(job, S_WS) : 0;
}

/** A result or diagnostic of a measure job: `which` is one of MV_* (NaN for an unknown index). */
export function measureValue(job: usize, which: i32): f64 {
  if (!jobIs(job, JOB_KIND_MEASURE) || which < 0 || which >= MV_COUNT) return NaN;
  return val(job, which);
}

/**
 * P(0) = ||c||^2 = sum_j c_j^2 (compensated), the loss at theta = 0, with c_j^2 = (tau_j b_j) b_j
 * written to c2 (v doubles).
 */
export function initialLoss(v: i32, tau: usize, b: usize, c2: usize): f64 {
  for (let j = 0; j < v; j++) {
    const t = load<f64>(at(tau, j)), bj = load<f64>(at(b, j));
    store<f64>(at(c2, j), t * bj * bj);
  }
  return sumCompensated(c2, v);
}
