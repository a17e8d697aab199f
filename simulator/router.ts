/**
 * Route table and dispatch for the Qlik API surface. Handlers are synchronous: by the time one
 * runs, the caller is authenticated, within its rate limit, and the body is parsed.
 */
import { legacyError, tasksError } from "./http-util";
import type { TenantStore } from "./store";
import type { Reply, User } from "./types";

/** How the legacy reload-tasks API behaves: still there, or removed with a 404 or a 410. */
export type LegacyApi = "present" | "gone-404" | "gone-410";

/** Switches that change how the tenant answers. */
export interface TenantConfig {
  legacyApi: LegacyApi;
  requireResourceIdOnTaskList: boolean;
}

/** Everything a handler may look at. `url` is absolute, built on the simulator's own URL. */
export interface Ctx {
  store: TenantStore;
  config: TenantConfig;
  method: string;
  url: URL;
  params: Record<string, string>;
  body: unknown;
  user: User;
}

/** A route: `pattern` segments starting with ":" capture a path parameter. */
export interface Route {
  method: string;
  pattern: string;
  handler: (ctx: Ctx) => Reply;
}

/** True for paths of the legacy API, which answers errors in its own shape. */
export function isLegacyPath(path: string): boolean {
  return path === "/api/v1/reload-tasks" || path.startsWith("/api/v1/reload-tasks/");
}

/** Finds the route for the request and runs it; unknown paths get 404, wrong methods 405. */
export function dispatch(routes: Route[], ctx: Omit<Ctx, "params">): Reply {
  const path = ctx.url.pathname;
  if (isLegacyPath(path) && ctx.config.legacyApi !== "present") {
    return legacyGone(ctx.config.legacyApi);
  }

  let pathMatched = false;
  for (const route of routes) {
    const params = matchPattern(route.pattern, path);
    if (!params) continue;
    pathMatched = true;
    if (route.method === ctx.method) return route.handler({ ...ctx, params });
  }

  if (pathMatched) return tasksError(405, "Method Not Allowed", `${ctx.method} ${path}`);
  return tasksError(404, "Not Found", `no route for ${ctx.method} ${path}`);
}

/** The path parameters when `path` fits `pattern`, else undefined. */
function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split("/");
  const have = path.split("/");
  if (want.length !== have.length) return undefined;

  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const value = have[i] as string;
    if (segment.startsWith(":")) {
      if (value === "") return undefined;
      params[segment.slice(1)] = decodeURIComponent(value);
    } else if (segment !== value) {
      return undefined;
    }
  }
  return params;
}

/** A removed legacy API: 404 from the gateway (no such route), or 410 with TASKS-011. */
function legacyGone(legacyApi: LegacyApi): Reply {
  const detail = "the reload-tasks API was removed; use /api/v1/tasks";
  if (legacyApi === "gone-404") return tasksError(404, "Not Found", detail);
  return legacyError(410, "TASKS-011", "Gone", detail);
}
