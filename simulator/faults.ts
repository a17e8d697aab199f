/**
 * Switchable faults for reliability tests: a rule matches a method and a path pattern for a
 * number of requests, and answers a status, adds latency, hangs, or drops the connection
 * before or after the request took effect.
 */
import { STATUS_CODES } from "node:http";
import { tasksError, traceId } from "./http-util";

/** An answer given instead of the normal one. Without a body, a tasks-shape error is sent. */
export interface StatusFault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * What a fault does: answer a status, add `delayMs` before normal handling, never answer
 * ("hang"), destroy the socket before handling ("reset-before"), or handle and commit the
 * request, then destroy the socket without answering ("reset-after").
 */
export type FaultAction =
  StatusFault | { delayMs: number } | "hang" | "reset-before" | "reset-after";

/** A fault rule: `path` is a regular expression tested against the path (query excluded). */
export interface FaultRule {
  /** HTTP method to match, any when absent. */
  method?: string;
  path: RegExp | string;
  /** How many matching requests the rule applies to; 1 when absent. */
  times?: number;
  action: FaultAction;
}

interface ActiveRule {
  method?: string;
  path: RegExp;
  remaining: number;
  action: FaultAction;
}

/** The set of active fault rules of one tenant. Rules apply in the order they were added. */
export class Faults {
  private rules: ActiveRule[] = [];

  /** Adds a rule; it applies to the next `times` matching requests. */
  add(rule: FaultRule): void {
    const times = rule.times ?? 1;
    if (!Number.isInteger(times) || times < 1) {
      throw new Error(`fault rule times must be a positive integer, got ${String(rule.times)}`);
    }
    const path = typeof rule.path === "string" ? new RegExp(rule.path) : rule.path;
    this.rules.push({
      method: rule.method?.toUpperCase(),
      path,
      remaining: times,
      action: rule.action,
    });
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = [];
  }

  /** The first rule matching the request, counting one use of it; undefined when none does. */
  take(method: string, path: string): FaultAction | undefined {
    const rule = this.rules.find(
      (candidate) => (candidate.method ?? method) === method && candidate.path.test(path),
    );
    if (!rule) return undefined;

    rule.remaining -= 1;
    if (rule.remaining === 0) this.rules = this.rules.filter((candidate) => candidate !== rule);
    return rule.action;
  }
}

/** The body of an answered status fault: the given one, or a tasks-shape error. */
export function faultBody(fault: StatusFault): unknown {
  if (fault.body !== undefined) return fault.body;
  return tasksError(fault.status, STATUS_CODES[fault.status] ?? "Error").body;
}

/** Qlik's 503 CHO-024 body: the scheduler was briefly unavailable and nothing was created. */
export function schedulerUnavailableBody(): unknown {
  const context = "the scheduler is temporarily unavailable; nothing was created, retry later";
  return { errors: [{ code: 503, title: "CHO-024", context }], traceId: traceId() };
}
