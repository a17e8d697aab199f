/**
 * A preview a reviewer can read: turns the engine's events of one `pulumi preview` into, per
 * task, the fields that change (old -> new) and, when the schedule changes, the next runs before
 * and after in the task's own zone. The dynamic provider's diff reaches the engine without the
 * names of the changed properties, so the fields are found by comparing the old and new inputs.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { describeRuns, nextRuns, recurrencesEqual } from "../provider/schedule";
import type { ScheduleInput } from "../provider/schedule";

/** The type of the resources the report describes field by field. */
export const TASK_TYPE = "pulumi-nodejs:dynamic/qlik:Task";

/** Inputs that say how the provider works, not what the task is: never shown. */
const HIDDEN = new Set(["__provider", "marker"]);
/** Inputs used on the first create only; the provider never changes a task because of them. */
const CREATE_ONLY = new Set(["migrateFrom", "adoptTaskId"]);
/** Operations that change nothing on the tenant. */
const NO_CHANGE = new Set(["same", "read", "refresh", "discard", "import"]);
/** When one resource has several steps (a replace), the one that names the change best. */
const OP_RANK = ["replace", "create-replacement", "delete-replaced", "update", "create", "delete"];

/** One field that a step changes; `undefined` stands for absent. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** One task the preview changes. */
export interface PlannedChange {
  op: string;
  /** The declaration's key (the resource name). */
  key: string;
  name: string;
  fields: FieldChange[];
  /** Set when the schedule changes: the next runs before and after, already worded. */
  runs?: { before: string; after: string };
}

type Inputs = Record<string, unknown>;
type StepMetadata = {
  op: string;
  urn: string;
  type: string;
  old?: { inputs?: Inputs };
  new?: { inputs?: Inputs };
};

/** The task changes a preview's events announce, one per task, in the order first seen. */
export function plannedChanges(events: readonly EngineEvent[], now = new Date()): PlannedChange[] {
  const steps = new Map<string, StepMetadata>();
  for (const event of events) {
    const step = event.resourcePreEvent?.metadata as StepMetadata | undefined;
    if (!step || step.type !== TASK_TYPE || NO_CHANGE.has(step.op)) continue;

    const seen = steps.get(step.urn);
    if (!seen || rank(step.op) < rank(seen.op)) steps.set(step.urn, step);
  }
  return [...steps.values()].map((step) => describeStep(step, now));
}

function rank(op: string): number {
  const at = OP_RANK.indexOf(op);
  return at === -1 ? OP_RANK.length : at;
}

function describeStep(step: StepMetadata, now: Date): PlannedChange {
  const before = step.op === "create" ? {} : (step.old?.inputs ?? {});
  const after = step.op === "delete" ? {} : (step.new?.inputs ?? {});
  const fields = changedFields(before, after, step.op === "create");
  const name = String(after.name ?? before.name ?? "");
  const change: PlannedChange = { op: step.op, key: step.urn.split("::").pop()!, name, fields };

  if (fields.some((f) => f.field.startsWith("schedule."))) {
    change.runs = {
      before: runsOf(before.schedule, now),
      after: runsOf(after.schedule, now),
    };
  }
  return change;
}

/** The fields that differ, schedule fields one by one; create-only inputs only on a create. */
export function changedFields(before: Inputs, after: Inputs, creating = false): FieldChange[] {
  const flatBefore = flatten(before);
  const flatAfter = flatten(after);
  const names = [...new Set([...Object.keys(flatBefore), ...Object.keys(flatAfter)])].sort();

  return names
    .filter((field) => creating || !CREATE_ONLY.has(field))
    .filter((field) => !sameValue(field, flatBefore[field], flatAfter[field]))
    .map((field) => ({ field, before: flatBefore[field], after: flatAfter[field] }));
}

function flatten(inputs: Inputs): Inputs {
  const flat: Inputs = {};
  for (const [key, value] of Object.entries(inputs)) {
    if (HIDDEN.has(key)) continue;
    if (key === "schedule" && value && typeof value === "object") {
      for (const [part, inner] of Object.entries(value)) flat[`schedule.${part}`] = inner;
    } else {
      flat[key] = value;
    }
  }
  return flat;
}

/** Equal by meaning, as the provider's diff decides: RRULE spelling and an empty end aside. */
function sameValue(field: string, a: unknown, b: unknown): boolean {
  if (field === "schedule.recurrence" && typeof a === "string" && typeof b === "string") {
    return recurrencesEqual(a, b);
  }
  const empty = (v: unknown) => v === undefined || v === null || v === "";
  if (empty(a) && empty(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

function runsOf(schedule: unknown, now: Date): string {
  if (!schedule || typeof schedule !== "object") return "No schedule.";
  const input = schedule as ScheduleInput;
  try {
    return describeRuns(nextRuns(input, 3, now), input.timezone);
  } catch (error) {
    // The preview still shows the field change; the runs just cannot be computed.
    return `Runs unknown: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Words for the two sides of a change; a drift check reads them as tenant and declaration. */
export interface ReportLabels {
  before: string;
  after: string;
}

/** The report as text: a summary line, then one block per task. */
export function formatPlanReport(
  changes: readonly PlannedChange[],
  labels: ReportLabels = { before: "before", after: "after" },
): string {
  if (changes.length === 0) return "No task changes.\n";

  const lines = [`${changes.length} task(s) change:`];
  for (const change of changes) {
    lines.push("", `${change.op} ${change.key}${change.name ? ` (${change.name})` : ""}`);
    for (const { field, before, after } of change.fields) {
      lines.push(`  ${field}: ${show(before)} -> ${show(after)}`);
    }
    if (change.runs) {
      lines.push(`  runs ${labels.before}: ${change.runs.before}`);
      lines.push(`  runs ${labels.after}: ${change.runs.after}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function show(value: unknown): string {
  return value === undefined || value === null || value === "" ? "(none)" : JSON.stringify(value);
}
