// got is ESM-only; see test/native-got.ts.
jest.mock("got", () => require("../native-got").nativeGot());

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { TaskInputs } from "../../provider/inputs";
import { createLifecycle } from "../../provider/lifecycle";
import { memoryLogger } from "../../provider/log";
import { StackFileError, loadStackFile } from "../../provider/stack-file";
import { startTenant, type RunningTenant } from "../../simulator/tenant";
import { BAD_INPUT_COUNTS } from "../fixtures/bad-input/counts";
import { CHECK_CASES, STACK_CASES, type Expected } from "../fixtures/bad-input/declarations";

/** Longest problem line or failure reason a person should have to read. */
const MAX_REASON = 500;

let tenant: RunningTenant;
let provider: dynamic.ResourceProvider<TaskInputs>;
let dir: string;
const refused = new Set<string>();

beforeAll(async () => {
  tenant = await startTenant();
  provider = createLifecycle({ log: memoryLogger(), env: {} });
  const values: Record<string, string> = {
    "qlik:tenantUrl": tenant.url,
    "qlik:apiKey": tenant.apiKey,
  };
  const config = { get: (key: string) => values[key] };
  await provider.configure!({ config } as unknown as dynamic.ConfigureRequest);
  dir = mkdtempSync(path.join(tmpdir(), "qlik-bad-input-"));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await tenant.close();
});
afterEach(() => expect(tenant.requests()).toEqual([]));

/** The one text that holds `expected.at`, checked for the value, the fix and the rest. */
function expectExplained(texts: string[], expected: Expected, matches: (t: string) => boolean) {
  const line = texts.find(matches);
  // Compared with every text alongside, so that a miss shows what was reported instead.
  expect({ line, all: texts }).toEqual({ line: expect.any(String), all: texts });
  for (const fragment of [expected.value ?? "", expected.fix, ...(expected.also ?? [])]) {
    expect(line).toContain(fragment);
  }
  for (const text of texts) expect(text.length).toBeLessThan(MAX_REASON);
}

describe("malformed resource inputs, through the provider's check", () => {
  it.each(CHECK_CASES.map((c) => [c.id, c] as const))("refuses %s", async (_id, testCase) => {
    const result = await provider.check!({} as TaskInputs, testCase.inputs() as TaskInputs);

    expect(result.inputs).toBeUndefined();
    const failures = result.failures ?? [];
    const { expected } = testCase;
    expectExplained(
      failures.map((f) => `${f.property}: ${f.reason}`),
      expected,
      (text) => text.startsWith(`${expected.at}: `),
    );
    for (const other of expected.others ?? []) {
      expect(failures.map((f) => f.property)).toContain(other);
    }
    for (const failure of failures) expect(failure.property.length).toBeLessThan(200);
    refused.add(`check:${testCase.id}`);
  });
});

describe("malformed stack files, through loadStackFile", () => {
  it.each(STACK_CASES.map((c) => [c.id, c] as const))(
    "refuses %s",
    (_id, testCase) => {
      const file = path.join(dir, `${testCase.id}.${testCase.extension ?? "yaml"}`);
      writeFileSync(file, testCase.content());

      const error = loadError(file);

      expect(error.file).toBe(file);
      expect(error.message.startsWith(`${file} has ${error.problems.length} problem(s):\n`)).toBe(
        true,
      );
      const { expected } = testCase;
      expectExplained(error.problems, expected, (text) => text.startsWith(expected.at));
      for (const other of expected.others ?? []) {
        expect(error.problems.some((p) => p.startsWith(other))).toBe(true);
      }
      // However many problems, the message lists a bounded number of them.
      expect(error.message.split("\n").length).toBeLessThanOrEqual(22);
      refused.add(`stack:${testCase.id}`);
    },
    30_000,
  );

  it("still reads a file that starts with a UTF-8 byte-order mark", () => {
    const file = path.join(dir, "bom.yaml");
    writeFileSync(file, "\uFEFFtasks: []\n");

    expect(loadStackFile(file)).toEqual([]);
  });
});

describe("the corpus", () => {
  it("holds at least 45 malformed declarations, every one refused", () => {
    expect(BAD_INPUT_COUNTS.declarations.total).toBeGreaterThanOrEqual(45);
    expect(refused.size).toBe(BAD_INPUT_COUNTS.declarations.total);
  });

  it("gives the counts the README quotes", () => {
    expect(BAD_INPUT_COUNTS).toEqual({
      declarations: { resourceInputs: 53, stackFiles: 42, total: 95 },
      answers: 30,
      total: 125,
    });
  });
});

function loadError(file: string): StackFileError {
  try {
    loadStackFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(StackFileError);
    return error as StackFileError;
  }
  throw new Error(`${file} loaded without error`);
}
