import { startTenant, type RunningTenant } from "../../simulator/tenant";
import { call, reloadTasks, seedCopy } from "./simulator-helpers";

/** The bundled seed with its reload tasks multiplied to `count`, ids ...0001 upwards. */
function seedWith(count: number) {
  const seed = seedCopy();
  const template = seed.reloadTasks[0]!;
  seed.reloadTasks = Array.from({ length: count }, (_, i) => ({
    ...template,
    id: (i + 1).toString(16).padStart(24, "0"),
  }));
  seed.tasks = [];
  return seed;
}

describe("reload-tasks API", () => {
  let tenant: RunningTenant;

  beforeAll(async () => {
    tenant = await startTenant({ seed: seedWith(13) });
  });
  afterAll(() => tenant.close());

  it("pages 13 reload tasks as 10 with links.next, then 3 without", async () => {
    const first = await call(tenant, "GET", "/api/v1/reload-tasks?limit=10");
    expect(first.body.data).toHaveLength(10);
    expect(first.body.links.self.href).toBe(`${tenant.url}/api/v1/reload-tasks?limit=10`);
    expect(first.body.links.next.href).toMatch(new RegExp(`^${tenant.url}/api/v1/reload-tasks\\?`));
    expect(first.body.links.prev).toBeUndefined();

    const second = await call(tenant, "GET", first.body.links.next.href);
    expect(second.body.data).toHaveLength(3);
    expect(second.body.data[2].id).toBe("00000000000000000000000d");
    expect(second.body.links.next).toBeUndefined();
    expect(second.body.links.prev.href).toContain("prev=");
  });

  it("defaults to 10 per page and refuses a limit outside 1..100", async () => {
    const page = await call(tenant, "GET", "/api/v1/reload-tasks");
    expect(page.body.data).toHaveLength(10);

    const tooBig = await call(tenant, "GET", "/api/v1/reload-tasks?limit=101");
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.errors[0]).toMatchObject({ code: "HTTP-400", title: "Bad Request" });
    expect(tooBig.body.traceId).toMatch(/^[0-9a-f]{16}$/);
  });

  it("filters by appId and gives each task its absolute links.self", async () => {
    const appId = seedWith(1).reloadTasks[0]!.appId;
    const page = await call(tenant, "GET", `/api/v1/reload-tasks?appId=${appId}&limit=100`);
    expect(page.body.data).toHaveLength(13);

    const none = await call(tenant, "GET", "/api/v1/reload-tasks?appId=nope");
    expect(none.body.data).toEqual([]);

    const one = await call(tenant, "GET", "/api/v1/reload-tasks/000000000000000000000001");
    expect(one.body.links.self.href).toBe(
      `${tenant.url}/api/v1/reload-tasks/000000000000000000000001`,
    );
  });

  it("answers 404 in the legacy shape for an unknown id", async () => {
    const answer = await call(tenant, "GET", "/api/v1/reload-tasks/ffffffffffffffffffffffff");
    expect(answer.status).toBe(404);
    expect(typeof answer.body.errors[0].code).toBe("string");
  });

  it("refuses to create a reload task with 410 TASKS-011", async () => {
    const answer = await call(tenant, "POST", "/api/v1/reload-tasks", { body: {} });
    expect(answer.status).toBe(410);
    expect(answer.body.errors[0].code).toBe("TASKS-011");
  });
});

describe("reload-tasks API on migrated tasks", () => {
  let tenant: RunningTenant;

  beforeAll(async () => {
    tenant = await startTenant({ seed: seedCopy() });
  });
  afterAll(() => tenant.close());

  it("answers 400 TASKS-001 to PUT and DELETE of a migrated reload task", async () => {
    const path = `/api/v1/reload-tasks/${reloadTasks.churnMigrated}`;
    const put = await call(tenant, "PUT", path, { body: { state: "Enabled" } });
    const del = await call(tenant, "DELETE", path);

    expect([put.status, del.status]).toEqual([400, 400]);
    expect(put.body.errors[0].code).toBe("TASKS-001");
    expect(del.body.errors[0].code).toBe("TASKS-001");
  });

  it("updates and deletes a reload task that was not migrated", async () => {
    const path = `/api/v1/reload-tasks/${reloadTasks.financeMonthly}`;
    const put = await call(tenant, "PUT", path, { body: { state: "Enabled" } });
    expect(put.status).toBe(200);
    expect(put.body.state).toBe("Enabled");

    expect((await call(tenant, "DELETE", path)).status).toBe(204);
    expect((await call(tenant, "GET", path)).status).toBe(404);
  });
});

describe("reload-tasks API once removed", () => {
  it.each([
    ["gone-404", 404],
    ["gone-410", 410],
  ] as const)("answers every route with %s", async (legacyApi, status) => {
    const tenant = await startTenant({ seed: seedCopy(), legacyApi });
    try {
      const list = await call(tenant, "GET", "/api/v1/reload-tasks");
      const one = await call(tenant, "GET", `/api/v1/reload-tasks/${reloadTasks.salesDaily}`);
      expect([list.status, one.status]).toEqual([status, status]);
    } finally {
      await tenant.close();
    }
  });
});
