/**
 * Bearer-key authentication. The key is only ever compared, never echoed or logged: error
 * messages say what was wrong with the header, not what it held.
 */
import { legacyError, tasksError } from "./http-util";
import { isLegacyPath } from "./router";
import type { TenantStore } from "./store";
import type { Reply, User } from "./types";

/** The user an Authorization header authenticates, or undefined. */
export function userFor(store: TenantStore, header: string | undefined): User | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match ? store.usersByKey.get(match[1] as string) : undefined;
}

/** The 401 for a missing or unknown key, in the error shape of the API that was called. */
export function unauthorized(path: string, header: string | undefined): Reply {
  const reason = header
    ? "the API key or token is not valid for this tenant"
    : "missing Authorization: Bearer header";
  if (isLegacyPath(path)) return legacyError(401, "HTTP-401", "Unauthorized", reason);
  return tasksError(401, "Unauthorized", reason);
}
