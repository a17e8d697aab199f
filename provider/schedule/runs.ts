/** Computing a schedule's next runs in the task's own zone, whatever the host's zone is. */
import { RRuleTemporal, Temporal } from "./engine";
import { parseScheduleDateTime } from "./datetime";
import { formatParts, parseRecurrence } from "./recurrence";
import type { Run, ScheduleInput } from "./types";
import { zoneProblem } from "./zones";

/**
 * Lists up to `count` runs after `after` (from the start when absent) and not past the end;
 * throws a RangeError that names the invalid field.
 */
export function nextRuns(schedule: ScheduleInput, count: number, after?: Date): Run[] {
  const rule = buildRule(schedule);
  const end = endOf(schedule);
  const runs: Run[] = [];

  let next = after ? rule.next(after) : rule.next(rule.options().dtstart, true);
  while (next && runs.length < count && !(end && Temporal.ZonedDateTime.compare(next, end) > 0)) {
    runs.push(toRun(next));
    next = rule.next(next);
  }
  return runs;
}

/** Words a list of runs for a person, saying which zone the local times are in. */
export function describeRuns(runs: readonly Run[], zone: string): string {
  if (runs.length === 0) return `No runs ahead (local time in ${zone}).`;

  const listed = runs.map((run) => `${run.local} (${run.utc})`).join(", ");
  return `Next runs, local time in ${zone}: ${listed}`;
}

function buildRule(schedule: ScheduleInput) {
  const recurrence = parseRecurrence(schedule.recurrence);
  if (!recurrence.ok) throw new RangeError(`recurrence: ${recurrence.reason}`);

  const zone = zoneProblem(schedule.timezone);
  if (zone !== undefined) throw new RangeError(`timezone: ${zone}`);

  // A start inside a spring-forward gap moves forward by the gap, as Temporal's "compatible"
  // choice does; generated runs inside a gap are skipped by rrule-temporal (RFC 5545).
  const dtstart = zonedWallTime(schedule.startDateTime, schedule.timezone, "startDateTime");
  const rruleString = formatParts(recurrence.parts);
  return new RRuleTemporal({ rruleString, dtstart, strict: true, temporal: Temporal });
}

function endOf(schedule: ScheduleInput): Temporal.ZonedDateTime | undefined {
  const end = schedule.endDateTime?.trim();
  return end ? zonedWallTime(end, schedule.timezone, "endDateTime") : undefined;
}

function zonedWallTime(value: string, zone: string, field: string): Temporal.ZonedDateTime {
  const wall = parseScheduleDateTime(value);
  if (!wall.ok) throw new RangeError(`${field}: ${wall.reason}`);

  return Temporal.PlainDateTime.from(wall.value).toZonedDateTime(zone);
}

function toRun(at: Temporal.ZonedDateTime): Run {
  const local = at.toPlainDateTime().toString({ smallestUnit: "minute" }).replace("T", " ");
  return { utc: at.toInstant().toString(), local };
}
