/**
 * The checks a task write passes before anything is stored, in the order the service applies
 * them: document shape (400), app exists (404), caller may reload it (403), schedule (CHO-017),
 * and for creates the app's task limit (CHO-014) and the migration source.
 */
import { isReply, tasksError } from "./http-util";
import type { Ctx } from "./router";
import { scheduleProblem } from "./schedule-validation";
import { checkTaskBody } from "./task-validation";
import type { App, ReloadTask, Reply } from "./types";

/** A write that may go ahead. */
export interface AllowedWrite {
  body: Record<string, unknown>;
  app: App;
}

/** Runs the checks every POST and PUT of a task shares. */
export function checkWrite(ctx: Ctx): AllowedWrite | Reply {
  const checked = checkTaskBody(ctx.body);
  if (isReply(checked)) return checked;

  const app = ctx.store.apps.get(checked.appId);
  if (!app) return tasksError(404, "Not Found", `app ${checked.appId} not found`);

  const denied = reloadDenied(ctx, app);
  if (denied) return denied;

  const problem = scheduleProblem(checked.schedule, ctx.store.clock());
  if (problem) return tasksError(400, "CHO-017", problem);
  return { body: checked.body, app };
}

/** 403 when the caller lacks the reload permission on the app (the seed's reloadDeniedFor). */
export function reloadDenied(ctx: Ctx, app: App): Reply | undefined {
  if (!app.reloadDeniedFor.includes(ctx.user.id)) return undefined;
  const context = `user ${ctx.user.id} lacks the reload permission on app ${app.id} (${app.name})`;
  return tasksError(403, "Forbidden", context);
}

/** CHO-014 when the app already has as many tasks as its limit allows. */
export function taskLimitReached(ctx: Ctx, app: App): Reply | undefined {
  if (app.taskLimit === undefined) return undefined;
  const count = [...ctx.store.tasks.values()].filter((task) => task.resourceId === app.id).length;
  if (count < app.taskLimit) return undefined;
  // The /api/v1/tasks types list no 422, so the limit is answered as a 400 here.
  return tasksError(400, "CHO-014", `app ${app.id} already has ${count} tasks, its limit`);
}

/**
 * The reload task a `?migrateFrom=` create migrates: 404 when the legacy API is gone or the
 * task is unknown, 400 when it was migrated already or reloads another app.
 */
export function migrationSource(ctx: Ctx, id: string, app: App): ReloadTask | Reply {
  const source = ctx.config.legacyApi === "present" ? ctx.store.reloadTasks.get(id) : undefined;
  if (!source) return tasksError(404, "Not Found", `reload task ${id} not found`);

  if (source.migrated) {
    const context = `reload task ${id} was migrated before; look for the task migrated from it`;
    return tasksError(400, "Reload task already migrated", context);
  }
  if (source.appId !== app.id) {
    const context = `reload task ${id} reloads app ${source.appId}, not ${app.id}`;
    return tasksError(400, "Migration source belongs to another app", context);
  }
  return source;
}
