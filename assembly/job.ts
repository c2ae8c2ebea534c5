// Resumable jobs: a long computation whose whole state lives in one block of Wasm memory, so that
// a host drives it in pieces (begin -> step, step, ... -> results -> free) and any number of jobs
// interleave. Nothing a job needs between two calls lives in a module global.
//
// A job block starts with a header of JOB_HEADER_BYTES, then the kind's own state. Every other
// block the job allocates is registered with jobOwn and released by jobFree with the job.
//
// Header (byte offsets JOB_AT_*: the ABI's layout jobHeader in abi/plrf.abi.json):
//   0  i32 kind (JOB_KIND_*; 0 once freed)      4  i32 last status
//   8  f64 progress in [0, 1]                   16 i32 owned blocks       20 i32 capacity
//   24 usize owned-list pointer (a block of `capacity` pointers)         28 (padding to 32)
// A new status code, error code or job kind goes into abi/plrf.abi.json (constants, and errors for
// an error code); `npm run build` regenerates ./abi, src/core/abi.ts and python/plrf/_abi.py.

// The status codes, error codes and job kinds are part of the ABI: they are defined in
// abi/plrf.abi.json (generated into ./abi) and re-exported here for the job kinds' files.
export {
  STATUS_MORE, STATUS_DONE, ERR_MEMORY, ERR_CONTINUATION, ERR_BRANCH, ERR_MASS_CHECK, ERR_UNSTABLE, ERR_EIGEN,
  ERR_ARGUMENT, ERR_NOT_INTERIOR, ERR_NOT_CONVEX, ERR_STATE, ERR_GROWTH, JOB_KIND_MOMENTUM,
  JOB_KIND_MEASURE, JOB_KIND_RECURSION, JOB_KIND_ENSEMBLE, JOB_KIND_FRONT, JOB_KIND_PROBLEM, JOB_KIND_SPECTRUM, WORK_UNIT,
} from "./abi";
import {
  JOB_HEADER_BYTES as HEADER_BYTES, JOB_AT_KIND, JOB_AT_STATUS, JOB_AT_PROGRESS, JOB_AT_OWNED, JOB_AT_CAPACITY,
  JOB_AT_OWNED_LIST, MAX_BLOCK_BYTES,
} from "./abi";

export const JOB_HEADER_BYTES: usize = <usize>HEADER_BYTES;

// @ts-ignore: decorator
@inline export function jobAlloc(bytes: usize): usize {
  if (bytes == 0 || bytes > <usize>MAX_BLOCK_BYTES) return 0;
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
  store<i32>(job + <usize>JOB_AT_KIND, kind);
  store<i32>(job + <usize>JOB_AT_CAPACITY, capacity);
  store<usize>(job + <usize>JOB_AT_OWNED_LIST, list);
  return job;
}

/** The kind's state, after the header. */
// @ts-ignore: decorator
@inline export function jobState(job: usize): usize {
  return job + JOB_HEADER_BYTES;
}

/** Allocate `bytes` owned by the job (freed with it); 0 if memory is short or the list is full. */
export function jobOwn(job: usize, bytes: usize): usize {
  const count = load<i32>(job + <usize>JOB_AT_OWNED), cap = load<i32>(job + <usize>JOB_AT_CAPACITY);
  if (count >= cap) return 0;
  const p = jobAlloc(max<usize>(bytes, 8));
  if (p == 0) return 0;
  store<usize>(load<usize>(job + <usize>JOB_AT_OWNED_LIST) + (<usize>count << 2), p);
  store<i32>(job + <usize>JOB_AT_OWNED, count + 1);
  return p;
}

/** Release a block owned by the job before the job ends (its slot is reused). */
export function jobDisown(job: usize, p: usize): void {
  if (p == 0) return;
  const count = load<i32>(job + <usize>JOB_AT_OWNED);
  const list = load<usize>(job + <usize>JOB_AT_OWNED_LIST);
  for (let i = 0; i < count; i++) {
    if (load<usize>(list + (<usize>i << 2)) == p) {
      store<usize>(list + (<usize>i << 2), load<usize>(list + (<usize>(count - 1) << 2)));
      store<i32>(job + <usize>JOB_AT_OWNED, count - 1);
      heap.free(p);
      return;
    }
  }
}

/** Whether `job` is a live job of `kind`. */
export function jobIs(job: usize, kind: i32): bool {
  return job != 0 && load<i32>(job + <usize>JOB_AT_KIND) == kind;
}

// @ts-ignore: decorator
@inline export function jobSetProgress(job: usize, f: f64): void {
  store<f64>(job + <usize>JOB_AT_PROGRESS, f);
}

/** Record and return a status. */
// @ts-ignore: decorator
@inline export function jobReturn(job: usize, status: i32): i32 {
  store<i32>(job + <usize>JOB_AT_STATUS, status);
  return status;
}

/** The kind of a live job (0 after jobFree). */
export function jobKind(job: usize): i32 {
  return job == 0 ? 0 : load<i32>(job + <usize>JOB_AT_KIND);
}

/** The last status step() returned. */
export function jobStatus(job: usize): i32 {
  return load<i32>(job + <usize>JOB_AT_STATUS);
}

/** Fraction of the job's work done, in [0, 1]. */
export function jobProgress(job: usize): f64 {
  return load<f64>(job + <usize>JOB_AT_PROGRESS);
}

/** Free the job and every block it owns. */
export function jobFree(job: usize): void {
  if (job == 0) return;
  const count = load<i32>(job + <usize>JOB_AT_OWNED);
  const list = load<usize>(job + <usize>JOB_AT_OWNED_LIST);
  for (let i = 0; i < count; i++) heap.free(load<usize>(list + (<usize>i << 2)));
  heap.free(list);
  store<i32>(job + <usize>JOB_AT_KIND, 0);
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
