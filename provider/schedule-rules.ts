/**
 * The schedule checks `check` runs on a declaration, built on the schedule library
 * (`./schedule`): one RRULE, an IANA zone, well-formed wall times, and an end after the start
 * and not in the past (Qlik refuses both with CHO-017, so we refuse them before any call).
 */
import {
  canonicalRecurrence,
  endAfterStart,
  parseRecurrence,
  parseScheduleDateTime,
  recurrencesEqual,
  sameDateTime as sameWallTime,
  wallTimeIn,
  zoneProblem,
} from "./schedule";

export { canonicalRecurrence, zoneProblem };

/** Semantic equality of two date-times. `check` compares raw inputs before it validates them,
 * so a value that is not text (a number, a boolean) equals only itself instead of throwing. */
export function sameDateTime(a: unknown, b: unknown): boolean {
  const text = (v: unknown): v is string | null | undefined => v == null || typeof v === "string";
  return text(a) && text(b) ? sameWallTime(a, b) : a === b;
}

/** Semantic equality of two rules (prefix, part order, case and defaults do not matter). */
export const sameRecurrence = recurrencesEqual;

/** Why a recurrence is unusable, or undefined when it is fine. */
export function recurrenceProblem(rule: string): string | undefined {
  const parsed = parseRecurrence(rule);
  return parsed.ok ? undefined : parsed.reason;
}

/** A problem with one schedule field. */
export interface ScheduleIssue {
  field: "startDateTime" | "endDateTime";
  message: string;
}

/** How strict the end-date check is. */
export interface ScheduleCheckOptions {
  /** An end already in the past is accepted for a task that exists with that very end: the
   * declaration was valid when written and must not fail every later preview. */
  allowPastEnd?: boolean;
  /** The clock, injectable so tests do not depend on it. */
  now?: Date;
}

/** Checks start and end against each other, and the end against the clock. */
export function checkSchedule(
  schedule: { startDateTime: string; endDateTime?: string | null; timezone: string },
  options: ScheduleCheckOptions = {},
): ScheduleIssue[] {
  const issues: ScheduleIssue[] = [];
  const start = parseScheduleDateTime(schedule.startDateTime);
  if (!start.ok) issues.push({ field: "startDateTime", message: start.reason });
  if (!schedule.endDateTime) return issues;

  const end = parseScheduleDateTime(schedule.endDateTime);
  if (!end.ok) return [...issues, { field: "endDateTime", message: end.reason }];
  if (start.ok && !endAfterStart(start.value, end.value)) {
    issues.push({
      field: "endDateTime",
      message: `the end must come after startDateTime ${start.value}`,
    });
  }
  if (!options.allowPastEnd && zoneProblem(schedule.timezone) === undefined) {
    const nowThere = wallTimeIn((options.now ?? new Date()).toISOString(), schedule.timezone);
    if (end.value <= nowThere) {
      issues.push({
        field: "endDateTime",
        message: `the end is in the past (it is ${nowThere} local time in ${schedule.timezone}); remove it or move it later`,
      });
    }
  }
  return issues;
}
