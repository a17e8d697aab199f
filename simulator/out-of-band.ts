/**
 * Changes made outside the API, as if by someone in the Qlik UI: the drift, deletions and
 * hand-made tasks that a provider's refresh and adoption logic must cope with.
 */
import { isObject } from "./http-util";
import { defaultUiOwner, markMigrated, saveTask, type TenantStore } from "./store";
import { completeTask, laterIso } from "./task-records";
import { appIdOf } from "./task-shape";
import type { StoredTask } from "./types";

/**
 * Adds a task made outside Pulumi. Missing id and metadata are filled (owner: the seed's
 * second user); like any new task it switches the app's reload tasks off, and a
 * `metadata.migratedFrom` marks that reload task migrated. The shape is not validated, so
 * tests can add tasks a provider does not manage.
 */
export function addTask(store: TenantStore, raw: Record<string, unknown>): StoredTask {
  if (typeof raw.name !== "string") throw new Error("addTask: a task needs a string name");
  const task = completeTask(store, structuredClone(raw), defaultUiOwner(store));
  if (store.tasks.has(task.id)) throw new Error(`addTask: task ${task.id} already exists`);

  saveTask(store, task);
  markMigrated(store, task.metadata.migratedFrom);
  return structuredClone(task);
}

/**
 * Merges `patch` into a task (one level deep for `metadata`) and bumps `updatedAt`. With
 * `asUserId` the edit moves ownership to that user, as an edit in the UI does. `disabledCode`
 * and `ownerId` may be given at the top of the patch as shorthands for their metadata fields;
 * fields in `patch.metadata` win over all of these.
 */
export function editTask(
  store: TenantStore,
  id: string,
  patch: Record<string, unknown>,
  asUserId?: string,
): StoredTask {
  const task = store.tasks.get(id);
  if (!task) throw new Error(`editTask: no task ${id}`);
  if (asUserId !== undefined && !store.users.has(asUserId)) {
    throw new Error(`editTask: no user ${asUserId}`);
  }

  const { metadata: metadataPatch, disabledCode, ownerId, ...fields } = patch;
  const metadata = {
    ...task.metadata,
    ...(asUserId === undefined ? {} : { ownerId: asUserId }),
    ...(ownerId === undefined ? {} : { ownerId }),
    ...(disabledCode === undefined ? {} : { disabledCode }),
    updatedAt: laterIso(store, task.metadata.updatedAt),
    ...(isObject(metadataPatch) ? metadataPatch : {}),
  };
  const edited = { ...task, ...fields, id, metadata } as StoredTask;
  edited.resourceId = appIdOf(edited) ?? task.resourceId;
  store.tasks.set(id, edited);
  return structuredClone(edited);
}

/** Deletes a task as if removed in the UI; false when there was none. */
export function removeTask(store: TenantStore, id: string): boolean {
  store.runs.delete(id);
  return store.tasks.delete(id);
}
