// `plrf phase`: the phase of (alpha, beta) and its compute-optimal exponents (interface.md).

import { classifyPhase } from '../phases.js';
import { init } from '../core/wasm.js';
import { parseNumber, UsageError } from './args.js';
import type { Command } from './main.js';

export const phaseCommand: Command = {
  summary: 'the phase of (alpha, beta) and the predicted exponents xi, eta',
  usage: `usage: plrf phase --alpha A --beta B [--json]
Prints the phase (Ia Ib Ic II III IVa IVb, or none where alpha + beta <= 1/2, within 1e-9 included), the exponents
d*(f) ~ f^xi and P*(f) ~ f^(-eta), the trade-off at the optimum and, within 1e-9 of a boundary,
the phases that meet there.`,
  options: { alpha: { type: 'string' }, beta: { type: 'string' } },
  async run({ values }) {
    for (const k of ['alpha', 'beta']) if (values[k] === undefined) throw new UsageError(`--${k}`, `--${k} is required`);
    await init();
    const info = classifyPhase(parseNumber('--alpha', String(values.alpha)), parseNumber('--beta', String(values.beta)));
    if (values.json) {
      process.stdout.write(JSON.stringify(info) + '\n');
      return;
    }
    const lines = [`(alpha, beta) = (${info.alpha}, ${info.beta}): phase ${info.phase}`];
    if (info.phase === 'none') lines.push('alpha + beta <= 1/2: the loss has no power-law decay; no compute-optimal exponents');
    else lines.push(`xi = ${info.xi!.toFixed(6)} (d* ~ f^xi), eta = ${info.eta!.toFixed(6)} (P* ~ f^-eta), trade-off ${info.tradeoff}`);
    if (info.onBoundary) lines.push(`on a phase boundary (within 1e-9); phases meeting here: ${info.neighbours.join(', ')}`);
    process.stdout.write(lines.join('\n') + '\n');
  },
};
