// `plrf sweep` and `plrf merge`: measured fronts over an (alpha, beta) grid as JSON lines.

import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { checkParent } from './output.js';
import { mergeRecords, parseSweepLines, sweep } from '../sweep/sweep.js';
import { parseList, parseNumber, UsageError } from './args.js';
import type { Command } from './main.js';
import { progressBar } from './progress.js';

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return null;
    throw e;
  }
}

export const sweepCommand: Command = {
  summary: 'measured fronts over an (alpha, beta) grid, one JSON line per point (resumable, shardable)',
  usage: `usage: plrf sweep --alpha MIN:MAX:N --beta MIN:MAX:N --out FILE.jsonl [options]
  --d LIST         d grid of every front (default 200:6400:x2)
  --shard i/n      run only the points with index % n == i (0 <= i < n); for Slurm job arrays use
                   --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT, for Kubernetes indexed Jobs
                   --shard $JOB_COMPLETION_INDEX/<completions>
  --workers K      worker threads (default: all cores); results do not depend on K
  --approach 1|2   (default 2)
Rerunning with the same --out skips the points already in the file. Combine shard files with
'plrf merge'.`,
  options: {
    alpha: { type: 'string' },
    beta: { type: 'string' },
    d: { type: 'string' },
    out: { type: 'string' },
    shard: { type: 'string' },
    workers: { type: 'string' },
    approach: { type: 'string' },
  },
  async run({ values, signal, chatty, warn, kept }) {
    for (const k of ['alpha', 'beta', 'out']) if (values[k] === undefined) throw new UsageError(`--${k}`, `--${k} is required`);
    const out = String(values.out);
    const alpha = parseList('--alpha', String(values.alpha));
    const beta = parseList('--beta', String(values.beta));
    const d = parseList('--d', String(values.d ?? '200:6400:x2'));
    let shard: [number, number] | undefined;
    if (values.shard !== undefined) {
      const m = /^(\d+)\/(\d+)$/.exec(String(values.shard));
      if (!m || Number(m[1]) >= Number(m[2]) || Number(m[2]) < 1)
        throw new UsageError('--shard', `--shard = '${values.shard}' is invalid: expected i/n with 0 <= i < n`);
      shard = [Number(m[1]), Number(m[2])];
    }
    const workers = values.workers === undefined ? undefined : parseNumber('--workers', String(values.workers));
    const approach = values.approach === undefined ? undefined : parseNumber('--approach', String(values.approach));
    if (approach !== undefined && approach !== 1 && approach !== 2)
      throw new UsageError('--approach', `--approach = ${approach} is invalid: expected 1 or 2`);
    const warnings: string[] = [];
    const previous = await readIfExists(out);
    const done = new Set<string>();
    if (previous) {
      const { records, problems } = parseSweepLines(previous, out);
      for (const r of records) if (!r.error) done.add(r.key);
      if (problems.length) warnings.push(`${problems.length} unreadable line(s) in ${out} will be recomputed`);
    }
    await checkParent('--out', out);
    const bar = progressBar('sweep', chatty);
    const t0 = performance.now();
    let written = 0,
      failed = 0;
    try {
      await sweep({
        alpha,
        beta,
        d,
        shard,
        workers,
        approach: approach as 1 | 2 | undefined,
        done,
        signal,
        onRecord: async (rec, k, total) => {
          // One line per finished point, appended at once, so an interrupted sweep keeps its work.
          await appendFile(out, JSON.stringify(rec) + '\n');
          written++;
          kept[0] = `${written} finished point(s) in ${out} (rerun the same command to resume)`;
          if (rec.error) failed++;
          bar.update(k / Math.max(1, total));
        },
      });
    } finally {
      bar.clear();
    }
    const seconds = (performance.now() - t0) / 1000;
    if (failed) warnings.push(`${failed} point(s) failed; their lines carry an "error" field and are recomputed on a rerun`);
    const summary = { out, written, skipped: done.size, failed, seconds, shard: shard ?? null, warnings };
    if (values.json) process.stdout.write(JSON.stringify(summary) + '\n');
    else
      process.stdout.write(
        `sweep: ${written} point(s) written to ${out} (${done.size} already done, ${failed} failed) in ${seconds.toFixed(1)} s\n`,
      );
    for (const w of warnings) warn(w);
  },
};

export const mergeCommand: Command = {
  summary: 'merge sweep files (JSON lines) into one, deduplicated and sorted',
  usage: 'usage: plrf merge FILE.jsonl... --out FILE.jsonl',
  options: { out: { type: 'string' } },
  async run({ values, positionals, warn }) {
    if (values.out === undefined) throw new UsageError('--out', '--out FILE.jsonl is required');
    if (positionals.length === 0) throw new UsageError('FILE', 'give at least one sweep file to merge');
    const lists = [];
    const problems: string[] = [];
    for (const file of positionals) {
      const text = await readIfExists(file);
      if (text === null) throw new UsageError('FILE', `cannot read '${file}': no such file`);
      const parsed = parseSweepLines(text, file);
      lists.push(parsed.records);
      problems.push(...parsed.problems);
    }
    const merged = mergeRecords(lists);
    const out = String(values.out);
    await checkParent('--out', out);
    await writeFile(out, merged.map((r) => JSON.stringify(r)).join('\n') + (merged.length ? '\n' : ''));
    const summary = {
      out,
      records: merged.length,
      inputs: positionals.length,
      ignored: problems,
      warnings: problems.length ? [`${problems.length} unreadable line(s) ignored`] : [],
    };
    if (values.json) process.stdout.write(JSON.stringify(summary) + '\n');
    for (const w of summary.warnings) warn(w);
    if (!values.json)
      process.stdout.write(
        `merge: ${merged.length} record(s) from ${positionals.length} file(s) written to ${out}${problems.length ? `; ignored: ${problems.join('; ')}` : ''}\n`,
      );
  },
};
