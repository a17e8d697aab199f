import {
  LEGACY_SCHEDULE_RULES,
  scheduleFromReloadTask,
  splitReloadTaskSchedules,
  type LegacySchedule,
} from "../../provider/schedule";

const RT1 = "000000000000000000000001";
const RT2 = "000000000000000000000002";

const F2: LegacySchedule = {
  id: RT2,
  recurrence: [
    "RRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=11;BYMINUTE=18;BYSECOND=0",
    "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU;BYHOUR=13;BYMINUTE=17;BYSECOND=0",
  ],
  startDateTime: "2025-04-17T06:00:00",
  timeZone: "America/Toronto",
};

function daily(startDateTime: string, extra: Partial<LegacySchedule> = {}): LegacySchedule {
  return { id: RT1, recurrence: ["RRULE:FREQ=DAILY;BYHOUR=6"], startDateTime, ...extra };
}

describe("scheduleFromReloadTask", () => {
  it("F1: carries an hourly rule unchanged, in UTC", () => {
    const legacy = {
      id: RT1,
      recurrence: ["RRULE:FREQ=HOURLY;BYHOUR=10;BYMINUTE=20"],
      startDateTime: "2025-04-17T06:00:00",
      timeZone: "UTC",
    };

    expect(scheduleFromReloadTask(legacy)).toEqual({
      kind: "schedule",
      schedule: {
        recurrence: "RRULE:FREQ=HOURLY;BYHOUR=10;BYMINUTE=20",
        startDateTime: "2025-04-17T06:00:00",
        timezone: "UTC",
      },
    });
  });

  it("F2: refuses two lines, naming the reload task and how to split it", () => {
    expect(scheduleFromReloadTask(F2)).toEqual({
      kind: "needs-person",
      reason:
        `reload task ${RT2} has 2 recurrence lines, and a task takes one: ` +
        '"RRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=11;BYMINUTE=18;BYSECOND=0", ' +
        '"RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU;BYHOUR=13;BYMINUTE=17;BYSECOND=0"',
      fix:
        'split it into one task per line, each with startDateTime "2025-04-17T06:00:00" and ' +
        `timezone "America/Toronto" written out; only the first may set migrateFrom "${RT2}", ` +
        "the others go without it",
    });
  });

  it("F3: says there is no time-based schedule to migrate", () => {
    const legacy = { id: RT1, recurrence: [], startDateTime: "" };

    expect(scheduleFromReloadTask(legacy)).toEqual({
      kind: "needs-person",
      reason:
        `reload task ${RT1} has no time-based schedule (autoReload only): ` +
        "its recurrence and startDateTime are empty, so there is nothing to migrate",
      fix: "leave it as it is, or declare a task with a recurrence of your own, without migrateFrom",
    });
  });

  it("F4: turns timeZone into timezone with a lower-case z, and nothing else", () => {
    const converted = scheduleFromReloadTask(
      daily("2025-04-17T06:00:00", { timeZone: "Europe/Berlin" }),
    );
    const schedule = converted.kind === "schedule" ? converted.schedule : undefined;

    expect(Object.keys(schedule ?? {})).toEqual(["recurrence", "startDateTime", "timezone"]);
    expect(schedule?.timezone).toBe("Europe/Berlin");
  });

  it("keeps start and end wall times when timeZone is given", () => {
    const legacy = daily("2025-04-17T06:00:00", {
      endDateTime: "2025-12-31T23:00:00",
      timeZone: "Europe/Berlin",
    });

    expect(scheduleFromReloadTask(legacy)).toEqual({
      kind: "schedule",
      schedule: {
        recurrence: "RRULE:FREQ=DAILY;BYHOUR=6",
        startDateTime: "2025-04-17T06:00:00",
        endDateTime: "2025-12-31T23:00:00",
        timezone: "Europe/Berlin",
      },
    });
  });

  it("refuses an offset in the start when timeZone is given", () => {
    const legacy = daily("2025-04-17T06:00:00+02:00", { timeZone: "Europe/Berlin" });

    expect(scheduleFromReloadTask(legacy)).toEqual({
      kind: "needs-person",
      reason:
        `reload task ${RT1} sets timeZone "Europe/Berlin" and also an offset in startDateTime ` +
        '"2025-04-17T06:00:00+02:00"; Qlik allows one or the other, so the intended local time ' +
        "is unclear",
      fix: "declare startDateTime as the local time in Europe/Berlin that is meant, without an offset",
    });
  });

  it("maps a whole-hour offset to an Etc zone with the sign inverted, end included", () => {
    const legacy = daily("2025-04-17T06:00:00+02:00", { endDateTime: "2025-12-31T23:00:00Z" });

    expect(scheduleFromReloadTask(legacy)).toEqual({
      kind: "schedule",
      schedule: {
        recurrence: "RRULE:FREQ=DAILY;BYHOUR=6",
        startDateTime: "2025-04-17T06:00:00",
        endDateTime: "2026-01-01T01:00:00",
        timezone: "Etc/GMT-2",
      },
    });
  });

  it("maps Z and +00:00 to UTC", () => {
    for (const start of ["2025-04-17T06:00:00Z", "2025-04-17T06:00:00+00:00"]) {
      const converted = scheduleFromReloadTask(daily(start));

      expect(converted.kind === "schedule" && converted.schedule.timezone).toBe("UTC");
    }
  });

  it("leaves a part-hour offset to a person", () => {
    expect(scheduleFromReloadTask(daily("2025-04-17T06:00:00+05:30"))).toEqual({
      kind: "needs-person",
      reason:
        `reload task ${RT1} starts at "2025-04-17T06:00:00+05:30", and no IANA zone keeps the ` +
        "offset +05:30 all year",
      fix: "set timezone to the IANA zone of the place the schedule is meant for, and check its runs",
    });
  });

  it("leaves a start with neither zone nor offset to a person", () => {
    expect(scheduleFromReloadTask(daily("2025-04-17T06:00:00"))).toEqual({
      kind: "needs-person",
      reason:
        `reload task ${RT1} has neither timeZone nor an offset in startDateTime ` +
        '"2025-04-17T06:00:00", so the zone its times are in is unknown',
      fix: "set timezone to the IANA zone the schedule is meant for",
    });
  });

  it("leaves an invalid rule or zone to a person", () => {
    const badRule = { ...daily("2025-04-17T06:00:00"), recurrence: ["RRULE:FREQ=DAILY;BYHOUR=25"] };
    const badZone = daily("2025-04-17T06:00:00", { timeZone: "Europe/Londn" });

    expect(scheduleFromReloadTask(badRule)).toMatchObject({
      kind: "needs-person",
      reason: `reload task ${RT1} has a recurrence that a task cannot take: "BYHOUR=25": 25 is out of range 0 to 23`,
    });
    expect(scheduleFromReloadTask(badZone)).toMatchObject({
      kind: "needs-person",
      reason:
        `reload task ${RT1}: timeZone "Europe/Londn" is not an IANA time zone name; ` +
        'did you mean "Europe/London"?',
    });
  });
});

describe("splitReloadTaskSchedules", () => {
  it("F2: gives one schedule per line with the original start and zone written out", () => {
    expect(splitReloadTaskSchedules(F2)).toEqual({
      kind: "schedules",
      schedules: [
        {
          recurrence: "RRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=11;BYMINUTE=18;BYSECOND=0",
          startDateTime: "2025-04-17T06:00:00",
          timezone: "America/Toronto",
        },
        {
          recurrence: "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU;BYHOUR=13;BYMINUTE=17;BYSECOND=0",
          startDateTime: "2025-04-17T06:00:00",
          timezone: "America/Toronto",
        },
      ],
    });
  });

  it("refuses the split when one line is invalid", () => {
    const broken = { ...F2, recurrence: [F2.recurrence![0]!, "RRULE:FREQ=SOMETIMES"] };

    expect(splitReloadTaskSchedules(broken)).toMatchObject({
      kind: "needs-person",
      reason:
        `reload task ${RT2} has a recurrence that a task cannot take: ` +
        '"RRULE:FREQ=SOMETIMES" is not a valid rule: Invalid FREQ value: SOMETIMES',
    });
  });
});

describe("LEGACY_SCHEDULE_RULES", () => {
  it("has a legacy shape, a task shape and a reason in every row", () => {
    expect(LEGACY_SCHEDULE_RULES.length).toBeGreaterThanOrEqual(8);
    for (const row of LEGACY_SCHEDULE_RULES) {
      expect(Object.keys(row)).toEqual(["legacy", "task", "why"]);
      expect(Object.values(row).every((text) => text.length > 0)).toBe(true);
    }
  });
});
