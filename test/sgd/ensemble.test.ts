// assembly/ensemble.ts, assembly/problem-job.ts, assembly/spectrum.ts: the jobs keep all their state
// in their own memory (two jobs interleaved step by step give the bits of each alone, for any step
// budgets), an abort keeps the finished runs, and progress moves through every stage.
import { beforeAll, describe, expect, it } from 'vitest';
import { init, PlrfError, PlrfProblem, simulateSgd } from '../../src/index.js';
import { core, isSimd } from '../../src/core/wasm.js';
import type { SgdAbortError } from '../../src/index.js';

beforeAll(() => init());

const STATUS_DONE = 1;

/** Copy n doubles at ptr out of Wasm memory. */
const read = (ptr: number, n: number) => Array.from(new Float64Array(core().memory.buffer, ptr >>> 0, n));

interface Ensemble {
  args: [number, number, number, number, number, number, number, number, number, number, number, number];
  checkpoints: number[];
}

function begin(e: Ensemble): number {
  const c = core();
  const cp = c.alloc(8 * e.checkpoints.length) >>> 0;
  new Float64Array(c.memory.buffer, cp, e.checkpoints.length).set(e.checkpoints);
  const job = c.ensembleBegin(...e.args, cp, e.checkpoints.length) >>> 0;
  c.free(cp); // the job keeps its own copy
  expect(job).not.toBe(0);
  return job;
}

/** Everything an ensemble job reports, as bits. */
function results(job: number, e: Ensemble): string {
  const c = core();
  const seeds = e.args[8],
    n = e.checkpoints.length;
  return JSON.stringify(
    {
      runs: c.ensembleRunsDone(job),
      kept: c.ensembleKept(job),
      diverged: c.ensembleDivergedAt(job),
      limit: c.ensembleLimit(job),
      losses: read(c.ensembleLosses(job), seeds * n),
      mean: read(c.ensembleMean(job), c.ensembleKept(job)),
      stderr: read(c.ensembleStderr(job), c.ensembleKept(job)),
      spectra: read(c.ensembleSpectra(job), 3 * seeds),
      unstable: c.ensembleUnstableRun(job),
    },
    (_, x) => (typeof x === 'number' ? Buffer.from(new Float64Array([x]).buffer).toString('hex') : x),
  );
}

function runAlone(e: Ensemble, budget: number): string {
  const c = core();
  const job = begin(e);
  try {
    let status;
    while ((status = c.ensembleStep(job, budget)) === 0) {
      // each step runs up to `budget` units; 0 means more to do
    }
    expect(status).toBe(STATUS_DONE);
    return results(job, e);
  } finally {
    c.jobFree(job);
  }
}

// engine, storage, alpha, beta, d, v, batch, gamma, seeds, seed, wSeed, force
const SPECTRAL: Ensemble = { args: [0, 0, 1, 0.75, 24, 96, 2, 0.15, 3, 4, -1, 0], checkpoints: [0, 1, 3, 10, 40, 150] };
const DIRECT: Ensemble = { args: [1, 1, 0.9, 0.6, 20, 70, 3, 0.12, 2, 9, 5, 0], checkpoints: [0, 2, 7, 30, 90] };
const FORCED: Ensemble = { args: [0, 0, 1, 0.75, 16, 64, 1, 2.5, 2, 1, -1, 1], checkpoints: [0, 1, 2, 5, 10, 20, 50, 100, 200, 2000] };

describe('ensemble job', () => {
  it('gives the same bits for any step budget', () => {
    for (const e of [SPECTRAL, DIRECT, FORCED]) {
      const big = runAlone(e, 1 << 30);
      expect(runAlone(e, 1)).toBe(big);
      expect(runAlone(e, 37)).toBe(big);
    }
  });

  it('two jobs interleaved step by step give the bits of each alone', () => {
    const c = core();
    for (const [a, b] of [
      [SPECTRAL, DIRECT],
      [SPECTRAL, SPECTRAL],
      [DIRECT, FORCED],
    ] as const) {
      const aloneA = runAlone(a, 1 << 30),
        aloneB = runAlone(b, 1 << 30);
      const ja = begin(a),
        jb = begin(b);
      try {
        let sa = 0,
          sb = 0,
          steps = 0;
        while (sa === 0 || sb === 0) {
          if (sa === 0) sa = c.ensembleStep(ja, 3);
          if (sb === 0) sb = c.ensembleStep(jb, 5);
          steps++;
        }
        expect([sa, sb]).toEqual([STATUS_DONE, STATUS_DONE]);
        expect(steps).toBeGreaterThan(20); // really interleaved
        expect(results(ja, a)).toBe(aloneA);
        expect(results(jb, b)).toBe(aloneB);
      } finally {
        c.jobFree(ja);
        c.jobFree(jb);
      }
    }
  });

  it('problem and spectrum jobs interleaved give the bits of PlrfProblem.spectrum()', () => {
    const c = core();
    const opts = [
      { alpha: 1, beta: 0.75, d: 30, v: 123, seed: 2, stream: 3 },
      { alpha: 0.8, beta: 0.9, d: 41, v: 100, seed: 5, stream: 0 },
    ];
    const want = opts.map((o) => {
      using p = PlrfProblem.sample(o);
      const s = p.spectrum();
      return JSON.stringify([
        Array.from(s.lambda),
        Array.from(s.rho),
        Array.from(s.projections),
        s.pStar,
        s.p0,
        s.traceK,
        Array.from(p.weights()),
      ]);
    });
    const problems = opts.map((o) => c.problemBegin(o.alpha, o.beta, o.d, o.v, o.seed, o.stream, 0) >>> 0);
    const spectra: number[] = [];
    try {
      let st = [0, 0];
      while (st.some((s) => s === 0)) st = st.map((s, i) => (s === 0 ? c.problemStep(problems[i], 1) : s));
      expect(st).toEqual([STATUS_DONE, STATUS_DONE]);
      for (const p of problems) spectra.push(c.spectrumBegin(p) >>> 0);
      st = [0, 0];
      while (st.some((s) => s === 0)) st = st.map((s, i) => (s === 0 ? c.spectrumStep(spectra[i], 2) : s));
      expect(st).toEqual([STATUS_DONE, STATUS_DONE]);
      const got = opts.map((o, i) => {
        const s = spectra[i],
          d = o.d;
        return JSON.stringify([
          read(c.spectrumLambda(s), d),
          read(c.spectrumRho(s), d),
          read(c.spectrumProjections(s), d),
          c.spectrumPStar(s),
          c.spectrumP0(s),
          c.spectrumTraceK(s),
          read(c.problemW(problems[i]), o.v * d),
        ]);
      });
      expect(got).toEqual(want);
    } finally {
      for (const j of [...spectra, ...problems]) c.jobFree(j);
    }
  });

  it('reports a wrong job kind and refuses an unfinished problem', () => {
    const c = core();
    const p = c.problemBegin(1, 1, 8, 16, 0, 0, 0) >>> 0;
    try {
      expect(c.ensembleStep(p, 1)).toBe(-10);
      expect(c.spectrumBegin(p)).toBe(0); // W not drawn yet
    } finally {
      c.jobFree(p);
    }
  });
});

describe('simulateSgd on the ensemble job', () => {
  it('an abort keeps the finished runs: partial is the result of that many seeds, bit for bit', async () => {
    const opts = { alpha: 1, beta: 0.75, d: 60, steps: 20_000, points: 20, seeds: 200, seed: 3 };
    const controller = new AbortController();
    // Every run has the same share of the work: abort once at least three have finished.
    const onProgress = (f: number) => (f > 3.2 / 200 ? controller.abort() : undefined);
    const err = (await simulateSgd({ ...opts, signal: controller.signal, onProgress }).then(
      () => null,
      (e) => e,
    )) as SgdAbortError;
    expect(err).toBeInstanceOf(PlrfError);
    expect(err.code).toBe('ABORTED');
    expect(err.partial).not.toBeNull();
    const k = err.partial!.config.seeds;
    expect(k).toBeGreaterThanOrEqual(3);
    expect(k).toBeLessThan(200);
    expect(err.partial!.runs).toHaveLength(k);
    const full = await simulateSgd({ ...opts, seeds: k });
    expect(err.partial).toEqual(full);
  });

  it('an abort before any run finished gives partial = null', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const err = (await simulateSgd({ alpha: 1, beta: 0.75, d: 100, steps: 1e9, seeds: 2, signal: controller.signal }).then(
      () => null,
      (e) => e,
    )) as SgdAbortError;
    expect(err.code).toBe('ABORTED');
    expect(err.partial).toBeNull();
  });

  it('progress moves during sampling and the eigen-decomposition, not only during the steps', async () => {
    const seen: number[] = [];
    // 10 steps: nearly all the work is sampling W and decomposing K.
    await simulateSgd({ alpha: 1, beta: 0.75, d: 500, steps: 10, seeds: 2, onProgress: (f) => seen.push(f) });
    const before = seen.slice(0, -1);
    expect(before.length).toBeGreaterThan(3);
    expect(new Set(before).size).toBeGreaterThan(3);
    expect(seen.at(-1)).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
  });
});

// Results recorded before the runs, the stability checks and the spectrum moved into Wasm jobs
// (SIMD build): SHA-256 of every float64 bit of the result, so that the move is known to have
// changed no bit and later changes of these paths are noticed. The SGD values were recorded again
// when the engines moved to the four-lane generator (new data streams; the spectra are unchanged).
describe('bit-identity with the drivers before the jobs (SIMD build)', () => {
  const hex = (x: number) => {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(x);
    return b.toString('hex');
  };
  const bits = (a: ArrayLike<number> | null) => (a === null ? null : Array.from(a, hex));
  const sgd = (r: Awaited<ReturnType<typeof simulateSgd>>) => ({
    steps: r.steps,
    loss: bits(r.loss),
    stderr: bits(r.stderr),
    limit: r.limit === null ? null : hex(r.limit),
    runs: r.runs.map(bits),
    spectra: r.spectra.map((s) => [hex(s.pStar), hex(s.kernelNorm), hex(s.modeFactor)]),
    diverged: r.diverged,
    warnings: r.warnings,
    gamma: hex(r.config.gamma),
  });
  const sha = async (x: unknown) =>
    Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(x)))).toString('hex');
  const SGD_CASES: [string, Parameters<typeof simulateSgd>[0]][] = [
    [
      '68e57a67826d615908ebf5d115955785606d676aeb619bd5ef48099573cebf4f',
      { alpha: 1, beta: 0.75, d: 40, v: 130, steps: 700, points: 20, seeds: 3, seed: 5, batch: 3, engine: 'direct', storage: 'f64' },
    ],
    [
      'bfd0ad46eacabd385347fbd61c8046eb4502450120e01cdf24cc873022428269',
      { alpha: 1, beta: 0.75, d: 40, v: 130, steps: 700, points: 20, seeds: 3, seed: 5, batch: 3, engine: 'direct', storage: 'f32' },
    ],
    [
      '5731b02f0ce2829f8f86f6d914c8623a9170ce0bc2b240ae1d58bd1c83e9eaf1',
      { alpha: 1, beta: 0.75, d: 40, steps: 300, seeds: 4, wSeed: 3, points: 8 },
    ],
    [
      'd1cfa8387a02d146164bc251040dee1f5ef83edce9a3712af7ecf83e68bc41a0',
      { alpha: 1, beta: 0.75, d: 40, steps: 300, seeds: 3, wSeed: 3, points: 8, engine: 'direct', storage: 'f32' },
    ],
    [
      'efc581d7a1ab780dbb11aa23bd1d33fa77bc2c2b25ac607e7b934e8e83eff616',
      { alpha: 1, beta: 0.75, d: 40, steps: 2000, seeds: 2, gamma: 3, force: true, engine: 'spectral' },
    ],
    [
      'c45b2d491b6f4c736a2eaaa510000d2a2444729389ec05e6230a9a36aebacf52',
      { alpha: 1, beta: 0.75, d: 40, steps: 2000, seeds: 2, gamma: 3, force: true, engine: 'direct' },
    ],
    [
      '064b5f5d4705f0c484fcef6e9183319d8bf2062c91b1937c8f56b28202912621',
      { alpha: 1, beta: 0.75, d: 40, steps: 2000, seeds: 3, gamma: 0.9, force: true },
    ],
  ];

  it('simulateSgd: direct engine (f64, f32, batch 3), wSeed, forced divergent runs', async (ctx) => {
    if (!isSimd()) ctx.skip('hashes recorded with the SIMD build');
    for (const [want, opts] of SGD_CASES) expect(await sha(sgd(await simulateSgd(opts))), JSON.stringify(opts)).toBe(want);
    // The divergence steps themselves (in the hashed results too).
    const spectral = await simulateSgd(SGD_CASES[4][1]),
      direct = await simulateSgd(SGD_CASES[5][1]);
    expect([spectral.diverged, direct.diverged]).toEqual([{ step: 10 }, { step: 13 }]);
  });

  it('PlrfProblem.spectrum(): lambda, rho, projections, P*, P(0), tr K (d = 300 by row blocks and eigen steps; f32 storage)', (ctx) => {
    if (!isSimd()) ctx.skip('hashes recorded with the SIMD build');
    const cases: [string, Parameters<typeof PlrfProblem.sample>[0]][] = [
      ['cac1bbb18d3ea1a0b8e114c567732988493f4b1ddc948692c3d7eb15b1c1b557', { alpha: 0.9, beta: 0.6, d: 300, v: 1203, seed: 2, stream: 7 }],
      [
        '64c595ac9de4efe51fdeccfa934731243d55c92c5afc59486e6a32f8c1c1ec70',
        { alpha: 0.9, beta: 0.6, d: 37, v: 151, seed: 3, storage: 'f32' },
      ],
    ];
    return Promise.all(
      cases.map(async ([want, o]) => {
        using p = PlrfProblem.sample(o);
        const s = p.spectrum();
        const W = p.weights();
        const got = {
          lambda: bits(s.lambda),
          rho: bits(s.rho),
          proj: bits(s.projections),
          pStar: hex(s.pStar),
          p0: hex(s.p0),
          traceK: hex(s.traceK),
          W: bits(W.slice(0, 50)),
          Wlast: hex(W.at(-1)!),
        };
        expect(await sha(got), JSON.stringify(o)).toBe(want);
      }),
    );
  });
});
