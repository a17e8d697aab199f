/**
 * The drift check under the real engine against the tenant simulator: refresh, then a preview
 * that should change nothing; edits made in the Qlik UI come out as drift with the field and,
 * for a schedule, the runs on the tenant and the runs declared.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { projectRoot } from "../../provider/program";
import { DRIFT_EXIT, checkDrift } from "../../scripts/drift";
import { type EngineFixture, engineFixture } from "./engine-harness";

jest.setTimeout(120_000);

const NOW = new Date("2026-12-03T12:00:00Z");

describe("drift check", () => {
  let fx: EngineFixture;
  const taskOf = (reloadTaskSuffix: string) =>
    fx.tenant.snapshot().tasks.find((t) => t.metadata?.migratedFrom?.endsWith(reloadTaskSuffix))!;

  beforeAll(async () => {
    fx = await engineFixture("drift");
    await fx.stack.up();
  });
  afterAll(async () => {
    await fx?.dispose();
  });

  it("finds no drift right after an up", async () => {
    fx.tenant.clearRequests();
    const result = await checkDrift(fx.stack, { now: NOW });

    expect(result.code).toBe(DRIFT_EXIT.none);
    expect(result.report).toBe("No drift in stack drift: the tenant matches the declaration.\n");
    // The refresh reads each of the 7 tasks once; the preview calls nothing.
    expect(fx.tenant.requests().map((r) => r.method)).toEqual(Array(7).fill("GET"));
  });

  it("reports a task disabled in the Qlik UI with the field that changed", async () => {
    fx.tenant.editTask(taskOf("d501").id, { enabled: false }, "ui-user");
    const result = await checkDrift(fx.stack, { now: NOW });

    expect(result.code).toBe(DRIFT_EXIT.drift);
    expect(result.report).toContain("Drift in stack drift");
    expect(result.report).toContain(
      "update sales-dashboard-daily (Sales Dashboard - daily reload)\n  enabled: false -> true\n",
    );
    expect(fx.tenant.snapshot().tasks.filter((t) => t.enabled === false)).toHaveLength(1);
  });

  it("reports a schedule changed in the Qlik UI with the next runs before and after", async () => {
    const task = taskOf("d502");
    const schedule = (task.start as { schedule: Record<string, string> }).schedule;
    const edited = { ...schedule, recurrence: "RRULE:FREQ=DAILY;BYHOUR=9;BYMINUTE=0;BYSECOND=0" };
    fx.tenant.editTask(task.id, { start: { ...task.start, schedule: edited } }, "ui-user");
    const result = await checkDrift(fx.stack, { now: NOW });

    expect(result.code).toBe(DRIFT_EXIT.drift);
    const finance = result.changes.find((c) => c.key === "finance-pl-weekdays")!;
    expect(finance.fields.map((f) => f.field)).toEqual(["schedule.recurrence"]);
    expect(result.report).toContain(
      "  runs on the tenant: Next runs, local time in America/Toronto: 2026-12-03 09:00 " +
        "(2026-12-03T14:00:00Z), 2026-12-04 09:00 (2026-12-04T14:00:00Z), 2026-12-05 09:00",
    );
    expect(result.report).toContain(
      "  runs declared: Next runs, local time in America/Toronto: 2026-12-04 07:30 " +
        "(2026-12-04T12:30:00Z), 2026-12-07 07:30 (2026-12-07T12:30:00Z), 2026-12-09 07:30",
    );
  });

  it("exits 1 with its usage when the command has no stack", async () => {
    const script = path.join(projectRoot(), "dist", "scripts", "drift.js");
    const exit = await new Promise<{ code: number | null; stderr: string }>((resolve) =>
      execFile(process.execPath, [script], (error, _stdout, stderr) =>
        resolve({ code: error ? (error.code as number) : 0, stderr }),
      ),
    );

    expect(exit).toEqual({
      code: 1,
      stderr:
        `usage: drift --stack NAME (backend from ` + "PULUMI_BACKEND_URL, default .pulumi-local)\n",
    });
  });
});
