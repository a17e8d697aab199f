/**
 * The whole lifecycle under the real Pulumi engine against the tenant simulator: up, preview
 * with no change, a schedule edit, drift seen by refresh, adopting a task made in the UI, and
 * destroy. The steps share one stack and run in order.
 */
import { readFileSync } from "node:fs";
import { reloadWorkflow } from "../fixtures/workflow";
import { type EngineFixture, callsOf, engineFixture, outputCollector } from "./engine-harness";

jest.setTimeout(120_000);

const SALES_RULE = "RRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=6;BYMINUTE=0;BYSECOND=0";
const SALES_RULE_EDITED = "RRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=7;BYMINUTE=30;BYSECOND=0";
const DECLARED = 7;
/** The stack and the explicit provider the tasks share. */
const OTHERS = 2;

describe("QlikTask under the real engine", () => {
  let fx: EngineFixture;
  const taskIdOf = async (key: string): Promise<string> => {
    const outputs = await fx.stack.outputs();
    return (outputs.tasks!.value as Record<string, { taskId: string }>)[key]!.taskId;
  };

  beforeAll(async () => {
    fx = await engineFixture("lifecycle");
  });
  afterAll(async () => {
    await fx?.dispose();
  });

  it("previews the creates without calling the tenant", async () => {
    const preview = await fx.stack.preview();

    expect(preview.changeSummary.create).toBe(DECLARED + OTHERS);
    expect(fx.tenant.requests()).toEqual([]);
  });

  it("migrates every declared reload task once on up", async () => {
    const up = await fx.stack.up();

    expect(up.summary.result).toBe("succeeded");
    const tasks = fx.tenant.snapshot().tasks;
    expect(tasks).toHaveLength(DECLARED);
    const migratedFrom = tasks.map((t) => t.metadata?.migratedFrom).sort();
    expect(new Set(migratedFrom).size).toBe(DECLARED);
    expect(tasks.every((t) => t.enabled === true)).toBe(true);
    const posts = fx.tenant.requests().filter((r) => r.method === "POST");
    expect(posts).toHaveLength(DECLARED - 1);
  });

  it("adopts the already migrated reload task instead of migrating it again", async () => {
    const churn = fx.tenant
      .snapshot()
      .tasks.find((t) => t.metadata?.migratedFrom?.endsWith("d506"));

    expect(await taskIdOf("customer-churn-evening")).toBe(churn!.id);
    expect(churn!.id).toBe("74bec3a6-ef97-4a51-a4c2-379240c12f0b");
  });

  it("shows no change on a second preview and calls nothing", async () => {
    fx.tenant.clearRequests();
    const preview = await fx.stack.preview({ expectNoChanges: true });

    expect(preview.changeSummary).toEqual({ same: DECLARED + OTHERS });
    expect(fx.tenant.requests()).toEqual([]);
  });

  it("previews a schedule edit as that one field and applies it with one read and one PUT", async () => {
    const yaml = readFileSync(fx.stackFile, "utf8");
    fx.writeStackFile(yaml.replace(SALES_RULE, SALES_RULE_EDITED));
    const seen = outputCollector();

    const preview = await fx.stack.preview({ diff: true, onOutput: seen.onOutput });

    expect(preview.changeSummary).toEqual({ same: DECLARED + OTHERS - 1, update: 1 });
    expect(seen.text()).toContain(`recurrence: "${SALES_RULE}" => "${SALES_RULE_EDITED}"`);
    expect(seen.text()).not.toMatch(/~\s+(name|enabled|appId|timezone)\s*:/);

    fx.tenant.clearRequests();
    await fx.stack.up();
    const id = await taskIdOf("sales-dashboard-daily");
    expect(callsOf(fx.tenant)).toEqual([`GET /api/v1/tasks/${id}`, `PUT /api/v1/tasks/${id}`]);
    const live = fx.tenant.snapshot().tasks.find((t) => t.id === id)!;
    expect((live.start!.schedule as { recurrence: string }).recurrence).toBe(SALES_RULE_EDITED);
  });

  it("records a change made in the Qlik UI on refresh, and plans to undo it", async () => {
    const id = await taskIdOf("ops-monitoring-4h");
    fx.tenant.editTask(id, { enabled: false, disabledCode: "APP-SCRIPT-UPDATED" }, "ui-user");
    fx.tenant.clearRequests();

    const refresh = await fx.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(fx.tenant.requests().filter((r) => r.method !== "GET")).toEqual([]);
    expect(fx.tenant.requests()).toHaveLength(DECLARED);

    const seen = outputCollector();
    const preview = await fx.stack.preview({ diff: true, onOutput: seen.onOutput });
    expect(preview.changeSummary).toEqual({ same: DECLARED + OTHERS - 1, update: 1 });
    expect(seen.text()).toMatch(/~ enabled\s*: false => true/);
  });

  it("repairs the drift on up and then shows no change on refresh", async () => {
    await fx.stack.up();
    const refresh = await fx.stack.refresh();
    const preview = await fx.stack.preview({ expectNoChanges: true });

    expect(refresh.summary.resourceChanges).toEqual({ same: DECLARED + OTHERS });
    expect(preview.changeSummary).toEqual({ same: DECLARED + OTHERS });
  });

  it("adopts a task made in the UI with adoptTaskId, without a POST and with no diff after", async () => {
    const made = fx.tenant.addTask(
      uiTask("Board pack weekly", "7beae00a-92ba-46e5-a27b-4fcf8173f744"),
    );
    const yaml = readFileSync(fx.stackFile, "utf8");
    fx.writeStackFile(`${yaml}${adoptionEntry(made.id)}`);
    fx.tenant.clearRequests();

    await fx.stack.up();
    const preview = await fx.stack.preview({ expectNoChanges: true });

    expect(callsOf(fx.tenant)).toEqual([`GET /api/v1/tasks/${made.id}`]);
    expect(await taskIdOf("board-pack-weekly")).toBe(made.id);
    expect(preview.changeSummary).toEqual({ same: DECLARED + OTHERS + 1 });
  });

  it("deletes every managed task on destroy", async () => {
    await fx.stack.destroy();

    expect(fx.tenant.snapshot().tasks).toEqual([]);
  });
});

/** A task as a user would make it in the Qlik console. */
function uiTask(name: string, appId: string): Record<string, unknown> {
  return {
    name,
    specVersion: "1.12.0",
    enabled: true,
    metadata: { spaceId: "ff901f5a-ae04-4312-ab58-32122c5eba83", usage: "ANALYTICS" },
    ...reloadWorkflow({
      appId,
      schedule: {
        recurrence: "RRULE:FREQ=WEEKLY;BYDAY=MO;BYHOUR=8;BYMINUTE=0",
        startDateTime: "2026-01-05T08:00:00",
        endDateTime: null,
        timezone: "Europe/Paris",
      },
    }),
  };
}

function adoptionEntry(taskId: string): string {
  return `
  - key: board-pack-weekly
    name: Board pack weekly
    appId: 7beae00a-92ba-46e5-a27b-4fcf8173f744
    spaceId: ff901f5a-ae04-4312-ab58-32122c5eba83
    schedule:
      recurrence: FREQ=WEEKLY;BYDAY=MO;BYHOUR=8;BYMINUTE=0
      startDateTime: "2026-01-05T08:00:00"
      timezone: Europe/Paris
    adoptTaskId: ${taskId}
`;
}
