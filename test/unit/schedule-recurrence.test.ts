import { canonicalRecurrence, parseRecurrence, recurrencesEqual } from "../../provider/schedule";

function reasonFor(rule: string): string {
  const parsed = parseRecurrence(rule);
  return parsed.ok ? "(accepted)" : parsed.reason;
}

describe("parseRecurrence", () => {
  it("reads a rule without prefix, tolerating spaces and lower-case keys", () => {
    const parsed = parseRecurrence("  rrule:freq=weekly; byday=mo, tu ;BYHOUR=06 ");

    expect(parsed).toEqual({ ok: true, parts: { FREQ: "WEEKLY", BYDAY: "MO,TU", BYHOUR: "6" } });
  });

  it("refuses several lines and says how to split them", () => {
    expect(reasonFor("RRULE:FREQ=DAILY\nRRULE:FREQ=WEEKLY;BYDAY=MO")).toBe(
      'a task takes one rule, but this recurrence holds 2: "RRULE:FREQ=DAILY", ' +
        '"RRULE:FREQ=WEEKLY;BYDAY=MO"; declare one task per rule, each with the same ' +
        "startDateTime and timezone",
    );
  });

  it("refuses two RRULE prefixes on one line", () => {
    expect(reasonFor("RRULE:FREQ=DAILY RRULE:FREQ=HOURLY")).toMatch(
      /^a task takes one rule, but this recurrence holds 2: "RRULE:FREQ=DAILY", "RRULE:FREQ=HOURLY"/,
    );
  });

  it("refuses a DTSTART line and points to startDateTime", () => {
    expect(reasonFor("DTSTART;TZID=Europe/Berlin:20250101T060000\nRRULE:FREQ=DAILY")).toBe(
      '"DTSTART;TZID=Europe/Berlin:20250101T060000" is not allowed in a recurrence: ' +
        "a task takes its start in startDateTime and its zone in timezone",
    );
  });

  it("refuses an EXDATE line", () => {
    expect(reasonFor("EXDATE:20250101T060000Z")).toBe(
      '"EXDATE:20250101T060000Z" is not allowed in a recurrence: ' +
        "a task takes one RRULE line and no extra or excluded dates",
    );
  });

  it("requires FREQ", () => {
    expect(reasonFor("RRULE:BYHOUR=3")).toBe(
      '"RRULE:BYHOUR=3" has no FREQ; a rule needs one, such as "RRULE:FREQ=DAILY;BYHOUR=6;BYMINUTE=0"',
    );
  });

  it("refuses an hour out of range, quoting it", () => {
    expect(reasonFor("FREQ=DAILY;BYHOUR=6,25")).toBe('"BYHOUR=6,25": 25 is out of range 0 to 23');
  });

  it("refuses an unknown weekday through the library", () => {
    expect(reasonFor("FREQ=DAILY;BYDAY=XX")).toBe(
      '"RRULE:FREQ=DAILY;BYDAY=XX" is not a valid rule: Invalid BYDAY value: XX',
    );
  });

  it("refuses an unknown frequency through the library", () => {
    expect(reasonFor("FREQ=SOMETIMES")).toBe(
      '"RRULE:FREQ=SOMETIMES" is not a valid rule: Invalid FREQ value: SOMETIMES',
    );
  });

  it("refuses COUNT together with UNTIL", () => {
    expect(reasonFor("FREQ=DAILY;COUNT=3;UNTIL=20251231T230000Z")).toBe(
      '"RRULE:FREQ=DAILY;COUNT=3;UNTIL=20251231T230000Z" is not a valid rule: ' +
        "COUNT and UNTIL MUST NOT occur in the same recurrence rule",
    );
  });

  it("refuses an UNTIL that is not in UTC", () => {
    expect(reasonFor("FREQ=DAILY;UNTIL=20251231")).toBe(
      '"UNTIL=20251231": write UNTIL in UTC as YYYYMMDDTHHMMSSZ, for example 20251231T230000Z',
    );
  });

  it("refuses unknown parts, repeated parts and empty values", () => {
    expect(reasonFor("FREQ=DAILY;FOO=1")).toMatch(
      /^"FOO=1" is not a part of an RRULE; the parts are FREQ,/,
    );
    expect(reasonFor("FREQ=DAILY;BYHOUR=1;byhour=2")).toBe(
      '"BYHOUR" appears twice in the rule; give it once',
    );
    expect(reasonFor("FREQ=DAILY;BYHOUR=")).toBe('"BYHOUR=" has no value');
    expect(reasonFor("FREQ=DAILY;COUNT=0")).toBe(
      '"COUNT=0": COUNT must be a whole number of at least 1',
    );
    expect(reasonFor("FREQ=DAILY;BYMINUTE=1,,2")).toBe(
      '"BYMINUTE=1,,2" has an empty item in its list',
    );
    expect(reasonFor("   ")).toBe(
      'the recurrence is empty; write one rule such as "RRULE:FREQ=DAILY;BYHOUR=6;BYMINUTE=0"',
    );
  });
});

describe("canonicalRecurrence", () => {
  it("sends F1's hourly rule unchanged", () => {
    const rule = "RRULE:FREQ=HOURLY;BYHOUR=10;BYMINUTE=20";

    expect(canonicalRecurrence(rule)).toBe(rule);
  });

  it("gives F22's two spellings one canonical form, FREQ first", () => {
    const expected = "RRULE:FREQ=DAILY;INTERVAL=2;COUNT=3";

    expect(canonicalRecurrence("RRULE:INTERVAL=2;FREQ=DAILY;COUNT=3")).toBe(expected);
    expect(canonicalRecurrence("INTERVAL=2;FREQ=DAILY;COUNT=3")).toBe(expected);
  });

  it("normalises case, padding and signs without changing the meaning", () => {
    expect(canonicalRecurrence("freq=monthly;byday=+01mo,-1fr;bymonthday=07;;")).toBe(
      "RRULE:FREQ=MONTHLY;BYDAY=1MO,-1FR;BYMONTHDAY=7",
    );
  });

  it("throws the parse reason for an invalid rule", () => {
    expect(() => canonicalRecurrence("FREQ=DAILY;BYHOUR=25")).toThrow(
      new RangeError('"BYHOUR=25": 25 is out of range 0 to 23'),
    );
  });
});

describe("recurrencesEqual", () => {
  it("treats F22's prefixed and bare rules as equal", () => {
    expect(
      recurrencesEqual("RRULE:INTERVAL=2;FREQ=DAILY;COUNT=3", "INTERVAL=2;FREQ=DAILY;COUNT=3"),
    ).toBe(true);
  });

  it("ignores list order, duplicates, padding and RFC 5545 defaults", () => {
    const a = "RRULE:FREQ=WEEKLY;BYDAY=TU,MO;BYHOUR=06;INTERVAL=1;WKST=MO";
    const b = "freq=weekly;byhour=6;byday=mo,tu,mo";

    expect(recurrencesEqual(a, b)).toBe(true);
  });

  it("tells rules with another meaning apart", () => {
    expect(recurrencesEqual("FREQ=DAILY", "FREQ=DAILY;INTERVAL=2")).toBe(false);
    expect(recurrencesEqual("FREQ=WEEKLY;WKST=SU", "FREQ=WEEKLY")).toBe(false);
    expect(recurrencesEqual("FREQ=HOURLY;BYHOUR=10", "FREQ=DAILY;BYHOUR=10")).toBe(false);
  });

  it("compares invalid rules as text", () => {
    expect(recurrencesEqual("FREQ=SOMETIMES", " FREQ=SOMETIMES ")).toBe(true);
    expect(recurrencesEqual("FREQ=SOMETIMES", "freq=sometimes")).toBe(false);
  });
});
