// The contour of the deterministic equivalent (docs/model.md §5): nodes and weights around the
// spectrum (a right cap, a ray z = x (1 + i s(x)), a left cap; s constant or a profile, §10), m(z) continued node by node, and the
// complex atoms phi_n, nu_n of the mode recursion (volterra.ts), with the enclosed masses for the
// self-checks.
//
// A contour construction runs in resumable pieces (contourPrepare, contourWalk, contourSolve,
// contourAtoms), driven by the measure job (measure.ts); its state lives in a block of
// CONTOUR_STATE_SLOTS doubles that the job owns, not in globals, so that several constructions
// interleave. The slots are the ABI's layout contourState (abi/plrf.abi.json, generated into ./abi).
import * as C from "./complex";
import { WS_ARRAYS, WS_Z_RE, WS_Z_IM, WS_PHI_RE, WS_PHI_IM, WS_NU_RE, WS_NU_IM } from "./abi";
import {
  CONTOUR_ST_POS as CS_POS, CONTOUR_ST_PR as CS_PR, CONTOUR_ST_PI as CS_PI, CONTOUR_ST_MR as CS_MR, CONTOUR_ST_MI as CS_MI,
  CONTOUR_ST_CR as CS_CR, CONTOUR_ST_CI as CS_CI, CONTOUR_ST_ME as CS_ME, CONTOUR_ST_MF as CS_MF, CONTOUR_ST_FAIL as CS_FAIL,
  CONTOUR_ST_TOP as CS_TOP, CONTOUR_ST_XR as CS_XR,
} from "./abi";
import { sums, s1r, s1i } from "./resolvent-sums";
import { solveMT, physical, continueM, mRe, mIm, setM } from "./resolvent";
import { gaussLegendre } from "./quadrature";

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

/**
 * Number of atoms of the contour: 2 capNodes + nodesPerPanel times the panels of the ray, which
 * has segments between knots kx (x descending from x_R to x_L) with slopes ks (contour-profile.ts),
 * each cut into equal panels no wider in log x than panelWidth times the square root of its smaller
 * end slope over `slope`; segments = 0: the flat ray of slope `slope` (one segment).
 */
export function contourSize(
  xL: f64, xR: f64, slope: f64, panelWidth: f64, nodesPerPanel: i32, capNodes: i32, kx: usize, ks: usize, segments: i32,
): i32 {
  let panels = 0;
  for (let k = 0; k < max(segments, 1); k++) panels += segmentPanels(xL, xR, slope, panelWidth, kx, ks, segments, k);
  return 2 * capNodes + panels * nodesPerPanel;
}

// The segment being laid out (set by segmentPanels): ends xa > xb, slopes sa, sb.
let xa = 0.0, xb = 0.0, sa = 0.0, sb = 0.0;

/** Panels of segment k (and its ends and slopes into xa, xb, sa, sb). */
function segmentPanels(xL: f64, xR: f64, slope: f64, panelWidth: f64, kx: usize, ks: usize, segments: i32, k: i32): i32 {
  if (segments == 0) {
    xa = xR; xb = xL; sa = slope; sb = slope;
  } else {
    xa = load<f64>(at(kx, k)); xb = load<f64>(at(kx, k + 1));
    sa = load<f64>(at(ks, k)); sb = load<f64>(at(ks, k + 1));
  }
  // sqrt: measured to need as few nodes for the same error as the width proportional to s (§10)
  return <i32>Math.ceil(Math.log(xa / xb) / (panelWidth * Math.sqrt(Math.min(sa, sb) / slope)));
}

// @ts-ignore: decorator
@inline function cget(st: usize, k: i32): f64 {
  return load<f64>(st + (<usize>k << 3));
}
// @ts-ignore: decorator
@inline function cset(st: usize, k: i32, x: f64): void {
  store<f64>(st + (<usize>k << 3), x);
}
// @ts-ignore: decorator
@inline function wsArr(ws: usize, n: i32, k: i32): usize {
  return ws + ((<usize>k * <usize>n) << 3);
}

/**
 * Contour nodes and weights (dz included), in path order: right cap x_R + i y, y: 0 -> s(x_R) x_R;
 * ray z = x (1 + i s(x)), x: x_R -> x_L, s linear in u = log x on each segment (contourSize), so
 * dz = x (1 + i (s + ds/du)) du; left cap x_L + i y, y: s(x_L) x_L -> 0. Then m(z) at a far point
 * above x_R and continuation down to the top of the right cap. Returns 0; 1 if Newton failed at
 * the start; 2 if the start landed on a non-physical root; 3 if n does not match the panel count.
 */
export function contourPrepare(
  v: i32, d: i32, tau: usize, xL: f64, xR: f64, slope: f64, panelWidth: f64, kx: usize, ks: usize, segments: i32,
  nodesPerPanel: i32, capNodes: i32, ws: usize, n: i32, work: usize, startRe: f64, startIm: f64, st: usize, tail: usize,
): i32 {
  if (contourSize(xL, xR, slope, panelWidth, nodesPerPanel, capNodes, kx, ks, segments) != n) return 3;
  const sR = segments == 0 ? slope : load<f64>(ks), sL = segments == 0 ? slope : load<f64>(at(ks, segments));
  const zr = wsArr(ws, n, WS_Z_RE), zi = wsArr(ws, n, WS_Z_IM);
  const wr = wsArr(ws, n, WS_PHI_RE), wi = wsArr(ws, n, WS_PHI_IM); // weights first, phi later
  const gx = work, gw = work + (<usize>max(nodesPerPanel, capNodes) << 3);
  gaussLegendre(capNodes, gx, gw);
  let k = 0;
  const hR = 0.5 * sR * xR;
  for (let i = 0; i < capNodes; i++, k++) {
    store<f64>(at(zr, k), xR);
    store<f64>(at(zi, k), hR * (1.0 + load<f64>(at(gx, i))));
    store<f64>(at(wr, k), 0.0);
    store<f64>(at(wi, k), hR * load<f64>(at(gw, i))); // dz = i dy
  }
  gaussLegendre(nodesPerPanel, gx, gw);
  for (let seg = 0; seg < max(segments, 1); seg++) {
    const panels = segmentPanels(xL, xR, slope, panelWidth, kx, ks, segments, seg);
    const uL = Math.log(xb), uR = Math.log(xa);
    const h = (uR - uL) / <f64>panels;
    const ds = (sa - sb) / (uR - uL); // ds/du, 0 on a flat segment
    for (let p = 0; p < panels; p++) {
      const hi = uR - <f64>p * h, mid = hi - 0.5 * h;
      for (let i = nodesPerPanel - 1; i >= 0; i--, k++) {
        const u = mid + 0.5 * h * load<f64>(at(gx, i));
        const x = Math.exp(u), s = sb + ds * (u - uL);
        store<f64>(at(zr, k), x);
        store<f64>(at(zi, k), s * x);
        // dz = (1 + i (s + ds/du)) x du, traversed with decreasing u
        const f = -0.5 * h * load<f64>(at(gw, i)) * x;
        store<f64>(at(wr, k), f);
        store<f64>(at(wi, k), f * (s + ds));
      }
    }
  }
  gaussLegendre(capNodes, gx, gw);
  const hL = 0.5 * sL * xL;
  for (let i = capNodes - 1; i >= 0; i--, k++) {
    store<f64>(at(zr, k), xL);
    store<f64>(at(zi, k), hL * (1.0 + load<f64>(at(gx, i))));
    store<f64>(at(wr, k), 0.0);
    store<f64>(at(wi, k), -hL * load<f64>(at(gw, i)));
  }
  // m at a point far above x_R (m ~ 1); contourWalk then continues down to the top of the right cap.
  const y = 1e4 * (1.0 + xR);
  cset(st, CS_FAIL, -2);
  if (solveMT(v, d, tau, xR, y, startRe, startIm, tail) < 0) return 1;
  if (!physical(xR, y, mRe, mIm)) return 2;
  cset(st, CS_POS, -1);
  cset(st, CS_PR, xR); cset(st, CS_PI, y);
  cset(st, CS_MR, mRe); cset(st, CS_MI, mIm);
  cset(st, CS_TOP, sR * xR); cset(st, CS_XR, xR);
  cset(st, CS_ME, 0); cset(st, CS_MF, 0);
  cset(st, CS_FAIL, -1);
  return 0;
}

/**
 * Continue m(z) down the line Re z = x_R from the far starting point to the top of the right cap,
 * at most `count` halvings of Im z per call. Returns 0 if more remain, 1 at the top (the corner),
 * -1 if continuation failed.
 */
export function contourWalk(v: i32, d: i32, tau: usize, st: usize, count: i32, tail: usize): i32 {
  const xR = cget(st, CS_XR), top = cget(st, CS_TOP);
  let y = cget(st, CS_PI);
  setM(cget(st, CS_MR), cget(st, CS_MI));
  for (let c = 0; c < count && y > top; c++) {
    const yn = Math.max(top, 0.5 * y);
    if (continueM(v, d, tau, xR, y, xR, yn, tail) != 0) { cset(st, CS_FAIL, -1); return -1; }
    y = yn;
  }
  cset(st, CS_PI, y);
  cset(st, CS_MR, mRe); cset(st, CS_MI, mIm);
  if (y > top) return 0;
  cset(st, CS_POS, 0);
  cset(st, CS_CR, mRe); cset(st, CS_CI, mIm);
  return 1;
}

/**
 * Continue m(z) along the next `count` nodes (right cap top-down, then the ray and the left cap),
 * storing m at each node in the workspace's scratch arrays. Returns 0 if more nodes remain, 1 when
 * all are done, -1 if continuation failed (the node is in slot CS_FAIL).
 */
export function contourSolve(v: i32, d: i32, tau: usize, ws: usize, n: i32, capNodes: i32, st: usize, count: i32, tail: usize): i32 {
  const zr = wsArr(ws, n, WS_Z_RE), zi = wsArr(ws, n, WS_Z_IM);
  const mStoreR = wsArr(ws, n, WS_ARRAYS - 2), mStoreI = wsArr(ws, n, WS_ARRAYS - 1);
  let pos = <i32>cget(st, CS_POS);
  let pr = cget(st, CS_PR), pi = cget(st, CS_PI);
  setM(cget(st, CS_MR), cget(st, CS_MI));
  for (let c = 0; c < count && pos < n; c++, pos++) {
    if (pos == capNodes) {
      // back to the corner for the ray
      setM(cget(st, CS_CR), cget(st, CS_CI));
      pr = cget(st, CS_XR); pi = cget(st, CS_TOP);
    }
    const node = pos < capNodes ? capNodes - 1 - pos : pos;
    const tr = load<f64>(at(zr, node)), ti = load<f64>(at(zi, node));
    if (continueM(v, d, tau, pr, pi, tr, ti, tail) != 0) {
      cset(st, CS_FAIL, <f64>node);
      return -1;
    }
    store<f64>(at(mStoreR, node), mRe);
    store<f64>(at(mStoreI, node), mIm);
    pr = tr; pi = ti;
  }
  cset(st, CS_POS, <f64>pos);
  cset(st, CS_PR, pr); cset(st, CS_PI, pi);
  cset(st, CS_MR, mRe); cset(st, CS_MI, mIm);
  return pos >= n ? 1 : 0;
}

/**
 * Atoms of nodes [i0, i1): phi_n = (i/pi) w_n S_F(z_n), nu_n = (i/pi) w_n z_n^2 (-d m(z_n)/z_n)
 * (gamma-free), overwriting the weights; adds the enclosed masses to the state (CS_ME should reach
 * d, CS_MF should reach ||c||^2 - F0). Returns 0, or 2 if a node's root is not on the physical
 * branch (Im S_F < 0 or Im(-d m/z) < 0; the node is in slot CS_FAIL).
 */
export function contourAtoms(v: i32, d: i32, tau: usize, c2: usize, ws: usize, n: i32, i0: i32, i1: i32, st: usize, tail: usize): i32 {
  const zr = wsArr(ws, n, WS_Z_RE), zi = wsArr(ws, n, WS_Z_IM);
  const wr = wsArr(ws, n, WS_PHI_RE), wi = wsArr(ws, n, WS_PHI_IM);
  const nr = wsArr(ws, n, WS_NU_RE), ni = wsArr(ws, n, WS_NU_IM);
  const mStoreR = wsArr(ws, n, WS_ARRAYS - 2), mStoreI = wsArr(ws, n, WS_ARRAYS - 1);
  let mE = cget(st, CS_ME), mF = cget(st, CS_MF);
  const invPi = 1.0 / Math.PI;
  for (let i = i0; i < i1; i++) {
    const x = load<f64>(at(zr, i)), yy = load<f64>(at(zi, i));
    const mr = load<f64>(at(mStoreR, i)), mi = load<f64>(at(mStoreI, i));
    sums(v, tau, c2, mr, mi, x, yy, false, tail, 1);
    const sfr = s1r, sfi = s1i; // S_F(z)
    C.div(-<f64>d * mr, -<f64>d * mi, x, yy); // -d m / z
    const er = C.re, ei = C.im;
    const tol = 1e-12;
    if (sfi < -tol * Math.sqrt(sfr * sfr + sfi * sfi) || ei < -tol * Math.sqrt(er * er + ei * ei)) {
      cset(st, CS_FAIL, <f64>i);
      return 2;
    }
    const w_r = load<f64>(at(wr, i)), w_i = load<f64>(at(wi, i));
    // (i/pi) w S: i (a + i b) = -b + i a
    const pr2 = w_r * sfr - w_i * sfi, pi2 = w_r * sfi + w_i * sfr;
    // (i/pi) w (-d m / z); only the imaginary part of w (-d m / z) enters the mass
    const qi = w_r * ei + w_i * er;
    mE += -qi * invPi;
    mF += -pi2 * invPi;
    // nu = (i/pi) w z^2 (-d m/z) = (i/pi) w (-d m z)
    const emr = -<f64>d * (mr * x - mi * yy), emi = -<f64>d * (mr * yy + mi * x);
    const ur = w_r * emr - w_i * emi, ui = w_r * emi + w_i * emr;
    store<f64>(at(nr, i), -ui * invPi);
    store<f64>(at(ni, i), ur * invPi);
    store<f64>(at(wr, i), -pi2 * invPi);
    store<f64>(at(wi, i), pr2 * invPi);
  }
  cset(st, CS_ME, mE);
  cset(st, CS_MF, mF);
  return 0;
}

/** Values of a contour state block: which = 0 eigen mass, 1 forcing mass, 2 failed node, 3 nodes solved. */
export function contourStateValue(st: usize, which: i32): f64 {
  return which == 0 ? cget(st, CS_ME) : which == 1 ? cget(st, CS_MF) : which == 2 ? cget(st, CS_FAIL) : cget(st, CS_POS);
}
