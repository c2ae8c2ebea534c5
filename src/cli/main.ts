// `plrf <command>`: dispatch, exit codes and error lines (docs/cli.md, "Common rules").

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PlrfError } from '../core/errors.js';
import { UsageError } from './args.js';
import { curveCommand } from './curve.js';
import { studyCommand } from './study.js';
import { phaseCommand } from './phase.js';
import { frontierCommand } from './frontier.js';
import { diagramCommand } from './diagram.js';
import { mergeCommand, sweepCommand } from './sweep.js';
import { fitCommand } from './fit.js';
import { reproduceCommand } from './reproduce.js';

/** How a command sees its context. */
export interface CommandContext {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  signal: AbortSignal;
  /** Draw progress bars (stderr is a TTY and --quiet was not given). */
  chatty: boolean;
  /** Print one warning line `warning: ...` on stderr, in every mode, unless --quiet was given. */
  warn: (message: string) => void;
  /** --quiet was given: no progress bars, warnings or notes on stderr. */
  quiet: boolean;
  /** What has been written so far, for the message on an interrupt (commands update it). */
  kept: string[];
}

export interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Resolves to nothing (exit 0) or to an exit code (130 after an interrupt that kept results). */
  run(ctx: CommandContext): Promise<void | number>;
}

export const COMMANDS: Record<string, Command> = {
  study: studyCommand,
  phase: phaseCommand,
  curve: curveCommand,
  frontier: frontierCommand,
  diagram: diagramCommand,
  sweep: sweepCommand,
  merge: mergeCommand,
  fit: fitCommand,
  reproduce: reproduceCommand,
};

/** API option names -> CLI flags, so that errors name what the user typed. */
const FLAG_OF: Record<string, string> = {
  wSeed: '--w-seed',
  engine: '--method',
  method: '--method',
  gamma0: '--gamma0',
  batch: '--batch',
  vRatio: '--v-ratio',
};

function flagForParam(param: string): string {
  // d[3] -> --d, flops[1] -> --flops, window -> --window
  const base = param.replace(/\[\d+\]$/, '').replace(/\..*$/, '');
  return FLAG_OF[base] ?? `--${base}`;
}

function flagFor(param: string | undefined): string {
  if (!param) return '';
  return flagForParam(param);
}

/** The user gave `--gamma0` but the library names the resulting gamma: report the flag typed. */
function flagForError(param: string | undefined, values: CommandContext['values'] | undefined): string {
  const flag = flagFor(param);
  if (flag === '--gamma' && values && values.gamma === undefined && values.gamma0 !== undefined) return '--gamma0';
  if (flag === '--gamma0' && values && values.gamma0 === undefined && values.gamma !== undefined) return '--gamma';
  return flag;
}

type Options = Command['options'];

/**
 * Let string-valued flags take values that begin with '-' (negative numbers and ranges:
 * `--beta -0.2`, `--beta -1e-3`, `--beta -0.5:2:20`): `--flag -x` becomes `--flag=-x`.
 * node's parseArgs would otherwise reject them as ambiguous.
 */
export function joinNegativeValues(args: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = args[i + 1];
    const m = /^--([^=]+)$/.exec(a);
    if (a === '--') {
      out.push(...args.slice(i));
      break;
    }
    if (m && options[m[1]]?.type === 'string' && next !== undefined && /^-(?!-)./.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}

/** A scalar flag given twice is a usage error (rather than silently keeping the last value). */
function repeatedFlag(
  tokens: { kind: string; name?: string; value?: string | undefined; rawName?: string }[],
  options: Options,
  command: string,
): string | null {
  const seen = new Map<string, string>();
  for (const t of tokens) {
    if (t.kind !== 'option' || !t.name || options[t.name]?.type !== 'string') continue;
    const prev = seen.get(t.name);
    if (prev !== undefined) {
      return (
        `--${t.name} is given twice ('${prev}' and '${t.value ?? ''}'); give it once` +
        (/^(frontier|study|sweep)$/.test(command) && /^(d|sgd-d)$/.test(t.name)
          ? ` (several values: --${t.name} ${prev},${t.value ?? ''})`
          : '')
      );
    }
    seen.set(t.name, t.value ?? '');
  }
  return null;
}

async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const COMMON_HELP = `common: --json (one JSON object on stdout), --quiet (no progress bars or warnings on stderr).
Negative numbers and ranges may follow their flag: --beta -0.2, --beta -1e-3, --beta -0.5:2:20 (or --beta=-0.2).
Warnings are printed on stderr as 'warning: ...' in every mode and listed under "warnings" with --json.`;

function help(): string {
  const lines = ['usage: plrf <command> [options]', '', 'commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(8)} ${c.summary}`);
  lines.push(
    '',
    "run 'plrf <command> --help' for a command's options; 'plrf --version' prints the version",
    'Negative values may follow their flag directly: --beta -0.2, --beta -0.5:2:20 (or --beta=-0.2).',
    'Warnings go to stderr, prefixed warning: (and into "warnings" with --json); --quiet silences them.',
  );
  return lines.join('\n');
}

const kept: string[] = [];

/** Run the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    process.stdout.write(`plrf ${await version()}\n`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(help() + '\n');
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`plrf: unknown command '${name}'; commands: ${Object.keys(COMMANDS).join(', ')}\n`);
    return 2;
  }
  let ctxValues: CommandContext['values'] | undefined;
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(command.usage + '\n' + COMMON_HELP + '\n');
      return 0;
    }
    let parsed;
    const options: Options = { ...command.options, json: { type: 'boolean' }, quiet: { type: 'boolean' } };
    try {
      parsed = parseArgs({ args: joinNegativeValues(rest, options), options, strict: true, allowPositionals: true, tokens: true });
    } catch (e) {
      const err = e as Error & { code?: string };
      const flag = /'(-[^']*)'/.exec(err.message)?.[1];
      const text =
        err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag
          ? `unknown option ${flag}; see 'plrf ${name} --help'`
          : err.message.split('\n')[0];
      process.stderr.write(`plrf ${name}: ${text}\n`);
      return 2;
    }
    const twice = repeatedFlag(parsed.tokens ?? [], options, name);
    if (twice) {
      process.stderr.write(`plrf ${name}: ${twice}\n`);
      return 2;
    }
    const values = parsed.values as CommandContext['values'];
    ctxValues = values;
    const quiet = values.quiet === true;
    const chatty = !quiet && !!process.stderr.isTTY;
    const warn = (w: string) => {
      if (!quiet) process.stderr.write(`warning: ${w}\n`);
    };
    kept.length = 0;
    const code = await command.run({ values, positionals: parsed.positionals, signal: controller.signal, chatty, warn, quiet, kept });
    return typeof code === 'number' ? code : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`plrf ${name}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof PlrfError) {
      if (e.code === 'ABORTED') {
        process.stderr.write(`plrf ${name}: interrupted; ${kept.length ? `kept ${kept.join(', ')}` : 'nothing was written'}\n`);
        return 130;
      }
      const usage =
        e.code === 'INVALID_ARGUMENT' ||
        e.code === 'UNSTABLE' ||
        e.code === 'MEMORY' ||
        e.code === 'NOT_INTERIOR' ||
        e.code === 'NOT_CONVEX';
      const flag = flagForError(e.param, ctxValues);
      process.stderr.write(`plrf ${name}: ${flag ? flag + ': ' : ''}${e.message}\n`);
      return usage ? 2 : 1;
    }
    process.stderr.write(`plrf ${name}: ${(e as Error)?.message ?? String(e)}\n`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
