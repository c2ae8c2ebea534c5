// Workspace of the momentum/DANA recursion (docs/model.md §10): structure of arrays over the n
// atoms, each array n f64. The measure (z, phi, nu as re/im pairs) is copied to the first six; the
// state (U, S, V as re/im pairs) follows; the block's scratch after that.

// @ts-ignore: decorator
@inline export function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}
// @ts-ignore: decorator
@inline export function arr(ws: usize, n: i32, k: i32): usize {
  return ws + ((<usize>k * <usize>n) << 3);
}

export const A_ZR = 0, A_ZI = 1, A_PR = 2, A_PI = 3, A_NR = 4, A_NI = 5;
export const A_UR = 6, A_UI = 7, A_SR = 8, A_SI = 9, A_VR = 10, A_VI = 11;
/** Block scratch: the new state without its P(r+L) term (6 arrays: U, S, V as re/im), then that term's weights (6). */
export const A_XN = 12, A_W1 = 18;
/** Block scratch of real atoms: the frozen map E_m (9 arrays, row-major) and f~ at the three nodes (9). */
export const A_EM = 24, A_FT = 33;
/**
 * Complex atoms: the quasi-static states q(t) = (-E(t))^(-1) f(t) at the last QSLOTS node times of the
 * blocks (6 arrays each: re/im of the three components; NaN where E(t) is singular), so that a node
 * shared by consecutive blocks is solved once (momentum-block.ts). The slots' times live in the job.
 */
export const A_QC = 42, QSLOTS = 4;
/** Arrays in the workspace. */
export const ARRAYS = A_QC + 6 * QSLOTS;
