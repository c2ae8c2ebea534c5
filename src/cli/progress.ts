// A one-line progress bar on stderr, drawn only on a TTY (docs/cli.md: nothing on a pipe).

/** Returns an onProgress callback and a function that clears the line; no-ops when not a TTY. */
export function progressBar(label: string, enabled: boolean): { update: (fraction: number) => void; clear: () => void } {
  const stream = process.stderr;
  if (!enabled || !stream.isTTY) return { update: () => {}, clear: () => {} };
  const start = performance.now();
  let last = -1;
  return {
    update(fraction: number) {
      const pct = Math.floor(fraction * 100);
      if (pct === last) return;
      last = pct;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 30));
      const filled = Math.round(fraction * width);
      const elapsed = (performance.now() - start) / 1000;
      const eta = fraction > 0.01 ? (elapsed * (1 - fraction)) / fraction : NaN;
      const etaText = Number.isFinite(eta) ? ` ETA ${eta.toFixed(0)}s` : '';
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}%${etaText}\x1b[K`);
    },
    clear() {
      stream.write('\r\x1b[K');
    },
  };
}
