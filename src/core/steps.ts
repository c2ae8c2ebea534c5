// Long Wasm work in resumable pieces. A computation is a generator that yields (a progress
// fraction) between pieces; the synchronous API runs it straight through, the asynchronous one
// awaits a Ticker between pieces, so that AbortSignal and progress callbacks are served promptly.

/** A computation in pieces, yielding progress in [0, 1] between them and returning T. */
export type Steps<T> = Generator<number, T, void>;

/** Run all pieces now. */
export function runSteps<T>(g: Steps<T>): T {
  let r = g.next();
  while (!r.done) r = g.next();
  return r.value;
}

/** Run the pieces, awaiting `tick` between them; on an error (e.g. abort) the generator's finally blocks run. */
export async function runStepsAsync<T>(g: Steps<T>, tick: (fraction: number) => Promise<void>): Promise<T> {
  let r = g.next();
  try {
    while (!r.done) {
      await tick(r.value);
      r = g.next();
    }
    return r.value;
  } catch (e) {
    g.return(undefined as never);
    throw e;
  }
}

/** Sizes the next piece so that each takes about `targetMs` (doubling or halving the units). */
export class Pacer {
  units: number;
  constructor(
    private readonly targetMs = 6,
    initial = 1,
    /** A cap on the units: where the cost of a unit varies a lot, doubling on cheap pieces must not make one expensive piece long. */
    private readonly maxUnits = 2 ** 30,
  ) {
    this.units = Math.min(initial, maxUnits);
  }
  /** Run fn(units) and adapt the units for the next call. */
  run<T>(fn: (units: number) => T): T {
    const t = performance.now();
    const r = fn(this.units);
    const dt = performance.now() - t;
    if (dt < this.targetMs / 2) this.units = Math.min(this.units * 2, this.maxUnits);
    else if (dt > this.targetMs * 2 && this.units > 1) this.units = Math.max(1, Math.floor(this.units / 2));
    return r;
  }
}
