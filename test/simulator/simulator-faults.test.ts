import { schedulerUnavailableBody, startTenant, type RunningTenant } from "../../simulator/tenant";
import { apps, call, seedCopy, taskBody } from "./simulator-helpers";

describe("faults", () => {
  let tenant: RunningTenant;

  beforeEach(async () => {
    tenant = await startTenant({ seed: seedCopy() });
  });
  afterEach(() => tenant.close());

  const post = () => call(tenant, "POST", "/api/v1/tasks", { body: taskBody(apps.sales) });

  it("answers a status fault the given number of times, then normally", async () => {
    const path = /^\/api\/v1\/tasks$/;
    tenant.faults.add({
      method: "POST",
      path,
      action: { status: 429, headers: { "retry-after": "7" } },
    });
    tenant.faults.add({ method: "POST", path, action: { status: 429 } });

    const first = await post();
    const second = await post();
    const third = await post();
    expect([first.status, second.status, third.status]).toEqual([429, 429, 201]);
    expect(first.headers.get("retry-after")).toBe("7");
    expect(second.headers.get("retry-after")).toBeNull();
    expect(tenant.snapshot().tasks).toHaveLength(2);
    expect(tenant.requests().map((entry) => entry.fault)).toEqual(["status", "status", undefined]);
  });

  it("sends a given body, such as the scheduler's 503 CHO-024", async () => {
    tenant.faults.add({
      path: "^/api/v1/tasks$",
      action: { status: 503, body: schedulerUnavailableBody() },
    });

    const answer = await post();
    expect(answer.status).toBe(503);
    expect(answer.body.errors[0]).toMatchObject({ code: 503, title: "CHO-024" });
    expect(tenant.snapshot().tasks).toHaveLength(1);
  });

  it("adds latency and then answers normally", async () => {
    tenant.faults.add({ path: "^/api/v1/users/me$", action: { delayMs: 150 } });

    const started = Date.now();
    const answer = await call(tenant, "GET", "/api/v1/users/me");
    expect(answer.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(tenant.requests()[0]!.fault).toBe("delay");
  });

  it("hangs without answering", async () => {
    tenant.faults.add({ path: "^/api/v1/users/me$", action: "hang" });

    const request = fetch(`${tenant.url}/api/v1/users/me`, {
      headers: { authorization: `Bearer ${tenant.apiKey}` },
      signal: AbortSignal.timeout(200),
    });
    await expect(request).rejects.toThrow(/timeout|abort/i);
    expect(tenant.requests()[0]).toMatchObject({ status: null, fault: "hang" });
  });

  it("resets the connection before handling, so nothing is created", async () => {
    tenant.faults.add({ method: "POST", path: "^/api/v1/tasks$", action: "reset-before" });

    await expect(post()).rejects.toThrow();
    expect(tenant.snapshot().tasks).toHaveLength(1);
  });

  it("resets the connection after handling, so the task exists unannounced", async () => {
    tenant.faults.add({ method: "POST", path: "^/api/v1/tasks$", action: "reset-after" });

    await expect(post()).rejects.toThrow();
    expect(tenant.snapshot().tasks).toHaveLength(2);
    expect(tenant.requests()[0]).toMatchObject({ status: 201, fault: "reset-after" });
  });

  it("forgets every rule on clear", async () => {
    tenant.faults.add({ path: ".*", times: 5, action: { status: 500 } });
    tenant.faults.clear();
    expect((await call(tenant, "GET", "/api/v1/users/me")).status).toBe(200);
  });
});
