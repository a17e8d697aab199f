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
    .string({ error: `${what} must be a string` })
    .trim()
    .min(1, `${what} must not be empty`)
    .max(100, `${what} is longer than 100 characters`)
    .regex(/^[A-Za-z0-9_-]+$/, `${what} may hold only letters, digits, '-' and '_'`);

const scheduleFields = {
  recurrence: z.string().superRefine((rule, ctx) => {
    const problem = recurrenceProblem(rule);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
  startDateTime: z.string(),
  endDateTime: z
    .string()
    .nullish()
    .transform((end) => end || undefined),
  timezone: z
    .string({ error: "timezone is required: an IANA name such as Europe/London, or UTC" })
    .superRefine((zone, ctx) => {
      const problem = zoneProblem(zone);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
};

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
  return z
    .strictObject({
      name: z
        .string()
        .trim()
        .min(1, "name must not be empty")
        .max(256, "name is longer than 256 characters"),
      appId: identifier("appId"),
      spaceId: identifier("spaceId").optional(),
      usage: z.enum(USAGES).default("ANALYTICS"),
      enabled: z.boolean().default(true),
      partial: z.boolean().default(false),
      description: z.string().max(4096, "description is longer than 4096 characters").optional(),
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

  const failures = parsed.error.issues
    .flatMap((issue) => toFailures(issue, raw))
    .filter((f) => !unknownPaths.some((p) => f.property === p || f.property.startsWith(`${p}.`)));
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

function toFailures(issue: z.core.$ZodIssue, raw: Record<string, unknown>): InputFailure[] {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      property: [...path, key].join("."),
      reason: `unknown property "${key}"; ${knownKeysHint(path)}`,
    }));
  }
  const property = path.join(".") || "(inputs)";
  const value = valueAt(raw, path);
  const got = value === undefined ? "it is missing" : `got ${quote(value)}`;
  return [{ property, reason: `${issue.message} (${got})` }];
}

function knownKeysHint(path: string[]): string {
  // The marker is set by the resource itself, never by the user, so it is not offered.
  const keys = path[0] === "schedule" ? SCHEDULE_KEYS : INPUT_KEYS.filter((k) => k !== "marker");
  return `the known properties are ${keys.join(", ")}`;
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
  const text =
    typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function findUnknownPaths(value: unknown, prefix: string[] = []): string[] {
  if (value === UNKNOWN_VALUE) return [prefix.join(".")];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => findUnknownPaths(v, [...prefix, k]));
}
