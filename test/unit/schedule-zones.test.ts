import { fixedZoneForOffset, isIanaZone, suggestZone, zoneProblem } from "../../provider/schedule";

describe("isIanaZone", () => {
  it("accepts UTC, canonical names and links", () => {
    for (const name of ["UTC", "Europe/London", "Etc/GMT-2", "Asia/Calcutta", "America/Toronto"]) {
      expect([name, isIanaZone(name)]).toEqual([name, true]);
    }
  });

  it("refuses made-up names, typos, offsets and wrong letter case", () => {
    for (const name of ["CET+1", "Europe/Londn", "+02:00", "-05:00", "europe/london", ""]) {
      expect([name, isIanaZone(name)]).toEqual([name, false]);
    }
  });
});

describe("zoneProblem", () => {
  it("finds nothing wrong with a valid name", () => {
    expect(zoneProblem("Australia/Sydney")).toBeUndefined();
  });

  it("suggests the name a typo was meant to be", () => {
    expect(zoneProblem("Europe/Londn")).toBe(
      '"Europe/Londn" is not an IANA time zone name; did you mean "Europe/London"?',
    );
  });

  it("explains that an offset is not a zone name", () => {
    expect(zoneProblem("+02:00")).toBe(
      '"+02:00" is a UTC offset, not an IANA time zone name; use the zone of the place, such as ' +
        '"Europe/Berlin", or a fixed zone such as "Etc/GMT-2" (sign inverted: UTC+02:00)',
    );
  });

  it("gives an example when nothing is close", () => {
    expect(zoneProblem("Mars/Olympus_Mons")).toBe(
      '"Mars/Olympus_Mons" is not an IANA time zone name; use a name such as "Europe/London" or "UTC"',
    );
    expect(zoneProblem(" ")).toBe(
      'the time zone is empty; give an IANA name such as "Europe/London"',
    );
  });
});

describe("suggestZone", () => {
  it("fixes letter case and small slips", () => {
    expect(suggestZone("europe/london")).toBe("Europe/London");
    expect(suggestZone("Amercia/New_York")).toBe("America/New_York");
  });

  it("offers nothing for a name far from every zone", () => {
    expect(suggestZone("XYZ")).toBeUndefined();
  });
});

describe("fixedZoneForOffset", () => {
  it("maps whole-hour offsets to Etc zones with the sign inverted, and 0 to UTC", () => {
    expect([0, 120, -300, 840, -720].map(fixedZoneForOffset)).toEqual([
      "UTC",
      "Etc/GMT-2",
      "Etc/GMT+5",
      "Etc/GMT-14",
      "Etc/GMT+12",
    ]);
  });

  it("has no zone for part-hour or out-of-range offsets", () => {
    expect([330, -570, 900, -780].map(fixedZoneForOffset)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
