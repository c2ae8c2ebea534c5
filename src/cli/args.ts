// Strict parsing of command-line values: numbers, integers, lists and ranges (docs/cli.md).

/** A usage error: exit code 2, one line naming the flag, the value and what is allowed. */
export class UsageError extends Error {
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(message);
  }
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL: Record<string, number> = {
  nan: NaN,
  inf: Infinity,
  '+inf': Infinity,
  '-inf': -Infinity,
  infinity: Infinity,
  '+infinity': Infinity,
  '-infinity': -Infinity,
};

/**
 * Parse a decimal number. NaN and infinities are parsed (so that range checks can reject them
 * with the allowed range in the message); anything else that is not a plain decimal is an error.
 */
export function parseNumber(flag: string, text: string): number {
  const t = text.trim();
  const special = SPECIAL[t.toLowerCase()];
  if (special !== undefined) return special;
  if (!DECIMAL.test(t)) throw new UsageError(flag, `${flag} = '${text}' is not a number`);
  return Number(t);
}

/** A list `a,b,c`, a geometric range `min:max:xR` or a linear range `min:max:N` (docs/cli.md). */
export function parseList(flag: string, text: string): number[] {
  if (text.includes(':')) {
    const parts = text.split(':');
    if (parts.length !== 3) throw new UsageError(flag, `${flag} = '${text}' is not a range MIN:MAX:N or MIN:MAX:xR`);
    const lo = parseNumber(flag, parts[0]);
    const hi = parseNumber(flag, parts[1]);
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) {
      throw new UsageError(flag, `${flag} = '${text}' needs finite MIN <= MAX`);
    }
    if (parts[2].startsWith('x')) {
      const ratio = parseNumber(flag, parts[2].slice(1));
      if (!(ratio > 1) || !Number.isFinite(ratio) || !(lo > 0)) {
        throw new UsageError(flag, `${flag} = '${text}': a geometric range needs MIN > 0 and a ratio > 1`);
      }
      const out: number[] = [];
      for (let x = lo, i = 0; x <= hi * (1 + 1e-12) && i < 10000; i++, x = lo * ratio ** i) out.push(x);
      return out;
    }
    const n = parseNumber(flag, parts[2]);
    if (!Number.isInteger(n) || n < 1 || n > 10000)
      throw new UsageError(flag, `${flag} = '${text}': the number of points must be an integer in [1, 10000]`);
    if (n === 1) return [lo];
    return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
  }
  return text.split(',').map((p) => parseNumber(flag, p));
}
