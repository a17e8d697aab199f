/** Reading, validating and comparing the one RRULE line that a task's schedule carries. */
import { RRuleTemporal, Temporal } from "./engine";
import {
  NUMBER_LISTS,
  isOtherLine,
  otherLineReason,
  splitParts,
  type RuleParts,
} from "./rrule-parts";
import type { Checked } from "./types";

export type { RuleParts } from "./rrule-parts";

const EXAMPLE = "RRULE:FREQ=DAILY;BYHOUR=6;BYMINUTE=0";
const EMPTY = `the recurrence is empty; write one rule such as "${EXAMPLE}"`;
const PREFIX = /^RRULE:/i;
const LINE_BREAK = /\r\n|\r|\n/;

// rrule-temporal drops BY* values outside their range (BYHOUR=25) instead of failing, so the
// values it kept are compared with the ones written. The ranges here only word the message.
const LIBRARY_LISTS: Record<string, { option: string; range: string }> = {
  BYSECOND: { option: "bySecond", range: "0 to 59" },
  BYMINUTE: { option: "byMinute", range: "0 to 59" },
  BYHOUR: { option: "byHour", range: "0 to 23" },
  BYMONTHDAY: { option: "byMonthDay", range: "1 to 31 or -31 to -1" },
  BYYEARDAY: { option: "byYearDay", range: "1 to 366 or -366 to -1" },
  BYWEEKNO: { option: "byWeekNo", range: "1 to 53 or -53 to -1" },
  BYMONTH: { option: "byMonth", range: "1 to 12" },
  BYSETPOS: { option: "bySetPos", range: "any whole number but 0" },
};

/** Reads one RRULE line, with or without its `RRULE:` prefix, and checks it with the library. */
export function parseRecurrence(rule: string): Checked<{ parts: RuleParts }> {
  const lines = rule
    .split(LINE_BREAK)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  if (lines.length === 0) return fail(EMPTY);

  const other = lines.find(isOtherLine);
  if (other !== undefined) return fail(otherLineReason(other));

  const rules = separateRules(lines);
  if (rules.length > 1) return fail(severalRulesReason(rules));

  const split = splitParts(lines[0]!.replace(PREFIX, ""));
  if (!split.ok) return split;
  if (split.parts.FREQ === undefined) {
    return fail(`"${rule.trim()}" has no FREQ; a rule needs one, such as "${EXAMPLE}"`);
  }
  const problem = libraryProblem(split.parts);
  return problem === undefined ? split : fail(problem);
}

/** Gives the one spelling the provider sends: prefix, FREQ first, other parts in given order. */
export function canonicalRecurrence(rule: string): string {
  const parsed = parseRecurrence(rule);
  if (!parsed.ok) throw new RangeError(parsed.reason);
  return formatParts(parsed.parts);
}

/** Tells whether two rules mean the same, whatever their prefix, order, case or defaults. */
export function recurrencesEqual(a: string, b: string): boolean {
  const left = parseRecurrence(a);
  const right = parseRecurrence(b);
  if (!left.ok || !right.ok) return a.trim() === b.trim();

  return semanticKey(left.parts) === semanticKey(right.parts);
}

/** Writes parts as `RRULE:FREQ=...;...`, FREQ first and the rest in their given order. */
export function formatParts(parts: RuleParts): string {
  const rest = Object.entries(parts).filter(([name]) => name !== "FREQ");
  const ordered = [["FREQ", parts.FREQ], ...rest];
  return `RRULE:${ordered.map(([name, value]) => `${name}=${value}`).join(";")}`;
}

/** Splits at line breaks and before every `RRULE:`, since both start another rule. */
function separateRules(lines: string[]): string[] {
  return lines
    .flatMap((line) => line.split(/(?=RRULE:)/i))
    .map((text) => text.trim())
    .filter((text) => text !== "");
}

function severalRulesReason(rules: string[]): string {
  const quoted = rules.map((r) => `"${r}"`).join(", ");
  return (
    `a task takes one rule, but this recurrence holds ${rules.length}: ${quoted}; ` +
    "declare one task per rule, each with the same startDateTime and timezone"
  );
}

/** Asks rrule-temporal, in its RFC 5545 strict mode, whether it takes the rule as written. */
function libraryProblem(parts: RuleParts): string | undefined {
  const text = formatParts(parts);
  const dtstart = Temporal.ZonedDateTime.from("2025-01-01T00:00:00[UTC]");
  try {
    const options = new RRuleTemporal({ rruleString: text, dtstart, strict: true }).options();
    return droppedValue(parts, options as unknown as Record<string, unknown>);
  } catch (error) {
    return `"${text}" is not a valid rule: ${(error as Error).message}`;
  }
}

function droppedValue(parts: RuleParts, options: Record<string, unknown>): string | undefined {
  for (const [name, { option, range }] of Object.entries(LIBRARY_LISTS)) {
    const written = parts[name];
    if (written === undefined) continue;

    const kept = new Set((options[option] as unknown[] | undefined) ?? []);
    const lost = written.split(",").filter((item) => !kept.has(Number(item)));
    if (lost.length > 0) return `"${name}=${written}": ${lost.join(",")} is out of range ${range}`;
  }
  return undefined;
}

/** A string equal for rules that RFC 5545 gives the same meaning. */
function semanticKey(parts: RuleParts): string {
  const entries = Object.entries(parts)
    .filter(([name, value]) => !isDefault(name, value))
    .map(([name, value]) => [name, isList(name) ? sortedList(value) : value])
    .sort(([a], [b]) => (a! < b! ? -1 : 1));
  return JSON.stringify(entries);
}

// RFC 5545 3.3.10: INTERVAL defaults to 1 and WKST to MO, so writing them changes nothing.
function isDefault(name: string, value: string): boolean {
  return (name === "INTERVAL" && value === "1") || (name === "WKST" && value === "MO");
}

function isList(name: string): boolean {
  return NUMBER_LISTS.has(name) || name === "BYDAY";
}

function sortedList(value: string): string {
  return [...new Set(value.split(","))].sort().join(",");
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
