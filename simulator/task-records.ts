/**
 * Turning task bodies into stored tasks. The service echoes the client's body, keeps any field
 * it does not know, and owns `id`, `resourceId` and most of `metadata`.
 */
import { randomUUID } from "node:crypto";
import { isObject } from "./http-util";
import type { TenantStore } from "./store";
import { appIdOf } from "./task-shape";
import type { App, StoredTask, TaskMetadata, User } from "./types";

/** What a write needs beyond the body: who calls, which app, when. */
export interface WriteContext {
  store: TenantStore;
  caller: User;
  app: App;
}

/** The task a POST stores; created disabled unless the body says `enabled: true`. */
export function createdTask(
  write: WriteContext,
  body: Record<string, unknown>,
  from?: string,
): StoredTask {
  const now = new Date(write.store.clock()).toISOString();
  const sent = sentMetadata(body);
  const metadata: TaskMetadata = {
    usage: sent.usage ?? "ANALYTICS",
    spaceId: sent.spaceId ?? write.app.spaceId,
    tenantId: write.store.tenantId,
    ownerId: write.caller.id,
    createdBy: write.caller.id,
    createdAt: now,
    updatedAt: now,
    ...(from ? { migratedFrom: from } : {}),
    orchestration: { id: randomUUID(), type: 0 },
    trigger: { id: randomUUID(), type: 0 },
  };
  return stored(body, randomUUID(), write.app.id, metadata);
}

/**
 * The task a PUT stores: the new definition, service-owned metadata kept, and ownership moved
 * to the caller, as the types document for updateTask.
 */
export function replacedTask(
  write: WriteContext,
  previous: StoredTask,
  body: Record<string, unknown>,
): StoredTask {
  const old = previous.metadata;
  const sent = sentMetadata(body);
  const metadata: TaskMetadata = {
    ...old,
    usage: sent.usage ?? old.usage ?? "ANALYTICS",
    spaceId: sent.spaceId ?? old.spaceId,
    ownerId: write.caller.id,
    updatedAt: laterIso(write.store, old.updatedAt),
  };
  // The reason a task was disabled (set in the UI, say) means nothing once it is on again.
  if (body.enabled === true) delete metadata.disabledCode;
  return stored(body, previous.id, write.app.id, metadata);
}

/** Fills what a task made outside the API (seed, UI) lacks, keeping everything it has. */
export function completeTask(
  store: TenantStore,
  raw: Record<string, unknown>,
  owner: string,
): StoredTask {
  const now = new Date(store.clock()).toISOString();
  const resourceId = appIdOf(raw) ?? (typeof raw.resourceId === "string" ? raw.resourceId : "");
  const metadata: TaskMetadata = {
    tenantId: store.tenantId,
    spaceId: store.apps.get(resourceId)?.spaceId,
    usage: "ANALYTICS",
    ownerId: owner,
    createdBy: owner,
    createdAt: now,
    updatedAt: now,
    orchestration: { id: randomUUID(), type: 0 },
    trigger: { id: randomUUID(), type: 0 },
    ...(isObject(raw.metadata) ? (raw.metadata as TaskMetadata) : {}),
  };
  const task = { ...raw, enabled: raw.enabled !== false, metadata: compact(metadata) };
  const id = typeof raw.id === "string" ? raw.id : randomUUID();
  return { ...task, id, resourceId } as StoredTask;
}

/** An ISO time after `previous`, so that every change visibly moves `updatedAt`. */
export function laterIso(store: TenantStore, previous: string | undefined): string {
  const before = previous ? Date.parse(previous) : Number.NaN;
  const now = store.clock();
  return new Date(Number.isNaN(before) || now > before ? now : before + 1).toISOString();
}

/** The metadata fields a client may set; the rest of `metadata` belongs to the service. */
function sentMetadata(body: Record<string, unknown>): Pick<TaskMetadata, "spaceId" | "usage"> {
  const sent = isObject(body.metadata) ? body.metadata : {};
  return compact({
    spaceId: typeof sent.spaceId === "string" ? sent.spaceId : undefined,
    usage: sent.usage as TaskMetadata["usage"],
  });
}

/** The stored form: the body, with the service's id, resource and metadata winning. */
function stored(
  body: Record<string, unknown>,
  id: string,
  appId: string,
  metadata: TaskMetadata,
): StoredTask {
  const enabled = body.enabled === true;
  return { ...body, id, resourceId: appId, enabled, metadata: compact(metadata) } as StoredTask;
}

/** Drops keys whose value is undefined, so stored objects match what JSON would carry. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
