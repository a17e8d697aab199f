import { describeRuns, nextRuns, type ScheduleInput } from "../../provider/schedule";

const F1: ScheduleInput = {
  recurrence: "RRULE:FREQ=HOURLY;BYHOUR=10;BYMINUTE=20",
  startDateTime: "2025-04-17T06:00:00",
  timezone: "UTC",
};
const F6: ScheduleInput = {
  recurrence: "RRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=20;BYMINUTE=0;BYSECOND=0",
  startDateTime: "2025-01-29T06:00:00",
  timezone: "Europe/London",
};
const F19: ScheduleInput = {
  recurrence: "RRULE:FREQ=DAILY;BYHOUR=2;BYMINUTE=30;BYSECOND=0",
  startDateTime: "2025-03-28T00:00:00",
  timezone: "Europe/Berlin",
};
const F20: ScheduleInput = {
  recurrence: "RRULE:FREQ=WEEKLY;BYDAY=SU;BYHOUR=16;BYMINUTE=0",
  startDateTime: "2016-09-04T16:00:00",
  timezone: "Australia/Sydney",
};
const F21: ScheduleInput = {
  recurrence: "RRULE:FREQ=DAILY;BYHOUR=9;BYMINUTE=0;BYSECOND=0",
  startDateTime: "2025-10-17T00:00:00",
  timezone: "Asia/Dubai",
};

describe("nextRuns", () => {
  it("F1: runs an hourly rule limited by BYHOUR daily at 10:20 UTC", () => {
    expect(nextRuns(F1, 3)).toEqual([
      { utc: "2025-04-17T10:20:00Z", local: "2025-04-17 10:20" },
      { utc: "2025-04-18T10:20:00Z", local: "2025-04-18 10:20" },
      { utc: "2025-04-19T10:20:00Z", local: "2025-04-19 10:20" },
    ]);
  });

  it("F6: keeps 20:00 London time, which is 20:00Z in winter and 19:00Z in summer", () => {
    expect(nextRuns(F6, 1)).toEqual([{ utc: "2025-01-29T20:00:00Z", local: "2025-01-29 20:00" }]);
    expect(nextRuns(F6, 1, new Date("2025-06-01T00:00:00Z"))).toEqual([
      { utc: "2025-06-01T19:00:00Z", local: "2025-06-01 20:00" },
    ]);
  });

  it("F19: skips 02:30 on 2025-03-30 in Berlin, which does not exist", () => {
    expect(nextRuns(F19, 4)).toEqual([
      { utc: "2025-03-28T01:30:00Z", local: "2025-03-28 02:30" },
      { utc: "2025-03-29T01:30:00Z", local: "2025-03-29 02:30" },
      { utc: "2025-03-31T00:30:00Z", local: "2025-03-31 02:30" },
      { utc: "2025-04-01T00:30:00Z", local: "2025-04-01 02:30" },
    ]);
  });

  it("F19: runs once, not twice, at 02:30 on 2025-10-26 in Berlin", () => {
    expect(nextRuns(F19, 3, new Date("2025-10-24T12:00:00Z"))).toEqual([
      { utc: "2025-10-25T00:30:00Z", local: "2025-10-25 02:30" },
      { utc: "2025-10-26T00:30:00Z", local: "2025-10-26 02:30" },
      { utc: "2025-10-27T01:30:00Z", local: "2025-10-27 02:30" },
    ]);
  });

  it("F20: runs Sundays at 16:00 Sydney time, 05:00Z once DST starts", () => {
    const runs = nextRuns(F20, 5);

    expect(runs.map((run) => run.local)).toEqual([
      "2016-09-04 16:00",
      "2016-09-11 16:00",
      "2016-09-18 16:00",
      "2016-09-25 16:00",
      "2016-10-02 16:00",
    ]);
    expect(runs[0]!.utc).toBe("2016-09-04T06:00:00Z");
    expect(runs[4]!.utc).toBe("2016-10-02T05:00:00Z");
  });

  it("F21: first runs at 09:00 Dubai time, 2025-10-17T05:00:00Z", () => {
    expect(nextRuns(F21, 1)).toEqual([{ utc: "2025-10-17T05:00:00Z", local: "2025-10-17 09:00" }]);
  });

  it("stops at the end date and after COUNT runs", () => {
    const ending = { ...F21, endDateTime: "2025-10-18T09:00:00" };
    const counted = { ...F21, recurrence: "RRULE:FREQ=DAILY;COUNT=2;BYHOUR=9" };

    expect(nextRuns(ending, 5).map((run) => run.local)).toEqual([
      "2025-10-17 09:00",
      "2025-10-18 09:00",
    ]);
    expect(nextRuns(counted, 5)).toHaveLength(2);
    expect(nextRuns({ ...F21, endDateTime: null }, 2)).toHaveLength(2);
  });

  it("throws a RangeError that names the invalid field", () => {
    expect(() => nextRuns({ ...F21, startDateTime: "2025-02-30T00:00:00" }, 1)).toThrow(
      new RangeError(
        'startDateTime: "2025-02-30T00:00:00" is not a real date and time ' +
          "(value out of range: 1 <= 30 <= 28)",
      ),
    );
    expect(() => nextRuns({ ...F21, timezone: "Asia/Dubay" }, 1)).toThrow(
      'timezone: "Asia/Dubay" is not an IANA time zone name; did you mean "Asia/Dubai"?',
    );
    expect(() => nextRuns({ ...F21, recurrence: "FREQ=DAILY;BYHOUR=24" }, 1)).toThrow(
      'recurrence: "BYHOUR=24": 24 is out of range 0 to 23',
    );
  });
});

describe("describeRuns", () => {
  it("F6: says the times are local time in the zone", () => {
    expect(describeRuns(nextRuns(F6, 2), "Europe/London")).toBe(
      "Next runs, local time in Europe/London: 2025-01-29 20:00 (2025-01-29T20:00:00Z), " +
        "2025-01-30 20:00 (2025-01-30T20:00:00Z)",
    );
  });

  it("says so when there is no run ahead", () => {
    expect(describeRuns([], "Asia/Dubai")).toBe("No runs ahead (local time in Asia/Dubai).");
  });
});
