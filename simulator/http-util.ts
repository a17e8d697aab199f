/**
 * Error bodies and socket helpers. The two Qlik surfaces disagree on their error shape, and
 * clients must parse both, so the simulator keeps them apart:
 *
 * - tasks (`/api/v1/tasks`, users, gateway answers such as 401, 404 and 429), per `HttpResult`
 *   in tasks.d.ts: `{ errors: [{ code: 400, title: "...", context?: "..." }], traceId }`.
 *   Scheduler codes go in the title, the explanation in the context:
 *   `{ errors: [{ code: 400, title: "CHO-017", context: "invalid recurrence: ..." }], traceId }`.
 * - reload tasks (`/api/v1/reload-tasks`), per `Error` in reload-tasks.d.ts:
 *   `{ errors: [{ code: "TASKS-011", title: "...", detail?: "..." }], traceId }`.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Reply } from "./types";

const maxBodyBytes = 1024 * 1024;

/** A fresh 16-hex-character trace id, like the ones Qlik puts in error bodies. */
export function traceId(): string {
  return randomBytes(8).toString("hex");
}

/** An error reply in the tasks shape (numeric code). */
export function tasksError(status: number, title: string, context?: string): Reply {
  const error = context === undefined ? { code: status, title } : { code: status, title, context };
  return { status, body: { errors: [error], traceId: traceId() } };
}

/** An error reply in the legacy reload-tasks shape (string code such as "TASKS-001"). */
export function legacyError(status: number, code: string, title: string, detail?: string): Reply {
  const error = detail === undefined ? { code, title } : { code, title, detail };
  return { status, body: { errors: [error], traceId: traceId() } };
}

/** Writes a reply as JSON; a reply without a body is sent empty (204, for example). */
export function sendReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }

  const text = JSON.stringify(reply.body);
  headers["content-type"] ??= "application/json; charset=utf-8";
  headers["content-length"] = String(Buffer.byteLength(text));
  res.writeHead(reply.status, headers).end(text);
}

/** The outcome of reading a request body: parsed JSON, or the reason it could not be read. */
export type BodyResult = { ok: true; value: unknown } | { ok: false; reason: string };

/** Reads and parses a JSON request body; an empty body parses as `undefined`. */
export async function readJson(req: IncomingMessage): Promise<BodyResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) return { ok: false, reason: "request body is larger than 1 MiB" };
    chunks.push(chunk as Buffer);
  }

  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: `request body is not valid JSON: ${(error as Error).message}` };
  }
}

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Tells an error reply apart from a successful result (none of which has a `status`). */
export function isReply<T extends object>(value: T | Reply): value is Reply {
  return "status" in value;
}
