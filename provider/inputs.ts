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
import {
  type InputFailure,
  type KnownKeys,
  failuresFor,
  unknownPropertyReason as unknownReasonFor,
} from "./input-messages";

export { closest, quote, type InputFailure } from "./input-messages";

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
/** What a user may write. The marker is set by the resource itself, so it is not offered. */
const KNOWN_KEYS: KnownKeys = {
  task: INPUT_KEYS.filter((k) => k !== "marker"),
  schedule: Object.keys(scheduleFields),
};

/** Why a property is unknown, with the closest known one; for the stack file's defaults too. */
export function unknownPropertyReason(path: string[], key: string): string {
  return unknownReasonFor(path, key, KNOWN_KEYS);
}

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

/** Validates raw inputs; unknown values (preview) pass through unchecked. */
export function validateInputs(
  raw: Record<string, unknown>,
  options: ScheduleCheckOptions = {},
): { inputs?: TaskInputs; failures: InputFailure[] } {
  const unknownPaths = findUnknownPaths(raw);
  const parsed = taskInputsSchema(options).safeParse(withoutEngineKeys(raw));
  if (parsed.success) return { inputs: canonical(parsed.data), failures: [] };

  const failures = failuresFor(parsed.error.issues, raw, KNOWN_KEYS).filter(
    (f) => !unknownPaths.some((p) => f.property === p || f.property.startsWith(`${p}.`)),
  );
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

function findUnknownPaths(value: unknown, prefix: string[] = []): string[] {
  if (value === UNKNOWN_VALUE) return [prefix.join(".")];
  // Inputs are two levels deep; deeper data is not the engine's and may even hold itself.
  if (typeof value !== "object" || value === null || prefix.length > 2) return [];
  return Object.entries(value).flatMap(([k, v]) => findUnknownPaths(v, [...prefix, k]));
}
