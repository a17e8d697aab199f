/**
 * The readable preview report, from engine events recorded under the real engine: a preview
 * after a refresh that saw one task disabled and another's schedule changed in the Qlik UI.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import recorded from "../fixtures/preview-drift-events.json";
import { changedFields, formatPlanReport, plannedChanges } from "../../scripts/plan-report";

const EVENTS = recorded as unknown as EngineEvent[];
const NOW = new Date("2026-12-03T12:00:00Z");
const DRIFT_LABELS = { before: "on the tenant", after: "declared" };

/** The recorded events with the step of `key` rewritten by `edit`. */
function withStep(key: string, edit: (metadata: Record<string, unknown>) => void): EngineEvent[] {
  const copy = structuredClone(EVENTS);
  for (const event of copy) {
    const metadata = event.resourcePreEvent?.metadata as unknown as Record<string, unknown>;
    if (metadata && String(metadata.urn).endsWith(`::${key}`)) edit(metadata);
  }
  return copy;
}

describe("plannedChanges", () => {
  it("lists only the tasks that change, with the fields that differ", () => {
    const changes = plannedChanges(EVENTS, NOW);

    expect(changes.map((c) => [c.op, c.key, c.fields.map((f) => f.field)])).toEqual([
      ["update", "regional-kpis-sunday", ["schedule.recurrence"]],
      ["update", "customer-churn-evening", ["enabled"]],
    ]);
    expect(changes[1]!.fields[0]).toEqual({ field: "enabled", before: false, after: true });
    expect(changes[1]!.runs).toBeUndefined();
  });

  it("gives the next three runs before and after a schedule change in the task's zone", () => {
    const [schedule] = plannedChanges(EVENTS, NOW);

    expect(schedule!.runs).toEqual({
      before:
        "Next runs, local time in Australia/Sydney: 2026-12-04 09:00 (2026-12-03T22:00:00Z), " +
        "2026-12-05 09:00 (2026-12-04T22:00:00Z), 2026-12-06 09:00 (2026-12-05T22:00:00Z)",
      after:
        "Next runs, local time in Australia/Sydney: 2026-12-06 16:00 (2026-12-06T05:00:00Z), " +
        "2026-12-13 16:00 (2026-12-13T05:00:00Z), 2026-12-20 16:00 (2026-12-20T05:00:00Z)",
    });
  });

  it("shows a create with every declared field, hiding the provider's own inputs", () => {
    const events = withStep("customer-churn-evening", (m) => (m.op = "create"));
    const create = plannedChanges(events, NOW).find((c) => c.op === "create")!;

    const fields = create.fields.map((f) => f.field);
    expect(fields).toContain("migrateFrom");
    expect(fields).toContain("schedule.timezone");
    expect(fields).not.toContain("__provider");
    expect(fields).not.toContain("marker");
    expect(create.fields.every((f) => f.before === undefined)).toBe(true);
    expect(create.runs?.before).toBe("No schedule.");
  });

  it("reports a replace once, under the replace step", () => {
    const replaced = withStep("customer-churn-evening", (m) => (m.op = "replace"));
    const steps = ["create-replacement", "replace", "delete-replaced"].map((op) =>
      withStep("customer-churn-evening", (m) => (m.op = op)),
    );
    const events = [...steps[0]!, ...replaced, ...steps[2]!];

    const churn = plannedChanges(events, NOW).filter((c) => c.key === "customer-churn-evening");
    expect(churn.map((c) => c.op)).toEqual(["replace"]);
  });

  it("finds no change in a preview whose steps are all same", () => {
    const events = EVENTS.filter((e) => e.resourcePreEvent?.metadata.op === "same");

    expect(plannedChanges(events, NOW)).toEqual([]);
    expect(formatPlanReport([])).toBe("No task changes.\n");
  });
});

describe("changedFields", () => {
  it("treats another RRULE spelling and an empty end date as no change", () => {
    const before = {
      schedule: { recurrence: "RRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=6", endDateTime: "" },
    };
    const after = { schedule: { recurrence: "BYHOUR=6;FREQ=DAILY" } };

    expect(changedFields(before, after)).toEqual([]);
  });

  it("ignores migrateFrom and adoptTaskId after the first create", () => {
    expect(changedFields({ migrateFrom: "a" }, { migrateFrom: "b", adoptTaskId: "c" })).toEqual([]);
  });
});

describe("formatPlanReport", () => {
  it("words each change as old -> new with the runs on both sides", () => {
    const text = formatPlanReport(plannedChanges(EVENTS, NOW), DRIFT_LABELS);

    expect(text.split("\n").slice(0, 4)).toEqual([
      "2 task(s) change:",
      "",
      "update regional-kpis-sunday (Regional KPIs - Sunday until end of 2027)",
      '  schedule.recurrence: "RRULE:FREQ=DAILY;BYHOUR=9;BYMINUTE=0;BYSECOND=0" -> ' +
        '"RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=SU;BYHOUR=16;BYMINUTE=0;BYSECOND=0"',
    ]);
    expect(text).toContain("  runs on the tenant: Next runs, local time in Australia/Sydney: ");
    expect(text).toContain("  runs declared: Next runs, local time in Australia/Sydney: ");
    expect(text).toContain(
      "update customer-churn-evening (Customer Churn)\n  enabled: false -> true\n",
    );
  });
});
