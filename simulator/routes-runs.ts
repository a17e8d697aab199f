/**
 * Starting tasks and reading their runs. A started run succeeds at once: the simulator reloads
 * nothing, it only records what a client can observe.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { tasksError } from "./http-util";
import { decodeCursor, pageLinks, pageOf, parseLimit } from "./paging";
import type { Ctx, Route } from "./router";
import { nowIso } from "./store";
import { reloadDenied } from "./task-checks";
import { actionNameOf } from "./task-shape";
import type { OrchRun, Reply } from "./types";

const base = "/api/v1/tasks";

/** The run routes. */
export const runRoutes: Route[] = [
  { method: "POST", pattern: `${base}/:id/actions/start`, handler: startTask },
  { method: "GET", pattern: `${base}/:id/runs`, handler: listRuns },
  { method: "GET", pattern: `${base}/:id/runs/last`, handler: lastRun },
  { method: "GET", pattern: `${base}/:id/runs/:runId/log`, handler: runLog },
  { method: "GET", pattern: `${base}/resources/:id/runs`, handler: resourceRuns },
];

function startTask(ctx: Ctx): Reply {
  const task = ctx.store.tasks.get(ctx.params.id as string);
  if (!task) return notFound(`task ${ctx.params.id} not found`);
  const app = ctx.store.apps.get(task.resourceId);
  const denied = app ? reloadDenied(ctx, app) : undefined;
  if (denied) return denied;

  const now = nowIso(ctx.store);
  const run: OrchRun = {
    id: randomUUID(),
    taskId: task.id,
    taskName: task.name,
    actionId: actionNameOf(task),
    resourceId: task.resourceId,
    status: "SUCCEEDED",
    startedAt: now,
    endedAt: now,
    executedAs: ctx.user.id,
    triggeredBy: ctx.url.searchParams.get("source") ?? "manual",
    workerId: randomBytes(12).toString("hex"),
    workerType: "reload-engine",
    taskMeta: structuredClone(task.metadata),
    log: `reloaded app ${task.resourceId}`,
  };
  ctx.store.runs.set(task.id, [...(ctx.store.runs.get(task.id) ?? []), run]);
  return { status: 200, body: { message: `task ${task.id} started` } };
}

function listRuns(ctx: Ctx): Reply {
  if (!ctx.store.tasks.has(ctx.params.id as string)) {
    return notFound(`task ${ctx.params.id} not found`);
  }
  return runPage(ctx, ctx.store.runs.get(ctx.params.id as string) ?? []);
}

function resourceRuns(ctx: Ctx): Reply {
  const runs = [...ctx.store.runs.values()].flat();
  return runPage(
    ctx,
    runs.filter((run) => run.resourceId === ctx.params.id),
  );
}

function lastRun(ctx: Ctx): Reply {
  const runs = ctx.store.runs.get(ctx.params.id as string) ?? [];
  const last = runs[runs.length - 1];
  return last
    ? { status: 200, body: structuredClone(last) }
    : notFound(`no runs for task ${ctx.params.id}`);
}

function runLog(ctx: Ctx): Reply {
  const runs = ctx.store.runs.get(ctx.params.id as string) ?? [];
  const run = runs.find((candidate) => candidate.id === ctx.params.runId);
  if (!run) return notFound(`run ${ctx.params.runId} of task ${ctx.params.id} not found`);
  return { status: 200, body: { logContent: run.log ?? "" } };
}

/** Runs newest first, paged like tasks. */
function runPage(ctx: Ctx, runs: OrchRun[]): Reply {
  const limit = parseLimit(ctx.url.searchParams.get("limit"), 20);
  const cursor = ctx.url.searchParams.get("page");
  const offset = cursor === null ? 0 : decodeCursor(cursor);
  if (limit === undefined || offset === undefined) {
    return tasksError(400, "Bad Request", "limit must be 1 to 100 and page a cursor from links");
  }

  const page = pageOf([...runs].reverse(), offset, limit);
  return {
    status: 200,
    body: { data: structuredClone(page.items), links: pageLinks(ctx.url, page, "tasks") },
  };
}

function notFound(context: string): Reply {
  return tasksError(404, "Not Found", context);
}
