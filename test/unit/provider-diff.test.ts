// got is ESM-only; see test/native-got.ts.
jest.mock("got", () => require("../native-got").nativeGot());

import { UNKNOWN_VALUE, validateInputs, type TaskInputs } from "../../provider/inputs";
import { createLifecycle } from "../../provider/lifecycle";
import { memoryLogger } from "../../provider/log";
import { changedProperties, type TaskOutputs } from "../../provider/outputs";

const APP_A = "11111111-2222-3333-4444-555555555555";
const APP_B = "66666666-7777-8888-9999-000000000000";
const TASK_ID = "3f0c1d2e-4b5a-4c6d-8e7f-9a0b1c2d3e4f";

function declared(overrides: Record<string, unknown> = {}): TaskInputs {
  const { schedule, ...rest } = overrides;
  const result = validateInputs({
    name: "Daily reload",
    appId: APP_A,
    schedule: {
      recurrence: "RRULE:INTERVAL=2;FREQ=DAILY;COUNT=3",
      startDateTime: "2025-01-29T06:00:00",
      timezone: "Europe/London",
      ...(schedule as object),
    },
    ...rest,
  });
  expect(result.failures).toEqual([]);
  return result.inputs!;
}

/** The state of a task this stack wrote: the inputs and what the service added. */
function stateOf(inputs: TaskInputs, extra: Partial<TaskOutputs> = {}): TaskOutputs {
  return {
    ...inputs,
    taskId: TASK_ID,
    resourceId: inputs.appId,
    ownerId: "pipeline",
    migratedFrom: "",
    createdAt: "2026-12-01T10:00:00.000Z",
    updatedAt: "2026-12-01T10:00:00.000Z",
    disabledCode: "",
    writtenBy: "pipeline",
    ...extra,
  };
}

describe("diff", () => {
  let log: ReturnType<typeof memoryLogger>;
  const diff = (olds: TaskOutputs, news: TaskInputs) =>
    createLifecycle({ log, env: {} }).diff!(TASK_ID, olds, news);

  beforeEach(() => {
    log = memoryLogger();
  });

  it("sees no change between a rule with and without prefix or in another order (F22)", async () => {
    const olds = stateOf(declared());
    const news = { ...declared(), schedule: { ...declared().schedule } };
    news.schedule.recurrence = "COUNT=3;INTERVAL=2;FREQ=DAILY";

    expect(await diff(olds, news)).toEqual({ changes: false });
  });

  it("sees no change between a null, an absent and an empty end date (F5)", async () => {
    const olds = stateOf(declared());
    for (const endDateTime of [null, undefined, ""]) {
      const news = declared();
      (news.schedule as Record<string, unknown>).endDateTime = endDateTime;

      expect(await diff(olds, news)).toEqual({ changes: false });
    }
  });

  it("ignores migrateFrom, which only matters on the first create", async () => {
    const olds = stateOf(declared({ migrateFrom: "000000000000000000000001" }));

    expect(await diff(olds, declared())).toEqual({ changes: false });
    expect(await diff(olds, declared({ migrateFrom: "000000000000000000000002" }))).toEqual({
      changes: false,
    });
  });

  it("ignores adoptTaskId, which only matters on the first create", async () => {
    const olds = stateOf(declared({ adoptTaskId: TASK_ID }));

    expect(await diff(olds, declared())).toEqual({ changes: false });
    expect(await diff(stateOf(declared()), declared({ adoptTaskId: "another-task" }))).toEqual({
      changes: false,
    });
  });

  it("updates in place when the schedule changes", async () => {
    const news = declared({ schedule: { timezone: "Europe/Berlin" } });

    expect(await diff(stateOf(declared()), news)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(changedProperties(declared(), news)).toEqual(["schedule.timezone"]);
  });

  it("replaces the task when the app changes", async () => {
    expect(await diff(stateOf(declared()), declared({ appId: APP_B }))).toEqual({
      changes: true,
      replaces: ["appId"],
      deleteBeforeReplace: false,
    });
  });

  it("warns before an update that moves the task to the stack's user", async () => {
    const olds = stateOf(declared(), { ownerId: "ui-user", writtenBy: "pipeline" });

    await diff(olds, declared({ enabled: false }));

    expect(log.lines).toEqual([
      `warn: Daily reload: task ${TASK_ID} is owned by user ui-user; updating it makes the user ` +
        "of this stack's API key its owner (Qlik transfers ownership on every update)",
    ]);
  });

  it("says nothing about ownership when the stack's user still owns the task", async () => {
    await diff(stateOf(declared()), declared({ enabled: false }));

    expect(log.lines).toEqual([]);
  });

  it("reports a change for unknown values without failing (preview)", async () => {
    const olds = stateOf(declared());
    const unknownSchedule = { ...declared(), schedule: UNKNOWN_VALUE } as unknown as TaskInputs;
    const unknownRule = declared();
    unknownRule.schedule.recurrence = UNKNOWN_VALUE;

    expect(await diff(olds, unknownSchedule)).toMatchObject({ changes: true, replaces: [] });
    expect(await diff(olds, unknownRule)).toMatchObject({ changes: true, replaces: [] });
  });
});

describe("changedProperties", () => {
  it("lists each changed managed property, with dotted paths for the schedule", () => {
    const news = declared({
      name: "Renamed",
      enabled: false,
      partial: true,
      schedule: { startDateTime: "2025-02-01T06:00:00", endDateTime: "2099-01-01T00:00:00" },
    });

    expect(changedProperties(declared(), news)).toEqual([
      "name",
      "enabled",
      "partial",
      "schedule.startDateTime",
      "schedule.endDateTime",
    ]);
  });

  it("treats an unset description like an empty one", () => {
    expect(changedProperties(declared({ description: "" }), declared())).toEqual([]);
  });
});
