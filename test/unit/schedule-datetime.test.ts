import {
  endAfterStart,
  parseOffsetDateTime,
  parseScheduleDateTime,
  sameDateTime,
  wallTimeIn,
} from "../../provider/schedule";

describe("parseScheduleDateTime", () => {
  it("reads a wall time and writes it with seconds", () => {
    expect(parseScheduleDateTime("2025-04-17T06:00:00")).toEqual({
      ok: true,
      value: "2025-04-17T06:00:00",
    });
    expect(parseScheduleDateTime(" 2024-02-29T23:59 ")).toEqual({
      ok: true,
      value: "2024-02-29T23:59:00",
    });
  });

  it("refuses dates and times that do not exist", () => {
    expect(parseScheduleDateTime("2025-02-30T06:00:00")).toEqual({
      ok: false,
      reason:
        '"2025-02-30T06:00:00" is not a real date and time (value out of range: 1 <= 30 <= 28)',
    });
    expect(parseScheduleDateTime("2025-01-01T25:00:00")).toEqual({
      ok: false,
      reason:
        '"2025-01-01T25:00:00" is not a real date and time (value out of range: 0 <= 25 <= 23)',
    });
  });

  it("refuses an offset, since the task's zone gives it", () => {
    expect(parseScheduleDateTime("2025-04-17T06:00:00+02:00")).toEqual({
      ok: false,
      reason:
        '"2025-04-17T06:00:00+02:00" carries a UTC offset; a task\'s date-times are wall time ' +
        'in its timezone, so write "2025-04-17T06:00:00" and set timezone',
    });
  });

  it("refuses other shapes", () => {
    expect(parseScheduleDateTime("2025-04-17 06:00:00")).toEqual({
      ok: false,
      reason: '"2025-04-17 06:00:00" is not a date-time of the form YYYY-MM-DDTHH:mm:ss',
    });
  });
});

describe("parseOffsetDateTime", () => {
  it("reads RFC 3339 with an offset or Z", () => {
    expect(parseOffsetDateTime("2025-04-17T06:00:00+02:00")).toEqual({
      ok: true,
      wall: "2025-04-17T06:00:00",
      offset: "+02:00",
      offsetMinutes: 120,
      utc: "2025-04-17T04:00:00Z",
    });
    expect(parseOffsetDateTime("2025-04-17T06:00:00.000Z")).toEqual({
      ok: true,
      wall: "2025-04-17T06:00:00",
      offset: "Z",
      offsetMinutes: 0,
      utc: "2025-04-17T06:00:00Z",
    });
  });

  it("refuses a value without an offset or with an impossible one", () => {
    expect(parseOffsetDateTime("2025-04-17T06:00:00")).toEqual({
      ok: false,
      reason:
        '"2025-04-17T06:00:00" is not a date-time with a UTC offset, such as 2025-04-17T06:00:00+02:00',
    });
    expect(parseOffsetDateTime("2025-04-17T06:00:00+24:00")).toEqual({
      ok: false,
      reason: '"2025-04-17T06:00:00+24:00" is not a real date, time and offset',
    });
  });
});

describe("endAfterStart", () => {
  it("is true for an end after the start", () => {
    expect(endAfterStart("2025-01-01T06:00:00", "2025-01-01T06:00:01")).toBe(true);
  });

  it("is false for an equal or earlier end, or an unreadable one", () => {
    expect(endAfterStart("2025-01-01T06:00:00", "2025-01-01T06:00")).toBe(false);
    expect(endAfterStart("2025-01-02T00:00:00", "2025-01-01T23:00:00")).toBe(false);
    expect(endAfterStart("2025-01-01T06:00:00", "2025-02-30T00:00:00")).toBe(false);
  });
});

describe("sameDateTime", () => {
  it("treats null, undefined and an empty string as the same missing end (F5)", () => {
    expect(sameDateTime(null, undefined)).toBe(true);
    expect(sameDateTime(null, "")).toBe(true);
    expect(sameDateTime(undefined, " ")).toBe(true);
  });

  it("compares spellings of one time as equal and different times as not", () => {
    expect(sameDateTime("2025-01-29T06:00", "2025-01-29T06:00:00")).toBe(true);
    expect(sameDateTime("2025-04-17T06:00:00+02:00", "2025-04-17T04:00:00Z")).toBe(true);
    expect(sameDateTime("2025-01-29T06:00:00", null)).toBe(false);
    expect(sameDateTime("2025-01-29T06:00:00", "2025-01-29T07:00:00")).toBe(false);
  });
});

describe("wallTimeIn", () => {
  it("shows a UTC instant as wall time in a zone", () => {
    expect(wallTimeIn("2025-12-31T23:00:00Z", "Etc/GMT-2")).toBe("2026-01-01T01:00:00");
  });

  it("throws for an unknown zone", () => {
    expect(() => wallTimeIn("2025-12-31T23:00:00Z", "Europe/Londn")).toThrow(RangeError);
  });
});
