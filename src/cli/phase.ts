// `plrf phase`: the phase of (alpha, beta) and its compute-optimal exponents (docs/cli.md).

import { classifyPhase, danaDecayExponents } from '../model/phases.js';
import { init } from '../core/wasm.js';
import { parseNumber, UsageError } from './args.js';
import type { Command } from './main.js';

export const phaseCommand: Command = {
  summary: 'the phase of (alpha, beta) and the predicted exponents xi, eta',
  usage: `usage: plrf phase --alpha A --beta B [--optimizer sgd|dana-decay] [--json]
Prints the phase (Ia Ib Ic II III IVa IVb, or none where alpha + beta <= 1/2, within 1e-9 included), the exponents
d*(f) ~ f^xi and P*(f) ~ f^(-eta), the trade-off at the optimum and, within 1e-9 of a boundary,
the phases that meet there. --optimizer dana-decay adds the predicted DANA-decay exponents (plrf's
derivation, docs/model.md §10, not the paper's; only where 2 alpha > 1).`,
  options: { alpha: { type: 'string' }, beta: { type: 'string' }, optimizer: { type: 'string' } },
  async run({ values }) {
    for (const k of ['alpha', 'beta']) if (values[k] === undefined) throw new UsageError(`--${k}`, `--${k} is required`);
    await init();
    const optimizer = (values.optimizer as string | undefined) ?? 'sgd';
    if (optimizer !== 'sgd' && optimizer !== 'dana-decay') {
      throw new UsageError(
        '--optimizer',
        `--optimizer = '${optimizer}' is invalid: expected sgd or dana-decay (the only optimizers with predicted exponents)`,
      );
    }
    const info = classifyPhase(parseNumber('--alpha', String(values.alpha)), parseNumber('--beta', String(values.beta)));
    const dana = optimizer === 'dana-decay' ? danaDecayExponents(info.alpha, info.beta) : null;
    if (values.json) {
      process.stdout.write(JSON.stringify(dana ? { ...info, danaDecay: dana } : info) + '\n');
      return;
    }
    const lines = [`(alpha, beta) = (${info.alpha}, ${info.beta}): phase ${info.phase}`];
    if (info.phase === 'none') lines.push('alpha + beta <= 1/2: the loss has no power-law decay; no compute-optimal exponents');
    else lines.push(`xi = ${info.xi!.toFixed(6)} (d* ~ f^xi), eta = ${info.eta!.toFixed(6)} (P* ~ f^-eta), trade-off ${info.tradeoff}`);
    if (dana) {
      if (dana.xi === null) lines.push(`dana-decay: ${dana.note}`);
      else {
        lines.push(
          `dana-decay (plrf's derivation, not the paper's: time exponents x kappa = 2 - 1/(2 alpha) = ${dana.kappa.toFixed(6)}, ` +
            "capacity floor unchanged, the SGD phase's trade-off kept):",
        );
        lines.push(`xi = ${dana.xi.toFixed(6)} (d* ~ f^xi), eta = ${dana.eta!.toFixed(6)} (P* ~ f^-eta)`);
      }
    }
    if (info.onBoundary) lines.push(`on a phase boundary (within 1e-9); phases meeting here: ${info.neighbours.join(', ')}`);
    process.stdout.write(lines.join('\n') + '\n');
  },
};
