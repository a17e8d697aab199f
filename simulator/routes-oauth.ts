/**
 * OAuth2 machine-to-machine tokens as Qlik Cloud issues them: `POST /oauth/token` with the JSON
 * body `{ client_id, client_secret, grant_type: "client_credentials" }` answers
 * `{ access_token, token_type: "bearer", expires_in }`. A token acts as its client's user until
 * it expires by the tenant's clock, or until a test expires every token at once. The secret and
 * the tokens are only ever compared: never echoed in an answer, never logged.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { isObject, readJson, tasksError } from "./http-util";
import type { Seed } from "./seed";
import type { Reply, RequestLogEntry } from "./types";

/** Where clients ask for tokens; outside `/api`, and answered without a bearer header. */
export const TOKEN_PATH = "/oauth/token";

/** Every access token starts with this, so that a test can look for any token in its texts. */
export const TOKEN_PREFIX = "sim-token-";

/** The tokens one tenant issued, and which user each acts as. */
export class TokenIssuer {
  private readonly tokens = new Map<string, { userId: string; expiresAt: number }>();

  constructor(
    private readonly clients: Seed["clients"],
    private readonly lifetimeSeconds: number,
    private readonly clock: () => number,
  ) {
    if (!Number.isInteger(lifetimeSeconds) || lifetimeSeconds < 1) {
      throw new Error(`tokenLifetimeSeconds must be a positive integer, got ${lifetimeSeconds}`);
    }
  }

  /** The user a bearer token acts as; undefined for an unknown or expired token. */
  userFor(token: string): string | undefined {
    const issued = this.tokens.get(token);
    return issued && this.clock() < issued.expiresAt ? issued.userId : undefined;
  }

  /** Expires every token issued so far; returns how many were still valid. */
  expireAll(): number {
    const now = this.clock();
    let expired = 0;
    for (const issued of this.tokens.values()) {
      if (now < issued.expiresAt) expired += 1;
      issued.expiresAt = Math.min(issued.expiresAt, now);
    }
    return expired;
  }

  /** Answers one token request, filling in the log entry with the client's user and id. */
  async answer(req: IncomingMessage, entry: RequestLogEntry): Promise<Reply> {
    if (entry.method !== "POST") {
      return tasksError(405, "Method Not Allowed", `use POST ${TOKEN_PATH}`);
    }
    const body = await readJson(req);
    if (!body.ok) return tasksError(400, "Bad Request", body.reason);
    if (!isObject(body.value)) {
      return tasksError(400, "Bad Request", "the body must be a JSON object");
    }

    const { client_id: clientId, client_secret: secret, grant_type: grantType } = body.value;
    entry.body = { client_id: clientId, grant_type: grantType };
    if (grantType !== "client_credentials") {
      return tasksError(400, "Bad Request", 'grant_type must be "client_credentials"');
    }
    if (typeof clientId !== "string" || typeof secret !== "string") {
      return tasksError(400, "Bad Request", "client_id and client_secret are required strings");
    }

    const client = this.clients.find((candidate) => candidate.clientId === clientId);
    if (!client || client.clientSecret !== secret) {
      return tasksError(401, "Unauthorized", "the client id or client secret is not valid");
    }
    entry.userId = client.userId;
    return { status: 200, body: this.issue(client.userId) };
  }

  private issue(userId: string) {
    const token = `${TOKEN_PREFIX}${randomBytes(24).toString("hex")}`;
    const expiresAt = this.clock() + this.lifetimeSeconds * 1000;
    this.tokens.set(token, { userId, expiresAt });
    return { access_token: token, token_type: "bearer", expires_in: this.lifetimeSeconds };
  }
}
