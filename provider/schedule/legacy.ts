/** Turning the schedule of a legacy reload task into the schedule of a task. */
import type { Task as ReloadTask } from "@qlik/api/reload-tasks";

import { parseOffsetDateTime, parseScheduleDateTime, wallTimeIn } from "./datetime";
import { formatParts, parseRecurrence } from "./recurrence";
import type { TaskSchedule } from "./types";
import { fixedZoneForOffset, zoneProblem } from "./zones";

export { LEGACY_SCHEDULE_RULES, type LegacyScheduleRule } from "./legacy-rules";

/** The schedule fields of a reload task, as `/api/v1/reload-tasks` returns them. */
export type LegacySchedule = Pick<
  ReloadTask,
  "id" | "recurrence" | "startDateTime" | "endDateTime" | "timeZone"
>;

/** A migration step that a person has to decide: what is wrong and what to do. */
export interface NeedsPerson {
  kind: "needs-person";
  reason: string;
  fix: string;
}

/** The outcome of converting one reload task's schedule. */
export type LegacyConversion = { kind: "schedule"; schedule: TaskSchedule } | NeedsPerson;

/** The outcome of splitting a reload task's schedule into one schedule per recurrence line. */
export type LegacySplit = { kind: "schedules"; schedules: TaskSchedule[] } | NeedsPerson;

type Timing = Omit<TaskSchedule, "recurrence">;

/** Converts a reload task's schedule so that the task runs at the same instants. */
export function scheduleFromReloadTask(rt: LegacySchedule): LegacyConversion {
  const lines = recurrenceLines(rt);
  if (lines.length === 0) return withoutRecurrence(rt);
  if (lines.length > 1) return severalLines(rt, lines);

  return convertLine(rt, lines[0]!);
}

/** Gives one task schedule per recurrence line, each with the reload task's start and zone. */
export function splitReloadTaskSchedules(rt: LegacySchedule): LegacySplit {
  const lines = recurrenceLines(rt);
  if (lines.length === 0) return withoutRecurrence(rt);

  const schedules: TaskSchedule[] = [];
  for (const line of lines) {
    const converted = convertLine(rt, line);
    if (converted.kind === "needs-person") return converted;
    schedules.push(converted.schedule);
  }
  return { kind: "schedules", schedules };
}

function convertLine(rt: LegacySchedule, line: string): LegacyConversion {
  const rule = parseRecurrence(line);
  if (!rule.ok) {
    return needsPerson(
      `reload task ${rt.id} has a recurrence that a task cannot take: ${rule.reason}`,
      "declare the task with a corrected recurrence of your own",
    );
  }
  const timing = rt.timeZone?.trim() ? namedZoneTiming(rt, rt.timeZone.trim()) : offsetTiming(rt);
  if ("kind" in timing) return timing;

  return { kind: "schedule", schedule: { recurrence: formatParts(rule.parts), ...timing } };
}

/** With `timeZone` given, Qlik reads start and end as wall time there: keep them as they are. */
function namedZoneTiming(rt: LegacySchedule, zone: string): Timing | NeedsPerson {
  const problem = zoneProblem(zone);
  if (problem) {
    return needsPerson(`reload task ${rt.id}: timeZone ${problem}`, "set timezone yourself");
  }
  const start = wallTime(rt, "startDateTime", zone);
  if (typeof start !== "string") return start;

  const end = rt.endDateTime?.trim() ? wallTime(rt, "endDateTime", zone) : undefined;
  if (end !== undefined && typeof end !== "string") return end;
  return timing(start, end, zone);
}

function wallTime(rt: LegacySchedule, field: Field, zone: string): string | NeedsPerson {
  const value = rt[field]?.trim() ?? "";
  const parsed = parseScheduleDateTime(value);
  if (parsed.ok) return parsed.value;

  if (parseOffsetDateTime(value).ok) {
    return needsPerson(
      `reload task ${rt.id} sets timeZone "${zone}" and also an offset in ${field} "${value}"; ` +
        "Qlik allows one or the other, so the intended local time is unclear",
      `declare ${field} as the local time in ${zone} that is meant, without an offset`,
    );
  }
  return needsPerson(
    `reload task ${rt.id}: ${field} ${parsed.reason}`,
    `declare ${field} yourself`,
  );
}

/** Without `timeZone`, the offset fixes the instants: pick a zone that keeps them all year. */
function offsetTiming(rt: LegacySchedule): Timing | NeedsPerson {
  const value = rt.startDateTime?.trim() ?? "";
  const start = parseOffsetDateTime(value);
  if (!start.ok) return unknownZone(rt, value);

  const zone = fixedZoneForOffset(start.offsetMinutes);
  if (zone === undefined) {
    return needsPerson(
      `reload task ${rt.id} starts at "${value}", and no IANA zone keeps the offset ` +
        `${start.offset} all year`,
      "set timezone to the IANA zone of the place the schedule is meant for, and check its runs",
    );
  }
  const endText = rt.endDateTime?.trim() ?? "";
  if (endText === "") return timing(start.wall, undefined, zone);

  const end = parseOffsetDateTime(endText);
  if (!end.ok) {
    return needsPerson(
      `reload task ${rt.id}: endDateTime ${end.reason}`,
      "declare endDateTime yourself",
    );
  }
  return timing(start.wall, wallTimeIn(end.utc, zone), zone);
}

function unknownZone(rt: LegacySchedule, value: string): NeedsPerson {
  const wall = parseScheduleDateTime(value);
  const reason = wall.ok
    ? `reload task ${rt.id} has neither timeZone nor an offset in startDateTime "${value}", ` +
      "so the zone its times are in is unknown"
    : `reload task ${rt.id}: startDateTime ${wall.reason}`;
  return needsPerson(reason, "set timezone to the IANA zone the schedule is meant for");
}

function withoutRecurrence(rt: LegacySchedule): NeedsPerson {
  if (rt.startDateTime?.trim()) {
    return needsPerson(
      `reload task ${rt.id} starts at "${rt.startDateTime}" but has no recurrence, ` +
        "and a task needs one",
      "declare the task with the recurrence it should follow, without migrateFrom",
    );
  }
  return needsPerson(
    `reload task ${rt.id} has no time-based schedule (autoReload only): ` +
      "its recurrence and startDateTime are empty, so there is nothing to migrate",
    "leave it as it is, or declare a task with a recurrence of your own, without migrateFrom",
  );
}

function severalLines(rt: LegacySchedule, lines: string[]): NeedsPerson {
  const quoted = lines.map((line) => `"${line}"`).join(", ");
  const split = splitReloadTaskSchedules(rt);
  const first = split.kind === "schedules" ? split.schedules[0] : undefined;
  const start = first?.startDateTime ?? rt.startDateTime ?? "";
  const zone = first?.timezone ?? rt.timeZone ?? "";
  return needsPerson(
    `reload task ${rt.id} has ${lines.length} recurrence lines, and a task takes one: ${quoted}`,
    `split it into one task per line, each with startDateTime "${start}" and timezone "${zone}" ` +
      `written out; only the first may set migrateFrom "${rt.id}", the others go without it`,
  );
}

function recurrenceLines(rt: LegacySchedule): string[] {
  return (rt.recurrence ?? []).map((line) => line.trim()).filter((line) => line !== "");
}

function timing(startDateTime: string, endDateTime: string | undefined, timezone: string): Timing {
  // No endDateTime key at all when there is no end: outputs must stay plain JSON.
  return endDateTime === undefined
    ? { startDateTime, timezone }
    : { startDateTime, endDateTime, timezone };
}

type Field = "startDateTime" | "endDateTime";

function needsPerson(reason: string, fix: string): NeedsPerson {
  return { kind: "needs-person", reason, fix };
}
