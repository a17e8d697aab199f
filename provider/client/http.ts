/**
 * The one module through which every call to a Qlik tenant goes: bearer auth, an explicit
 * timeout, bounded retries that honour `Retry-After`, and Qlik's error bodies turned into
 * `QlikApiError`s. Response bodies are returned as text; callers parse them with a schema.
 */
import got, { type Got, HTTPError, RequestError, type RetryObject } from "got";
import type { Credentials } from "./credentials";
import { Pacer, QLIK_RATE_LIMITS, type RateLimits } from "./pacing";
import { QlikApiError, describeHttpFailure, redirectError } from "./errors";

/** Settings of one client; `tenantUrl` is the tenant's origin, e.g. https://acme.eu.qlikcloud.com. */
export interface HttpSettings {
  tenantUrl: string;
  credentials: Credentials;
  /** Whole-request timeout per attempt, in milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 4). */
  retryLimit?: number;
  /** Longest `Retry-After` we agree to wait, in milliseconds (default 90 s); longer gives up. */
  maxRetryAfterMs?: number;
  /** Base of the exponential backoff when no `Retry-After` is given (default 1 s). */
  backoffBaseMs?: number;
  /** Told about each retry, so the operator sees why a run is slow. */
  onRetry?: (notice: string) => void;
  /** Per-process pacing; Qlik's documented limits unless set (`false` switches it off). */
  rateLimits?: RateLimits | false;
}

/** One call: the operation names it in errors and logs ("create task for app …"). */
export interface HttpCall {
  operation: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** A path under the tenant (`/api/v1/tasks`) or an absolute URL on the same origin. */
  path: string;
  searchParams?: Record<string, string | number | undefined>;
  json?: unknown;
  /** What to do about a given error status, added to the message (e.g. 403 on a write). */
  hints?: Partial<Record<number, string>>;
}

/** Advice for statuses that mean the same whatever the call. */
const DEFAULT_HINTS: Partial<Record<number, string>> = {
  429: "Qlik's rate limit was hit and retries ran out: wait a minute and run again, or run fewer resources at once (pulumi up --parallel N)",
};

/** A successful answer. */
export interface HttpAnswer {
  status: number;
  body: string;
}

/** Methods whose repetition cannot make a second object: retried on 429, 5xx and network errors. */
const IDEMPOTENT = ["GET", "PUT", "DELETE", "HEAD"] as const;
const RETRY_STATUSES = [408, 429, 500, 502, 503, 504];

/** Sends calls to one tenant. */
export class HttpClient {
  private readonly got: Got;
  private readonly origin: string;
  private readonly pacer: Pacer;

  constructor(private readonly settings: HttpSettings) {
    this.origin = new URL(settings.tenantUrl).origin;
    this.pacer = new Pacer(settings.rateLimits ?? QLIK_RATE_LIMITS);
    this.got = got.extend({
      prefixUrl: this.origin,
      timeout: { request: settings.timeoutMs ?? 30_000 },
      // A redirect is never followed: the auth hook would send the key to wherever it points.
      followRedirect: false,
      responseType: "text",
      headers: { accept: "application/json", "user-agent": "qlik-tasks-provider" },
      retry: {
        limit: settings.retryLimit ?? 4,
        methods: [...IDEMPOTENT, "POST"],
        statusCodes: RETRY_STATUSES,
        maxRetryAfter: settings.maxRetryAfterMs ?? 90_000,
        backoffLimit: 30_000,
        calculateDelay: (retry) => this.retryDelay(retry),
      },
      hooks: {
        // Every attempt, retries included, waits for its tier's turn.
        beforeRequest: [(options) => this.pacer.slot(options.method)],
        beforeRetry: [(error, count) => this.announceRetry(error, count)],
      },
    });
  }

  /** Sends one call and returns its answer, or throws a `QlikApiError`. */
  async send(call: HttpCall): Promise<HttpAnswer> {
    const url = this.relativeUrl(call.path);
    const searchParams = definedParams(call.searchParams);
    // The token is asked for here, not in a got hook: got reports an error thrown in a hook as
    // a network failure, and a refused OAuth secret must read as what it is.
    const attempt = async () => {
      const authorization = await this.settings.credentials.authorization();
      return this.got(url, {
        method: call.method,
        searchParams,
        json: call.json,
        headers: { authorization },
        context: { operation: call.operation },
      });
    };

    try {
      const response = await this.withOneReauthentication(attempt);
      if (response.statusCode >= 300) throw redirected(call, response.statusCode, response.headers);
      return { status: response.statusCode, body: response.body };
    } catch (error) {
      throw toQlikError(call, error, this.settings.credentials.refusedHint);
    }
  }

  /** A 401 with renewable credentials gets exactly one fresh token, never a loop. */
  private async withOneReauthentication<T>(attempt: () => Promise<T>): Promise<T> {
    try {
      return await attempt();
    } catch (error) {
      const unauthorized = error instanceof HTTPError && error.response.statusCode === 401;
      if (!unauthorized || !this.settings.credentials.renewable) throw error;
      this.settings.credentials.invalidate();
      return attempt();
    }
  }

  /**
   * got decides for idempotent methods (status, network error code, `Retry-After` too long). A
   * POST is retried only when the answer proves nothing was made: 429, refused before it was
   * handled, or Qlik's 503 CHO-024. Delays use our backoff unless the tenant said how long.
   */
  private retryDelay(retry: RetryObject): number {
    if (retry.attemptCount > retry.retryOptions.limit) return 0;

    const isPost = retry.error.options.method === "POST";
    const allowed = isPost ? provesNothingCreated(retry.error) : retry.computedValue > 0;
    if (!allowed) return 0;

    const wait = retry.retryAfter ?? this.backoff(retry.attemptCount);
    return wait > (this.settings.maxRetryAfterMs ?? 90_000) ? 0 : wait;
  }

  /** Exponential backoff with full jitter, so parallel resources do not retry in step. */
  private backoff(attempt: number): number {
    const base = this.settings.backoffBaseMs ?? 1_000;
    const ceiling = Math.min(base * 2 ** (attempt - 1), 30_000);
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  private announceRetry(error: RequestError, count: number): void {
    const operation = String(error.options.context.operation ?? "call");
    const reason = error.response ? `HTTP ${error.response.statusCode}` : (error.code ?? "error");
    this.settings.onRetry?.(`${operation}: ${reason}, retrying (attempt ${count + 1})`);
  }

  /** Paths become relative to the tenant; absolute URLs must stay on the tenant's origin. */
  private relativeUrl(path: string): string {
    if (!/^https?:\/\//.test(path)) return path.replace(/^\//, "");

    const url = new URL(path);
    if (url.origin !== this.origin) {
      throw new QlikApiError(
        `refusing to follow a link to ${url.origin}: it is not the tenant ${this.origin}`,
        "response",
        "follow link",
      );
    }
    return `${url.pathname.replace(/^\//, "")}${url.search}`;
  }
}

function provesNothingCreated(error: RequestError): boolean {
  const status = error.response?.statusCode;
  if (status === 429) return true;
  return status === 503 && String(error.response?.body ?? "").includes("CHO-024");
}

/** The defined parameters, or undefined when there are none: got replaces the query of the URL
 * with `searchParams` even when it is empty, which would drop the cursor of a page link. */
function definedParams(
  params: HttpCall["searchParams"],
): Record<string, string | number> | undefined {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value !== undefined) out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** An error body with the token this request sent taken out: a proxy may echo it back. */
function withoutSentToken(body: string, error: HTTPError): string {
  const sent = String(error.options.headers.authorization ?? "");
  const token = sent.replace(/^\S+\s+/, "");
  return token.length >= 8 ? body.split(token).join("[redacted]") : body;
}

/** A 3xx answer, which got hands back as it is because redirects are not followed. */
function redirected(call: HttpCall, status: number, headers: Record<string, unknown>): Error {
  const where = `${call.method} ${call.path.replace(/^https?:\/\/[^/]+/, "")}`;
  const label = `${call.operation} (${where})`;
  return redirectError(label, call.operation, status, headers, "the API key");
}

/** Maps got's failures to ours. got's error keeps request options (with the auth header), so
 * it is never kept as `cause`; only its code and message are. */
function toQlikError(call: HttpCall, error: unknown, refusedHint: string): Error {
  if (error instanceof QlikApiError) return error;
  const target = `${call.method} ${call.path.replace(/^https?:\/\/[^/]+/, "")}`;
  const operation = `${call.operation} (${target})`;

  if (error instanceof HTTPError) {
    const { statusCode } = error.response;
    const body = withoutSentToken(String(error.response.body ?? ""), error);
    const described = describeHttpFailure(operation, statusCode, body);
    const hint =
      call.hints?.[statusCode] ?? (statusCode === 401 ? refusedHint : DEFAULT_HINTS[statusCode]);
    return new QlikApiError(
      hint ? `${described.message}; ${hint}` : described.message,
      "http",
      call.operation,
      statusCode,
      described.details,
      described.traceId,
    );
  }
  if (error instanceof RequestError) {
    const cause = new Error(`${error.code ?? "ERR"}: ${error.message}`);
    return new QlikApiError(
      `${operation} failed: no answer from the tenant (${error.code ?? error.message})`,
      "network",
      call.operation,
      undefined,
      [],
      undefined,
      { cause },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
