// got is ESM-only; see test/native-got.ts.
jest.mock("got", () => require("../native-got").nativeGot());

import { UNKNOWN_VALUE, validateInputs, type TaskInputs } from "../../provider/inputs";
import { createLifecycle } from "../../provider/lifecycle";
import { memoryLogger } from "../../provider/log";

const APP_A = "11111111-2222-3333-4444-555555555555";
const NOW = new Date("2026-12-03T12:00:00Z");

/** A valid declaration as a user writes it, with `overrides` on top (schedule merged). */
function declaration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { schedule, ...rest } = overrides;
  return {
    name: "Daily reload",
    appId: APP_A,
    schedule: {
      recurrence: "RRULE:FREQ=DAILY;BYHOUR=6;BYMINUTE=0",
      startDateTime: "2025-01-29T06:00:00",
      timezone: "Europe/London",
      ...(schedule as object),
    },
    ...rest,
  };
}

function failuresOf(raw: Record<string, unknown>) {
  const result = validateInputs(raw, { now: NOW });
  expect(result.inputs).toBeUndefined();
  return result.failures;
}

function inputsOf(raw: Record<string, unknown>): TaskInputs {
  const result = validateInputs(raw, { now: NOW });
  expect(result.failures).toEqual([]);
  return result.inputs!;
}

describe("validateInputs", () => {
  it("reports each wrongly typed property by name, quoting the value", () => {
    const failures = failuresOf(declaration({ name: 42, enabled: "yes", partial: 1 }));

    expect(failures).toEqual([
      {
        property: "name",
        reason:
          "name must be the task's name, as text; write it in quotes, or YAML reads it as a " +
          "number (got 42)",
      },
      {
        property: "enabled",
        reason:
          "enabled must be true or false; write true or false (YAML 1.2 reads yes as text) " +
          '(got "yes")',
      },
      { property: "partial", reason: "partial must be true or false (got 1)" },
    ]);
  });

  it("refuses an unknown usage, listing the allowed ones", () => {
    expect(failuresOf(declaration({ usage: "REPORTING" }))).toEqual([
      {
        property: "usage",
        reason:
          "usage must be one of ANALYTICS, DATA_PREPARATION, DATAFLOW_PREP, SINGLE_TABLE_PREP " +
          '(got "REPORTING")',
      },
    ]);
  });

  it("names an unknown property and lists the known ones", () => {
    expect(failuresOf(declaration({ colour: "red" }))).toEqual([
      {
        property: "colour",
        reason:
          'unknown property "colour"; remove it or use one of the known ones (the known ' +
          "properties are name, appId, spaceId, usage, enabled, partial, description, schedule, " +
          "migrateFrom, adoptTaskId)",
      },
    ]);
  });

  it("names an unknown schedule property with its dotted path", () => {
    expect(failuresOf(declaration({ schedule: { timeZone: "UTC" } }))).toEqual([
      {
        property: "schedule.timeZone",
        reason:
          'unknown property "timeZone"; did you mean "timezone"? (the known properties of ' +
          "schedule are recurrence, startDateTime, endDateTime, timezone)",
      },
    ]);
  });

  it("says when the schedule is missing", () => {
    const { schedule: _schedule, ...rest } = declaration();

    expect(failuresOf(rest)).toEqual([
      {
        property: "schedule",
        reason:
          "schedule is missing; add a mapping of recurrence, startDateTime, timezone and, if it " +
          "ends, endDateTime",
      },
    ]);
  });

  it("refuses an empty name", () => {
    expect(failuresOf(declaration({ name: "  " }))).toEqual([
      { property: "name", reason: 'name must not be empty; give the task a name (got "  ")' },
    ]);
  });

  it("refuses an appId with characters an id cannot hold", () => {
    expect(failuresOf(declaration({ appId: "apps/123" }))).toEqual([
      {
        property: "appId",
        reason:
          "appId may hold only letters, digits, '-' and '_'; use the id, not a name or a path " +
          '(got "apps/123")',
      },
    ]);
  });

  it("refuses a broken RRULE through the rule library", () => {
    expect(failuresOf(declaration({ schedule: { recurrence: "FREQ=SOMETIMES" } }))).toEqual([
      {
        property: "schedule.recurrence",
        reason:
          '"RRULE:FREQ=SOMETIMES" is not a valid rule: Invalid FREQ value: SOMETIMES; write ' +
          'one RRULE as text, such as "FREQ=DAILY;BYHOUR=6;BYMINUTE=0" (got "FREQ=SOMETIMES")',
      },
    ]);
  });

  it("refuses several RRULE lines and says how to split them", () => {
    const recurrence = "RRULE:FREQ=DAILY;BYHOUR=11\nRRULE:FREQ=WEEKLY;BYDAY=MO";

    expect(failuresOf(declaration({ schedule: { recurrence } }))).toEqual([
      {
        property: "schedule.recurrence",
        reason:
          'a task takes one rule, but this recurrence holds 2: "RRULE:FREQ=DAILY;BYHOUR=11", ' +
          '"RRULE:FREQ=WEEKLY;BYDAY=MO"; declare one task per rule, each with the same ' +
          'startDateTime and timezone (got "RRULE:FREQ=DAILY;BYHOUR=11\\nRRULE:FREQ=WEEKLY;BYDAY=MO")',
      },
    ]);
  });

  it("refuses an unknown zone and suggests the close one", () => {
    expect(failuresOf(declaration({ schedule: { timezone: "Europe/Londn" } }))).toEqual([
      {
        property: "schedule.timezone",
        reason:
          '"Europe/Londn" is not an IANA time zone name; did you mean "Europe/London"? ' +
          '(got "Europe/Londn")',
      },
    ]);
  });

  it("refuses a date that does not exist", () => {
    const schedule = { startDateTime: "2025-02-30T06:00:00" };

    expect(failuresOf(declaration({ schedule }))).toEqual([
      {
        property: "schedule.startDateTime",
        reason:
          '"2025-02-30T06:00:00" is not a real date and time (value out of range: 1 <= 30 <= 28); ' +
          'write a local wall time as text, such as "2026-01-05T05:30:00" ' +
          '(got "2025-02-30T06:00:00")',
      },
    ]);
  });

  it("refuses a UTC offset in startDateTime and shows the wall time to write", () => {
    const schedule = { startDateTime: "2025-01-29T06:00:00+01:00" };

    expect(failuresOf(declaration({ schedule }))).toEqual([
      {
        property: "schedule.startDateTime",
        reason:
          '"2025-01-29T06:00:00+01:00" carries a UTC offset; a task\'s date-times are wall time ' +
          'in its timezone, so write "2025-01-29T06:00:00" and set timezone ' +
          '(got "2025-01-29T06:00:00+01:00")',
      },
    ]);
  });

  it("refuses an end before the start", () => {
    const schedule = { startDateTime: "2099-01-29T06:00:00", endDateTime: "2099-01-28T06:00:00" };

    expect(failuresOf(declaration({ schedule }))).toEqual([
      {
        property: "schedule.endDateTime",
        reason:
          "the end must come after startDateTime 2099-01-29T06:00:00; move endDateTime later " +
          '(got "2099-01-28T06:00:00")',
      },
    ]);
  });

  it("refuses an end in the past, saying the local time in the zone", () => {
    const schedule = { endDateTime: "2026-06-30T06:00:00" };

    expect(failuresOf(declaration({ schedule }))).toEqual([
      {
        property: "schedule.endDateTime",
        reason:
          "the end is in the past (it is 2026-12-03T12:00:00 local time in Europe/London); " +
          'remove it or move it later (got "2026-06-30T06:00:00")',
      },
    ]);
  });

  it("refuses migrateFrom and adoptTaskId together", () => {
    const raw = declaration({
      migrateFrom: "000000000000000000000001",
      adoptTaskId: "74bec3a6-ef97-4a51-a4c2-379240c12f0b",
    });

    expect(failuresOf(raw)).toEqual([
      {
        property: "adoptTaskId",
        reason:
          "use either migrateFrom (a reload task id) or adoptTaskId (a task id), not both " +
          '(got "74bec3a6-ef97-4a51-a4c2-379240c12f0b")',
      },
    ]);
  });

  it("fills the defaults: enabled, ANALYTICS, full reload", () => {
    const inputs = inputsOf(declaration());

    expect(inputs).toEqual({
      name: "Daily reload",
      appId: APP_A,
      usage: "ANALYTICS",
      enabled: true,
      partial: false,
      schedule: {
        recurrence: "RRULE:FREQ=DAILY;BYHOUR=6;BYMINUTE=0",
        startDateTime: "2025-01-29T06:00:00",
        timezone: "Europe/London",
      },
    });
  });

  it("stores one spelling for a rule written with or without prefix (F22)", () => {
    const prefixed = inputsOf(
      declaration({ schedule: { recurrence: "RRULE:INTERVAL=2;FREQ=DAILY;COUNT=3" } }),
    );
    const bare = inputsOf(
      declaration({ schedule: { recurrence: "INTERVAL=2;FREQ=DAILY;COUNT=3" } }),
    );

    expect(prefixed.schedule.recurrence).toBe("RRULE:FREQ=DAILY;INTERVAL=2;COUNT=3");
    expect(bare.schedule.recurrence).toBe(prefixed.schedule.recurrence);
  });

  it("keeps an hourly rule limited by BYHOUR as written (F1)", () => {
    const recurrence = "RRULE:FREQ=HOURLY;BYHOUR=10;BYMINUTE=20";
    const inputs = inputsOf(declaration({ schedule: { recurrence, timezone: "UTC" } }));

    expect(inputs.schedule.recurrence).toBe(recurrence);
  });

  it("treats null and empty end dates as no end", () => {
    for (const endDateTime of [null, ""]) {
      const inputs = inputsOf(declaration({ schedule: { endDateTime } }));
      expect(inputs.schedule).not.toHaveProperty("endDateTime");
    }
  });
});

describe("validateInputs with unknown values (preview)", () => {
  it("lets unknown values pass and still fills the defaults", () => {
    const raw = declaration({ name: UNKNOWN_VALUE, schedule: { recurrence: UNKNOWN_VALUE } });
    const result = validateInputs(raw, { now: NOW });

    expect(result.failures).toEqual([]);
    expect(result.inputs).toMatchObject({
      name: UNKNOWN_VALUE,
      enabled: true,
      usage: "ANALYTICS",
      partial: false,
      schedule: { recurrence: UNKNOWN_VALUE, timezone: "Europe/London" },
    });
  });

  it("lets a whole unknown schedule pass and writes a known rule canonically", () => {
    const unknownSchedule = validateInputs({ ...declaration(), schedule: UNKNOWN_VALUE });
    const unknownName = validateInputs(
      declaration({ name: UNKNOWN_VALUE, schedule: { recurrence: "BYHOUR=6;FREQ=DAILY" } }),
    );

    expect(unknownSchedule).toEqual({
      inputs: {
        ...declaration(),
        schedule: UNKNOWN_VALUE,
        usage: "ANALYTICS",
        enabled: true,
        partial: false,
      },
      failures: [],
    });
    expect(unknownName.inputs?.schedule.recurrence).toBe("RRULE:FREQ=DAILY;BYHOUR=6");
  });

  it("still reports a bad property next to an unknown one", () => {
    const raw = declaration({ name: UNKNOWN_VALUE, schedule: { timezone: "Europe/Londn" } });

    expect(failuresOf(raw).map((f) => f.property)).toEqual(["schedule.timezone"]);
  });
});

describe("check", () => {
  const provider = () => createLifecycle({ log: memoryLogger(), env: {} });
  const pastEnd = { endDateTime: "2026-01-31T06:00:00" };
  /** The engine passes empty olds on create. */
  const creating = {} as TaskInputs;

  it("refuses an end in the past on create", async () => {
    const result = await provider().check!(
      creating,
      declaration({ schedule: pastEnd }) as TaskInputs,
    );

    expect(result.inputs).toBeUndefined();
    expect(result.failures).toEqual([
      {
        property: "schedule.endDateTime",
        reason: expect.stringMatching(
          /^the end is in the past \(it is .* local time in Europe\/London\)/,
        ),
      },
    ]);
  });

  it("accepts an end in the past that an existing task already has", async () => {
    const lifecycle = provider();
    const olds = inputsOf(declaration({ schedule: { endDateTime: "2099-01-31T06:00:00" } }));
    const existing = { ...olds, schedule: { ...olds.schedule, ...pastEnd } };

    const result = await lifecycle.check!(
      existing,
      declaration({ schedule: pastEnd }) as TaskInputs,
    );

    expect(result.failures).toBeUndefined();
    expect(result.inputs?.schedule.endDateTime).toBe("2026-01-31T06:00:00");
  });

  it("refuses an end moved into the past on an existing task", async () => {
    const olds = inputsOf(declaration({ schedule: { endDateTime: "2099-01-31T06:00:00" } }));

    const result = await provider().check!(olds, declaration({ schedule: pastEnd }) as TaskInputs);

    expect(result.failures?.map((f) => f.property)).toEqual(["schedule.endDateTime"]);
  });

  it("needs no tenant settings and ignores the engine's provider key", async () => {
    const raw = { ...declaration(), __provider: "serialized provider text" };

    const result = await provider().check!(creating, raw as unknown as TaskInputs);

    expect(result.failures).toBeUndefined();
    expect(result.inputs).toEqual(inputsOf(declaration()));
  });
});
