/**
 * The scheduler's own schedule checks, answered as CHO-017 like Qlik documents: an invalid
 * recurrence or time zone, an end not after the start, or an end in the past.
 */
import { isIanaZone, instantOf } from "./time";
import { rruleProblem } from "./rrule";

/** Why a task's `start.schedule` would be refused with CHO-017, or undefined when it is fine. */
export function scheduleProblem(
  schedule: Record<string, unknown>,
  now: number,
): string | undefined {
  const { recurrence, timezone, startDateTime, endDateTime } = schedule;
  if (typeof recurrence !== "string") {
    return "invalid recurrence: recurrence must be one RRULE string";
  }
  const ruleProblem = rruleProblem(recurrence);
  if (ruleProblem) return `invalid recurrence: ${ruleProblem}`;

  // The types say the zone defaults to UTC when absent.
  const zone = timezone ?? "UTC";
  if (typeof zone !== "string" || !isIanaZone(zone)) {
    return `invalid timezone: ${JSON.stringify(zone)} is not an IANA time zone name`;
  }

  const start = typeof startDateTime === "string" ? instantOf(startDateTime, zone) : undefined;
  if (start === undefined) {
    return `invalid startDateTime: ${JSON.stringify(startDateTime)} is not an ISO 8601 date-time`;
  }

  return endProblem(endDateTime, start, zone, now);
}

/** Null, absent and "" all mean "no end date"; anything else must be a future instant. */
function endProblem(end: unknown, start: number, zone: string, now: number): string | undefined {
  if (end === undefined || end === null || end === "") return undefined;

  const instant = typeof end === "string" ? instantOf(end, zone) : undefined;
  if (instant === undefined) {
    return `invalid endDateTime: ${JSON.stringify(end)} is not an ISO 8601 date-time`;
  }
  if (instant <= start) return `endDateTime ${String(end)} is not after startDateTime`;
  if (instant < now) return `endDateTime ${String(end)} is in the past`;
  return undefined;
}
