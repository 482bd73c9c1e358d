// The latency histogram of a load run: every response time autocannon reports, so p95 is exact.

/**
 * Response times in ms, each kept to 3 significant digits rounded up (at most 0.1% high, never low),
 * so memory stays bounded however many requests a run makes. max and min are exact.
 */
export class LatencyHistogram {
  private readonly counts = new Map<number, number>();
  count = 0;
  max = 0;
  min = Number.POSITIVE_INFINITY;

  record(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const key = roundUp3(ms);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.count++;
    if (ms > this.max) this.max = ms;
    if (ms < this.min) this.min = ms;
  }

  /** The smallest recorded value that at least p% of values are at or below (nearest rank). */
  percentile(p: number): number | undefined {
    if (this.count === 0) return undefined;
    if (p >= 100) return this.max;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (const key of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(key) ?? 0;
      if (seen >= rank) return Math.min(key, this.max);
    }
    return this.max;
  }
}

function roundUp3(ms: number): number {
  if (ms === 0) return 0;
  const step = 10 ** (Math.floor(Math.log10(ms)) - 2);
  // The epsilon keeps 1.23 (stored as 1.2299999…) from becoming 1.24.
  return Math.ceil(ms / step - 1e-9) * step;
}
