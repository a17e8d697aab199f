/**
 * The tenant's state in memory: users, apps, legacy reload tasks, tasks and their runs, plus
 * the side effects the platform applies to them.
 */
import type { Seed } from "./seed";
import { completeTask } from "./task-records";
import type { App, OrchRun, ReloadTask, StoredTask, User } from "./types";

/** Everything a simulated tenant holds. Maps keep insertion order, which listings rely on. */
export interface TenantStore {
  tenantId: string;
  users: Map<string, User>;
  usersByKey: Map<string, User>;
  apps: Map<string, App>;
  spaces: Map<string, Seed["spaces"][number]>;
  reloadTasks: Map<string, ReloadTask>;
  tasks: Map<string, StoredTask>;
  runs: Map<string, OrchRun[]>;
  clock: () => number;
}

/** A deep copy of the reload tasks and tasks, safe for a test to keep or mutate. */
export interface TenantSnapshot {
  reloadTasks: ReloadTask[];
  tasks: StoredTask[];
}

/** Builds the state from a validated seed; seeded tasks are stored as given, with no effects. */
export function createStore(seed: Seed, clock: () => number): TenantStore {
  const users = seed.users.map((user) => ({ ...user }));
  const store: TenantStore = {
    tenantId: seed.tenantId,
    users: new Map(users.map((user) => [user.id, user])),
    usersByKey: new Map(users.map((user) => [user.apiKey, user])),
    apps: new Map(seed.apps.map((app) => [app.id, { ...app }])),
    spaces: new Map(seed.spaces.map((space) => [space.id, { ...space }])),
    reloadTasks: new Map(seed.reloadTasks.map((task) => [task.id, structuredClone(task)])),
    tasks: new Map(),
    runs: new Map(),
    clock,
  };

  for (const raw of seed.tasks) {
    const task = completeTask(store, structuredClone(raw), defaultUiOwner(store));
    store.tasks.set(task.id, task);
  }
  return store;
}

/** The current time as an ISO string, from the store's clock. */
export function nowIso(store: TenantStore): string {
  return new Date(store.clock()).toISOString();
}

/** The owner of tasks made "in the UI": the seed's second user, else its first. */
export function defaultUiOwner(store: TenantStore): string {
  const [first, second] = store.users.keys();
  return (second ?? first) as string;
}

/**
 * Stores a new or replaced task and applies the platform's rule that once any task exists for
 * an app, the app's legacy reload tasks are switched off.
 */
export function saveTask(store: TenantStore, task: StoredTask): void {
  store.tasks.set(task.id, task);
  for (const reloadTask of store.reloadTasks.values()) {
    if (reloadTask.appId === task.resourceId) reloadTask.state = "Disabled";
  }
}

/** Marks a reload task as migrated, as the service does once a task was made from it. */
export function markMigrated(store: TenantStore, reloadTaskId: string | undefined): void {
  const reloadTask = reloadTaskId ? store.reloadTasks.get(reloadTaskId) : undefined;
  if (reloadTask) reloadTask.migrated = true;
}

/** A deep copy of the reload tasks and tasks. */
export function snapshotOf(store: TenantStore): TenantSnapshot {
  return structuredClone({
    reloadTasks: [...store.reloadTasks.values()],
    tasks: [...store.tasks.values()],
  });
}
