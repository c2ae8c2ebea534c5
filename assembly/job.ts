// Resumable jobs: a long computation whose whole state lives in one block of Wasm memory, so that
// a host drives it in pieces (begin -> step, step, ... -> results -> free) and any number of jobs
// interleave. Nothing a job needs between two calls lives in a module global.
//
// A job block starts with a header of JOB_HEADER_BYTES, then the kind's own state. Every other
// block the job allocates is registered with jobOwn and released by jobFree with the job.
//
// Header (byte offsets):
//   0  i32 kind (JOB_KIND_*; 0 once freed)      4  i32 last status
//   8  f64 progress in [0, 1]                   16 i32 owned blocks       20 i32 capacity
//   24 usize owned-list pointer (a block of `capacity` pointers)         28 (padding to 32)

/** Status of step(): more work to do. */
export const STATUS_MORE: i32 = 0;
/** Status of step(): finished; the results are ready. */
export const STATUS_DONE: i32 = 1;
// Errors are negative; every job kind reports its failures with these typed codes.
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

export const JOB_HEADER_BYTES: usize = 32;

// @ts-ignore: decorator
@inline export function jobAlloc(bytes: usize): usize {
  if (bytes == 0 || bytes > (1 << 30) - 64) return 0;
  return heap.alloc(bytes);
}

/**
 * A new job of `kind` with `stateBytes` of zeroed state after the header and room to own
 * `capacity` blocks. Returns 0 if memory is short.
 */
export function jobNew(kind: i32, stateBytes: usize, capacity: i32): usize {
  const job = jobAlloc(JOB_HEADER_BYTES + stateBytes);
  if (job == 0) return 0;
  memory.fill(job, 0, JOB_HEADER_BYTES + stateBytes);
  const list = jobAlloc(<usize>max(capacity, 1) << 2);
  if (list == 0) {
    heap.free(job);
    return 0;
  }
  store<i32>(job, kind);
  store<i32>(job + 20, capacity);
  store<usize>(job + 24, list);
  return job;
}

/** The kind's state, after the header. */
// @ts-ignore: decorator
@inline export function jobState(job: usize): usize {
  return job + JOB_HEADER_BYTES;
}

/** Allocate `bytes` owned by the job (freed with it); 0 if memory is short or the list is full. */
export function jobOwn(job: usize, bytes: usize): usize {
  const count = load<i32>(job + 16), cap = load<i32>(job + 20);
  if (count >= cap) return 0;
  const p = jobAlloc(max<usize>(bytes, 8));
  if (p == 0) return 0;
  store<usize>(load<usize>(job + 24) + (<usize>count << 2), p);
  store<i32>(job + 16, count + 1);
  return p;
}

/** Release a block owned by the job before the job ends (its slot is reused). */
export function jobDisown(job: usize, p: usize): void {
  if (p == 0) return;
  const count = load<i32>(job + 16);
  const list = load<usize>(job + 24);
  for (let i = 0; i < count; i++) {
    if (load<usize>(list + (<usize>i << 2)) == p) {
      store<usize>(list + (<usize>i << 2), load<usize>(list + (<usize>(count - 1) << 2)));
      store<i32>(job + 16, count - 1);
      heap.free(p);
      return;
    }
  }
}

/** Whether `job` is a live job of `kind`. */
export function jobIs(job: usize, kind: i32): bool {
  return job != 0 && load<i32>(job) == kind;
}

// @ts-ignore: decorator
@inline export function jobSetProgress(job: usize, f: f64): void {
  store<f64>(job + 8, f);
}

/** Record and return a status. */
// @ts-ignore: decorator
@inline export function jobReturn(job: usize, status: i32): i32 {
  store<i32>(job + 4, status);
  return status;
}

/** The kind of a live job (0 after jobFree). */
export function jobKind(job: usize): i32 {
  return job == 0 ? 0 : load<i32>(job);
}

/** The last status step() returned. */
export function jobStatus(job: usize): i32 {
  return load<i32>(job + 4);
}

/** Fraction of the job's work done, in [0, 1]. */
export function jobProgress(job: usize): f64 {
  return load<f64>(job + 8);
}

/** Free the job and every block it owns. */
export function jobFree(job: usize): void {
  if (job == 0) return;
  const count = load<i32>(job + 16);
  const list = load<usize>(job + 24);
  for (let i = 0; i < count; i++) heap.free(load<usize>(list + (<usize>i << 2)));
  heap.free(list);
  store<i32>(job, 0);
  heap.free(job);
}

// State slots: f64 and i32 fields of a kind's state, by slot index (8 bytes each).
// @ts-ignore: decorator
@inline export function getF(job: usize, slot: i32): f64 {
  return load<f64>(job + JOB_HEADER_BYTES + (<usize>slot << 3));
}
// @ts-ignore: decorator
@inline export function setF(job: usize, slot: i32, x: f64): void {
  store<f64>(job + JOB_HEADER_BYTES + (<usize>slot << 3), x);
}
// @ts-ignore: decorator
@inline export function getI(job: usize, slot: i32): i32 {
  return load<i32>(job + JOB_HEADER_BYTES + (<usize>slot << 3));
}
// @ts-ignore: decorator
@inline export function setI(job: usize, slot: i32, x: i32): void {
  store<i32>(job + JOB_HEADER_BYTES + (<usize>slot << 3), x);
}
// @ts-ignore: decorator
@inline export function getP(job: usize, slot: i32): usize {
  return load<usize>(job + JOB_HEADER_BYTES + (<usize>slot << 3));
}
// @ts-ignore: decorator
@inline export function setP(job: usize, slot: i32, p: usize): void {
  store<usize>(job + JOB_HEADER_BYTES + (<usize>slot << 3), p);
}

// Job kinds.
export const JOB_KIND_MEASURE: i32 = 1;
export const JOB_KIND_RECURSION: i32 = 2;
export const JOB_KIND_ENSEMBLE: i32 = 3;
export const JOB_KIND_FRONT: i32 = 4;
export const JOB_KIND_PROBLEM: i32 = 5;
export const JOB_KIND_SPECTRUM: i32 = 6;

/**
 * Work budget of step() calls, in units of about this many floating-point operations (the kinds that
 * take a work budget document it), so that one unit costs about the same time in every stage.
 */
export const WORK_UNIT: f64 = 1000;

// Slots of a region of state at `base` (a part of a job's state that another kind embeds).
// @ts-ignore: decorator
@inline export function rgetF(base: usize, slot: i32): f64 {
  return load<f64>(base + (<usize>slot << 3));
}
// @ts-ignore: decorator
@inline export function rsetF(base: usize, slot: i32, x: f64): void {
  store<f64>(base + (<usize>slot << 3), x);
}
// @ts-ignore: decorator
@inline export function rgetI(base: usize, slot: i32): i32 {
  return load<i32>(base + (<usize>slot << 3));
}
// @ts-ignore: decorator
@inline export function rsetI(base: usize, slot: i32, x: i32): void {
  store<i32>(base + (<usize>slot << 3), x);
}
// @ts-ignore: decorator
@inline export function rgetP(base: usize, slot: i32): usize {
  return load<usize>(base + (<usize>slot << 3));
}
// @ts-ignore: decorator
@inline export function rsetP(base: usize, slot: i32, p: usize): void {
  store<usize>(base + (<usize>slot << 3), p);
}

// Work done by the last advance call of a stage (a transient register, read right after the call).
let lastWork: f64 = 0;
// @ts-ignore: decorator
@inline export function setWorkUsed(x: f64): void {
  lastWork = x;
}
// @ts-ignore: decorator
@inline export function workUsed(): f64 {
  return lastWork;
}
