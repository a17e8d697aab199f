/**
 * Stack-file entries that `discover` proposes: one per schedule found on the tenant, with a
 * readable key and name that are unique in the file. A proposal is checked as `pulumi up`
 * would check its first create, so the written file loads and applies without surprises.
 */
import type { ReloadTask, Task } from "../client/schemas";
import { validateInputs } from "../inputs";
import type { TaskSchedule } from "../schedule";
import type { ManagedFields } from "../task-shape";

/** The fields of one proposed entry, in the order they are written. */
export type EntryFields = Record<string, unknown> & { key: string; name: string; appId: string };

/** Keys and names already taken in the file, so that new ones never collide. */
export interface Taken {
  keys: Set<string>;
  names: Set<string>;
}

/** The entry that migrates a reload task with one convertible schedule. */
export function migrationEntry(rt: ReloadTask, schedule: TaskSchedule, taken: Taken): EntryFields {
  const appId = rt.appId ?? "";
  const own = typeof rt.name === "string" ? rt.name.trim() : "";
  const label = own || `app ${appId}`;
  const keyLabel = own ? slug(own) : `app-${slug(appId).slice(0, 8)}`;
  const rule = ruleSummary(schedule.recurrence);
  return {
    key: uniqueKey(`${keyLabel}-${rule.key}`, rt.id, taken),
    name: uniqueName(`${label} - ${rule.text}`, rt.id, taken),
    appId,
    ...(rt.spaceId ? { spaceId: rt.spaceId } : {}),
    partial: rt.partial === true,
    enabled: rt.state !== "Disabled",
    schedule: { ...schedule },
    migrateFrom: rt.id,
  };
}

/** The entry that adopts an existing task with its current values; `key` is preferred if free. */
export function adoptionEntry(
  task: Task,
  fields: ManagedFields,
  taken: Taken,
  key?: string,
): EntryFields {
  const { schedule } = fields;
  const rule = ruleSummary(schedule.recurrence);
  const base = key && !taken.keys.has(key) ? key : `${slug(fields.name)}-${rule.key}`;
  return {
    key: uniqueKey(base, task.id, taken),
    name: uniqueName(fields.name, task.id, taken),
    appId: fields.appId,
    ...(fields.spaceId ? { spaceId: fields.spaceId } : {}),
    ...(fields.usage !== "ANALYTICS" ? { usage: fields.usage } : {}),
    ...(fields.description ? { description: fields.description } : {}),
    partial: fields.partial,
    enabled: fields.enabled,
    schedule: {
      recurrence: schedule.recurrence,
      startDateTime: schedule.startDateTime,
      ...(schedule.endDateTime ? { endDateTime: schedule.endDateTime } : {}),
      timezone: schedule.timezone,
    },
    adoptTaskId: task.id,
  };
}

/** Why `pulumi up` would refuse the entry's first create, or undefined when it would not. */
export function entryProblems(entry: EntryFields): string | undefined {
  const { key: _key, ...inputs } = entry;
  const { failures } = validateInputs(inputs);
  if (failures.length === 0) return undefined;
  return failures.map((f) => `${f.property}: ${f.reason}`).join("; ");
}

/** Marks an entry's key and name as used. */
export function take(entry: { key?: unknown; name?: unknown }, taken: Taken): void {
  if (typeof entry.key === "string") taken.keys.add(entry.key);
  if (typeof entry.name === "string") taken.names.add(entry.name.trim());
}

/** `daily-0600` and "daily at 06:00" for a rule with one time, else its frequency alone. */
export function ruleSummary(recurrence: string): { key: string; text: string } {
  const parts = new Map(
    recurrence
      .replace(/^RRULE:/i, "")
      .split(";")
      .map((part) => part.split("=") as [string, string | undefined])
      .map(([name, value]) => [name.trim().toUpperCase(), (value ?? "").trim()]),
  );
  const freq = (parts.get("FREQ") || "custom").toLowerCase();
  const hour = parts.get("BYHOUR") ?? "";
  const minute = parts.get("BYMINUTE") || "0";
  if (!/^\d{1,2}$/.test(hour) || !/^\d{1,2}$/.test(minute)) return { key: freq, text: freq };

  const hh = hour.padStart(2, "0");
  const mm = minute.padStart(2, "0");
  return { key: `${freq}-${hh}${mm}`, text: `${freq} at ${hh}:${mm}` };
}

/** A key from free text: lower case, letters and digits joined by '-', at most 60 long. */
function slug(text: string): string {
  const cut = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return cut || "task";
}

/** The base key, or with the end of the remote id when it is taken; ids are unique remotely. */
function uniqueKey(base: string, id: string, taken: Taken): string {
  const short = id.toLowerCase().replace(/[^a-z0-9]/g, "");
  const candidates = [base, `${base}-${short.slice(-6)}`, `${base}-${short}`];
  const key = candidates.find((k) => !taken.keys.has(k)) ?? `${base}-${taken.keys.size}`;
  taken.keys.add(key);
  return key;
}

function uniqueName(base: string, id: string, taken: Taken): string {
  const name = taken.names.has(base) ? `${base} (${id})` : base;
  taken.names.add(name);
  return name;
}
