// Durations for the command line; the cost model of sampled curves is src/sgd/cost.ts.

export { COST, estimateSeconds, type CostInput } from '../sgd/cost.js';

/** 95 s -> "1.6 min", 4000 s -> "1.1 h". */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  if (seconds < 5400) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 2 * 86400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}
