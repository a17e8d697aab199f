/** Splitting an RRULE line into its parts and writing each value in one spelling. */
import type { Checked } from "./types";

/** Upper-case part names mapped to their values, in the order the rule gave them. */
export type RuleParts = Readonly<Record<string, string>>;

// RFC 5545 section 3.3.10 recur-rule-parts. RSCALE and SKIP (RFC 7529) are left out on purpose:
// Qlik's scheduler documents only Gregorian rules.
const KNOWN_PARTS = new Set([
  "FREQ",
  "UNTIL",
  "COUNT",
  "INTERVAL",
  "BYSECOND",
  "BYMINUTE",
  "BYHOUR",
  "BYDAY",
  "BYMONTHDAY",
  "BYYEARDAY",
  "BYWEEKNO",
  "BYMONTH",
  "BYSETPOS",
  "WKST",
]);

/** Parts whose value is a comma-separated list of whole numbers. */
export const NUMBER_LISTS = new Set([
  "BYSECOND",
  "BYMINUTE",
  "BYHOUR",
  "BYMONTHDAY",
  "BYYEARDAY",
  "BYWEEKNO",
  "BYMONTH",
  "BYSETPOS",
]);

const POSITIVE_NUMBERS = new Set(["COUNT", "INTERVAL"]);
const OTHER_LINES = new Set(["DTSTART", "DTEND", "EXDATE", "RDATE", "EXRULE"]);
const UTC_UNTIL = /^\d{8}T\d{6}Z$/;
const WHOLE_NUMBER = /^[+-]?\d+$/;
const WEEKDAY = /^([+-]?)(\d+)?([A-Z]+)$/;

/** Explains why a DTSTART, EXDATE or similar line has no place in a task's recurrence. */
export function otherLineReason(text: string): string {
  const name = text.split(/[:;=]/, 1)[0]?.trim().toUpperCase() ?? "";
  const where = name.startsWith("DT")
    ? "a task takes its start in startDateTime and its zone in timezone"
    : "a task takes one RRULE line and no extra or excluded dates";
  return `"${text}" is not allowed in a recurrence: ${where}`;
}

/** True when a line starts with DTSTART, EXDATE or another property that is not an RRULE. */
export function isOtherLine(line: string): boolean {
  const name = /^[A-Za-z]+/.exec(line)?.[0].toUpperCase() ?? "";
  return OTHER_LINES.has(name);
}

/** Splits the text after `RRULE:` into parts, upper-casing names and normalising values. */
export function splitParts(body: string): Checked<{ parts: RuleParts }> {
  const parts: Record<string, string> = {};
  const segments = body.split(";").map((s) => s.trim());

  // A trailing or doubled ';' carries no meaning, so it is dropped rather than refused.
  for (const segment of segments.filter((s) => s !== "")) {
    const cut = segment.indexOf("=");
    if (cut <= 0) return fail(`"${segment}" is not a NAME=VALUE part of a rule`);

    const name = segment.slice(0, cut).trim().toUpperCase();
    const problem = nameProblem(name, segment, parts);
    if (problem) return fail(problem);

    const value = normaliseValue(name, segment.slice(cut + 1).trim());
    if (!value.ok) return value;
    parts[name] = value.value;
  }
  return { ok: true, parts };
}

function nameProblem(name: string, segment: string, seen: RuleParts): string | undefined {
  if (OTHER_LINES.has(name)) return otherLineReason(segment);
  if (!KNOWN_PARTS.has(name)) {
    return `"${segment}" is not a part of an RRULE; the parts are ${[...KNOWN_PARTS].join(", ")}`;
  }
  if (name in seen) return `"${name}" appears twice in the rule; give it once`;
  return undefined;
}

/** Writes a value in one spelling without changing what it means. */
function normaliseValue(name: string, raw: string): Checked<{ value: string }> {
  const shown = `${name}=${raw}`;
  if (raw === "") return fail(`"${shown}" has no value`);
  if (listItems(raw).includes("")) return fail(`"${shown}" has an empty item in its list`);

  if (NUMBER_LISTS.has(name)) return numberList(raw, shown);
  if (POSITIVE_NUMBERS.has(name)) {
    const ok = /^\d+$/.test(raw) && Number(raw) >= 1;
    return ok
      ? { ok: true, value: String(Number(raw)) }
      : fail(`"${shown}": ${name} must be a whole number of at least 1`);
  }
  if (name === "BYDAY") return { ok: true, value: listItems(raw).map(weekday).join(",") };

  const value = raw.toUpperCase();
  if (name === "UNTIL" && !UTC_UNTIL.test(value)) {
    return fail(`"${shown}": write UNTIL in UTC as YYYYMMDDTHHMMSSZ, for example 20251231T230000Z`);
  }
  return { ok: true, value };
}

function numberList(raw: string, shown: string): Checked<{ value: string }> {
  const items = listItems(raw);
  const bad = items.find((item) => !WHOLE_NUMBER.test(item));
  if (bad !== undefined) return fail(`"${shown}": "${bad}" is not a whole number`);

  // Number() drops leading zeros and a '+' sign: BYHOUR=06 and BYHOUR=6 mean the same.
  return { ok: true, value: items.map((item) => String(Number(item))).join(",") };
}

/** Writes `+01mo` as `1MO`; leaves anything else for the library to judge. */
function weekday(item: string): string {
  const match = WEEKDAY.exec(item.toUpperCase());
  if (!match) return item.toUpperCase();

  const [, sign, ordinal, day] = match;
  return `${sign === "-" ? "-" : ""}${ordinal === undefined ? "" : Number(ordinal)}${day}`;
}

function listItems(raw: string): string[] {
  return raw.split(",").map((item) => item.trim());
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
