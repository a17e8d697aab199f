/**
 * The request pipeline: admin routes aside, each API request goes through faults, then
 * authentication, rate limits, body parsing and the routes, and is logged on the way out. Token
 * requests go through faults and the log too, but need no bearer header and have no rate limit.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { handleAdmin } from "./admin";
import { unauthorized, userFor } from "./auth";
import { faultBody, type Faults } from "./faults";
import { legacyError, readJson, sendReply, tasksError } from "./http-util";
import type { RateLimiter } from "./rate-limit";
import type { RequestLog } from "./request-log";
import { dispatch, isLegacyPath, type TenantConfig } from "./router";
import { catalogRoutes } from "./routes-catalog";
import { reloadTaskRoutes } from "./routes-reload-tasks";
import { TOKEN_PATH, type TokenIssuer } from "./routes-oauth";
import { runRoutes } from "./routes-runs";
import { taskRoutes } from "./routes-tasks";
import { userRoutes } from "./routes-users";
import { nowIso, type TenantStore } from "./store";
import type { Reply, RequestLogEntry, User } from "./types";

const routes = [...taskRoutes, ...runRoutes, ...reloadTaskRoutes, ...userRoutes, ...catalogRoutes];

/** Everything one running tenant holds; `baseUrl` is set once the server listens. */
export interface TenantCore {
  store: TenantStore;
  config: TenantConfig;
  log: RequestLog;
  faults: Faults;
  limiter: RateLimiter;
  tokens: TokenIssuer;
  baseUrl: string;
}

/** The server's request listener. */
export function requestListener(core: TenantCore): RequestListener {
  return (req, res) => {
    const url = new URL(`${core.baseUrl}${req.url ?? "/"}`);
    const handled = url.pathname.startsWith("/__simulator/")
      ? handleAdmin(core, req, res, url)
      : handleApi(core, req, res, url);
    handled.catch((error: unknown) => {
      if (!res.headersSent) sendReply(res, tasksError(500, "Internal Server Error", String(error)));
    });
  };
}

/** Serves one API request, applying a fault rule first when one matches. */
async function handleApi(core: TenantCore, req: IncomingMessage, res: ServerResponse, url: URL) {
  const method = req.method ?? "GET";
  const user = userFor(core.store, core.tokens, req.headers.authorization);
  const entry: RequestLogEntry = {
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    status: null,
    userId: user?.id ?? null,
    time: nowIso(core.store),
  };

  const fault = core.faults.take(method, url.pathname);
  if (typeof fault === "object" && "status" in fault) {
    core.log.add({ ...entry, status: fault.status, fault: "status" });
    sendReply(res, { status: fault.status, headers: fault.headers, body: faultBody(fault) });
    return;
  }
  if (fault === "hang" || fault === "reset-before") {
    core.log.add({ ...entry, fault });
    if (fault === "reset-before") req.socket.destroy();
    return;
  }
  if (typeof fault === "object") await sleep(fault.delayMs);

  const reply = await answer(core, req, url, user, entry);
  const kind = fault === undefined ? {} : { fault: fault === "reset-after" ? fault : "delay" };
  core.log.add({ ...entry, status: reply.status, ...kind } as RequestLogEntry);
  // The change is committed; the client just never hears about it.
  if (fault === "reset-after") req.socket.destroy();
  else sendReply(res, reply);
}

/** The normal answer: authenticate, rate-limit, read the body, route. */
async function answer(
  core: TenantCore,
  req: IncomingMessage,
  url: URL,
  user: User | undefined,
  entry: RequestLogEntry,
): Promise<Reply> {
  if (url.pathname === TOKEN_PATH) return core.tokens.answer(req, entry);
  if (!user) return unauthorized(url.pathname, req.headers.authorization);
  const method = entry.method;
  const limited = core.limiter.take(user.id, method);
  if (limited) return limited;

  const body = await readJson(req);
  if (!body.ok) {
    if (isLegacyPath(url.pathname)) return legacyError(400, "HTTP-400", "Bad Request", body.reason);
    return tasksError(400, "Bad Request", body.reason);
  }
  if (body.value !== undefined) entry.body = body.value;

  const { store, config } = core;
  return dispatch(routes, { store, config, method, url, body: body.value, user });
}
