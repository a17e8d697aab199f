/**
 * The Tasks API (`/api/v1/tasks`), as tasks.d.ts types it: list, create (optionally as the
 * migration of a reload task), read, replace and delete.
 */
import { isReply, tasksError } from "./http-util";
import { decodeCursor, pageLinks, pageOf, parseLimit } from "./paging";
import type { Ctx, Route } from "./router";
import { markMigrated, saveTask } from "./store";
import { checkWrite, migrationSource, taskLimitReached } from "./task-checks";
import { createdTask, replacedTask } from "./task-records";
import type { Reply, StoredTask } from "./types";

const base = "/api/v1/tasks";
const sorts = ["+createdAt", "-createdAt", "+updatedAt", "-updatedAt"];

/** The task routes. */
export const taskRoutes: Route[] = [
  { method: "GET", pattern: base, handler: listTasks },
  { method: "POST", pattern: base, handler: createTask },
  { method: "GET", pattern: `${base}/:id`, handler: getTask },
  { method: "PUT", pattern: `${base}/:id`, handler: replaceTask },
  { method: "DELETE", pattern: `${base}/:id`, handler: deleteTask },
];

function listTasks(ctx: Ctx): Reply {
  const query = ctx.url.searchParams;
  const resourceId = query.get("resourceId");
  if (!resourceId && ctx.config.requireResourceIdOnTaskList) {
    return tasksError(400, "Bad Request", "missing required query parameter: resourceId");
  }

  const limit = parseLimit(query.get("limit"), 20);
  if (limit === undefined) return tasksError(400, "Bad Request", "limit must be 1 to 100");
  const sort = query.get("sort") ?? "-updatedAt";
  if (!sorts.includes(sort)) return tasksError(400, "Bad Request", `sort must be one of ${sorts}`);
  const cursor = query.get("page");
  const offset = cursor === null ? 0 : decodeCursor(cursor);
  if (offset === undefined) return tasksError(400, "Bad Request", "invalid page cursor");

  const tasks = [...ctx.store.tasks.values()].filter(
    (task) => !resourceId || task.resourceId === resourceId,
  );
  const page = pageOf(sorted(tasks, sort), offset, limit);
  const data = structuredClone(page.items);
  return { status: 200, body: { data, links: pageLinks(ctx.url, page, "tasks") } };
}

function createTask(ctx: Ctx): Reply {
  const write = checkWrite(ctx);
  if (isReply(write)) return write;

  const migrateFrom = ctx.url.searchParams.get("migrateFrom") || undefined;
  const source = migrateFrom ? migrationSource(ctx, migrateFrom, write.app) : undefined;
  if (source && isReply(source)) return source;
  const limited = taskLimitReached(ctx, write.app);
  if (limited) return limited;

  const task = createdTask({ ...ctx, caller: ctx.user, app: write.app }, write.body, migrateFrom);
  saveTask(ctx.store, task);
  markMigrated(ctx.store, migrateFrom);
  return { status: 201, body: structuredClone(task) };
}

function getTask(ctx: Ctx): Reply {
  const task = ctx.store.tasks.get(ctx.params.id as string);
  return task ? { status: 200, body: structuredClone(task) } : notFound(ctx);
}

function replaceTask(ctx: Ctx): Reply {
  const previous = ctx.store.tasks.get(ctx.params.id as string);
  if (!previous) return notFound(ctx);
  const write = checkWrite(ctx);
  if (isReply(write)) return write;

  const task = replacedTask({ ...ctx, caller: ctx.user, app: write.app }, previous, write.body);
  saveTask(ctx.store, task);
  return { status: 200, body: structuredClone(task) };
}

function deleteTask(ctx: Ctx): Reply {
  const task = ctx.store.tasks.get(ctx.params.id as string);
  if (!task) return notFound(ctx);

  // Only the owner or an admin may delete; anyone else gets 403 and the task stays.
  const owner = task.metadata.ownerId;
  if (owner !== ctx.user.id && !ctx.user.admin) {
    const context = `task ${task.id} belongs to ${owner}; only its owner or an admin may delete it`;
    return tasksError(403, "Forbidden", context);
  }

  ctx.store.tasks.delete(task.id);
  ctx.store.runs.delete(task.id);
  return { status: 204 };
}

/** Tasks ordered by the `sort` parameter; ties go by creation order in the same direction. */
function sorted(tasks: StoredTask[], sort: string): StoredTask[] {
  const field = sort.slice(1) as "createdAt" | "updatedAt";
  const direction = sort.startsWith("-") ? -1 : 1;
  const time = (task: StoredTask) => Date.parse(task.metadata[field] ?? "") || 0;
  const indexed = tasks.map((task, index) => ({ task, index, time: time(task) }));
  indexed.sort((a, b) => direction * (a.time - b.time || a.index - b.index));
  return indexed.map((entry) => entry.task);
}

function notFound(ctx: Ctx): Reply {
  return tasksError(404, "Not Found", `task ${ctx.params.id} not found`);
}
