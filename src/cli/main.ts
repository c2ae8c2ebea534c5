// `plrf <command>`: dispatch, exit codes and error lines (interface.md, "Common rules").

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
  /** Print progress and warnings (stderr is a TTY and --quiet was not given). */
  chatty: boolean;
  /** What has been written so far, for the message on an interrupt (commands update it). */
  kept: string[];
}

export interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(ctx: CommandContext): Promise<void>;
}

const COMMANDS: Record<string, Command> = {
  study: studyCommand, phase: phaseCommand, curve: curveCommand, frontier: frontierCommand, diagram: diagramCommand,
  sweep: sweepCommand, merge: mergeCommand, fit: fitCommand, reproduce: reproduceCommand,
};

/** API option names -> CLI flags, so that errors name what the user typed. */
const FLAG_OF: Record<string, string> = {
  wSeed: '--w-seed', engine: '--method', method: '--method', gamma0: '--gamma0', batch: '--batch', vRatio: '--v-ratio',
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

function help(): string {
  const lines = ['usage: plrf <command> [options]', '', 'commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(8)} ${c.summary}`);
  lines.push('', "run 'plrf <command> --help' for a command's options");
  return lines.join('\n');
}

const kept: string[] = [];

/** Run the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(help() + '\n');
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`plrf: unknown command '${name}'; commands: ${Object.keys(COMMANDS).join(', ')}\n`);
    return 2;
  }
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(command.usage + '\n');
      return 0;
    }
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: { ...command.options, json: { type: 'boolean' }, quiet: { type: 'boolean' } }, strict: true, allowPositionals: true });
    } catch (e) {
      const err = e as Error & { code?: string };
      const flag = /'(-[^']*)'/.exec(err.message)?.[1];
      const text = err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag
        ? `unknown option ${flag}; see 'plrf ${name} --help'`
        : err.message.split('\n')[0];
      process.stderr.write(`plrf ${name}: ${text}\n`);
      return 2;
    }
    const values = parsed.values as CommandContext['values'];
    const chatty = !values.quiet && !!process.stderr.isTTY;
    kept.length = 0;
    await command.run({ values, positionals: parsed.positionals, signal: controller.signal, chatty, kept });
    return 0;
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
      const usage = e.code === 'INVALID_ARGUMENT' || e.code === 'UNSTABLE' || e.code === 'MEMORY' || e.code === 'NOT_INTERIOR' || e.code === 'NOT_CONVEX';
      const flag = flagFor(e.param);
      process.stderr.write(`plrf ${name}: ${flag ? flag + ': ' : ''}${e.message}\n`);
      return usage ? 2 : 1;
    }
    process.stderr.write(`plrf ${name}: ${(e as Error)?.message ?? String(e)}\n`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
