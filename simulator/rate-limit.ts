/**
 * Qlik's documented per-user rate limits: a read tier and a write tier, each counted over a
 * fixed one-minute window. Once a tier is over its limit, every request in that tier is
 * refused until the window ends, which is what `Retry-After` announces.
 */
import { tasksError } from "./http-util";
import type { Reply } from "./types";

/** Requests a user may make per minute, per tier. */
export interface RateLimits {
  readsPerMinute: number;
  writesPerMinute: number;
}

/** The documented limits: about 1,000 reads and 100 writes a minute per user. */
export const qlikRateLimits: RateLimits = { readsPerMinute: 1000, writesPerMinute: 100 };

const windowMs = 60_000;

/** Counts requests per user and tier and refuses those over the limit. */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limits: RateLimits | false,
    private readonly clock: () => number,
  ) {}

  /** Counts one request; answers 429 with Retry-After when the caller's tier is exhausted. */
  take(userId: string, method: string): Reply | undefined {
    if (!this.limits) return undefined;

    const tier = method === "GET" || method === "HEAD" ? "read" : "write";
    const limit = tier === "read" ? this.limits.readsPerMinute : this.limits.writesPerMinute;
    const now = this.clock();
    const key = `${userId}\u0000${tier}`;
    let window = this.windows.get(key);
    if (!window || now - window.start >= windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }

    window.count += 1;
    if (window.count <= limit) return undefined;

    const retryAfter = Math.max(1, Math.ceil((window.start + windowMs - now) / 1000));
    const context = `more than ${limit} ${tier} requests in a minute; retry after ${retryAfter} s`;
    return {
      ...tasksError(429, "Too Many Requests", context),
      headers: { "retry-after": `${retryAfter}` },
    };
  }
}
