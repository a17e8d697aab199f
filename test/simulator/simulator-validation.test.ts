import { startTenant, type RunningTenant } from "../../simulator/tenant";
import { apps, call, seedCopy, taskBody, type LooseJson } from "./simulator-helpers";

/** A valid body with one part replaced, as a plain object to poke at. */
function variant(change: (body: LooseJson) => void) {
  const body: LooseJson = taskBody(apps.sales);
  change(body);
  return body;
}

describe("task validation", () => {
  let tenant: RunningTenant;
  const now = Date.parse("2026-12-03T12:00:00Z");

  beforeAll(async () => {
    const seed = seedCopy();
    const inventory = seed.apps.find((app) => app.id === apps.inventory);
    Object.assign(inventory!, { taskLimit: 1 });
    tenant = await startTenant({ seed, clock: () => now, rateLimits: false });
  });
  afterAll(() => tenant.close());

  const post = (body: unknown) => call(tenant, "POST", "/api/v1/tasks", { body });

  it.each([
    ["no states", variant((b) => delete b.states), "task has 0 states instead of 1"],
    ["two states", variant((b) => b.states.push(b.states[0])), "task has 2 states instead of 1"],
    [
      "no actions",
      variant((b) => (b.states[0].onEvents[0].actions = [])),
      "task has 0 Actions instead of 1",
    ],
    ["no start", variant((b) => delete b.start), "Start has no StartdefOneOf field"],
    ["no name", variant((b) => delete b.name), "name is required"],
    [
      "another function",
      variant((b) => (b.states[0].onEvents[0].actions[0].functionRef.refName = "automation.run")),
      'functionRef.refName must be "app.reload", got "automation.run"',
    ],
  ])("answers 400 for %s with the service's message", async (_case, body, title) => {
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ code: 400, title }]);
    expect(answer.body.traceId).toMatch(/^[0-9a-f]{16}$/);
  });

  it.each([
    [
      "a rule without FREQ",
      { recurrence: "RRULE:BYHOUR=6" },
      "invalid recurrence: FREQ is required",
    ],
    [
      "two rule lines",
      { recurrence: "RRULE:FREQ=DAILY\nRRULE:FREQ=WEEKLY" },
      "invalid recurrence: expected exactly one RRULE line",
    ],
    ["an unknown rule part", { recurrence: "FREQ=DAILY;DTSTART=1" }, 'unknown rule part "DTSTART"'],
    ["an unknown zone", { timezone: "Europe/Londn" }, 'invalid timezone: "Europe/Londn"'],
    [
      "an end before the start",
      { endDateTime: "2025-01-01T00:00:00" },
      "is not after startDateTime",
    ],
    ["an end in the past", { endDateTime: "2026-12-03T11:00:00" }, "is in the past"],
  ])("answers CHO-017 for %s", async (_case, schedule, context) => {
    const answer = await post(taskBody(apps.sales, schedule));
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toMatchObject({ code: 400, title: "CHO-017" });
    expect(answer.body.errors[0].context).toContain(context);
  });

  it("accepts a rule without the RRULE: prefix, an alias zone and a null end", async () => {
    const schedule = {
      recurrence: "INTERVAL=2;FREQ=DAILY;COUNT=3",
      timezone: "Asia/Calcutta",
      endDateTime: null,
    };
    expect((await post(taskBody(apps.sales, schedule))).status).toBe(201);
  });

  it("answers 404 naming the app when the app is unknown", async () => {
    const answer = await post(taskBody("00000000-0000-0000-0000-000000000000"));
    expect(answer.status).toBe(404);
    expect(answer.body.errors[0].context).toContain("00000000-0000-0000-0000-000000000000");
  });

  it("answers 403 in the tasks shape when the caller may not reload the app", async () => {
    const answer = await post(taskBody(apps.boardPack));
    expect(answer.status).toBe(403);
    expect(answer.body.errors[0]).toMatchObject({ code: 403, title: "Forbidden" });
    expect(answer.body.errors[0].context).toContain(apps.boardPack);
  });

  it("answers CHO-014 once the app reached its task limit", async () => {
    expect((await post(taskBody(apps.inventory))).status).toBe(201);
    const answer = await post(taskBody(apps.inventory));
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].title).toBe("CHO-014");
  });
});
