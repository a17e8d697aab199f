// got is ESM-only; see test/native-got.ts.
jest.mock("got", () => require("../native-got").nativeGot());

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { run } from "../../scripts/discover";
import { bulkSeed } from "../../simulator/bulk";
import localTenant from "../../simulator/fixtures/local-tenant.json";
import { type RunningTenant, startTenant } from "../../simulator/tenant";
import { loadStackFile } from "../../provider/stack-file";
import { reloadWorkflow } from "../fixtures/workflow";

const SPACE = localTenant.spaces[0]!.id;
const ZONES = ["Europe/London", "America/Toronto", "Asia/Dubai", "Australia/Sydney", "UTC"];
const CHURN_TASK = "74bec3a6-ef97-4a51-a4c2-379240c12f0b";

const appId = (i: number) => `c0000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
const taskId = (i: number) => `d0000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
const reloadTaskId = (i: number) => `e0000000000${i.toString(16).padStart(13, "0")}`;

/** A task in the shape Qlik's own tooling gives, reloading `app` daily at `hour`. */
function seededTask(id: string, app: string, hour: number, migratedFrom?: string) {
  return {
    id,
    name: `Task ${id.slice(-4)}`,
    enabled: true,
    specVersion: "1.12.0",
    version: "1.0.0",
    resourceId: app,
    metadata: { ownerId: "ui-user", spaceId: SPACE, usage: "ANALYTICS", migratedFrom },
    ...reloadWorkflow({
      appId: app,
      schedule: {
        recurrence: `RRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=${hour};BYMINUTE=0;BYSECOND=0`,
        startDateTime: "2025-01-01T00:00:00",
        endDateTime: null,
        timezone: "Europe/London",
      },
    }),
  };
}

/**
 * `count` reload tasks over `count * 0.8` apps (so some apps have two), in ten shapes by
 * `i % 10`: 0-3 plain, 4 migrated by Qlik (with its task), 5 switched off by a UI task, 6 two
 * RRULE lines (F2), 7 autoReload only (F3), 8 wall time without zone or offset, 9 Completed.
 */
function mixedSeed(count: number) {
  const base = bulkSeed(0);
  const apps = Math.floor(count * 0.8);
  const reloadTasks = [];
  const tasks = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 10;
    const app = appId(i % apps);
    const rt: Record<string, unknown> = {
      id: reloadTaskId(i),
      appId: app,
      spaceId: SPACE,
      partial: i % 7 === 0,
      autoReload: false,
      recurrence: [`RRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=${i % 24};BYMINUTE=0;BYSECOND=0`],
      startDateTime: "2025-01-01T00:00:00",
      timeZone: ZONES[i % ZONES.length],
      state: "Enabled",
      migrated: false,
      userId: "ui-user",
      tenantId: base.tenantId,
    };
    if (kind === 4) {
      Object.assign(rt, { migrated: true, state: "Disabled" });
      tasks.push(seededTask(taskId(i), app, i % 24, reloadTaskId(i)));
    }
    if (kind === 5) {
      Object.assign(rt, { state: "Disabled", disabledCode: "MANUALLY" });
      tasks.push(seededTask(taskId(i), app, (i + 1) % 24));
    }
    if (kind === 6) {
      (rt.recurrence as string[]).push("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU;BYHOUR=13");
    }
    if (kind === 7) Object.assign(rt, { recurrence: [], startDateTime: "", autoReload: true });
    if (kind === 8) delete rt.timeZone;
    if (kind === 9) Object.assign(rt, { state: "Completed", endDateTime: "2025-06-01T00:00:00" });
    reloadTasks.push(rt);
  }
  const appList = Array.from({ length: apps }, (_, i) => ({
    id: appId(i),
    name: `Mixed app ${i}`,
    spaceId: SPACE,
  }));
  return { ...base, apps: appList, reloadTasks, tasks };
}

// Discover paces its calls under Qlik's read limit (about 60 ms apart): 300 reload tasks on
// 240 apps take about 15 s.
jest.setTimeout(60_000);

describe("discover", () => {
  let dir: string;
  let tenant: RunningTenant | undefined;
  let stdout: string;
  let stderr: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "discover-"));
    stdout = "";
    stderr = "";
    jest.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      stdout += String(chunk);
      return true;
    });
    jest.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await tenant?.close();
    tenant = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const discover = (...args: string[]) =>
    run(["--stack", "dev", "--stacks-dir", dir, ...args], {
      QLIK_TENANT_URL: tenant!.url,
      QLIK_API_KEY: tenant!.apiKey,
    });
  const file = () => path.join(dir, "dev.yaml");

  it("writes a loadable file for a mixed tenant, one list call per page", async () => {
    tenant = await startTenant({ seed: mixedSeed(300) });

    expect(await discover()).toBe(2);

    const declarations = loadStackFile(file());
    const migrations = declarations.filter((d) => d.inputs.migrateFrom);
    const adoptions = declarations.filter((d) => d.inputs.adoptTaskId);
    expect([declarations.length, migrations.length, adoptions.length]).toEqual([210, 150, 60]);
    expect(migrations.filter((d) => !d.inputs.enabled)).toHaveLength(30);
    expect(stderr).toContain(
      "added 150, adopted 60, kept 0, needs a person 150, removed remotely 0",
    );
    expect(stderr).toContain("discover: read 300 reload task(s) in 3 page(s)");
    expect(stderr).toContain("discover: read 60 task(s) of 240 app(s) in 240 page(s)");

    const lists = tenant.requests().filter((r) => r.method === "GET");
    const legacy = lists.filter((r) => r.path === "/api/v1/reload-tasks");
    const tasks = lists.filter((r) => r.path === "/api/v1/tasks");
    expect([legacy.length, tasks.length, lists.length]).toEqual([3, 240, 243]);
    expect(legacy[0]!.query).toEqual({ limit: "100" });
    expect(tasks.every((r) => r.query.limit === "100" && r.query.resourceId)).toBe(true);
    expect(tenant.requests().every((r) => r.method === "GET" && r.status === 200)).toBe(true);
  });

  it("says why each kind of reload task needs a person", async () => {
    tenant = await startTenant({ seed: mixedSeed(10) });

    expect(await discover()).toBe(2);

    const reasons = [
      "reload task e00000000000000000000005 is Disabled (MANUALLY); the app has task(s)",
      "reload task e00000000000000000000006 has 2 recurrence lines, and a task takes one",
      "reload task e00000000000000000000007 has no time-based schedule (autoReload only)",
      "reload task e00000000000000000000008 has neither timeZone nor an offset",
      "reload task e00000000000000000000009 is Completed",
    ];
    for (const reason of reasons) expect(stderr).toContain(reason);
    expect(stderr).toContain("needs a person (5):");
  });

  it("keeps a hand edit and a comment, adds new tasks and reports a removed one", async () => {
    tenant = await startTenant({ rateLimits: false });
    expect(await discover()).toBe(2);
    const first = readFileSync(file(), "utf8");
    const edited = first
      .replace("name: Customer Churn", "name: Churn - edited by hand # keep this")
      .replace("tasks:\n", "tasks:\n  # our comment\n");
    writeFileSync(file(), edited);
    tenant.removeTask(CHURN_TASK);
    const added = tenant.addTask(seededTask(taskId(1), localTenant.apps[0]!.id, 4));
    stderr = "";

    expect(await discover()).toBe(2);

    const text = readFileSync(file(), "utf8");
    expect(text.startsWith(edited)).toBe(true);
    expect(text).toContain(`adoptTaskId: ${added.id}`);
    expect(stderr).toContain(
      `removed remotely (entries kept in the file) (1):\n  - tasks[0] (customer-churn-daily-2000): ` +
        `task ${CHURN_TASK} is not on the tenant any more`,
    );
    expect(stderr).toContain("added 0, adopted 1, kept 6, needs a person 1, removed remotely 1");
    expect(loadStackFile(file())).toHaveLength(8);
  });

  it("prints the file and writes nothing on a dry run", async () => {
    tenant = await startTenant({ rateLimits: false });

    expect(await discover("--dry-run")).toBe(2);

    expect(existsSync(file())).toBe(false);
    expect(stdout).toContain("migrateFrom: 6790a1c2e4b0f1a2b3c4d501");
    expect(stderr).toContain(`would write (dry run) ${file()}: added 6, adopted 1`);
  });

  it("exits 0 when nothing needs a person, and a second run adds nothing", async () => {
    tenant = await startTenant({ seed: bulkSeed(5), rateLimits: false });

    expect(await discover()).toBe(0);
    const first = readFileSync(file(), "utf8");
    expect(await discover()).toBe(0);

    expect(readFileSync(file(), "utf8")).toBe(first);
    expect(stderr).toContain("added 0, adopted 0, kept 5, needs a person 0, removed remotely 0");
  });

  it("exits 1 with the reason, writing nothing, on an error", async () => {
    tenant = await startTenant({ legacyApi: "gone-404" });

    expect(await discover()).toBe(1);
    expect(await run(["--dry-run"], {})).toBe(1);

    expect(existsSync(file())).toBe(false);
    expect(stderr).toMatch(/discover: list reload tasks .*404/);
    expect(stderr).toContain("discover: --stack is required");
  });
});
