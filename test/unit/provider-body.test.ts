import type { Task } from "../../provider/client/schemas";
import { validateInputs, type TaskInputs } from "../../provider/inputs";
import { newTaskBody, updatedTaskBody } from "../../provider/task-body";
import { managedFields } from "../../provider/task-shape";

const APP_A = "11111111-2222-3333-4444-555555555555";
const SPACE = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const RT1 = "000000000000000000000001";

function inputs(overrides: Record<string, unknown> = {}): TaskInputs {
  const result = validateInputs({
    name: "APP_A hourly",
    appId: APP_A,
    schedule: {
      recurrence: "RRULE:FREQ=HOURLY;BYHOUR=10;BYMINUTE=20",
      startDateTime: "2025-04-17T06:00:00",
      timezone: "UTC",
    },
    ...overrides,
  });
  expect(result.failures).toEqual([]);
  return result.inputs!;
}

/** A task as Qlik's own tooling made it (F5), with fields the resource does not manage. */
function toolingTask(): Task {
  return {
    id: "74bec3a6-ef97-4a51-a4c2-379240c12f0b",
    name: "Migrated by Qlik",
    description: "",
    specVersion: "1.12.0",
    version: "1.0.0",
    enabled: true,
    resourceId: APP_A,
    annotations: ["owner:data-team"],
    metadata: {
      createdAt: "2026-09-29T02:14:51.318Z",
      createdBy: "ui-user",
      updatedAt: "2026-09-29T02:14:51.318Z",
      migratedFrom: RT1,
      ownerId: "ui-user",
      spaceId: SPACE,
      tenantId: "FieldCaseTenant0000000000000001",
      usage: "ANALYTICS",
      orchestration: { id: "1579e236-b0e7-45b3-bd5b-f84035747045", type: 0 },
    },
    start: {
      stateName: "init_state",
      schedule: {
        recurrence: "RRULE:FREQ=HOURLY;BYHOUR=10;BYMINUTE=20",
        startDateTime: "2025-04-17T06:00:00",
        endDateTime: null,
        timezone: "UTC",
      },
    },
    states: [
      {
        name: "init_state",
        type: "EVENT",
        end: true,
        onEvents: [
          {
            eventRefs: [],
            actions: [
              {
                name: "AppReload",
                functionRef: {
                  refName: "app.reload",
                  arguments: { appId: APP_A, partial: false, reloadReason: "schedule" },
                },
              },
            ],
          },
        ],
      },
    ],
  };
}

describe("newTaskBody", () => {
  it("builds one event state with one app.reload action, started by name", () => {
    expect(newTaskBody(inputs({ partial: true, spaceId: SPACE }))).toEqual({
      name: "APP_A hourly",
      enabled: true,
      specVersion: "0.8",
      metadata: { spaceId: SPACE, usage: "ANALYTICS" },
      start: {
        stateName: "reload",
        schedule: {
          recurrence: "RRULE:FREQ=HOURLY;BYHOUR=10;BYMINUTE=20",
          startDateTime: "2025-04-17T06:00:00",
          timezone: "UTC",
        },
      },
      states: [
        {
          name: "reload",
          type: "EVENT",
          end: true,
          onEvents: [
            {
              eventRefs: [],
              actions: [
                {
                  name: "reload-app",
                  functionRef: {
                    refName: "app.reload",
                    arguments: { appId: APP_A, partial: true },
                  },
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it("spells the zone key `timezone`, as the Tasks API does (F4)", () => {
    const schedule = newTaskBody(inputs({ schedule: zoned("Europe/London") })).start as {
      schedule: Record<string, unknown>;
    };

    expect(schedule.schedule.timezone).toBe("Europe/London");
    expect(schedule.schedule).not.toHaveProperty("timeZone");
  });

  it("always sends enabled, also when it is false (F7)", () => {
    expect(newTaskBody(inputs())).toHaveProperty("enabled", true);
    expect(newTaskBody(inputs({ enabled: false }))).toHaveProperty("enabled", false);
  });

  it("sends no endDateTime key when there is no end, and the end when there is one", () => {
    const open = newTaskBody(inputs({ schedule: { ...zoned("UTC"), endDateTime: null } }));
    const closed = newTaskBody(
      inputs({ schedule: { ...zoned("UTC"), endDateTime: "2099-12-31T23:00:00" } }),
    );

    expect((open.start as { schedule: object }).schedule).not.toHaveProperty("endDateTime");
    expect(closed.start).toMatchObject({ schedule: { endDateTime: "2099-12-31T23:00:00" } });
  });

  it("carries the description and the marker when given", () => {
    const body = newTaskBody(inputs({ description: "nightly", marker: "pulumi:p/s/daily" }));

    expect(body).toMatchObject({ description: "nightly", annotations: ["pulumi:p/s/daily"] });
  });
});

describe("updatedTaskBody", () => {
  it("replaces the managed fields and keeps what the service holds (F8)", () => {
    const declared = inputs({
      name: "Renamed",
      partial: true,
      schedule: zoned("Europe/London"),
    });

    expect(updatedTaskBody(toolingTask(), declared)).toEqual({
      name: "Renamed",
      description: "",
      specVersion: "1.12.0",
      version: "1.0.0",
      enabled: true,
      annotations: ["owner:data-team"],
      metadata: {
        createdBy: "ui-user",
        migratedFrom: RT1,
        ownerId: "ui-user",
        spaceId: SPACE,
        tenantId: "FieldCaseTenant0000000000000001",
        usage: "ANALYTICS",
        orchestration: { id: "1579e236-b0e7-45b3-bd5b-f84035747045", type: 0 },
      },
      start: {
        stateName: "init_state",
        schedule: {
          recurrence: "RRULE:FREQ=DAILY;BYHOUR=20;BYMINUTE=0",
          startDateTime: "2025-01-29T06:00:00",
          timezone: "Europe/London",
        },
      },
      states: [
        {
          name: "init_state",
          type: "EVENT",
          end: true,
          onEvents: [
            {
              eventRefs: [],
              actions: [
                {
                  name: "AppReload",
                  functionRef: {
                    refName: "app.reload",
                    arguments: { appId: APP_A, partial: true, reloadReason: "schedule" },
                  },
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it("drops the fields the service owns: id, resourceId and the times", () => {
    const body = updatedTaskBody(toolingTask(), inputs());

    expect(body).not.toHaveProperty("id");
    expect(body).not.toHaveProperty("resourceId");
    expect(body.metadata).not.toHaveProperty("createdAt");
    expect(body.metadata).not.toHaveProperty("updatedAt");
  });

  it("writes a declared end and removes a null one", () => {
    const withEnd = inputs({ schedule: { ...zoned("UTC"), endDateTime: "2099-01-01T00:00:00" } });

    expect(updatedTaskBody(toolingTask(), withEnd).start).toMatchObject({
      schedule: { endDateTime: "2099-01-01T00:00:00" },
    });
    expect(
      (updatedTaskBody(toolingTask(), inputs()).start as { schedule: object }).schedule,
    ).not.toHaveProperty("endDateTime");
  });

  it("does not change the task it was given", () => {
    const live = toolingTask();

    updatedTaskBody(live, inputs({ name: "Renamed", partial: true }));

    expect(live).toEqual(toolingTask());
  });
});

describe("managedFields", () => {
  it("reads the fields of a task made by Qlik's tooling (F5)", () => {
    expect(managedFields(toolingTask())).toEqual({
      name: "Migrated by Qlik",
      description: "",
      enabled: true,
      appId: APP_A,
      spaceId: SPACE,
      usage: "ANALYTICS",
      partial: false,
      schedule: {
        recurrence: "RRULE:FREQ=HOURLY;BYHOUR=10;BYMINUTE=20",
        startDateTime: "2025-04-17T06:00:00",
        endDateTime: "",
        timezone: "UTC",
      },
    });
  });

  it("refuses a task with two states", () => {
    const task = toolingTask();
    task.states = [...task.states!, { ...(task.states![0] as object), name: "second" }];

    expect(() => managedFields(task)).toThrow(
      'unsupported task shape: task 74bec3a6-ef97-4a51-a4c2-379240c12f0b ("Migrated by Qlik") ' +
        "has 2 states; this resource manages tasks with one event state that runs one app.reload",
    );
  });

  it("refuses a task that calls another function", () => {
    const task = toolingTask();
    const state = task.states![0] as { onEvents: { actions: { functionRef: object }[] }[] };
    state.onEvents[0]!.actions[0]!.functionRef = { refName: "automation.run", arguments: {} };

    expect(() => managedFields(task)).toThrow(
      'unsupported task shape: task 74bec3a6-ef97-4a51-a4c2-379240c12f0b ("Migrated by Qlik") ' +
        "calls automation.run; this resource manages tasks with one event state that runs one " +
        "app.reload",
    );
  });

  it("refuses a schedule given as a string", () => {
    const task = { ...toolingTask(), start: { stateName: "init_state", schedule: "@daily" } };

    expect(() => managedFields(task)).toThrow(
      'unsupported task shape: task 74bec3a6-ef97-4a51-a4c2-379240c12f0b ("Migrated by Qlik") ' +
        "has no RRULE schedule; this resource manages tasks with one event state that runs one " +
        "app.reload",
    );
  });

  it("refuses a task without states, never answering undefined", () => {
    const { states: _states, ...task } = toolingTask();

    expect(() => managedFields(task as Task)).toThrow(/^unsupported task shape: .* has 0 states/);
  });
});

function zoned(timezone: string) {
  return {
    recurrence: "FREQ=DAILY;BYHOUR=20;BYMINUTE=0",
    startDateTime: "2025-01-29T06:00:00",
    timezone,
  };
}
