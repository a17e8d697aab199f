import { startTenant, type RunningTenant } from "../../simulator/tenant";
import { apps, call, churnTaskId, reloadTasks, seedCopy, taskBody } from "./simulator-helpers";

describe("migrateFrom", () => {
  let tenant: RunningTenant;

  beforeEach(async () => {
    tenant = await startTenant({ seed: seedCopy() });
  });
  afterEach(() => tenant.close());

  it("records migratedFrom on the task and marks the reload task migrated", async () => {
    const path = `/api/v1/tasks?migrateFrom=${reloadTasks.salesDaily}`;
    const created = await call(tenant, "POST", path, { body: taskBody(apps.sales) });

    expect(created.status).toBe(201);
    expect(created.body.metadata.migratedFrom).toBe(reloadTasks.salesDaily);
    const legacy = await call(tenant, "GET", `/api/v1/reload-tasks/${reloadTasks.salesDaily}`);
    expect(legacy.body).toMatchObject({ migrated: true, state: "Disabled" });
  });

  it("lets a lookup by resourceId find the migrated task", async () => {
    const listed = await call(tenant, "GET", `/api/v1/tasks?resourceId=${apps.churn}`);

    expect(listed.body.data).toHaveLength(1);
    expect(listed.body.data[0]).toMatchObject({
      id: churnTaskId,
      specVersion: "1.12.0",
      version: "1.0.0",
      metadata: { migratedFrom: reloadTasks.churnMigrated },
      start: { stateName: "init_state", schedule: { endDateTime: null } },
    });
    expect(listed.body.data[0].states[0].onEvents[0].actions[0].name).toBe("AppReload");
  });

  it("answers 400 when the reload task was already migrated", async () => {
    const path = `/api/v1/tasks?migrateFrom=${reloadTasks.churnMigrated}`;
    const answer = await call(tenant, "POST", path, { body: taskBody(apps.churn) });

    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toMatchObject({
      code: 400,
      title: "Reload task already migrated",
    });
    expect(tenant.snapshot().tasks).toHaveLength(1);
  });

  it("answers 404 for an unknown reload task and creates nothing", async () => {
    const path = "/api/v1/tasks?migrateFrom=ffffffffffffffffffffffff";
    const answer = await call(tenant, "POST", path, { body: taskBody(apps.sales) });

    expect(answer.status).toBe(404);
    expect(answer.body.errors[0].context).toContain("ffffffffffffffffffffffff");
    expect(tenant.snapshot().tasks).toHaveLength(1);
  });

  it("answers 400 when the reload task belongs to another app", async () => {
    const path = `/api/v1/tasks?migrateFrom=${reloadTasks.financeWeekly}`;
    const answer = await call(tenant, "POST", path, { body: taskBody(apps.sales) });
    expect(answer.status).toBe(400);
  });
});

describe("migrateFrom with the legacy API gone", () => {
  it("answers 404 even for a reload task that existed", async () => {
    const tenant = await startTenant({ seed: seedCopy(), legacyApi: "gone-410" });
    try {
      const path = `/api/v1/tasks?migrateFrom=${reloadTasks.salesDaily}`;
      const answer = await call(tenant, "POST", path, { body: taskBody(apps.sales) });
      expect(answer.status).toBe(404);
      expect(answer.body.errors[0].code).toBe(404);
    } finally {
      await tenant.close();
    }
  });
});
