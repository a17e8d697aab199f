/**
 * What the real engine keeps: no credential or tenant in the state or the serialized provider
 * (F23, F25), a small serialized provider, key rotation for existing tasks, and bad input
 * refused with the property and value before any call to the tenant.
 */
import * as pulumi from "@pulumi/pulumi";
import { QlikTask } from "../../provider/resource";
import { type EngineFixture, engineFixture, outputCollector } from "./engine-harness";

jest.setTimeout(120_000);

const UI_USER_KEY = "sim-key-ui-user";

describe("the state under the real engine", () => {
  let fx: EngineFixture;
  let exported = "";

  beforeAll(async () => {
    fx = await engineFixture("state");
    await fx.stack.up();
    exported = fx.cli(["stack", "export", "--show-secrets"]);
  });
  afterAll(async () => {
    await fx?.stack.destroy().catch(() => undefined);
    await fx?.dispose();
  });

  it("holds neither the API key nor the tenant URL, even with secrets shown", () => {
    expect(exported).not.toContain(fx.tenant.apiKey);
    expect(exported).not.toContain(fx.tenant.url);
    expect(exported).not.toContain(new URL(fx.tenant.url).port);
  });

  it("serializes a provider that captures no library, schema or credential", () => {
    const provider = serializedProviders(exported);

    expect(new Set(provider).size).toBe(1);
    expect(provider[0]).toContain("createLifecycle");
    expect(provider[0]).not.toMatch(/zod|got|rrule|Temporal|\[native code\]/);
    expect(provider[0]!.length).toBeLessThan(8_000);
  });

  it("keeps serving existing tasks after the API key is rotated", async () => {
    await fx.stack.setConfig("qlik:apiKey", { value: UI_USER_KEY, secret: true });
    fx.tenant.clearRequests();

    const refresh = await fx.stack.refresh();

    expect(refresh.summary.result).toBe("succeeded");
    expect(new Set(fx.tenant.requests().map((r) => r.userId))).toEqual(new Set(["ui-user"]));
    await fx.stack.setConfig("qlik:apiKey", { value: fx.tenant.apiKey, secret: true });
  });
});

describe("bad input under the real engine", () => {
  let fx: EngineFixture;

  beforeAll(async () => {
    fx = await engineFixture("bad-input", {}, async () => {
      new QlikTask("bad-zone", {
        name: "Sales daily",
        appId: "67b73a5a-d673-4c9f-8130-bb3d25861cdb",
        schedule: {
          recurrence: "FREQ=DAILY;BYHOUR=6",
          startDateTime: "2025-01-29T06:00:00",
          timezone: pulumi.output("Europe/Londn"),
        },
      });
    });
  });
  afterAll(async () => {
    await fx?.dispose();
  });

  it("fails the preview in check with the property and the value, calling nothing", async () => {
    const seen = outputCollector();

    await expect(fx.stack.preview({ onOutput: seen.onOutput })).rejects.toThrow();

    expect(seen.text()).toContain("schedule.timezone");
    expect(seen.text()).toContain('"Europe/Londn"');
    expect(seen.text()).toContain("Europe/London");
    expect(fx.tenant.requests()).toEqual([]);
  });
});

/** The `__provider` input of every QlikTask in an exported deployment. */
function serializedProviders(exported: string): string[] {
  const deployment = JSON.parse(exported) as {
    deployment: { resources: { type: string; inputs?: { __provider?: string } }[] };
  };
  return deployment.deployment.resources
    .filter((r) => r.type === "pulumi-nodejs:dynamic/qlik:Task")
    .map((r) => r.inputs?.__provider ?? "");
}
