/**
 * Promotion under the real Pulumi engine: one `stacks/shared.yaml` that names its apps by name
 * and space, declared by a dev and a prod stack against two tenants whose app and space ids
 * differ. The program resolves each stack's ids on its own tenant before declaring any task.
 */
// got is ESM-only; see test/native-got.ts. The program loads the HTTP client for its lookups.
jest.mock("got", () => require("../native-got").nativeGot());

import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import localTenant from "../../simulator/fixtures/local-tenant.json";
import { type EngineFixture, callsOf, engineFixture } from "./engine-harness";

jest.setTimeout(240_000);

const SHARED = `
defaults:
  schedule: { timezone: Europe/Berlin }
tasks:
  - key: sales-daily
    name: Sales - daily reload
    app: { name: Sales Dashboard, space: Sales }
    schedule:
      recurrence: RRULE:FREQ=DAILY;BYHOUR=5;BYMINUTE=30;BYSECOND=0
      startDateTime: "2026-01-05T05:30:00"
  - key: finance-weekly
    name: Finance - Monday reload
    app: { name: Finance P&L, space: Finance }
    partial: true
    schedule:
      recurrence: RRULE:FREQ=WEEKLY;BYDAY=MO;BYHOUR=7;BYMINUTE=0;BYSECOND=0
      startDateTime: "2026-01-05T07:00:00"
`;

/** The dev tenant: the bundled seed, plus a second "Regional KPIs" app in the Sales space. */
function devSeed() {
  const seed = structuredClone(localTenant);
  const sales = seed.spaces.find((s) => s.name === "Sales")!.id;
  seed.apps.push({ id: randomUUID(), name: "Regional KPIs", spaceId: sales });
  return seed;
}

/** The prod tenant: the same space and app names under ids of its own, no tasks yet. */
function prodSeed() {
  const seed = structuredClone(localTenant);
  const ids = new Map<string, string>();
  const renamed = (id: string) => ids.get(id) ?? ids.set(id, randomUUID()).get(id)!;
  return {
    ...seed,
    spaces: seed.spaces.map((s) => ({ ...s, id: renamed(s.id) })),
    apps: seed.apps.map((a) => ({ ...a, id: renamed(a.id), spaceId: renamed(a.spaceId) })),
    reloadTasks: [],
    tasks: [],
  };
}

/** Where a tenant seeds an app by name: its id and its space's id. */
function idsOf(seed: ReturnType<typeof devSeed>, app: string) {
  const found = seed.apps.find((a) => a.name === app)!;
  return { appId: found.id, spaceId: found.spaceId };
}

/**
 * Runs operations whose program is meant to fail. A failed program leaves promises derived from
 * the SDK's stack outputs rejected with no handler: under the Pulumi CLI the language host
 * reports them with the program's error, but in inline mode they surface in this process, where
 * Jest would count them against the file. While `run` lasts, only the program's RunError is
 * let through; any other unhandled rejection still fails the test.
 */
async function expectingProgramFailure(run: () => Promise<void>): Promise<void> {
  const process = hostProcess();
  const listeners = process.rawListeners("unhandledRejection");
  const others: unknown[] = [];
  process.removeAllListeners("unhandledRejection");
  process.on("unhandledRejection", (reason) => {
    if (!pulumi.RunError.isInstance(reason)) others.push(reason);
  });
  try {
    await run();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.removeAllListeners("unhandledRejection");
    for (const listener of listeners) process.on("unhandledRejection", listener as never);
  }
  expect(others).toEqual([]);
}

/** Node's own process object: Jest gives tests a copy, whose listeners Node never calls. */
function hostProcess(): NodeJS.Process {
  const { Module } = require("node:module") as {
    Module: new (id: string) => { require(id: string): unknown };
  };
  return new Module(__filename).require("node:process") as NodeJS.Process;
}

describe("promoting shared declarations from dev to prod", () => {
  const seeds = { dev: devSeed(), prod: prodSeed() };
  let dev: EngineFixture;
  let prod: EngineFixture;

  beforeAll(async () => {
    dev = await engineFixture("promo-dev", { seed: seeds.dev });
    prod = await engineFixture("promo-prod", { seed: seeds.prod });
    for (const fx of [dev, prod]) {
      writeFileSync(path.join(path.dirname(fx.stackFile), "shared.yaml"), SHARED);
    }
    dev.writeStackFile("tasks: []\n");
    prod.writeStackFile(
      'tasks:\n  - key: sales-daily\n    schedule: { startDateTime: "2026-02-02T05:30:00" }\n',
    );
  });
  afterAll(async () => {
    await dev?.dispose();
    await prod?.dispose();
  });

  it("creates the shared tasks on each tenant for that tenant's app ids", async () => {
    for (const [fx, seed] of [
      [dev, seeds.dev],
      [prod, seeds.prod],
    ] as const) {
      await fx.stack.up();

      const tasks = fx.tenant.snapshot().tasks;
      const byName = (name: string) => tasks.find((t) => t.name === name)!;
      const sales = idsOf(seed, "Sales Dashboard");
      const finance = idsOf(seed, "Finance P&L");
      expect(byName("Sales - daily reload")).toMatchObject({
        resourceId: sales.appId,
        metadata: { spaceId: sales.spaceId },
      });
      expect(byName("Finance - Monday reload")).toMatchObject({
        resourceId: finance.appId,
        metadata: { spaceId: finance.spaceId },
      });
    }
    expect(idsOf(seeds.dev, "Sales Dashboard").appId).not.toBe(
      idsOf(seeds.prod, "Sales Dashboard").appId,
    );
    const prodSales = prod.tenant.snapshot().tasks.find((t) => t.name === "Sales - daily reload");
    expect(prodSales!.start!.schedule).toMatchObject({ startDateTime: "2026-02-02T05:30:00" });
  });

  it("looks each name up once per run and then previews no change", async () => {
    prod.tenant.clearRequests();

    await prod.stack.preview({ expectNoChanges: true });

    const lookups = callsOf(prod.tenant).filter((c) => !c.startsWith("GET /api/v1/tasks"));
    expect(lookups.sort()).toEqual([
      "GET /api/v1/items",
      "GET /api/v1/items",
      "GET /api/v1/spaces",
      "GET /api/v1/spaces",
    ]);
  });

  it("fails preview and up naming the entry when no app has the name, deleting nothing", async () => {
    writeFileSync(
      path.join(path.dirname(prod.stackFile), "shared.yaml"),
      SHARED.replace("Finance P&L", "Finance PnL"),
    );
    const failure =
      /shared\.yaml tasks\[1\] \(finance-weekly\): app\.name: no app named "Finance PnL" in space "Finance"/;

    await expectingProgramFailure(async () => {
      await expect(prod.stack.preview()).rejects.toThrow(failure);
      await expect(prod.stack.up()).rejects.toThrow(failure);
    });
    expect(prod.tenant.snapshot().tasks).toHaveLength(2);
    const state = await prod.stack.exportStack();
    const tasks = state.deployment.resources.filter(
      (r: { type: string }) => r.type === "pulumi-nodejs:dynamic/qlik:Task",
    );
    expect(tasks).toHaveLength(2);
  });

  it("fails the preview listing the candidates when several apps have the name", async () => {
    writeFileSync(
      path.join(path.dirname(dev.stackFile), "shared.yaml"),
      SHARED.replace("Sales Dashboard", "Regional KPIs"),
    );
    const twins = seeds.dev.apps.filter((a) => a.name === "Regional KPIs").map((a) => a.id);

    await expectingProgramFailure(async () => {
      await expect(dev.stack.preview()).rejects.toThrow(
        `shared.yaml tasks[0] (sales-daily): app.name: 2 apps are named "Regional KPIs" in ` +
          `space "Sales" (${idsOf(seeds.dev, "Regional KPIs").spaceId}): ${twins.join(", ")}`,
      );
    });
  });
});
