import { startTenant, type RunningTenant } from "../../simulator/tenant";
import { apps, call, churnTaskId, reloadTasks, seedCopy, taskBody } from "./simulator-helpers";

describe("out-of-band changes", () => {
  let tenant: RunningTenant;

  beforeEach(async () => {
    tenant = await startTenant({ seed: seedCopy() });
  });
  afterEach(() => tenant.close());

  it("edits a task as the UI would: disabled, with a code, by another owner", async () => {
    const before = tenant.snapshot().tasks[0]!;
    tenant.editTask(
      churnTaskId,
      { enabled: false, metadata: { disabledCode: "APP-SCRIPT-UPDATED" } },
      "pipeline",
    );

    const read = await call(tenant, "GET", `/api/v1/tasks/${churnTaskId}`);
    expect(read.body.enabled).toBe(false);
    expect(read.body.metadata).toMatchObject({
      disabledCode: "APP-SCRIPT-UPDATED",
      ownerId: "pipeline",
      createdAt: before.metadata.createdAt,
    });
    expect(Date.parse(read.body.metadata.updatedAt)).toBeGreaterThan(
      Date.parse(before.metadata.updatedAt!),
    );
  });

  it("adds a UI-made task owned by the second user and switches reload tasks off", () => {
    const task = tenant.addTask(taskBody(apps.finance));

    expect(task.metadata.ownerId).toBe("ui-user");
    expect(task.resourceId).toBe(apps.finance);
    const legacy = tenant.snapshot().reloadTasks.find((t) => t.id === reloadTasks.financeWeekly);
    expect(legacy!.state).toBe("Disabled");
  });

  it("removes a task so that reads answer 404", async () => {
    expect(tenant.removeTask(churnTaskId)).toBe(true);
    expect((await call(tenant, "GET", `/api/v1/tasks/${churnTaskId}`)).status).toBe(404);
    expect(tenant.removeTask(churnTaskId)).toBe(false);
  });
});

describe("admin routes", () => {
  let tenant: RunningTenant;

  beforeAll(async () => {
    tenant = await startTenant({ seed: seedCopy() });
  });
  afterAll(() => tenant.close());

  const admin = (method: string, path: string, body?: unknown) =>
    call(tenant, method, `/__simulator${path}`, { body, key: null });

  it("drive the same state, log and faults without a key, unlogged", async () => {
    await call(tenant, "GET", "/api/v1/users/me");
    const requests = await admin("GET", "/requests");
    expect(requests.body.data.map((entry: { path: string }) => entry.path)).toEqual([
      "/api/v1/users/me",
    ]);

    const edited = await admin("POST", `/tasks/${churnTaskId}/edit`, {
      patch: { enabled: false },
      asUserId: "pipeline",
    });
    expect(edited.body).toMatchObject({ enabled: false, metadata: { ownerId: "pipeline" } });

    const added = await admin("POST", "/tasks", taskBody(apps.sales));
    expect(added.status).toBe(201);
    expect((await admin("GET", "/state")).body.tasks).toHaveLength(2);
    expect((await admin("DELETE", `/tasks/${added.body.id}`)).status).toBe(204);

    await admin("POST", "/faults", { path: "^/api/v1/users/me$", action: { status: 502 } });
    expect((await call(tenant, "GET", "/api/v1/users/me")).status).toBe(502);
    expect((await admin("DELETE", "/requests")).status).toBe(204);
    expect(tenant.requests()).toEqual([]);
  });

  it("answers 400 that says why to a bad admin body", async () => {
    const answer = await admin("POST", "/faults", { path: "x", action: "explode" });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].context).toContain("action");
  });
});
