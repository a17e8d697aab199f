// got is ESM-only; see test/native-got.ts.
jest.mock("got", () => require("../native-got").nativeGot());

import type { TaskInputs } from "../../provider/inputs";
import type { TaskOutputs } from "../../provider/outputs";
import { startTenant, type RunningTenant } from "../../simulator/tenant";
import { ANSWER_CASES, type AnswerCase, type AnswerContext } from "../fixtures/bad-input/answers";
import {
  startForeign,
  startGateway,
  type ForeignHit,
  type Gateway,
  type TestServer,
} from "../fixtures/bad-input/gateway";
import {
  APP_A,
  checked,
  connect,
  declaration,
  expectNoKeyInTexts,
  failure,
  fieldSeed,
  type Connected,
} from "./provider-helpers";

/** Error classes a clear refusal may have; a TypeError or the like would be a crash. */
const CLEAR_ERRORS = ["QlikApiError", "UnsupportedTaskShapeError", "Error"];

let tenant: RunningTenant;
let gateway: Gateway;
let foreign: TestServer & { hits: ForeignHit[] };
let connected: Connected;
const handled = new Set<string>();

beforeEach(async () => {
  tenant = await startTenant({ seed: fieldSeed() });
  gateway = await startGateway(tenant.url);
  foreign = await startForeign();
  connected = await connect(tenant, {
    config: { "qlik:tenantUrl": gateway.url, "qlik:apiKey": tenant.apiKey },
  });
});
afterEach(async () => {
  await Promise.all([gateway.close(), foreign.close()]);
  await tenant.close();
});
afterAll(() => expect(expectNoKeyInTexts()).toBeGreaterThan(0));

/** A task made through the provider, as the state holds it, for the steps that need one. */
async function existingTask(inputs: TaskInputs) {
  const { id, outs } = await connected.provider.create(inputs);
  const task = tenant.snapshot().tasks.find((t) => t.id === id) as Record<string, unknown>;
  tenant.clearRequests();
  return { id, outs: outs as TaskOutputs, task };
}

/** Runs the case's step against the tenant with the case's rules in place. */
async function runStep(testCase: AnswerCase, inputs: TaskInputs) {
  const made = testCase.step === "create" ? undefined : await existingTask(inputs);
  const context: AnswerContext = {
    url: gateway.url,
    foreign: foreign.url,
    app: APP_A,
    taskId: made?.id ?? "",
    task: made?.task ?? {},
  };
  for (const rule of testCase.faults?.(context) ?? []) tenant.faults.add(rule);
  for (const rule of testCase.wire?.(context) ?? []) gateway.rewrite(rule);

  const { provider } = connected;
  const step = (): Promise<unknown> => {
    if (testCase.step === "create") return provider.create(inputs);
    const { id, outs } = made!;
    if (testCase.step === "read") return provider.read(id, outs);
    if (testCase.step === "delete") return provider.delete(id, outs);
    return provider.update(id, outs, { ...inputs, name: "APP_A hourly, renamed" });
  };
  return { context, step };
}

const fill = (text: string, c: AnswerContext) =>
  text.replaceAll("{task}", c.taskId).replaceAll("{app}", c.app).replaceAll("{foreign}", c.foreign);

describe("malformed service answers", () => {
  it.each(ANSWER_CASES.map((c) => [c.id, c] as const))(
    "handles %s",
    async (_id, testCase) => {
      const inputs = await checked(
        connected,
        declaration(testCase.migrateFrom ? { migrateFrom: testCase.migrateFrom } : {}),
      );
      const { context, step } = await runStep(testCase, inputs);
      const { outcome } = testCase;

      if ("rejects" in outcome) {
        const error = await failure(step());
        expect(CLEAR_ERRORS).toContain(error.name);
        for (const fragment of outcome.rejects)
          expect(error.message).toContain(fill(fragment, context));
        expect(error.message.length).toBeLessThan(600);
        expect(`${error.stack} ${JSON.stringify(error)}`).not.toContain(tenant.apiKey);
        if (outcome.then === "retry-adopts") await expectRetryAdopts(inputs);
      } else {
        const result = (await step()) as { outs?: TaskOutputs; props?: TaskOutputs } | undefined;
        if (outcome.resolves === "outputs") expectCompleteOutputs(result?.outs ?? result?.props);
      }

      if (testCase.calls) {
        const served = tenant.requests().map((r) => `${r.method} ${r.path}`);
        expect(served.slice(0, testCase.calls.length)).toEqual(
          testCase.calls.map((c) => fill(c, context)),
        );
        if (!("then" in outcome)) expect(served).toHaveLength(testCase.calls.length);
      }
      // Nothing reaches another origin, least of all the key.
      expect(foreign.hits).toEqual([]);
      handled.add(testCase.id);
    },
    60_000,
  );
});

describe("the corpus of answers", () => {
  it("holds at least 15 malformed answers, every one handled", () => {
    expect(ANSWER_CASES.length).toBeGreaterThanOrEqual(15);
    expect(handled.size).toBe(ANSWER_CASES.length);
  });
});

/** A create whose answer was lost is not repeated: the next run adopts the task it made. */
async function expectRetryAdopts(inputs: TaskInputs) {
  tenant.clearRequests();
  const { id, outs } = await connected.provider.create(inputs);

  expect(tenant.snapshot().tasks.map((t) => t.id)).toEqual([id]);
  expect(tenant.requests().map((r) => r.method)).not.toContain("POST");
  expectCompleteOutputs(outs);
}

/** Outputs hold every service field, as plain JSON without an undefined anywhere. */
function expectCompleteOutputs(outs: TaskOutputs | undefined) {
  expect(outs).toBeDefined();
  expect(undefinedPaths(outs)).toEqual([]);
  for (const key of ["taskId", "resourceId", "ownerId", "migratedFrom", "createdAt"] as const) {
    expect(typeof outs![key]).toBe("string");
  }
  expect(outs!.taskId).not.toBe("");
}

/** Paths of undefined values, nested ones included. */
function undefinedPaths(value: unknown, at = "outs"): string[] {
  if (value === undefined) return [at];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => undefinedPaths(v, `${at}.${key}`));
}
