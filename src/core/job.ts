// Driving a resumable Wasm job (assembly/job.ts) from TypeScript: step it for a few milliseconds,
// yield to the event loop, honour AbortSignal and report progress. The job's state lives in Wasm;
// this file only paces it and turns its status codes into PlrfErrors.

import { ABI_ERRORS, STATUS_DONE } from './abi.js';
import { PlrfError } from './errors.js';
import { Pacer, type Steps } from './steps.js';
import { core } from './wasm.js';

/** Status codes of a job's step() and the errors of negative ones (abi/plrf.abi.json). */
export { STATUS_MORE, STATUS_DONE } from './abi.js';
/** The error code of a negative step() status, and a default message. */
export const JOB_ERRORS = ABI_ERRORS;

/** A PlrfError for a negative job status; `explain` may give a more specific message. */
export function jobError(status: number, explain?: (status: number) => string | undefined, param?: string): PlrfError {
  const e = JOB_ERRORS[status] ?? { code: 'INTERNAL' as const, message: `job failed with status ${status}` };
  return new PlrfError(e.code, explain?.(status) ?? e.message, param);
}

/**
 * Run a job's steps as a Steps generator: each piece calls `step(job, units)` with the units sized
 * by a Pacer to take about `targetMs`, and yields the job's progress. Returns on STATUS_DONE;
 * throws the job's error on a negative status (`param` may depend on the status). The caller owns `job` (free it in a finally).
 */
export function* jobSteps(
  job: number,
  step: (job: number, units: number) => number,
  opts: {
    initialUnits?: number;
    /** A cap on the budget of one step (see {@link Pacer}). */
    maxUnits?: number;
    targetMs?: number;
    explain?: (status: number) => string | undefined;
    param?: string | ((status: number) => string | undefined);
  } = {},
): Steps<void> {
  const c = core();
  const pacer = new Pacer(opts.targetMs ?? 6, opts.initialUnits ?? 1, opts.maxUnits);
  for (;;) {
    const status = pacer.run((units) => step(job, units));
    if (status === STATUS_DONE) return;
    if (status < 0) throw jobError(status, opts.explain, typeof opts.param === 'function' ? opts.param(status) : opts.param);
    yield c.jobProgress(job);
  }
}
