/**
 * Where the bearer token of each call comes from: a Qlik API key as it is, or an OAuth2
 * machine-to-machine access token fetched from the tenant's `/oauth/token` with the client
 * credentials flow, cached, and fetched again before it expires or after the tenant refused it.
 * No message, log line or error cause made here holds the client secret or a token.
 */
import got, { HTTPError, RequestError, type RetryObject } from "got";
import { z } from "zod";
import type { AuthSettings } from "../settings";
import { QlikApiError, describeHttpFailure, redirectError } from "./errors";

/** Where the bearer token of each call comes from. */
export interface Credentials {
  /** The value of the `Authorization` header for the next call. */
  authorization(): Promise<string>;
  /** Forgets a token the tenant refused (401), so the next call fetches a fresh one. */
  invalidate(): void;
  /** True when `invalidate` can lead to a different token, so one retry after a 401 makes sense. */
  readonly renewable: boolean;
  /** What to check when the tenant still answers 401, added to that error. */
  readonly refusedHint: string;
}

/** A Qlik API key, sent as a bearer token. */
export function apiKeyCredentials(apiKey: string): Credentials {
  const header = `Bearer ${apiKey}`;
  return {
    authorization: async () => header,
    invalidate: () => undefined,
    renewable: false,
    refusedHint:
      "the tenant refused the credentials: check qlik:apiKey (or QLIK_API_KEY) and that the key has not expired",
  };
}

/** How to reach the token endpoint; the HTTP settings mean what they mean for `HttpClient`. */
export interface OAuthSettings {
  /** The tenant's origin, e.g. https://acme.eu.qlikcloud.com. */
  tenantUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
  retryLimit?: number;
  maxRetryAfterMs?: number;
  backoffBaseMs?: number;
  onRetry?: (notice: string) => void;
  /** How long before its expiry a token is replaced (default 60 s, at most half its life). */
  renewMarginMs?: number;
  /** Milliseconds since the epoch; tests move it to reach a token's expiry. */
  clock?: () => number;
}

/** The credentials `settings` describe. */
export function credentialsFor(
  tenantUrl: string,
  auth: AuthSettings,
  http: Omit<OAuthSettings, "tenantUrl" | "clientId" | "clientSecret"> = {},
): Credentials {
  if (auth.kind === "apiKey") return apiKeyCredentials(auth.apiKey);
  return new OAuthClientCredentials({ ...http, tenantUrl, ...auth });
}

const OPERATION = "get an OAuth access token";
const TARGET = "POST /oauth/token";
const RETRY_STATUSES = [408, 429, 500, 502, 503, 504];
const REFUSED =
  "the tenant refused the OAuth client: check qlik:clientId and qlik:clientSecret (or " +
  "QLIK_CLIENT_ID and QLIK_CLIENT_SECRET) and that the client is a machine-to-machine client of " +
  "this tenant";
const TOKEN_HINTS: Partial<Record<number, string>> = {
  400: REFUSED,
  401: REFUSED,
  403: REFUSED,
  404: "the tenant has no OAuth token endpoint: check qlik:tenantUrl",
  429: "Qlik's rate limit was hit and retries ran out: wait a minute and run again",
};
const FRESH_TOKEN_REFUSED =
  "the tenant refused a freshly issued OAuth token as well: check that the OAuth client of " +
  "qlik:clientId still exists, is enabled for machine-to-machine and may use this tenant's APIs";

/** Qlik's answer to the client credentials flow (an OAuth2 token response). */
const tokenAnswerSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i, "must be bearer"),
  expires_in: z.number().positive(),
});

/**
 * An OAuth2 client of the tenant. One token is shared by all calls and renewed shortly before
 * it expires; callers that need one while it is being fetched wait for the same request.
 */
export class OAuthClientCredentials implements Credentials {
  readonly renewable = true;
  /** The HTTP module retries a 401 once with a fresh token, so a 401 it reports came after one. */
  readonly refusedHint = FRESH_TOKEN_REFUSED;
  private current: { header: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private readonly clock: () => number;

  constructor(private readonly settings: OAuthSettings) {
    this.clock = settings.clock ?? Date.now;
  }

  async authorization(): Promise<string> {
    if (this.current && this.clock() < this.current.renewAt) return this.current.header;

    this.pending ??= this.requestToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  invalidate(): void {
    this.current = undefined;
  }

  private async requestToken(): Promise<string> {
    const sentAt = this.clock();
    let body: string;
    try {
      const response = await this.post();
      if (response.statusCode >= 300) throw redirected(response.statusCode, response.headers);
      body = response.body;
    } catch (error) {
      throw this.tokenFailure(error);
    }

    const answer = this.parse(body);
    const lifetime = answer.expires_in * 1000;
    const margin = Math.min(this.settings.renewMarginMs ?? 60_000, lifetime / 2);
    this.current = { header: `Bearer ${answer.access_token}`, renewAt: sentAt + lifetime - margin };
    return this.current.header;
  }

  /** The token request. Repeating it creates nothing, so it is retried like a read. */
  private post() {
    const { settings } = this;
    return got.post(`${new URL(settings.tenantUrl).origin}/oauth/token`, {
      json: {
        client_id: settings.clientId,
        client_secret: settings.clientSecret,
        grant_type: "client_credentials",
      },
      responseType: "text",
      // A redirect is never followed: got would send the client secret wherever it points.
      followRedirect: false,
      timeout: { request: settings.timeoutMs ?? 30_000 },
      headers: { accept: "application/json", "user-agent": "qlik-tasks-provider" },
      retry: {
        limit: settings.retryLimit ?? 4,
        methods: ["POST"],
        statusCodes: RETRY_STATUSES,
        maxRetryAfter: settings.maxRetryAfterMs ?? 90_000,
        calculateDelay: (retry) => this.retryDelay(retry),
      },
      hooks: {
        beforeRetry: [
          (error, count) => {
            const reason = error.response ? `HTTP ${error.response.statusCode}` : error.code;
            settings.onRetry?.(`${OPERATION}: ${reason}, retrying (attempt ${count + 1})`);
          },
        ],
      },
    });
  }

  /** got's verdict (status, error code, `Retry-After` too long), with our backoff. */
  private retryDelay(retry: RetryObject): number {
    if (retry.computedValue === 0) return 0;
    if (retry.retryAfter !== undefined) return retry.retryAfter;
    const base = this.settings.backoffBaseMs ?? 1_000;
    const ceiling = Math.min(base * 2 ** (retry.attemptCount - 1), 30_000);
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  /** Reads the answer; its text is never quoted, since it holds the token. */
  private parse(body: string): z.infer<typeof tokenAnswerSchema> {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw this.responseFailure("an answer that is not JSON");
    }
    const parsed = tokenAnswerSchema.safeParse(json);
    if (parsed.success) return parsed.data;

    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "(body)";
    throw this.responseFailure(`an unexpected answer: ${where}: ${issue?.message}`);
  }

  private responseFailure(what: string): QlikApiError {
    return new QlikApiError(
      `${OPERATION} (${TARGET}) failed: HTTP 200 with ${what}`,
      "response",
      OPERATION,
      200,
    );
  }

  /** got's error holds the request options, secret included, so only its code is kept. */
  private tokenFailure(error: unknown): QlikApiError {
    const operation = `${OPERATION} (${TARGET})`;
    if (error instanceof QlikApiError) return error;
    if (error instanceof HTTPError) {
      const status = error.response.statusCode;
      const described = describeHttpFailure(operation, status, String(error.response.body ?? ""));
      const hint = TOKEN_HINTS[status];
      const message = hint ? `${described.message}; ${hint}` : described.message;
      const details = described.details.filter((detail) => !this.leaks(JSON.stringify(detail)));
      return new QlikApiError(
        this.redact(message),
        "http",
        OPERATION,
        status,
        details,
        described.traceId,
      );
    }

    const code = error instanceof RequestError ? (error.code ?? "ERR") : "ERR";
    return new QlikApiError(
      `${operation} failed: no answer from the tenant (${code})`,
      "network",
      OPERATION,
      undefined,
      [],
      undefined,
      { cause: new Error(code) },
    );
  }

  private leaks(text: string): boolean {
    return text.includes(this.settings.clientSecret);
  }

  private redact(text: string): string {
    return text.split(this.settings.clientSecret).join("[redacted]");
  }
}

/** A 3xx answer, which got hands back as it is because redirects are not followed. */
function redirected(status: number, headers: Record<string, unknown>): QlikApiError {
  return redirectError(`${OPERATION} (${TARGET})`, OPERATION, status, headers, "the client secret");
}
