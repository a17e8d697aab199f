import { startTenant, type RunningTenant } from "../../simulator/tenant";
import {
  apps,
  call,
  churnTaskId,
  reloadTasks,
  seedCopy,
  taskBody,
  uiUserKey,
} from "./simulator-helpers";

describe("tasks API", () => {
  let tenant: RunningTenant;

  beforeEach(async () => {
    tenant = await startTenant({ seed: seedCopy() });
  });
  afterEach(() => tenant.close());

  it("creates a task disabled unless the body says enabled: true", async () => {
    const { enabled: _dropped, ...withoutEnabled } = taskBody(apps.sales);
    const off = await call(tenant, "POST", "/api/v1/tasks", { body: withoutEnabled });
    const on = await call(tenant, "POST", "/api/v1/tasks", { body: taskBody(apps.inventory) });

    expect([off.status, on.status]).toEqual([201, 201]);
    expect(off.body.enabled).toBe(false);
    expect(on.body.enabled).toBe(true);
  });

  it("echoes the body and adds id, resourceId from the states, and service metadata", async () => {
    const body = { ...taskBody(apps.sales), resourceId: "ignored", annotations: ["a"], key: "k" };
    const created = await call(tenant, "POST", "/api/v1/tasks", { body });

    expect(created.body).toMatchObject({ ...body, resourceId: apps.sales });
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body.metadata).toMatchObject({
      ownerId: "pipeline",
      createdBy: "pipeline",
      usage: "ANALYTICS",
      spaceId: "e885e9fb-07a9-4331-8fdc-b8f83ae7fb61",
      orchestration: { type: 0 },
      trigger: { type: 0 },
    });
    const read = await call(tenant, "GET", `/api/v1/tasks/${created.body.id}`);
    expect(read.body).toEqual(created.body);
  });

  it("switches the app's reload tasks off when a task is created for it", async () => {
    await call(tenant, "POST", "/api/v1/tasks", { body: taskBody(apps.finance) });

    const states = tenant
      .snapshot()
      .reloadTasks.filter((task) => task.appId === apps.finance)
      .map((task) => task.state);
    expect(states).toEqual(["Disabled", "Disabled"]);
  });

  it("moves ownership to the caller on PUT and keeps service-owned metadata", async () => {
    const before = (await call(tenant, "GET", `/api/v1/tasks/${churnTaskId}`)).body;
    const body = { ...taskBody(apps.churn), name: "Churn nightly" };
    const put = await call(tenant, "PUT", `/api/v1/tasks/${churnTaskId}`, { body });

    expect(put.status).toBe(200);
    expect(before.metadata.ownerId).toBe("ui-user");
    expect(put.body.metadata).toMatchObject({
      ownerId: "pipeline",
      createdBy: before.metadata.createdBy,
      createdAt: before.metadata.createdAt,
      migratedFrom: reloadTasks.churnMigrated,
      orchestration: before.metadata.orchestration,
      trigger: before.metadata.trigger,
    });
    expect(put.body.name).toBe("Churn nightly");
    expect(put.body.metadata.updatedAt).not.toBe(before.metadata.updatedAt);
  });

  it("deletes with 204 and answers 404 in the tasks shape afterwards", async () => {
    const created = await call(tenant, "POST", "/api/v1/tasks", { body: taskBody(apps.sales) });
    const path = `/api/v1/tasks/${created.body.id}`;

    expect((await call(tenant, "DELETE", path)).status).toBe(204);
    const gone = await call(tenant, "GET", path);
    expect(gone.status).toBe(404);
    expect(gone.body.errors[0]).toMatchObject({ code: 404, title: "Not Found" });
    expect((await call(tenant, "PUT", path, { body: taskBody(apps.sales) })).status).toBe(404);
  });

  it("refuses with 403 a delete by a user who neither owns the task nor is admin", async () => {
    const created = await call(tenant, "POST", "/api/v1/tasks", { body: taskBody(apps.sales) });
    const path = `/api/v1/tasks/${created.body.id}`;

    const answer = await call(tenant, "DELETE", path, { key: uiUserKey });
    expect(answer.status).toBe(403);
    expect(answer.body.errors[0].code).toBe(403);
    expect((await call(tenant, "GET", path)).status).toBe(200);
  });

  it("lists by resourceId and pages with the page cursor", async () => {
    for (const name of ["one", "two", "three"]) {
      await call(tenant, "POST", "/api/v1/tasks", { body: { ...taskBody(apps.sales), name } });
    }

    const first = await call(tenant, "GET", `/api/v1/tasks?resourceId=${apps.sales}&limit=2`);
    expect(first.body.data.map((task: { name: string }) => task.name)).toEqual(["three", "two"]);
    const second = await call(tenant, "GET", first.body.links.next.href);
    expect(second.body.data.map((task: { name: string }) => task.name)).toEqual(["one"]);
    expect(second.body.links.next).toBeUndefined();
  });

  it("starts a task and records the run", async () => {
    const start = await call(tenant, "POST", `/api/v1/tasks/${churnTaskId}/actions/start`);
    expect(start.status).toBe(200);
    expect(typeof start.body.message).toBe("string");

    const last = await call(tenant, "GET", `/api/v1/tasks/${churnTaskId}/runs/last`);
    expect(last.body).toMatchObject({ taskId: churnTaskId, status: "SUCCEEDED" });
    const runs = await call(tenant, "GET", `/api/v1/tasks/${churnTaskId}/runs`);
    expect(runs.body.data).toHaveLength(1);
  });

  it("answers the users/me route with the caller", async () => {
    const me = await call(tenant, "GET", "/api/v1/users/me", { key: uiUserKey });
    expect(me.body).toMatchObject({ id: "ui-user", status: "active" });
  });
});

describe("tasks API requiring a resourceId", () => {
  it("answers 400 naming resourceId to a list without it", async () => {
    const tenant = await startTenant({ seed: seedCopy(), requireResourceIdOnTaskList: true });
    try {
      const answer = await call(tenant, "GET", "/api/v1/tasks");
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].context).toContain("resourceId");
      expect((await call(tenant, "GET", `/api/v1/tasks?resourceId=${apps.churn}`)).status).toBe(
        200,
      );
    } finally {
      await tenant.close();
    }
  });
});
