/**
 * Outputs of a QlikTask and the semantic comparison behind `diff` and `read`. Outputs are plain
 * JSON: the live managed fields, the inputs that only matter at create time, and what the
 * service adds. Service fields are always present ("" when the service has no value).
 */
import type { Task } from "./client/schemas";
import type { TaskInputs } from "./inputs";
import { sameDateTime, sameRecurrence } from "./schedule-rules";
import type { ManagedFields } from "./task-shape";

/** What the engine keeps in the state for one task. */
export interface TaskOutputs extends TaskInputs {
  taskId: string;
  resourceId: string;
  ownerId: string;
  migratedFrom: string;
  createdAt: string;
  updatedAt: string;
  disabledCode: string;
  /** The owner right after this stack last wrote the task; another owner means a UI change. */
  writtenBy?: string;
}

/** Input properties the resource compares with the live task, in display order. */
const MANAGED = ["name", "description", "enabled", "appId", "spaceId", "usage", "partial"] as const;
/** A different app is a different task (its run history belongs to the app): replace. */
export const REPLACE_ON_CHANGE = ["appId"] as const;

/** Names of managed inputs whose meaning differs between `olds` and `news` (dotted for schedule). */
export function changedProperties(olds: TaskInputs, news: TaskInputs): string[] {
  const changed: string[] = MANAGED.filter((key) => !sameValue(olds[key], news[key]));
  const a = olds.schedule;
  const b = news.schedule;
  // In a preview the whole schedule may be an unknown value (a string), not an object.
  if (!isObject(a) || !isObject(b)) return [...changed, "schedule"];
  if (!sameRecurrence(a.recurrence, b.recurrence)) changed.push("schedule.recurrence");
  if (!sameDateTime(a.startDateTime, b.startDateTime)) changed.push("schedule.startDateTime");
  if (!sameDateTime(a.endDateTime, b.endDateTime)) changed.push("schedule.endDateTime");
  if (a.timezone !== b.timezone) changed.push("schedule.timezone");
  return changed;
}

/** The inputs that describe the live task, keeping the previous spelling where meaning is equal
 * so that a refresh reports real drift only. */
export function inputsFromLive(live: ManagedFields, previous: TaskInputs): TaskInputs {
  const keep = <T>(prev: T, now: T, same: (x: T, y: T) => boolean) =>
    same(prev, now) ? prev : now;
  const schedule = {
    recurrence: keep(previous.schedule.recurrence, live.schedule.recurrence, sameRecurrence),
    startDateTime: keep(previous.schedule.startDateTime, live.schedule.startDateTime, sameDateTime),
    endDateTime: keep(
      previous.schedule.endDateTime,
      live.schedule.endDateTime || undefined,
      sameDateTime,
    ),
    timezone: live.schedule.timezone,
  };
  if (!schedule.endDateTime) delete schedule.endDateTime;

  const next: TaskInputs = {
    ...previous,
    name: live.name,
    enabled: live.enabled,
    appId: live.appId,
    usage: live.usage as TaskInputs["usage"],
    partial: live.partial,
    // An optional field left out of the declaration is the service's to choose (Qlik fills the
    // app's space, say): it is not reported as drift, or every refresh would show a change.
    description: declared(previous.description, live.description),
    spaceId: declared(previous.spaceId, live.spaceId),
    schedule,
  };
  for (const key of ["description", "spaceId"] as const)
    if (next[key] === undefined) delete next[key];
  return next;
}

/** Outputs for a task the service returned, described by `inputs`. */
export function outputsFor(inputs: TaskInputs, task: Task): TaskOutputs {
  const meta = task.metadata ?? {};
  return {
    ...inputs,
    taskId: task.id,
    resourceId: task.resourceId ?? inputs.appId,
    ownerId: meta.ownerId ?? "",
    migratedFrom: meta.migratedFrom ?? "",
    createdAt: meta.createdAt ?? "",
    updatedAt: meta.updatedAt ?? "",
    disabledCode: meta.disabledCode ?? "",
  };
}

/** The live value of an optional text input, or undefined when the declaration leaves it out. */
function declared(previous: string | undefined, live: string): string | undefined {
  if (previous === undefined) return undefined;
  return sameValue(previous, live) ? previous : live || undefined;
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

/** `undefined`, `null` and "" mean the same for optional text. */
function sameValue(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v === undefined || v === null || v === "";
  return (empty(a) && empty(b)) || a === b;
}
