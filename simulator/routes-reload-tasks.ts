/**
 * The deprecated reload-tasks API, as reload-tasks.d.ts types it. Creating is refused with
 * 410 TASKS-011 and a migrated task can no longer be changed (400 TASKS-001), as on a real
 * tenant after Qlik's announced removal.
 */
import { z } from "zod";
import { legacyError } from "./http-util";
import { decodeCursor, pageLinks, pageOf, parseLimit } from "./paging";
import type { Ctx, Route } from "./router";
import type { Reply, ReloadTask } from "./types";

const base = "/api/v1/reload-tasks";

// The writable fields of PutTaskBody; the rest of a reload task belongs to the service.
const putBody = z.strictObject({
  appId: z.string().optional(),
  autoReload: z.boolean().optional(),
  autoReloadPartial: z.boolean().optional(),
  endDateTime: z.string().optional(),
  partial: z.boolean().optional(),
  recurrence: z.array(z.string()).optional(),
  startDateTime: z.string().optional(),
  timeZone: z.string().optional(),
  state: z.enum(["Enabled", "Disabled", "Completed"]).optional(),
});

/** The reload-tasks routes. */
export const reloadTaskRoutes: Route[] = [
  { method: "GET", pattern: base, handler: listReloadTasks },
  { method: "POST", pattern: base, handler: () => creationGone() },
  { method: "GET", pattern: `${base}/:id`, handler: getReloadTask },
  { method: "PUT", pattern: `${base}/:id`, handler: putReloadTask },
  { method: "DELETE", pattern: `${base}/:id`, handler: deleteReloadTask },
];

function listReloadTasks(ctx: Ctx): Reply {
  const query = ctx.url.searchParams;
  const limit = parseLimit(query.get("limit"), 10);
  if (limit === undefined) return bad("limit must be an integer between 1 and 100");
  if (query.has("next") && query.has("prev")) return bad("provide either next or prev, not both");

  const cursor = query.get("next") ?? query.get("prev");
  const offset = cursor === null ? 0 : decodeCursor(cursor);
  if (offset === undefined) return bad(`invalid cursor ${JSON.stringify(cursor)}`);

  const appId = query.get("appId");
  const partial = query.get("partial");
  const matching = [...ctx.store.reloadTasks.values()].filter(
    (task) =>
      (appId === null || task.appId === appId) &&
      (partial === null || String(task.partial ?? false) === partial),
  );

  const page = pageOf(matching, offset, limit);
  const data = page.items.map((task) => withLinks(ctx, task));
  return { status: 200, body: { data, links: pageLinks(ctx.url, page, "reload-tasks") } };
}

function getReloadTask(ctx: Ctx): Reply {
  const task = ctx.store.reloadTasks.get(ctx.params.id as string);
  return task ? { status: 200, body: withLinks(ctx, task) } : notFound(ctx);
}

function putReloadTask(ctx: Ctx): Reply {
  const task = ctx.store.reloadTasks.get(ctx.params.id as string);
  if (!task) return notFound(ctx);
  if (task.migrated) return migrated(task);

  const parsed = putBody.safeParse(ctx.body);
  if (!parsed.success) return bad(parsed.error.issues.map((issue) => issue.message).join("; "));

  Object.assign(task, parsed.data);
  return { status: 200, body: withLinks(ctx, task) };
}

function deleteReloadTask(ctx: Ctx): Reply {
  const task = ctx.store.reloadTasks.get(ctx.params.id as string);
  if (!task) return notFound(ctx);
  if (task.migrated) return migrated(task);

  ctx.store.reloadTasks.delete(task.id);
  return { status: 204 };
}

/** A copy of the task with its `links.self`, pointing at this simulator. */
function withLinks(ctx: Ctx, task: ReloadTask) {
  const href = new URL(`${base}/${task.id}`, ctx.url).href;
  return { ...structuredClone(task), links: { self: { href } } };
}

function creationGone(): Reply {
  const detail = "reload tasks can no longer be created; create a task with POST /api/v1/tasks";
  return legacyError(410, "TASKS-011", "Creating reload tasks is no longer supported", detail);
}

function migrated(task: ReloadTask): Reply {
  const detail = `reload task ${task.id} was migrated to the Tasks API; change the task instead`;
  return legacyError(400, "TASKS-001", "The reload task has been migrated", detail);
}

function notFound(ctx: Ctx): Reply {
  return legacyError(404, "HTTP-404", "Not Found", `reload task ${ctx.params.id} not found`);
}

function bad(detail: string): Reply {
  return legacyError(400, "HTTP-400", "Bad Request", detail);
}
