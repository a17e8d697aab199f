// got is ESM-only; see test/native-got.ts.
jest.mock("got", () => require("../native-got").nativeGot());

import { QlikClient } from "../../provider/client/qlik-client";
import { apiKeyCredentials } from "../../provider/client/credentials";
import { encodeCursor } from "../../simulator/paging";
import { startTenant, type RunningTenant, type TenantOptions } from "../../simulator/tenant";
import { reloadWorkflow } from "../fixtures/workflow";
import { call } from "./simulator-helpers";
import {
  APP_A,
  FAST_HTTP,
  LIST_APP_A,
  RT1,
  calls,
  checked,
  connect,
  declaration,
  expectNoKeyInTexts,
  failure,
  fieldSeed,
  type Connected,
} from "./provider-helpers";

const READ_RT1 = `GET /api/v1/reload-tasks/${RT1}`;
let tenant: RunningTenant;
let connected: Connected;

async function start(options: Omit<TenantOptions, "seed"> = {}, seed: object = fieldSeed()) {
  tenant = await startTenant({ seed, ...options });
  connected = await connect(tenant);
}
afterEach(() => tenant.close());
afterAll(() => expect(expectNoKeyInTexts()).toBeGreaterThan(0));

const migrating = () => checked(connected, declaration({ migrateFrom: RT1 }));

/** A task made outside Pulumi for APP_A, as Qlik's migration makes it (F5 shape). */
function migratedTask(name: string, from: string | null = RT1) {
  return tenant.addTask({
    name,
    specVersion: "1.12.0",
    enabled: true,
    metadata: from === null ? {} : { migratedFrom: from },
    ...reloadWorkflow({
      appId: APP_A,
      schedule: {
        recurrence: "RRULE:FREQ=HOURLY;BYHOUR=10;BYMINUTE=20",
        startDateTime: "2025-04-17T06:00:00",
        endDateTime: null,
        timezone: "UTC",
      },
    }),
  });
}

describe("retried migration (F10)", () => {
  beforeEach(() => start());

  it("adopts the task a lost answer made, instead of migrating twice", async () => {
    const inputs = await migrating();
    tenant.faults.add({ method: "POST", path: "^/api/v1/tasks$", action: "reset-after" });
    const lost = await failure(connected.provider.create(inputs));
    tenant.clearRequests();

    const { id, outs } = await connected.provider.create(inputs);

    expect(lost.message).toBe(
      `migrate reload task ${RT1} to a task for app ${APP_A} (POST /api/v1/tasks) failed: no ` +
        "answer from the tenant (ECONNRESET)",
    );
    expect(calls(tenant)).toEqual([READ_RT1, LIST_APP_A]);
    expect(tenant.snapshot().tasks.map((task) => task.id)).toEqual([id]);
    expect(outs).toMatchObject({ migratedFrom: RT1, taskId: id });
    expect(connected.log.lines).toContainEqual(
      `info: reload task ${RT1} was already migrated to task ${id}: adopting it`,
    );
  });

  it("adopts an equal task made by Qlik's migration without writing to it", async () => {
    const made = migratedTask("APP_A hourly");

    const { id } = await connected.provider.create(await migrating());

    expect(id).toBe(made.id);
    expect(calls(tenant)).toEqual([READ_RT1, LIST_APP_A]);
  });

  it("fails, saying so, when the reload task was migrated but no task came from it", async () => {
    tenant.removeTask(migratedTask("Gone").id);

    const error = await failure(connected.provider.create(await migrating()));

    expect(error.message).toBe(
      `migrateFrom: reload task ${RT1} says it was migrated, but no task of app ${APP_A} that ` +
        "the caller can see came from it; find the task in the Qlik console and set adoptTaskId " +
        "to its id instead of migrateFrom, or, if that task was deleted, remove migrateFrom to " +
        "create a new one",
    );
    expect(calls(tenant)).toEqual([READ_RT1, LIST_APP_A]);
  });
});

describe("several tasks from one reload task (F11)", () => {
  beforeEach(() => start());

  it("refuses and lists every candidate", async () => {
    const first = migratedTask("First copy");
    const second = migratedTask("Second copy");

    const error = await failure(connected.provider.create(await migrating()));

    expect(error.message).toMatch(
      new RegExp(
        `^migrateFrom: reload task ${RT1} has 2 migrated tasks \\((.+)\\); remove migrateFrom ` +
          "and set adoptTaskId to the one to keep$",
      ),
    );
    expect(error.message).toContain(`${first.id} ("First copy")`);
    expect(error.message).toContain(`${second.id} ("Second copy")`);
    expect(calls(tenant)).toEqual([READ_RT1, LIST_APP_A]);
  });
});

describe("paging (F12)", () => {
  it("finds a migrated task on the second page of an app's tasks", async () => {
    await start({ requireResourceIdOnTaskList: true });
    const made = migratedTask("APP_A hourly");
    for (let i = 0; i < 104; i++) migratedTask(`Other ${i}`, null);

    const { id } = await connected.provider.create(await migrating());

    expect(id).toBe(made.id);
    expect(calls(tenant)).toEqual([
      READ_RT1,
      LIST_APP_A,
      `${LIST_APP_A}&page=${encodeCursor(100)}`,
    ]);
  });

  it("reads the 13th reload task from the second page", async () => {
    const seed = fieldSeed();
    const template = seed.reloadTasks[0]!;
    for (let i = 5; i <= 13; i++) {
      seed.reloadTasks.push({ ...template, id: String(i).padStart(24, "0") });
    }
    await start({}, seed);
    // The tenant's own first page of ten, as a smaller page size would give it.
    const firstPage = await call(tenant, "GET", "/api/v1/reload-tasks?limit=10");
    tenant.faults.add({
      path: "^/api/v1/reload-tasks$",
      action: { status: 200, body: firstPage.body },
    });
    tenant.clearRequests();

    const listed = await client().listReloadTasks();

    expect(firstPage.body.data).toHaveLength(10);
    expect(listed.map((task) => task.id)).toEqual(
      Array.from({ length: 13 }, (_, i) => String(i + 1).padStart(24, "0")),
    );
    expect(calls(tenant)).toEqual([
      "GET /api/v1/reload-tasks?limit=100",
      `GET /api/v1/reload-tasks?limit=10&next=${encodeCursor(10)}`,
    ]);
  });

  it("stops with an error when a page link repeats", async () => {
    await start();
    const href = `${tenant.url}/api/v1/tasks?resourceId=${APP_A}&limit=100&page=${encodeCursor(1)}`;
    const page = { data: [], links: { next: { href } } };
    tenant.faults.add({ path: "^/api/v1/tasks$", times: 2, action: { status: 200, body: page } });

    const error = await failure(connected.provider.create(await migrating()));

    expect(error.message).toBe(
      `list tasks of app ${APP_A} failed: the tenant returned the page link ${href} twice`,
    );
    expect(calls(tenant)).toEqual([READ_RT1, LIST_APP_A, `${LIST_APP_A}&page=${encodeCursor(1)}`]);
  });
});

describe("a tenant that wants resourceId on task lists (F13)", () => {
  beforeEach(() => start({ requireResourceIdOnTaskList: true }));

  it("migrates, creates, reads, updates and deletes, every list naming the app", async () => {
    const migrated = await connected.provider.create(await migrating());
    const second = await checked(connected, declaration({ name: "Second", marker: "pulumi:s" }));
    const plain = await connected.provider.create(second);
    await connected.provider.read(plain.id, plain.outs);
    await connected.provider.update(plain.id, plain.outs!, { ...second, enabled: false });
    await connected.provider.delete(migrated.id, migrated.outs!);

    expect(calls(tenant)).toEqual([
      READ_RT1,
      LIST_APP_A,
      `POST /api/v1/tasks?migrateFrom=${RT1}`,
      LIST_APP_A,
      "POST /api/v1/tasks",
      `GET /api/v1/tasks/${plain.id}`,
      `GET /api/v1/tasks/${plain.id}`,
      `PUT /api/v1/tasks/${plain.id}`,
      `DELETE /api/v1/tasks/${migrated.id}`,
    ]);
    expect(tenant.requests().map((entry) => entry.status)).not.toContain(400);
  });
});

describe("legacy API gone (F17)", () => {
  it.each(["gone-404", "gone-410"] as const)(
    "says to remove migrateFrom when the reload-tasks API answers %s",
    async (legacyApi) => {
      await start({ legacyApi });

      const error = await failure(connected.provider.create(await migrating()));

      expect(error.message).toBe(
        `migrateFrom: reload task ${RT1} cannot be read (the reload-tasks API is gone or the ` +
          "reload task was deleted) and no task was migrated from it; remove migrateFrom from " +
          "the declaration to create the task directly",
      );
      expect(calls(tenant)).toEqual([READ_RT1, LIST_APP_A]);
    },
  );

  it("still adopts a task migrated in the background", async () => {
    await start({ legacyApi: "gone-410" });
    const made = migratedTask("APP_A hourly");

    const { id } = await connected.provider.create(await migrating());

    expect(id).toBe(made.id);
    expect(calls(tenant)).toEqual([READ_RT1, LIST_APP_A]);
  });

  it("never touches /reload-tasks after the first create", async () => {
    await start();
    const { id, outs } = await connected.provider.create(await migrating());
    tenant.clearRequests();

    const read = await connected.provider.read(id, outs);
    await connected.provider.update(id, read.props!, { ...read.inputs!, enabled: false });
    await connected.provider.delete(id, outs!);

    expect(calls(tenant)).toEqual([
      `GET /api/v1/tasks/${id}`,
      `GET /api/v1/tasks/${id}`,
      `PUT /api/v1/tasks/${id}`,
      `DELETE /api/v1/tasks/${id}`,
    ]);
  });
});

function client(): QlikClient {
  return new QlikClient({
    tenantUrl: tenant.url,
    credentials: apiKeyCredentials(tenant.apiKey),
    ...FAST_HTTP,
  });
}
