/**
 * Shared pieces of the provider's tests against the tenant simulator: the field-case ids, a
 * provider connected to a tenant, the request log as text, and a guard that no error message or
 * log line ever holds an API key.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import fieldCases from "../../simulator/fixtures/field-cases.json";
import type { RunningTenant } from "../../simulator/tenant";
import type { TaskInputs } from "../../provider/inputs";
import { createLifecycle } from "../../provider/lifecycle";
import { memoryLogger } from "../../provider/log";
import type { TaskOutputs } from "../../provider/outputs";

/** Placeholder ids of shared/cases/field-cases.md, as seeded in field-cases.json. */
export const APP_A = "11111111-2222-3333-4444-555555555555";
export const APP_B = "66666666-7777-8888-9999-000000000000";
export const RT1 = "000000000000000000000001";
export const RT2 = "000000000000000000000002";
export const SPACE = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

/** The request-log line of the lookup every create of APP_A makes first. */
export const LIST_APP_A = `GET /api/v1/tasks?resourceId=${APP_A}&limit=100`;

/** API keys of the seeds' users: the pipeline (admin) and a user of the Qlik UI. */
export const KEYS = ["sim-key-pipeline", "sim-key-ui-user"];

/** A fresh copy of the field-case seed. */
export function fieldSeed(): typeof fieldCases {
  return structuredClone(fieldCases);
}

/** Fast retries, so that the suite stays quick; tests of Retry-After still wait as told. */
export const FAST_HTTP = { backoffBaseMs: 10, retryLimit: 3 };

/** The provider under test and the texts it produced, for the credential guard. */
export interface Connected {
  provider: Required<dynamic.ResourceProvider<TaskInputs, TaskOutputs>>;
  log: ReturnType<typeof memoryLogger>;
}

/** Error texts the tests saw and the providers they made; none may show a key. */
const seenTexts: string[] = [];
const connections: Connected[] = [];

/** A provider configured like `pulumi config set` would, talking to the tenant. */
export async function connect(
  tenant: RunningTenant,
  options: {
    apiKey?: string;
    env?: NodeJS.ProcessEnv;
    config?: Record<string, string>;
    http?: { timeoutMs?: number };
  } = {},
): Promise<Connected> {
  const log = memoryLogger();
  const http = { ...FAST_HTTP, ...options.http };
  const provider = createLifecycle({ log, http, env: options.env ?? {} });
  const values = options.config ?? {
    "qlik:tenantUrl": tenant.url,
    "qlik:apiKey": options.apiKey ?? tenant.apiKey,
  };
  await configure(provider, values);
  const connected = { provider: provider as Connected["provider"], log };
  connections.push(connected);
  return connected;
}

/** Calls `configure` with a stack config holding `values`. */
export async function configure(
  provider: dynamic.ResourceProvider,
  values: Record<string, string>,
): Promise<void> {
  const config = { get: (key: string) => values[key] };
  await provider.configure!({ config } as unknown as dynamic.ConfigureRequest);
}

/** A declaration as the QlikTask resource passes it, marker included. */
export function declaration(overrides: Record<string, unknown> = {}): TaskInputs {
  return {
    name: "APP_A hourly",
    appId: APP_A,
    marker: "pulumi:qlik-tasks/test/app-a-hourly",
    schedule: {
      recurrence: "RRULE:FREQ=HOURLY;BYHOUR=10;BYMINUTE=20",
      startDateTime: "2025-04-17T06:00:00",
      timezone: "UTC",
    },
    ...overrides,
  } as TaskInputs;
}

/** The inputs `check` gives for a new resource; fails the test on any check failure. */
export async function checked(connected: Connected, raw: TaskInputs): Promise<TaskInputs> {
  const result = await connected.provider.check({} as TaskInputs, raw);
  expect(result.failures).toBeUndefined();
  return result.inputs!;
}

/** The requests the tenant served, as `METHOD /path?query`. */
export function calls(tenant: RunningTenant): string[] {
  return tenant.requests().map((entry) => {
    const query = new URLSearchParams(entry.query).toString();
    return `${entry.method} ${entry.path}${query ? `?${query}` : ""}`;
  });
}

/** Awaits a promise that must fail and returns its error, remembering the message. */
export async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error(`expected a failure, got ${String(outcome)}`);
  seenTexts.push(outcome.message, String(outcome.stack), String(outcome.cause ?? ""));
  seenTexts.push(JSON.stringify(outcome));
  return outcome as Error & Record<string, unknown>;
}

/** Fails when an error message or a log line seen so far holds an API key; returns how many
 * texts were looked at, so that a suite can tell the guard had something to check. */
export function expectNoKeyInTexts(): number {
  const texts = [...seenTexts, ...connections.flatMap((connected) => connected.log.lines)];
  const leaks = texts.filter((text) => KEYS.some((key) => text.includes(key)));
  expect(leaks).toEqual([]);
  return texts.length;
}
