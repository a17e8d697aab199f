/**
 * The inputs of a QlikTask, as a zod schema, and `check`'s translation of schema issues into
 * per-property failures that quote the bad value and say how to fix it. No HTTP call here.
 */
import { z } from "zod";
import {
  type ScheduleCheckOptions,
  canonicalRecurrence,
  checkSchedule,
  recurrenceProblem,
  zoneProblem,
} from "./schedule-rules";

/** The value the engine passes for an input not known until apply (preview). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Product domains of a task (`metadata.usage`); Qlik defaults to ANALYTICS. */
export const USAGES = [
  "ANALYTICS",
  "DATA_PREPARATION",
  "DATAFLOW_PREP",
  "SINGLE_TABLE_PREP",
] as const;

const identifier = (what: string) =>
  z
    .string()
    .trim()
    .min(1, { error: `${what} must not be empty; set it to the id`, abort: true })
    .max(100, { error: `${what} is longer than 100 characters; use the id`, abort: true })
    .regex(
      /^[A-Za-z0-9_-]+$/,
      `${what} may hold only letters, digits, '-' and '_'; use the id, not a name or a path`,
    );

/** Longest text handed to the schedule parsers, whose messages quote the whole value. */
const longText = (what: string, max: number) =>
  z.string().max(max, { error: `${what} is longer than ${max} characters`, abort: true });

const scheduleFields = {
  recurrence: longText("the recurrence", 2000).superRefine((rule, ctx) => {
    const problem = recurrenceProblem(rule);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
  startDateTime: longText("startDateTime", 64),
  endDateTime: longText("endDateTime", 64)
    .nullish()
    .transform((end) => end || undefined),
  timezone: longText("timezone", 64).superRefine((zone, ctx) => {
    const problem = zoneProblemOf(zone);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
};

/** Zone names repeat across a stack file's entries, and each lookup builds Temporal objects. */
const zoneProblems = new Map<string, string | undefined>();
function zoneProblemOf(zone: string): string | undefined {
  if (zoneProblems.has(zone)) return zoneProblems.get(zone);
  const problem = zoneProblem(zone);
  if (zoneProblems.size < 1000) zoneProblems.set(zone, problem);
  return problem;
}

/** When and in which zone the reload runs. */
export function scheduleSchema(options: ScheduleCheckOptions = {}) {
  return z.strictObject(scheduleFields).superRefine((schedule, ctx) => {
    for (const issue of checkSchedule(schedule, options)) {
      ctx.addIssue({ code: "custom", path: [issue.field], message: issue.message });
    }
  });
}

/** Everything a user declares for one scheduled reload. */
export function taskInputsSchema(options: ScheduleCheckOptions = {}) {
  // Building the schema costs more than using it; a stack file of thousands of entries would
  // spend seconds on it. Without a test clock, the two variants are built once.
  if (options.now) return buildInputsSchema(options);
  const key = options.allowPastEnd ? "allowPastEnd" : "strict";
  const schema = builtSchemas.get(key) ?? buildInputsSchema(options);
  builtSchemas.set(key, schema);
  return schema;
}

const builtSchemas = new Map<string, ReturnType<typeof buildInputsSchema>>();

function buildInputsSchema(options: ScheduleCheckOptions) {
  return z
    .strictObject({
      name: z
        .string()
        .trim()
        .min(1, { error: "name must not be empty; give the task a name", abort: true })
        .max(256, "name is longer than 256 characters; shorten it"),
      appId: identifier("appId"),
      spaceId: identifier("spaceId").optional(),
      usage: z.enum(USAGES).default("ANALYTICS"),
      enabled: z.boolean().default(true),
      partial: z.boolean().default(false),
      description: z
        .string()
        .max(4096, "description is longer than 4096 characters; shorten it")
        .optional(),
      schedule: scheduleSchema(options),
      migrateFrom: identifier("migrateFrom").optional(),
      adoptTaskId: identifier("adoptTaskId").optional(),
      marker: z.string().max(512).optional(),
    })
    .superRefine((inputs, ctx) => {
      if (inputs.migrateFrom && inputs.adoptTaskId) {
        ctx.addIssue({
          code: "custom",
          path: ["adoptTaskId"],
          message: "use either migrateFrom (a reload task id) or adoptTaskId (a task id), not both",
        });
      }
    });
}

/** The property names of the inputs and of the schedule. */
export const INPUT_KEYS = Object.keys(taskInputsSchema().shape);
const SCHEDULE_KEYS = Object.keys(scheduleFields);
// The marker is set by the resource itself, never by the user, so it is not offered.
const USER_KEYS = INPUT_KEYS.filter((k) => k !== "marker");

/** Inputs after defaults and canonical spelling, as stored in the state. */
export type TaskInputs = z.output<ReturnType<typeof taskInputsSchema>>;
/** A schedule after validation. */
export type ScheduleInputs = TaskInputs["schedule"];

/** The input properties of a props bag (state outputs hold more). */
export function inputsOf(props: Record<string, unknown> | TaskInputs): TaskInputs {
  return Object.fromEntries(
    Object.entries(props).filter(([key]) => INPUT_KEYS.includes(key)),
  ) as unknown as TaskInputs;
}

/** One `check` failure: a dotted property path and a reason a person can act on. */
export interface InputFailure {
  property: string;
  reason: string;
}

/** Validates raw inputs; unknown values (preview) pass through unchecked. */
export function validateInputs(
  raw: Record<string, unknown>,
  options: ScheduleCheckOptions = {},
): { inputs?: TaskInputs; failures: InputFailure[] } {
  const unknownPaths = findUnknownPaths(raw);
  const parsed = taskInputsSchema(options).safeParse(withoutEngineKeys(raw));
  if (parsed.success) return { inputs: canonical(parsed.data), failures: [] };

  const failures = onePerProperty(
    parsed.error.issues.flatMap((issue) => toProblems(issue, raw)),
  ).filter((f) => !unknownPaths.some((p) => f.property === p || f.property.startsWith(`${p}.`)));
  if (failures.length === 0) return { inputs: previewInputs(raw), failures: [] };
  return { failures };
}

/**
 * Inputs that hold unknown values (preview) cannot be parsed as a whole, but they still get the
 * defaults and the canonical rule, or the preview would show those as changes.
 */
function previewInputs(raw: Record<string, unknown>): TaskInputs {
  const shape = taskInputsSchema().shape;
  const inputs: Record<string, unknown> = { ...raw };
  for (const [key, field] of Object.entries(shape)) {
    const fallback = inputs[key] === undefined ? field.safeParse(undefined) : undefined;
    if (fallback?.success && fallback.data !== undefined) inputs[key] = fallback.data;
  }
  const schedule = raw.schedule as Record<string, unknown> | undefined;
  const rule = schedule?.recurrence;
  if (typeof rule === "string" && rule !== UNKNOWN_VALUE && !recurrenceProblem(rule)) {
    inputs.schedule = { ...schedule, recurrence: canonicalRecurrence(rule) };
  }
  return inputs as TaskInputs;
}

function canonical(inputs: TaskInputs): TaskInputs {
  const schedule = {
    ...inputs.schedule,
    recurrence: canonicalRecurrence(inputs.schedule.recurrence),
  };
  if (!schedule.endDateTime) delete schedule.endDateTime;
  return { ...inputs, schedule };
}

/** Keys that the engine or the SDK add, which the schema must not see. */
function withoutEngineKeys(raw: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...raw };
  delete copy.__provider;
  return copy;
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

function toProblems(issue: z.core.$ZodIssue, raw: Record<string, unknown>): Problem[] {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      property: shorten([...path, key].join(".")),
      text: unknownPropertyReason(path, key),
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

/** Why a property is unknown, with the closest known one (also under or out of schedule). */
export function unknownPropertyReason(path: string[], key: string): string {
  const inSchedule = path[0] === "schedule";
  const here = inSchedule ? SCHEDULE_KEYS : USER_KEYS;
  const near = closest(key, here);
  const elsewhere = near ? undefined : closest(key, inSchedule ? USER_KEYS : SCHEDULE_KEYS);
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
    const distance = editDistance(lower, key.toLowerCase());
    if (distance <= allowed && (!best || distance < best.distance)) best = { key, distance };
  }
  return best?.key;
}

/** Levenshtein distance between two short names. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
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

function findUnknownPaths(value: unknown, prefix: string[] = []): string[] {
  if (value === UNKNOWN_VALUE) return [prefix.join(".")];
  // Inputs are two levels deep; deeper data is not the engine's and may even hold itself.
  if (typeof value !== "object" || value === null || prefix.length > 2) return [];
  return Object.entries(value).flatMap(([k, v]) => findUnknownPaths(v, [...prefix, k]));
}
