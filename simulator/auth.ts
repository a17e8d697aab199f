/**
 * Bearer authentication: an API key of a seeded user, or an unexpired OAuth access token. Both
 * are only ever compared, never echoed or logged: error messages say what was wrong with the
 * header, not what it held.
 */
import { legacyError, tasksError } from "./http-util";
import { isLegacyPath } from "./router";
import type { TokenIssuer } from "./routes-oauth";
import type { TenantStore } from "./store";
import type { Reply, User } from "./types";

/** The user an Authorization header authenticates, or undefined. */
export function userFor(
  store: TenantStore,
  tokens: TokenIssuer,
  header: string | undefined,
): User | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (!match) return undefined;

  const bearer = match[1] as string;
  const byKey = store.usersByKey.get(bearer);
  if (byKey) return byKey;
  const userId = tokens.userFor(bearer);
  return userId === undefined ? undefined : store.users.get(userId);
}

/** The 401 for a missing or unknown key, in the error shape of the API that was called. */
export function unauthorized(path: string, header: string | undefined): Reply {
  const reason = header
    ? "the API key or token is not valid for this tenant"
    : "missing Authorization: Bearer header";
  if (isLegacyPath(path)) return legacyError(401, "HTTP-401", "Unauthorized", reason);
  return tasksError(401, "Unauthorized", reason);
}
