import { startTenant, type RunningTenant } from "../../simulator/tenant";
import { apps, call, seedCopy, taskBody, uiUserKey } from "./simulator-helpers";

describe("authentication", () => {
  let tenant: RunningTenant;

  beforeAll(async () => {
    tenant = await startTenant({ seed: seedCopy() });
  });
  afterAll(() => tenant.close());

  it("answers 401 in the tasks shape without a key", async () => {
    const answer = await call(tenant, "GET", "/api/v1/tasks", { key: null });
    expect(answer.status).toBe(401);
    expect(answer.body.errors[0]).toMatchObject({ code: 401, title: "Unauthorized" });
  });

  it("answers 401 in the legacy shape to an unknown key, without echoing it", async () => {
    const answer = await call(tenant, "GET", "/api/v1/reload-tasks", { key: "not-a-real-key" });
    expect(answer.status).toBe(401);
    expect(typeof answer.body.errors[0].code).toBe("string");
    expect(JSON.stringify(answer.body)).not.toContain("not-a-real-key");
  });

  it("answers 404 in the tasks shape to an unknown route", async () => {
    const answer = await call(tenant, "GET", "/api/v1/nothing-here");
    expect(answer.status).toBe(404);
    expect(answer.body.errors[0].code).toBe(404);
  });

  it("logs requests with method, path, query, status and user, never the key", async () => {
    tenant.clearRequests();
    await call(tenant, "GET", "/api/v1/tasks?resourceId=x");
    await call(tenant, "POST", "/api/v1/tasks", { body: taskBody(apps.sales), key: uiUserKey });
    await call(tenant, "GET", "/api/v1/tasks", { key: "sim-key-wrong" });

    const log = tenant.requests();
    expect(log.map(({ method, path, status, userId }) => [method, path, status, userId])).toEqual([
      ["GET", "/api/v1/tasks", 200, "pipeline"],
      ["POST", "/api/v1/tasks", 201, "ui-user"],
      ["GET", "/api/v1/tasks", 401, null],
    ]);
    expect(log[0]!.query).toEqual({ resourceId: "x" });
    expect(log[1]!.body).toMatchObject({ name: "Daily reload" });
    const text = JSON.stringify(log);
    for (const secret of [tenant.apiKey, uiUserKey, "sim-key-wrong", "Bearer"]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe("rate limits", () => {
  let tenant: RunningTenant;
  let now = Date.parse("2026-12-03T12:00:00Z");

  beforeAll(async () => {
    const rateLimits = { readsPerMinute: 3, writesPerMinute: 1 };
    tenant = await startTenant({ seed: seedCopy(), rateLimits, clock: () => now });
  });
  afterAll(() => tenant.close());

  it("answers 429 with Retry-After once a user's read tier is used up", async () => {
    for (let i = 0; i < 3; i++)
      expect((await call(tenant, "GET", "/api/v1/tasks")).status).toBe(200);
    now += 20_000;

    const limited = await call(tenant, "GET", "/api/v1/tasks");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("40");
    expect(limited.body.errors[0].code).toBe(429);
  });

  it("keeps tiers and users apart", async () => {
    const write = await call(tenant, "POST", "/api/v1/tasks", { body: taskBody(apps.sales) });
    expect(write.status).toBe(201);
    expect((await call(tenant, "GET", "/api/v1/tasks", { key: uiUserKey })).status).toBe(200);

    const secondWrite = await call(tenant, "DELETE", `/api/v1/tasks/${write.body.id}`);
    expect(secondWrite.status).toBe(429);
  });

  it("lets requests through again when the window ends", async () => {
    now += 60_000;
    expect((await call(tenant, "GET", "/api/v1/tasks")).status).toBe(200);
  });
});
