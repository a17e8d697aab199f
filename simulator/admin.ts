/**
 * Admin routes under `/__simulator/`, so that another process (a CLI demo, say) can drive the
 * same out-of-band changes and faults as a test. No auth, loopback callers only, never logged.
 *
 *   GET    /__simulator/requests          the request log, `{ data: [...] }`
 *   DELETE /__simulator/requests          clears it
 *   GET    /__simulator/state             `{ reloadTasks, tasks }`
 *   POST   /__simulator/tasks             adds a UI-made task (body: the task)
 *   POST   /__simulator/tasks/{id}/edit   body `{ patch, asUserId? }`
 *   DELETE /__simulator/tasks/{id}        removes a task
 *   POST   /__simulator/faults            body: a fault rule (path as a regex string) or a list
 *   DELETE /__simulator/faults            clears the fault rules
 *   POST   /__simulator/tokens/expire     expires every OAuth access token, `{ expired: n }`
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { readJson, sendReply, tasksError } from "./http-util";
import { addTask, editTask, removeTask } from "./out-of-band";
import type { TenantCore } from "./server";
import { snapshotOf } from "./store";
import type { Reply } from "./types";

const loopback = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

const editBody = z.strictObject({
  patch: z.record(z.string(), z.unknown()),
  asUserId: z.string().optional(),
});

const faultAction = z.union([
  z.strictObject({
    status: z.number().int().min(100).max(599),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.unknown().optional(),
  }),
  z.strictObject({ delayMs: z.number().int().nonnegative() }),
  z.enum(["hang", "reset-before", "reset-after"]),
]);
const faultRule = z.strictObject({
  method: z.string().optional(),
  path: z.string(),
  times: z.number().int().positive().optional(),
  action: faultAction,
});
const taskBody = z.record(z.string(), z.unknown());

type AdminAction = (core: TenantCore, body: unknown, id: string) => Reply;

const noContent: Reply = { status: 204 };

const actions: Record<string, AdminAction> = {
  "GET /requests": (core) => ({ status: 200, body: { data: core.log.list() } }),
  "DELETE /requests": (core) => {
    core.log.clear();
    return noContent;
  },
  "GET /state": (core) => ({ status: 200, body: snapshotOf(core.store) }),
  "POST /tasks": (core, body) => ({ status: 201, body: addTask(core.store, taskBody.parse(body)) }),
  "POST /tasks/:id/edit": (core, body, id) => {
    const { patch, asUserId } = editBody.parse(body);
    return { status: 200, body: editTask(core.store, id, patch, asUserId) };
  },
  "DELETE /tasks/:id": (core, _body, id) => {
    if (removeTask(core.store, id)) return noContent;
    return tasksError(404, "Not Found", `task ${id} not found`);
  },
  "POST /faults": (core, body) => {
    // One rule at a time, so that a bad one is reported by its field, not as a failed union.
    const rules = (Array.isArray(body) ? body : [body]).map((rule) => faultRule.parse(rule));
    rules.forEach((rule) => core.faults.add(rule));
    return { status: 201, body: { added: rules.length } };
  },
  "DELETE /faults": (core) => {
    core.faults.clear();
    return noContent;
  },
  "POST /tokens/expire": (core) => ({ status: 200, body: { expired: core.tokens.expireAll() } }),
};

/** Serves one admin request; bad input and unknown ids become 400s that say why. */
export async function handleAdmin(
  core: TenantCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  if (!loopback.has(req.socket.remoteAddress ?? "")) {
    sendReply(res, tasksError(403, "Forbidden", "admin routes answer loopback callers only"));
    return;
  }

  const rest = url.pathname.slice("/__simulator".length);
  const task = /^\/tasks\/([^/]+)(\/edit)?$/.exec(rest);
  const key = task ? `${req.method} /tasks/:id${task[2] ?? ""}` : `${req.method} ${rest}`;
  const action = actions[key];
  if (!action) {
    sendReply(res, tasksError(404, "Not Found", `no admin route ${req.method} ${url.pathname}`));
    return;
  }

  const body = await readJson(req);
  try {
    const id = task ? decodeURIComponent(task[1] as string) : "";
    sendReply(res, action(core, body.ok ? body.value : undefined, id));
  } catch (error) {
    const message = error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message;
    sendReply(res, tasksError(400, "Bad Request", message));
  }
}
