/**
 * F19 and F20 under several host zones. TZ is read once when a process starts, so each zone
 * gets its own child `node`, which loads the schedule module through ts-node and prints JSON.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

import type { Run } from "../../provider/schedule";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");
const HOST_ZONES = ["UTC", "Australia/Sydney", "America/Los_Angeles"];

const CHILD = `
const s = require(${JSON.stringify(path.join(ROOT, "provider/schedule"))});
const f19 = {
  recurrence: "RRULE:FREQ=DAILY;BYHOUR=2;BYMINUTE=30;BYSECOND=0",
  startDateTime: "2025-03-28T00:00:00",
  timezone: "Europe/Berlin",
};
const f20 = {
  recurrence: "RRULE:FREQ=WEEKLY;BYDAY=SU;BYHOUR=16;BYMINUTE=0",
  startDateTime: "2016-09-04T16:00:00",
  timezone: "Australia/Sydney",
};
process.stdout.write(JSON.stringify({
  hostZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  hostOffset: new Date("2016-10-02T05:00:00Z").getTimezoneOffset(),
  f19gap: s.nextRuns(f19, 3),
  f19overlap: s.nextRuns(f19, 3, new Date("2025-10-25T12:00:00Z")),
  f20: s.nextRuns(f20, 5),
}));
`;

interface ChildAnswer {
  hostZone: string;
  hostOffset: number;
  f19gap: Run[];
  f19overlap: Run[];
  f20: Run[];
}

async function underHostZone(zone: string): Promise<ChildAnswer> {
  const env = { ...process.env, TZ: zone };
  const args = ["-r", "ts-node/register/transpile-only", "-e", CHILD];
  const { stdout } = await run(process.execPath, args, { cwd: ROOT, env });
  return JSON.parse(stdout) as ChildAnswer;
}

describe("nextRuns under other host zones", () => {
  let answers: ChildAnswer[];

  beforeAll(async () => {
    answers = await Promise.all(HOST_ZONES.map(underHostZone));
  }, 30_000);

  it("really runs each child in the zone it was given", () => {
    expect(answers.map((a) => [a.hostZone, a.hostOffset])).toEqual([
      ["UTC", 0],
      ["Australia/Sydney", -660],
      ["America/Los_Angeles", 420],
    ]);
  });

  it("F20: gives Sundays 16:00 Sydney time, 2016-10-02 at 05:00Z, in every host zone", () => {
    for (const answer of answers) {
      expect(answer.f20.map((r) => r.local)).toEqual([
        "2016-09-04 16:00",
        "2016-09-11 16:00",
        "2016-09-18 16:00",
        "2016-09-25 16:00",
        "2016-10-02 16:00",
      ]);
      expect(answer.f20[4]!.utc).toBe("2016-10-02T05:00:00Z");
    }
  });

  it("F19: skips the spring gap and runs once in the autumn overlap in every host zone", () => {
    for (const answer of answers) {
      expect(answer.f19gap.map((r) => r.utc)).toEqual([
        "2025-03-28T01:30:00Z",
        "2025-03-29T01:30:00Z",
        "2025-03-31T00:30:00Z",
      ]);
      expect(answer.f19overlap.map((r) => r.utc)).toEqual([
        "2025-10-26T00:30:00Z",
        "2025-10-27T01:30:00Z",
        "2025-10-28T01:30:00Z",
      ]);
    }
  });
});
