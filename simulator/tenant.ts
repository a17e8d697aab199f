/**
 * Local Qlik Cloud tenant simulator: a real HTTP server on 127.0.0.1 that answers the parts of
 * Qlik's contract the provider uses, so tests and the demo talk HTTP exactly as in production.
 *
 * What is simulated, after Qlik's published types (`@qlik/api` tasks.d.ts, reload-tasks.d.ts)
 * and the notes in shared/qlik-tasks-api.md:
 * - Bearer API keys from the seed (401 otherwise) and `GET /api/v1/users/me`.
 * - OAuth2 machine-to-machine tokens for the seed's clients (`POST /oauth/token`), which expire
 *   after `tokenLifetimeSeconds` by the tenant's clock, or all at once when a test says so.
 * - Legacy reload tasks: cursor-paged list, read, update, delete; create answers 410
 *   TASKS-011; changing a migrated one answers 400 TASKS-001; the whole API can be "gone"
 *   (404 or 410).
 * - Tasks: paged list (optionally requiring `resourceId`), create (201, disabled unless
 *   `enabled: true`, optionally `?migrateFrom=`), read, replace (PUT moves ownership to the
 *   caller), delete (owner or admin), start and runs. Bodies are validated with the messages
 *   users see ("task has 0 states instead of 1", ...), schedules as CHO-017, app task limits
 *   as CHO-014, reload permission per app as 403.
 * - Platform side effects: a task for an app switches that app's reload tasks off; a
 *   migration marks the reload task `migrated: true`.
 * - Per-user read and write rate limits (429 with Retry-After), switchable faults, a request
 *   log without credentials, and out-of-band edits as if made in the Qlik UI.
 *
 * Not simulated: reload execution and schedule expansion, spaces and roles beyond one
 * per-app reload switch and an admin flag, `/api/scheduling/tasks`.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Faults } from "./faults";
import { addTask, editTask, removeTask } from "./out-of-band";
import { qlikRateLimits, RateLimiter, type RateLimits } from "./rate-limit";
import { RequestLog } from "./request-log";
import { TokenIssuer } from "./routes-oauth";
import type { LegacyApi } from "./router";
import { defaultSeed, parseSeed } from "./seed";
import { requestListener, type TenantCore } from "./server";
import { createStore, snapshotOf, type TenantSnapshot } from "./store";
import type { RequestLogEntry, StoredTask } from "./types";

export type { FaultAction, FaultRule, Faults, StatusFault } from "./faults";
export { schedulerUnavailableBody } from "./faults";
export type { RateLimits } from "./rate-limit";
export type { LegacyApi } from "./router";
export { TOKEN_PREFIX } from "./routes-oauth";
export type { TenantSnapshot } from "./store";
export type { ReloadTask, RequestLogEntry, StoredTask } from "./types";

/** How to start a tenant. */
export interface TenantOptions {
  /** A parsed fixture object (validated on start); the bundled local-tenant.json when absent. */
  seed?: object;
  /** Port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Per-user limits; Qlik's documented 1,000 reads and 100 writes a minute when absent. */
  rateLimits?: RateLimits | false;
  /** Whether the legacy reload-tasks API still answers; "present" when absent. */
  legacyApi?: LegacyApi;
  /** Answer 400 to a task list without `resourceId`, as some API versions do (F13). */
  requireResourceIdOnTaskList?: boolean;
  /** Milliseconds since the epoch; lets tests move time for rate-limit windows and dates. */
  clock?: () => number;
  /** How long an OAuth access token is valid, in seconds; 3600 when absent. */
  tokenLifetimeSeconds?: number;
}

/** A started tenant and the handles a test uses to observe and disturb it. */
export interface RunningTenant {
  /** Base URL, such as http://127.0.0.1:41234. */
  url: string;
  /** The API key of the seed's first user. */
  apiKey: string;
  /** The seed's first OAuth client, if it has one. */
  oauthClient?: { clientId: string; clientSecret: string };
  /** The API requests served so far, oldest first. */
  requests(): RequestLogEntry[];
  /** Forgets the logged requests. */
  clearRequests(): void;
  /** A deep copy of the reload tasks and tasks. */
  snapshot(): TenantSnapshot;
  /** Changes a task as if edited in the Qlik UI, by `asUserId` when given. */
  editTask(id: string, patch: Record<string, unknown>, asUserId?: string): StoredTask;
  /** Deletes a task as if removed in the Qlik UI; false when there was none. */
  removeTask(id: string): boolean;
  /** Adds a task as if made in the Qlik UI; missing id and metadata are filled. */
  addTask(task: Record<string, unknown>): StoredTask;
  /** Fault rules for the next requests. */
  faults: Faults;
  /** Expires every OAuth access token issued so far; returns how many were still valid. */
  expireTokens(): number;
  /** Stops the server, dropping open connections (hung requests included). */
  close(): Promise<void>;
}

/** Starts a simulated tenant on 127.0.0.1 and resolves once it listens. */
export async function startTenant(options: TenantOptions = {}): Promise<RunningTenant> {
  const clock = options.clock ?? Date.now;
  const seed = options.seed ? parseSeed(options.seed, "options.seed") : defaultSeed();
  const store = createStore(seed, clock);
  const core: TenantCore = {
    store,
    config: {
      legacyApi: options.legacyApi ?? "present",
      requireResourceIdOnTaskList: options.requireResourceIdOnTaskList ?? false,
    },
    log: new RequestLog(),
    faults: new Faults(),
    limiter: new RateLimiter(options.rateLimits ?? qlikRateLimits, clock),
    tokens: new TokenIssuer(seed.clients, options.tokenLifetimeSeconds ?? 3600, clock),
    baseUrl: "",
  };

  const server = createServer(requestListener(core));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  core.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: core.baseUrl,
    apiKey: (seed.users[0] as { apiKey: string }).apiKey,
    oauthClient: seed.clients[0] && {
      clientId: seed.clients[0].clientId,
      clientSecret: seed.clients[0].clientSecret,
    },
    requests: () => core.log.list(),
    clearRequests: () => core.log.clear(),
    snapshot: () => snapshotOf(store),
    editTask: (id, patch, asUserId) => editTask(store, id, patch, asUserId),
    removeTask: (id) => removeTask(store, id),
    addTask: (task) => addTask(store, task),
    faults: core.faults,
    expireTokens: () => core.tokens.expireAll(),
    close: () => closeServer(server),
  };
}

/** Closes the server; open keep-alive and hung connections are destroyed, not waited for. */
function closeServer(server: ReturnType<typeof createServer>): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
