import type { ReloadTask, Task } from "../../provider/client/schemas";
import { type ExistingEntry, type Remote, planDiscovery } from "../../provider/discover/plan";
import { reloadWorkflow } from "../fixtures/workflow";

const APP_A = "11111111-2222-3333-4444-555555555555";
const APP_B = "66666666-7777-8888-9999-000000000000";
const SPACE = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const STACK = { project: "qlik-tasks", stack: "dev" };

/** A reload task as `/api/v1/reload-tasks` returns it (field-cases.json shape). */
function reloadTask(n: number, fields: Partial<ReloadTask> = {}): ReloadTask {
  return {
    id: n.toString(16).padStart(24, "0"),
    appId: APP_A,
    spaceId: SPACE,
    partial: false,
    autoReload: false,
    autoReloadPartial: false,
    recurrence: ["RRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=6;BYMINUTE=0;BYSECOND=0"],
    startDateTime: "2025-01-29T06:00:00",
    timeZone: "Europe/London",
    state: "Enabled",
    migrated: false,
    userId: "ui-user",
    tenantId: "FieldCaseTenant0000000000000001",
    ...fields,
  };
}

/** A task as Qlik's own tooling returns it (local-tenant.json shape). */
function task(id: string, fields: Partial<Task> & { appId?: string } = {}): Task {
  const { appId = APP_A, ...rest } = fields;
  return {
    id,
    name: `Task ${id.slice(0, 4)}`,
    description: "",
    specVersion: "1.12.0",
    version: "1.0.0",
    enabled: true,
    resourceId: appId,
    metadata: { spaceId: SPACE, usage: "ANALYTICS", ownerId: "ui-user" },
    ...reloadWorkflow({
      appId,
      schedule: {
        recurrence: "RRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=20;BYMINUTE=0;BYSECOND=0",
        startDateTime: "2025-01-29T06:00:00",
        endDateTime: null,
        timezone: "Europe/London",
      },
    }),
    ...rest,
  };
}

function plan(remote: Partial<Remote>, existing: ExistingEntry[] = []) {
  return planDiscovery({ reloadTasks: [], tasks: [], ...remote }, existing, STACK);
}

/** The schedule written for one reload task, or the reason a person is needed. */
function outcome(fields: Partial<ReloadTask>) {
  const result = plan({ reloadTasks: [reloadTask(1, fields)] });
  const entry = result.added[0]?.entry;
  return entry ? entry.schedule : result.needsPerson.map((n) => n.reason).join("\n");
}

describe("planDiscovery: legacy schedule shapes", () => {
  it("keeps an RRULE with the prefix, in canonical form", () => {
    expect(outcome({ recurrence: ["RRULE:FREQ=HOURLY;BYHOUR=10;BYMINUTE=20"] })).toEqual({
      recurrence: "RRULE:FREQ=HOURLY;BYHOUR=10;BYMINUTE=20",
      startDateTime: "2025-01-29T06:00:00",
      timezone: "Europe/London",
    });
  });

  it("adds the prefix to an RRULE written without it", () => {
    expect(outcome({ recurrence: ["FREQ=DAILY;INTERVAL=2;COUNT=3"] })).toMatchObject({
      recurrence: "RRULE:FREQ=DAILY;INTERVAL=2;COUNT=3",
    });
  });

  it("drops padding around the rule", () => {
    expect(outcome({ recurrence: ["  RRULE:FREQ=DAILY;BYHOUR=6  ", ""] })).toMatchObject({
      recurrence: "RRULE:FREQ=DAILY;BYHOUR=6",
    });
  });

  it("puts FREQ first and keeps the other parts in their order (F22)", () => {
    expect(outcome({ recurrence: ["RRULE:INTERVAL=2;FREQ=DAILY;COUNT=3"] })).toMatchObject({
      recurrence: "RRULE:FREQ=DAILY;INTERVAL=2;COUNT=3",
    });
  });

  it("refers several RRULE lines to a person, naming the reload task and the split (F2)", () => {
    const result = plan({
      reloadTasks: [
        reloadTask(2, {
          appId: APP_B,
          timeZone: "America/Toronto",
          recurrence: [
            "RRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=11;BYMINUTE=18;BYSECOND=0",
            "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU;BYHOUR=13;BYMINUTE=17;BYSECOND=0",
          ],
        }),
      ],
    });

    expect(result.added).toEqual([]);
    expect(result.needsPerson).toEqual([
      {
        subject: `reload task 000000000000000000000002 (app ${APP_B})`,
        reason: expect.stringContaining("has 2 recurrence lines, and a task takes one"),
        fix: expect.stringContaining(
          'only the first may set migrateFrom "000000000000000000000002"',
        ),
      },
    ]);
  });

  it("maps a whole-hour offset without a zone to a fixed zone, same wall time", () => {
    expect(outcome({ timeZone: undefined, startDateTime: "2025-04-17T06:00:00+02:00" })).toEqual(
      expect.objectContaining({ startDateTime: "2025-04-17T06:00:00", timezone: "Etc/GMT-2" }),
    );
    expect(outcome({ timeZone: "", startDateTime: "2025-04-17T06:00:00Z" })).toMatchObject({
      timezone: "UTC",
    });
  });

  it("refers a half-hour offset or no offset without a zone to a person", () => {
    expect(outcome({ timeZone: undefined, startDateTime: "2025-04-17T06:00:00+05:30" })).toMatch(
      /no IANA zone keeps the offset \+05:30 all year/,
    );
    expect(outcome({ timeZone: undefined, startDateTime: "2025-04-17T06:00:00" })).toMatch(
      /neither timeZone nor an offset/,
    );
  });

  it("keeps a wall time with a zone, and refers a zone plus an offset to a person", () => {
    expect(outcome({ timeZone: "Asia/Dubai", startDateTime: "2025-10-17T09:00:00" })).toEqual(
      expect.objectContaining({ startDateTime: "2025-10-17T09:00:00", timezone: "Asia/Dubai" }),
    );
    expect(outcome({ startDateTime: "2025-10-17T09:00:00+04:00" })).toMatch(
      /sets timeZone "Europe\/London" and also an offset in startDateTime/,
    );
  });

  it("refers an empty schedule (autoReload only) to a person (F3)", () => {
    expect(outcome({ recurrence: [], startDateTime: "", autoReload: true })).toMatch(
      /no time-based schedule \(autoReload only\)/,
    );
  });

  it("writes an Enabled reload task enabled, with migrateFrom", () => {
    const result = plan({ reloadTasks: [reloadTask(1)] });

    expect(result.needsPerson).toEqual([]);
    expect(result.added[0]!.entry).toMatchObject({
      key: "app-11111111-daily-0600",
      name: `app ${APP_A} - daily at 06:00`,
      enabled: true,
      partial: false,
      migrateFrom: "000000000000000000000001",
    });
  });

  it("writes a Disabled reload task disabled, with a note for a person", () => {
    const result = plan({
      reloadTasks: [reloadTask(1, { state: "Disabled", disabledCode: "MANUALLY" })],
      tasks: [task("74bec3a6-ef97-4a51-a4c2-379240c12f0b")],
    });

    expect(result.added.find((a) => a.entry.migrateFrom)).toMatchObject({
      entry: { enabled: false },
      note:
        "reload task 000000000000000000000001 is Disabled (MANUALLY); the app has task(s) " +
        "74bec3a6-ef97-4a51-a4c2-379240c12f0b, and Qlik switches an app's reload tasks off " +
        "when a task is made for it",
    });
    expect(result.needsPerson.map((n) => n.fix)).toEqual([
      expect.stringContaining("is written with enabled: false; set enabled: true if"),
    ]);
  });

  it("refers a Completed reload task to a person and writes no entry", () => {
    const result = plan({ reloadTasks: [reloadTask(1, { state: "Completed" })] });

    expect(result.added).toEqual([]);
    expect(result.needsPerson[0]!.reason).toMatch(/is Completed: its schedule has no runs left/);
  });

  it("keeps partial reloads partial", () => {
    const result = plan({ reloadTasks: [reloadTask(1, { partial: true })] });

    expect(result.added[0]!.entry.partial).toBe(true);
  });

  it("gives several reload tasks of one app an entry each, with unique keys (F11)", () => {
    const result = plan({
      reloadTasks: [reloadTask(1), reloadTask(2), reloadTask(3, { recurrence: ["FREQ=WEEKLY"] })],
    });

    expect(result.added.map((a) => [a.entry.key, a.entry.migrateFrom])).toEqual([
      ["app-11111111-daily-0600", "000000000000000000000001"],
      ["app-11111111-daily-0600-000002", "000000000000000000000002"],
      ["app-11111111-weekly", "000000000000000000000003"],
    ]);
    expect(new Set(result.added.map((a) => a.entry.name)).size).toBe(3);
  });

  it("flags a new migration for an app the file already declares without identity", () => {
    const result = plan({ reloadTasks: [reloadTask(1)] }, [
      { index: 0, key: "sales-daily", appId: APP_A },
    ]);

    expect(result.added[0]!.note).toBe(
      `the file already declares sales-daily for app ${APP_A} without migrateFrom or adoptTaskId`,
    );
    expect(result.needsPerson[0]!.fix).toBe(
      "if one of them is this schedule, add migrateFrom: 000000000000000000000001 to it and " +
        "remove the entry app-11111111-daily-0600, or the app reloads twice; otherwise keep both",
    );
    expect(result.kept).toEqual(["tasks[0] (sales-daily)"]);
  });

  it("refers a reload task marked migrated with no task from it to a person", () => {
    expect(outcome({ migrated: true })).toMatch(
      /says it was migrated, but no task listed for its app came from it/,
    );
  });
});

describe("planDiscovery: existing tasks", () => {
  const TASK = "74bec3a6-ef97-4a51-a4c2-379240c12f0b";

  it("adopts the task Qlik migrated from a reload task instead of migrating again", () => {
    const migrated = task(TASK, { metadata: { migratedFrom: "000000000000000000000001" } });
    const result = plan({ reloadTasks: [reloadTask(1, { migrated: true })], tasks: [migrated] });

    expect(result.needsPerson).toEqual([]);
    expect(result.added.map((a) => a.entry)).toEqual([
      expect.objectContaining({ adoptTaskId: TASK, name: "Task 74be", enabled: true }),
    ]);
    expect(result.added[0]!.entry).not.toHaveProperty("migrateFrom");
  });

  it("adopts a task made in the UI, with its schedule as it stands", () => {
    const result = plan({ tasks: [task(TASK)] });

    expect(result.added[0]!.entry).toEqual({
      key: "task-74be-daily-2000",
      name: "Task 74be",
      appId: APP_A,
      spaceId: SPACE,
      partial: false,
      enabled: true,
      schedule: {
        recurrence: "RRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=20;BYMINUTE=0;BYSECOND=0",
        startDateTime: "2025-01-29T06:00:00",
        timezone: "Europe/London",
      },
      adoptTaskId: TASK,
    });
  });

  it("refers a task of an unsupported shape to a person", () => {
    const result = plan({ tasks: [task(TASK, { states: [] })] });

    expect(result.added).toEqual([]);
    expect(result.needsPerson[0]!.reason).toMatch(/unsupported task shape: .* has 0 states/);
  });

  it("leaves tasks with this stack's marker to their entry and other stacks' to them", () => {
    const ours = task(TASK, { annotations: ["pulumi:qlik-tasks/dev/sales-daily"] });
    const theirs = task("0b2c", { annotations: ["pulumi:qlik-tasks/prod/sales-daily"] });
    const result = plan({ tasks: [ours, theirs] }, [{ index: 0, key: "sales-daily" }]);

    expect(result.added).toEqual([]);
    expect(result.kept).toEqual(["tasks[0] (sales-daily)"]);
    expect(result.otherStacks).toEqual(['task 0b2c ("Task 0b2c") of stack prod']);
  });

  it("keeps matched entries and reports those whose remote task is gone", () => {
    const existing: ExistingEntry[] = [
      { index: 0, key: "a", migrateFrom: "000000000000000000000001" },
      { index: 1, key: "b", adoptTaskId: TASK },
      { index: 2, key: "c", migrateFrom: "000000000000000000000009" },
      { index: 3, key: "d", adoptTaskId: "gone-task" },
    ];
    const result = plan({ reloadTasks: [reloadTask(1)], tasks: [task(TASK)] }, existing);

    expect(result.added).toEqual([]);
    expect(result.kept).toEqual(["tasks[0] (a)", "tasks[1] (b)"]);
    expect(result.removedRemotely.map((r) => `${r.subject}: ${r.reason}`)).toEqual([
      "tasks[2] (c): reload task 000000000000000000000009 is gone and no task came from it",
      "tasks[3] (d): task gone-task is not on the tenant any more",
    ]);
  });
});
