/**
 * Keeps one process's calls under Qlik's documented per-user rate limits, about 1,000 reads
 * and 100 writes a minute. Crossing a limit blocks that whole tier for the caller until the
 * window ends, so it is cheaper to space calls out than to be refused and retry. Calls are
 * spaced evenly: no 60-second window, however the tenant aligns it, holds more than the limit.
 */
import Bottleneck from "bottleneck";

/** Calls a minute allowed per tier; `false` switches pacing off. */
export interface RateLimits {
  readsPerMinute: number;
  writesPerMinute: number;
}

/** The limits Qlik documents for the REST APIs. */
export const QLIK_RATE_LIMITS: RateLimits = { readsPerMinute: 1000, writesPerMinute: 100 };

/** Waits, before each call, until its tier may send another. */
export class Pacer {
  private readonly reads?: Bottleneck;
  private readonly writes?: Bottleneck;

  constructor(limits: RateLimits | false) {
    if (!limits) return;
    this.reads = new Bottleneck({ minTime: spacing(limits.readsPerMinute) });
    this.writes = new Bottleneck({ minTime: spacing(limits.writesPerMinute) });
  }

  /** Resolves when a call of `method` may go. */
  async slot(method: string): Promise<void> {
    const tier = method === "GET" || method === "HEAD" ? this.reads : this.writes;
    await tier?.schedule(async () => undefined);
  }
}

/** One millisecond more than an even share, so that N calls never fit in one window. */
function spacing(perMinute: number): number {
  return Math.floor(60_000 / perMinute) + 1;
}
