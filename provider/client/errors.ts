/**
 * Errors raised by calls to a Qlik tenant. Messages name the operation, the HTTP status,
 * Qlik's error code and title and the trace id, and never contain a credential.
 */

/** One entry of a Qlik error body, in either of the two shapes Qlik uses. */
export interface QlikErrorDetail {
  /** A number in the Tasks API (`HttpResult`), a string such as `TASKS-011` in reload tasks. */
  code?: string | number;
  title?: string;
  detail?: string;
  context?: string;
}

/** What went wrong, as far as the client could tell. */
export type QlikFailureKind =
  | "http" // the tenant answered with an error status
  | "network" // no answer: refused, reset, timed out
  | "response" // an answer we could not read (HTML page, truncated JSON, wrong shape)
  | "config"; // the request was never sent: settings are missing or unsafe

/** A failed call to a Qlik tenant, with everything an operator needs to act on it. */
export class QlikApiError extends Error {
  override readonly name = "QlikApiError";

  constructor(
    message: string,
    readonly kind: QlikFailureKind,
    readonly operation: string,
    readonly status?: number,
    readonly details: QlikErrorDetail[] = [],
    readonly traceId?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Qlik's first error code, as text, if the body carried one. */
  get code(): string | undefined {
    const code = this.details[0]?.code;
    return code === undefined ? undefined : String(code);
  }

  /** True when the tenant answered 404 (the object is gone or never existed). */
  get isNotFound(): boolean {
    return this.kind === "http" && this.status === 404;
  }
}

/** Reads Qlik's error body (either shape); returns nothing for a body of another shape. */
export function parseErrorBody(raw: string): { details: QlikErrorDetail[]; traceId?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { details: [] };
  }
  if (typeof parsed !== "object" || parsed === null) return { details: [] };

  const body = parsed as { errors?: unknown; traceId?: unknown };
  const details = Array.isArray(body.errors)
    ? body.errors.filter(isRecord).map((entry) => ({
        code: pick(entry.code, ["string", "number"]) as string | number | undefined,
        title: text(entry.title),
        detail: text(entry.detail),
        context: text(entry.context),
      }))
    : [];
  const traceId = typeof body.traceId === "string" ? body.traceId : undefined;
  return { details, traceId };
}

/** Formats the one-line summary of an error answer: status, then each code, title and detail. */
export function describeHttpFailure(
  operation: string,
  status: number,
  rawBody: string,
): { message: string; details: QlikErrorDetail[]; traceId?: string } {
  const { details, traceId } = parseErrorBody(rawBody);
  const parts = details.map((d) =>
    [d.code, d.title, d.detail ?? d.context].filter((p) => p !== undefined && p !== "").join(" "),
  );
  const what = parts.length > 0 ? parts.join("; ") : excerpt(rawBody);
  const trace = traceId ? ` (trace id ${traceId})` : "";
  return {
    message: `${operation} failed: HTTP ${status}${what ? `: ${what}` : ""}${trace}`,
    details,
    traceId,
  };
}

/** The start of an answer's text, without markup or credentials, for a message. */
export function excerpt(raw: string, length = 200): string {
  const text = redactSecrets(raw.slice(0, 100_000))
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/**
 * Removes credentials a proxy or a server may echo in an answer (a debugging page that prints
 * the request headers): bearer and basic tokens, and JSON Web Tokens, which is what Qlik API
 * keys and OAuth access tokens are. Messages and error details pass through here.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b(Bearer|Basic)\s+[^\s"'<>,;]+/gi, "$1 [redacted]")
    .replace(/\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, "[redacted]");
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? redactSecrets(value) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function pick(value: unknown, types: string[]): unknown {
  return types.includes(typeof value) ? value : undefined;
}

/**
 * A 3xx answer, which is never followed: got would send the credentials wherever it points.
 * `label` names the call ("create a task (POST /api/v1/tasks)"), `credential` what stays home.
 */
export function redirectError(
  label: string,
  operation: string,
  status: number,
  headers: Record<string, unknown>,
  credential: string,
): QlikApiError {
  const location = typeof headers.location === "string" ? headers.location : "";
  let target = "nowhere";
  try {
    const url = new URL(location, "http://tenant.invalid");
    target = location.startsWith("/") ? url.pathname : `${url.origin}${url.pathname}`;
  } catch {
    target = "an address that is not a URL";
  }
  return new QlikApiError(
    `${label} failed: HTTP ${status}: a redirect to ${target}, not followed so that ${credential} ` +
      "stays with the tenant; check that qlik:tenantUrl is the tenant's own address " +
      "(https://<tenant>.<region>.qlikcloud.com)",
    "http",
    operation,
    status,
  );
}
