/**
 * The words of `check` failures: what each property should hold, a "did you mean" for a
 * misspelt key or value, the bad value quoted (cut short when huge), and what to do.
 */
import { distance as levenshtein } from "fastest-levenshtein";
import type { z } from "zod";

/** One `check` failure: a dotted property path and a reason a person can act on. */
export interface InputFailure {
  property: string;
  reason: string;
}

/** What each property holds, to say what a missing or mistyped one should be. */
const WHAT: Record<string, string> = {
  name: "the task's name, as text",
  appId: "the id of the app to reload, as text",
  spaceId: "the id of the space the task operates in, as text",
  description: "text",
  schedule: "a mapping of recurrence, startDateTime, timezone and, if it ends, endDateTime",
  migrateFrom: "the id of a reload task, as text",
  adoptTaskId: "the id of an existing task, as text",
  "schedule.recurrence": 'one RRULE as text, such as "FREQ=DAILY;BYHOUR=6;BYMINUTE=0"',
  "schedule.startDateTime": 'a local wall time as text, such as "2026-01-05T05:30:00"',
  "schedule.endDateTime": 'a local wall time as text, such as "2027-01-01T00:00:00", or nothing',
  "schedule.timezone": 'an IANA time zone name, such as "Europe/London" or "UTC"',
};

/** Words that tell a person what to do; a reason without one gets the field's remedy. */
const SAYS_WHAT_TO_DO =
  /\b(write|use|remove|declare|set|give|add|did you mean|such as|quote|move|shorten|save|keep)\b/i;

/** One problem found by the schema, before the problems of one property are joined. */
interface Problem {
  property: string;
  text: string;
  /** How the value is quoted after the text, e.g. `got "yes"`; absent when there is none. */
  got?: string;
}

/** One failure per property for the issues a schema found in `raw`. */
export function failuresFor(
  issues: z.core.$ZodIssue[],
  raw: Record<string, unknown>,
  keys: KnownKeys,
): InputFailure[] {
  return onePerProperty(issues.flatMap((issue) => toProblems(issue, raw, keys)));
}

function toProblems(
  issue: z.core.$ZodIssue,
  raw: Record<string, unknown>,
  keys: KnownKeys,
): Problem[] {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      property: shorten([...path, key].join(".")),
      text: unknownPropertyReason(path, key, keys),
    }));
  }
  const property = path.join(".") || "(inputs)";
  const value = valueAt(raw, path);
  const text = explain(issue, property, value);
  return [{ property, text, got: value === undefined ? undefined : `got ${quote(value)}` }];
}

function explain(issue: z.core.$ZodIssue, property: string, value: unknown): string {
  if (issue.code === "invalid_type") return typeReason(property, issue.expected, value);
  if (issue.code === "invalid_value") {
    const options = issue.values.map(String);
    const near = typeof value === "string" ? closest(value, options) : undefined;
    const hint = near ? `; did you mean "${near}"?` : "";
    return `${property} must be one of ${options.join(", ")}${hint}`;
  }
  return withRemedy(property, issue.message);
}

function typeReason(property: string, expected: string, value: unknown): string {
  const what = WHAT[property] ?? `a ${expected}`;
  if (value === undefined) return `${property} is missing; add ${what}`;
  if (expected === "boolean") return `${property} must be true or false${booleanHint(value)}`;
  if (property === "schedule.recurrence" && Array.isArray(value)) {
    const only = value.length === 1 && typeof value[0] === "string";
    const fix = only ? `write ${quote(value[0])}` : "declare one task per rule";
    return `${property} must be one rule as text, not a list; a task takes one rule: ${fix}`;
  }
  const quoteIt =
    expected === "string" && typeof value === "number"
      ? "; write it in quotes, or YAML reads it as a number"
      : "";
  return `${property} must be ${what}${quoteIt}`;
}

/** Why a text is not taken as a boolean: YAML 1.2 reads only true and false as booleans. */
function booleanHint(value: unknown): string {
  if (typeof value !== "string") return "";
  if (/^(true|false)$/i.test(value.trim())) return ", without quotes";
  if (/^(yes|no|on|off|y|n)$/i.test(value.trim())) {
    return `; write true or false (YAML 1.2 reads ${value.trim()} as text)`;
  }
  return "";
}

/** Adds what to do to a reason that only says what is wrong. */
function withRemedy(property: string, reason: string): string {
  // Quoted values are the user's words, not advice.
  if (SAYS_WHAT_TO_DO.test(reason.replace(/"[^"]*"/g, '""'))) return reason;
  if (reason.startsWith("the end must come after")) return `${reason}; move endDateTime later`;
  if (reason.includes("longer than")) return `${reason}; shorten it`;
  const example = WHAT[property];
  return example ? `${reason}; write ${example}` : reason;
}

/** The property names a user may write, at the top level and under `schedule`. */
export interface KnownKeys {
  task: readonly string[];
  schedule: readonly string[];
}

/** Why a property is unknown, with the closest known one (also under or out of schedule). */
export function unknownPropertyReason(path: string[], key: string, keys: KnownKeys): string {
  const inSchedule = path[0] === "schedule";
  const here = inSchedule ? keys.schedule : keys.task;
  const near = closest(key, here);
  const elsewhere = near ? undefined : closest(key, inSchedule ? keys.task : keys.schedule);
  const known = `the known properties${inSchedule ? " of schedule" : ""} are ${here.join(", ")}`;
  if (near) return `unknown property ${quote(key)}; did you mean "${near}"? (${known})`;
  if (elsewhere && inSchedule) {
    return `unknown property ${quote(key)}; did you mean "${elsewhere}", next to schedule rather than in it?`;
  }
  if (elsewhere) return `unknown property ${quote(key)}; did you mean "schedule.${elsewhere}"?`;
  return `unknown property ${quote(key)}; remove it or use one of the known ones (${known})`;
}

/** The known name a misspelt one most likely meant: same letters in another case, or one or two
 * letters off. Exported for the stack file's own keys. */
export function closest(name: string, known: readonly string[]): string | undefined {
  if (name.length > 100) return undefined;
  const lower = name.toLowerCase();
  const allowed = Math.min(2, Math.floor(name.length / 4));
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const distance = levenshtein(lower, key.toLowerCase());
    if (distance <= allowed && (!best || distance < best.distance)) best = { key, distance };
  }
  return best?.key;
}

/** One failure per property: the problems of one property are joined, the value quoted once. */
function onePerProperty(problems: Problem[]): InputFailure[] {
  const byProperty = new Map<string, Problem[]>();
  for (const problem of problems) {
    byProperty.set(problem.property, [...(byProperty.get(problem.property) ?? []), problem]);
  }
  return [...byProperty].map(([property, found]) => {
    const got = found[0]?.got;
    const reason = found.map((p) => p.text).join("; ");
    return { property, reason: got ? `${reason} (${got})` : reason };
  });
}

function valueAt(raw: unknown, path: string[]): unknown {
  let value = raw;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Quotes a value for a message, cut short so a huge input cannot flood the output. */
export function quote(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    return "a value that holds itself";
  }
  if (text.length <= 120) return text;
  const size = typeof value === "string" ? `${value.length} characters` : `${text.length} as JSON`;
  return `${text.slice(0, 100)}... (${size})`;
}

/** A property path cut short for a message (an unknown key may be any length). */
function shorten(text: string): string {
  return text.length > 120 ? `${text.slice(0, 100)}... (${text.length} characters)` : text;
}
