import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { EntryFields } from "../../provider/discover/entries";
import {
  appendEntries,
  existingEntries,
  readStackDocument,
  stackText,
  writeChecked,
} from "../../provider/discover/stack-yaml";
import { loadStackFile } from "../../provider/stack-file";

const APP = "11111111-2222-3333-4444-555555555555";

const HAND_WRITTEN = `# Hand-written header
defaults:
  schedule: { timezone: Europe/Berlin }
tasks:
  - key: sales-daily # the morning run
    name: Sales - renamed by hand
    appId: ${APP}
    schedule:
      recurrence: FREQ=DAILY;BYHOUR=5
      startDateTime: "2026-01-05T05:30:00"
    migrateFrom: 6790a1c2e4b0f1a2b3c4d501
`;

const NEW_ENTRY: EntryFields = {
  key: "app-11111111-weekly-0700",
  name: "app 1111 - weekly at 07:00",
  appId: APP,
  partial: false,
  enabled: false,
  schedule: {
    recurrence: "RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE,FR;BYHOUR=7;BYMINUTE=0;BYSECOND=0",
    startDateTime: "2025-03-03T07:00:00",
    timezone: "America/Toronto",
  },
  migrateFrom: "000000000000000000000002",
};

describe("discover stack file", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "discover-yaml-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("appends entries and keeps comments and hand edits of existing ones", () => {
    const file = path.join(dir, "dev.yaml");
    writeFileSync(file, HAND_WRITTEN);
    const document = readStackDocument(file, " unused");

    appendEntries(document, [{ entry: NEW_ENTRY, note: "reload task 2 is Disabled" }]);
    writeChecked(file, stackText(document));

    const text = readFileSync(file, "utf8");
    expect(text.startsWith(HAND_WRITTEN)).toBe(true);
    expect(text).toContain("\n  # discover: reload task 2 is Disabled\n  - key: app-11111111");
    expect(text).toContain('startDateTime: "2025-03-03T07:00:00"');
    expect(text).toContain('migrateFrom: "000000000000000000000002"');
    expect(loadStackFile(file).map((d) => d.key)).toEqual([
      "sales-daily",
      "app-11111111-weekly-0700",
    ]);
  });

  it("starts a new file with a header and a block list", () => {
    const file = path.join(dir, "new.yaml");
    const document = readStackDocument(file, " Tasks of the new stack");

    appendEntries(document, [{ entry: NEW_ENTRY }]);
    const text = stackText(document);

    expect(text).toMatch(/^# Tasks of the new stack\n\ntasks:\n {2}- key: app-11111111/);
    expect(existingEntries(document)).toEqual([
      {
        index: 0,
        key: NEW_ENTRY.key,
        name: NEW_ENTRY.name,
        appId: APP,
        migrateFrom: NEW_ENTRY.migrateFrom,
        adoptTaskId: undefined,
      },
    ]);
  });

  it("refuses to merge into a file that does not load", () => {
    const file = path.join(dir, "broken.yaml");
    writeFileSync(file, "tasks:\n  - key: Bad Key\n");

    expect(() => readStackDocument(file, "")).toThrow(/broken\.yaml has \d+ problem\(s\)/);
  });

  it("writes nothing when the result would not load", () => {
    const file = path.join(dir, "dev.yaml");
    writeFileSync(file, HAND_WRITTEN);
    const document = readStackDocument(file, "");

    appendEntries(document, [{ entry: { ...NEW_ENTRY, key: "sales-daily" } }]);

    expect(() => writeChecked(file, stackText(document))).toThrow(/key "sales-daily" is also used/);
    expect(readFileSync(file, "utf8")).toBe(HAND_WRITTEN);
  });
});
