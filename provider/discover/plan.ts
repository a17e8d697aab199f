/**
 * What `discover` does with what it read: which schedules become new entries, which existing
 * entries still match the tenant, and what a person has to decide. Pure: no HTTP, no files.
 * Identity is always a reload task id or a task id, never an app id (F11).
 */
import type { ReloadTask, Task } from "../client/schemas";
import { scheduleFromReloadTask } from "../schedule";
import { UnsupportedTaskShapeError, managedFields } from "../task-shape";
import {
  type EntryFields,
  type Taken,
  adoptionEntry,
  entryProblems,
  migrationEntry,
  take,
} from "./entries";

/** What the tenant holds: every reload task, and every task of the apps that were listed. */
export interface Remote {
  reloadTasks: ReloadTask[];
  tasks: Task[];
}

/** An entry of the existing stack file, by what identifies it. */
export interface ExistingEntry {
  index: number;
  key?: string;
  name?: string;
  appId?: string;
  migrateFrom?: string;
  adoptTaskId?: string;
}

/** Something a person has to decide: on what, why, and what to do. */
export interface Attention {
  subject: string;
  reason: string;
  fix: string;
}

/** A new entry, with a note for the file when a person should look at it. */
export interface Addition {
  entry: EntryFields;
  note?: string;
}

/** The outcome of one discovery. */
export interface Plan {
  added: Addition[];
  kept: string[];
  needsPerson: Attention[];
  removedRemotely: Attention[];
  /** Tasks that carry another stack's marker, left to that stack. */
  otherStacks: string[];
}

/** Whose markers count as this stack's: `pulumi:<project>/<stack>/<key>`. */
export interface StackId {
  project: string;
  stack: string;
}

/** Decides the new entries and the report from the tenant and the existing entries. */
export function planDiscovery(remote: Remote, existing: ExistingEntry[], id: StackId): Plan {
  const plan: Plan = { added: [], kept: [], needsPerson: [], removedRemotely: [], otherStacks: [] };
  const taken: Taken = { keys: new Set(), names: new Set() };
  existing.forEach((entry) => take(entry, taken));

  const migrating = new Set(existing.flatMap((e) => (e.migrateFrom ? [e.migrateFrom] : [])));
  const adopting = new Set(existing.flatMap((e) => (e.adoptTaskId ? [e.adoptTaskId] : [])));
  const keys = new Set(existing.flatMap((e) => (e.key ? [e.key] : [])));
  const byOrigin = groupByOrigin(remote.tasks);
  // Entries a person wrote without an identity may already declare a reload task's schedule.
  const unbound = existing.filter((e) => !e.migrateFrom && !e.adoptTaskId);

  for (const task of byId(remote.tasks)) {
    const marker = markerOf(task, id);
    if (marker?.stack !== undefined && marker.stack !== id.stack) {
      plan.otherStacks.push(`task ${task.id} ("${task.name}") of stack ${marker.stack}`);
      continue;
    }
    const origin = task.metadata?.migratedFrom ?? "";
    const claimed =
      adopting.has(task.id) || migrating.has(origin) || (marker && keys.has(marker.key));
    if (!claimed) adoptTask(task, marker?.key, taken, plan);
  }
  for (const rt of byId(remote.reloadTasks)) {
    if (migrating.has(rt.id) || byOrigin.has(rt.id)) continue;
    migrateReloadTask(rt, { tasks: remote.tasks, unbound, taken }, plan);
  }
  for (const entry of existing) checkExisting(entry, remote, byOrigin, plan);
  return plan;
}

function adoptTask(task: Task, key: string | undefined, taken: Taken, plan: Plan): void {
  const subject = `task ${task.id} ("${task.name}")`;
  let fields;
  try {
    fields = managedFields(task);
  } catch (error) {
    if (!(error instanceof UnsupportedTaskShapeError)) throw error;
    plan.needsPerson.push({
      subject,
      reason: error.message,
      fix: "leave it out of the stack and manage it in Qlik, or rebuild it as one app.reload task",
    });
    return;
  }
  const entry = adoptionEntry(task, fields, taken, key);
  addChecked(entry, subject, plan);
}

/** What a migration entry is checked against. */
interface Context {
  tasks: Task[];
  unbound: ExistingEntry[];
  taken: Taken;
}

function migrateReloadTask(rt: ReloadTask, context: Context, plan: Plan): void {
  const subject = `reload task ${rt.id} (app ${rt.appId ?? "?"})`;
  const attention = (reason: string, fix: string) =>
    plan.needsPerson.push({ subject, reason, fix });

  if (!rt.appId) return void attention("it names no app", "check the reload task in Qlik");
  if (rt.migrated) {
    return void attention(
      `reload task ${rt.id} says it was migrated, but no task listed for its app came from it`,
      "the task may have been deleted or be hidden from the caller: check the app's tasks in " +
        "Qlik, then declare the schedule without migrateFrom if it should still run",
    );
  }
  if (rt.state === "Completed") {
    return void attention(
      `reload task ${rt.id} is Completed: its schedule has no runs left`,
      "delete the reload task, or declare a task with a new schedule, without migrateFrom",
    );
  }
  const converted = scheduleFromReloadTask({
    id: rt.id,
    recurrence: rt.recurrence ?? undefined,
    startDateTime: rt.startDateTime ?? undefined,
    endDateTime: rt.endDateTime ?? undefined,
    timeZone: rt.timeZone ?? undefined,
  });
  if (converted.kind === "needs-person") return void attention(converted.reason, converted.fix);

  const entry = migrationEntry(rt, converted.schedule, context.taken);
  const disabled = rt.state === "Disabled" ? disabledNote(rt, context.tasks) : undefined;
  const sameApp = context.unbound.filter((e) => e.appId === rt.appId).map((e) => e.key);
  const twin = sameApp.length
    ? `the file already declares ${sameApp.join(", ")} for app ${rt.appId} without ` +
      "migrateFrom or adoptTaskId"
    : undefined;
  const note = [disabled, twin].filter(Boolean).join("; ") || undefined;
  if (!addChecked(entry, subject, plan, note)) return;

  if (disabled) {
    attention(disabled, `the entry ${entry.key} is written with enabled: false; ${DISABLED_FIX}`);
  }
  if (twin) {
    attention(
      twin,
      `if one of them is this schedule, add migrateFrom: ${rt.id} to it and remove the ` +
        `entry ${entry.key}, or the app reloads twice; otherwise keep both`,
    );
  }
}

const DISABLED_FIX =
  "set enabled: true if the schedule should run, or remove the entry if another task replaces it";

function disabledNote(rt: ReloadTask, tasks: Task[]): string {
  const code = rt.disabledCode ? ` (${rt.disabledCode})` : "";
  const others = tasks.filter((t) => t.resourceId === rt.appId).map((t) => t.id);
  const why = others.length
    ? `; the app has task(s) ${others.join(", ")}, and Qlik switches an app's reload tasks ` +
      "off when a task is made for it"
    : "";
  return `reload task ${rt.id} is Disabled${code}${why}`;
}

/** Adds the entry if `pulumi up` would take it; otherwise reports why. True when added. */
function addChecked(entry: EntryFields, subject: string, plan: Plan, note?: string): boolean {
  const problems = entryProblems(entry);
  if (problems) {
    plan.needsPerson.push({
      subject,
      reason: `its schedule cannot be declared as it stands: ${problems}`,
      fix: "declare it yourself with corrected values",
    });
    return false;
  }
  plan.added.push(note ? { entry, note } : { entry });
  return true;
}

function checkExisting(
  entry: ExistingEntry,
  remote: Remote,
  byOrigin: Map<string, Task[]>,
  plan: Plan,
): void {
  const label = `tasks[${entry.index}] (${entry.key ?? "no key"})`;
  const gone = (reason: string): void => {
    plan.removedRemotely.push({
      subject: label,
      reason,
      fix:
        "remove the entry if the schedule should go; to make it again, remove " +
        "migrateFrom/adoptTaskId so that the next pulumi up creates a new task",
    });
  };

  if (entry.migrateFrom) {
    const made = byOrigin.get(entry.migrateFrom) ?? [];
    if (made.length > 1) {
      plan.needsPerson.push({
        subject: label,
        reason: `tasks ${made.map((t) => t.id).join(", ")} all came from reload task ${entry.migrateFrom}`,
        fix: "delete all but one in Qlik, or replace migrateFrom with adoptTaskId of the one to keep",
      });
      return;
    }
    const legacy = remote.reloadTasks.some((rt) => rt.id === entry.migrateFrom);
    if (made.length === 0 && !legacy) {
      return gone(`reload task ${entry.migrateFrom} is gone and no task came from it`);
    }
  } else if (entry.adoptTaskId && !remote.tasks.some((t) => t.id === entry.adoptTaskId)) {
    return gone(`task ${entry.adoptTaskId} is not on the tenant any more`);
  }
  plan.kept.push(label);
}

/** The key of this project's marker on a task, and the stack it names. */
function markerOf(task: Task, id: StackId): { stack: string; key: string } | undefined {
  const prefix = `pulumi:${id.project}/`;
  for (const annotation of task.annotations ?? []) {
    if (!annotation.startsWith(prefix)) continue;
    const [stack, key] = annotation.slice(prefix.length).split("/");
    if (stack && key) return { stack, key };
  }
  return undefined;
}

function groupByOrigin(tasks: Task[]): Map<string, Task[]> {
  const groups = new Map<string, Task[]>();
  for (const task of tasks) {
    const origin = task.metadata?.migratedFrom;
    if (origin) groups.set(origin, [...(groups.get(origin) ?? []), task]);
  }
  return groups;
}

function byId<T extends { id: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
