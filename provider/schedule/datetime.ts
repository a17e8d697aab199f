/** Reading the date-times of task schedules (wall time) and of reload tasks (with offset). */
import { Temporal } from "./engine";
import type { Checked } from "./types";

// Temporal's own parser is lenient (spaces, basic format, offsets it ignores, second 60), so the
// shape is checked first and Temporal only judges whether the date and time exist.
const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const WITH_OFFSET = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.0+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** A reload-task date-time split into its wall time and its UTC offset. */
export interface OffsetDateTime {
  /** The wall time as written, `YYYY-MM-DDTHH:mm:ss`. */
  wall: string;
  /** `Z` or `+HH:MM` / `-HH:MM` as written. */
  offset: string;
  offsetMinutes: number;
  /** The same instant in UTC, ending in `Z`. */
  utc: string;
}

/** Reads a task date-time: local wall time `YYYY-MM-DDTHH:mm[:ss]`, without an offset. */
export function parseScheduleDateTime(value: string): Checked<{ value: string }> {
  const text = value.trim();
  const withOffset = WITH_OFFSET.exec(text);
  if (withOffset) {
    return fail(
      `"${value}" carries a UTC offset; a task's date-times are wall time in its timezone, ` +
        `so write "${withOffset[1]}" and set timezone`,
    );
  }
  if (!WALL_TIME.test(text)) {
    return fail(`"${value}" is not a date-time of the form YYYY-MM-DDTHH:mm:ss`);
  }
  const wall = plainDateTime(text);
  return typeof wall === "string"
    ? fail(`"${value}" is not a real date and time (${wall})`)
    : { ok: true, value: formatWall(wall) };
}

/** Reads a reload-task date-time in RFC 3339 with an offset, such as `...T06:00:00+02:00`. */
export function parseOffsetDateTime(value: string): Checked<OffsetDateTime> {
  const match = WITH_OFFSET.exec(value.trim());
  if (!match) {
    return fail(
      `"${value}" is not a date-time with a UTC offset, such as 2025-04-17T06:00:00+02:00`,
    );
  }
  const wall = plainDateTime(match[1]!);
  const offset = match[2]!.toUpperCase();
  const offsetMinutes = minutesOf(offset);
  if (typeof wall === "string" || offsetMinutes === undefined) {
    return fail(`"${value}" is not a real date, time and offset`);
  }
  const text = formatWall(wall);
  const utc = Temporal.Instant.from(`${text}${offset}`).toString();
  return { ok: true, wall: text, offset, offsetMinutes, utc };
}

/** Tells whether a task's end wall time comes after its start; false if either is unreadable. */
export function endAfterStart(start: string, end: string): boolean {
  const from = parseScheduleDateTime(start);
  const to = parseScheduleDateTime(end);
  if (!from.ok || !to.ok) return false;

  return Temporal.PlainDateTime.compare(to.value, from.value) > 0;
}

/** Tells whether two date-times are the same, with null, undefined and "" all meaning none. */
export function sameDateTime(a: string | null | undefined, b: string | null | undefined): boolean {
  const left = a?.trim() || undefined;
  const right = b?.trim() || undefined;
  if (left === undefined || right === undefined) return left === right;

  return comparable(left) === comparable(right);
}

/** Gives the wall time, `YYYY-MM-DDTHH:mm:ss`, that a UTC instant shows in a zone. */
export function wallTimeIn(utc: string, zone: string): string {
  return formatWall(Temporal.Instant.from(utc).toZonedDateTimeISO(zone).toPlainDateTime());
}

/** One spelling per value: wall times with seconds, offset date-times as their UTC instant. */
function comparable(value: string): string {
  const wall = parseScheduleDateTime(value);
  if (wall.ok) return wall.value;

  const withOffset = parseOffsetDateTime(value);
  return withOffset.ok ? withOffset.utc : value;
}

/** A PlainDateTime, or Temporal's words for why the fields do not make one. */
function plainDateTime(text: string): Temporal.PlainDateTime | string {
  const [, year, month, day, hour, minute, second] = WALL_TIME.exec(text)!.map(Number);
  const fields = { year: year!, month: month!, day: day!, hour: hour!, minute: minute! };
  try {
    return Temporal.PlainDateTime.from({ ...fields, second: second || 0 }, { overflow: "reject" });
  } catch (error) {
    return (error as Error).message;
  }
}

function formatWall(wall: Temporal.PlainDateTime): string {
  return wall.toString({ smallestUnit: "second" });
}

function minutesOf(offset: string): number | undefined {
  if (offset === "Z") return 0;

  const [hours, minutes] = offset.slice(1).split(":").map(Number);
  if (hours! > 23 || minutes! > 59) return undefined;
  return (offset.startsWith("-") ? -1 : 1) * (hours! * 60 + minutes!);
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
