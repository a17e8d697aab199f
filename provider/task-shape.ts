/**
 * Reads the fields a QlikTask manages out of a task as the service returns it. Tasks made by
 * Qlik's own tooling differ in names and versions (state `init_state`, action `AppReload`,
 * specVersion 1.12.0, `endDateTime: null`); only the shape matters: one event state with one
 * `app.reload` action and a schedule object. Anything else is refused by name.
 */
import type { Task } from "./client/schemas";

/** The managed part of a live task. */
export interface ManagedFields {
  name: string;
  description: string;
  enabled: boolean;
  appId: string;
  spaceId: string;
  usage: string;
  partial: boolean;
  schedule: { recurrence: string; startDateTime: string; endDateTime: string; timezone: string };
}

/** A task whose shape the resource cannot manage, with the reason. */
export class UnsupportedTaskShapeError extends Error {
  override readonly name = "UnsupportedTaskShapeError";
}

/** Extracts the managed fields, or throws `UnsupportedTaskShapeError` naming what differs. */
export function managedFields(task: Task): ManagedFields {
  const unsupported = (why: string) =>
    new UnsupportedTaskShapeError(
      `unsupported task shape: task ${task.id} ("${task.name}") ${why}; ` +
        "this resource manages tasks with one event state that runs one app.reload",
    );

  const states = task.states ?? [];
  if (states.length !== 1) throw unsupported(`has ${states.length} states`);
  const onEvents = arrayField(states[0], "onEvents");
  if (onEvents.length !== 1) throw unsupported(`has ${onEvents.length} event handlers`);
  const actions = arrayField(onEvents[0], "actions");
  if (actions.length !== 1) throw unsupported(`has ${actions.length} actions`);

  const call = objectField(actions[0], "functionRef");
  if (call?.refName !== "app.reload")
    throw unsupported(`calls ${String(call?.refName ?? "nothing")}`);
  const args = objectField(call, "arguments") ?? {};
  if (typeof args.appId !== "string") throw unsupported("names no app to reload");

  const schedule = task.start?.schedule;
  if (typeof schedule !== "object" || schedule === null || !schedule.recurrence) {
    throw unsupported("has no RRULE schedule");
  }
  return {
    name: task.name,
    description: task.description ?? "",
    enabled: task.enabled === true,
    appId: args.appId,
    spaceId: task.metadata?.spaceId ?? "",
    usage: task.metadata?.usage ?? "ANALYTICS",
    partial: args.partial === true,
    schedule: {
      recurrence: schedule.recurrence,
      startDateTime: schedule.startDateTime ?? "",
      endDateTime: schedule.endDateTime ?? "",
      timezone: schedule.timezone ?? "UTC",
    },
  };
}

function arrayField(value: unknown, key: string): unknown[] {
  const field = objectOf(value)?.[key];
  return Array.isArray(field) ? field : [];
}

function objectField(value: unknown, key: string): Record<string, unknown> | undefined {
  return objectOf(objectOf(value)?.[key]);
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}
