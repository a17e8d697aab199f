import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { ENTRY_KEYS, StackFileError, loadStackFile } from "../../provider/stack-file";

const APP_A = "11111111-2222-3333-4444-555555555555";
const APP_B = "66666666-7777-8888-9999-000000000000";
const SCHEDULE = '{ recurrence: FREQ=DAILY, startDateTime: "2025-01-01T06:00:00", timezone: UTC }';

describe("loadStackFile", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "qlik-stack-file-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  let count = 0;
  /** Writes a stack file into the temp folder and returns its path. */
  function stackFile(content: string | Buffer): string {
    const file = path.join(dir, `stack-${++count}.yaml`);
    writeFileSync(file, content);
    return file;
  }

  /** The StackFileError that loading `file` throws. */
  function loadError(file: string): StackFileError {
    try {
      loadStackFile(file);
    } catch (error) {
      expect(error).toBeInstanceOf(StackFileError);
      return error as StackFileError;
    }
    throw new Error(`${file} loaded without error`);
  }

  it("reads a valid file into declarations with defaults and canonical rules", () => {
    const file = stackFile(`
tasks:
  - key: app-a-daily
    name: APP_A daily
    appId: ${APP_A}
    description: Morning refresh
    schedule:
      recurrence: INTERVAL=2;FREQ=DAILY;COUNT=3
      startDateTime: "2025-01-29T06:00:00"
      endDateTime: "2099-12-31T23:00:00"
      timezone: Europe/London
    migrateFrom: "000000000000000000000001"
`);

    expect(loadStackFile(file)).toEqual([
      {
        key: "app-a-daily",
        inputs: {
          name: "APP_A daily",
          appId: APP_A,
          description: "Morning refresh",
          usage: "ANALYTICS",
          enabled: true,
          partial: false,
          schedule: {
            recurrence: "RRULE:FREQ=DAILY;INTERVAL=2;COUNT=3",
            startDateTime: "2025-01-29T06:00:00",
            endDateTime: "2099-12-31T23:00:00",
            timezone: "Europe/London",
          },
          migrateFrom: "000000000000000000000001",
        },
      },
    ]);
  });

  it("round-trips: the declarations written back as a file load unchanged", () => {
    const first = loadStackFile(
      stackFile(`
defaults:
  schedule: { startDateTime: "2025-01-29T06:00:00", timezone: Europe/London }
tasks:
  - { key: a, name: A, appId: ${APP_A}, schedule: { recurrence: "BYHOUR=6;FREQ=DAILY" } }
  - { key: b, name: B, appId: ${APP_B}, partial: true, spaceId: space-1,
      schedule: { recurrence: FREQ=WEEKLY;BYDAY=MO, timezone: UTC } }
`),
    );
    const written = stringify({ tasks: first.map(({ key, inputs }) => ({ key, ...inputs })) });

    expect(loadStackFile(stackFile(written))).toEqual(first);
    expect(first.map((d) => d.inputs.schedule.recurrence)).toEqual([
      "RRULE:FREQ=DAILY;BYHOUR=6",
      "RRULE:FREQ=WEEKLY;BYDAY=MO",
    ]);
  });

  it("merges defaults into each entry, the schedule field by field", () => {
    const file = stackFile(`
defaults:
  enabled: false
  partial: true
  schedule:
    startDateTime: "2025-01-29T06:00:00"
    timezone: Europe/London
tasks:
  - key: a
    name: A
    appId: ${APP_A}
    schedule:
      recurrence: RRULE:FREQ=DAILY;BYHOUR=6
  - key: b
    name: B
    appId: ${APP_B}
    enabled: true
    schedule:
      recurrence: RRULE:FREQ=DAILY;BYHOUR=7
      timezone: UTC
`);

    const [a, b] = loadStackFile(file);

    expect(a!.inputs).toMatchObject({
      enabled: false,
      partial: true,
      schedule: {
        recurrence: "RRULE:FREQ=DAILY;BYHOUR=6",
        startDateTime: "2025-01-29T06:00:00",
        timezone: "Europe/London",
      },
    });
    expect(b!.inputs).toMatchObject({
      enabled: true,
      partial: true,
      schedule: { startDateTime: "2025-01-29T06:00:00", timezone: "UTC" },
    });
  });

  it("names the file, the entry by index and key, and the field, quoting the value", () => {
    const file = stackFile(`
tasks:
  - key: a
    name: A
    appId: "app a"
    schedule:
      recurrence: FREQ=DAILY
      startDateTime: "2025-02-30T06:00:00"
      timezone: Europe/Londn
  - key: Bad Key
    name: B
    appId: ${APP_B}
    colour: red
    schedule: ${SCHEDULE}
  - name: C
    appId: ${APP_B}
    schedule: ${SCHEDULE}
`);

    const error = loadError(file);

    expect(error.file).toBe(file);
    expect(error.problems).toEqual([
      "tasks[0] (a): appId: appId may hold only letters, digits, '-' and '_'; use the id, not a " +
        'name or a path (got "app a")',
      'tasks[0] (a): schedule.timezone: "Europe/Londn" is not an IANA time zone name; did you ' +
        'mean "Europe/London"? (got "Europe/Londn")',
      'tasks[0] (a): schedule.startDateTime: "2025-02-30T06:00:00" is not a real date and time ' +
        "(value out of range: 1 <= 30 <= 28); write a local wall time as text, such as " +
        '"2026-01-05T05:30:00" (got "2025-02-30T06:00:00")',
      "tasks[1] (Bad Key): key: key must be lower-case letters, digits, '.', '_' or '-' " +
        '(at most 100); rename it (got "Bad Key")',
      'tasks[1] (Bad Key): colour: unknown property "colour"; remove it or use one of the known ' +
        "ones (the known properties are name, appId, spaceId, usage, enabled, partial, " +
        "description, schedule, migrateFrom, adoptTaskId)",
      "tasks[2]: key: key is missing; add the Pulumi resource name of the task, such as " +
        "sales-daily",
    ]);
    expect(error.message).toBe(
      `${file} has 6 problem(s):\n${error.problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  });

  it("refuses a marker, which the program sets", () => {
    const file = stackFile(`
tasks:
  - key: a
    name: A
    appId: ${APP_A}
    marker: pulumi:p/s/a
    schedule: ${SCHEDULE}
`);

    expect(loadError(file).problems).toEqual([
      'tasks[0] (a): marker: set by the program, not in stack files; remove it (got "pulumi:p/s/a")',
    ]);
  });

  it("refuses an entry that is not a mapping, naming its index", () => {
    const file = stackFile("tasks:\n  - just a name\n");

    expect(loadError(file).problems).toEqual([
      "tasks[0]: an entry must be a mapping of key, name, appId, spaceId, usage, enabled, " +
        "partial, description, schedule, migrateFrom, adoptTaskId; write its fields under the " +
        'dash (got "just a name")',
    ]);
  });

  it("refuses two entries with the same key and two with the same name", () => {
    const file = stackFile(`
tasks:
  - { key: a, name: Same, appId: ${APP_A}, schedule: ${SCHEDULE} }
  - { key: a, name: Other, appId: ${APP_A}, schedule: ${SCHEDULE} }
  - { key: c, name: Same, appId: ${APP_B}, schedule: ${SCHEDULE} }
`);

    expect(loadError(file).problems).toEqual([
      'tasks[1] (a): key "a" is also used by tasks[0]; keys must be unique in the file',
      'tasks[2] (c): name "Same" is also used by tasks[0]; task names must differ',
    ]);
  });

  it("reports a YAML syntax error with its line", () => {
    const file = stackFile("tasks:\n  - key: a\n    name: [unclosed\n");

    expect(loadError(file).problems).toEqual([
      "YAML: line 4, column 1: Flow sequence in block collection must be sufficiently indented " +
        "and end with a ] (the end of the file); the file may be cut short; close the quote or " +
        "bracket that is open",
    ]);
  });

  it("refuses a key written twice in one mapping", () => {
    const file = stackFile(`tasks:\n  - key: a\n    key: b\n    name: A\n`);

    expect(loadError(file).problems).toEqual([
      'YAML: line 3, column 5: Map keys must be unique, in "key: b"; a key may appear once per ' +
        "entry; remove one of the two",
    ]);
  });

  it("refuses an alias bomb (billion laughs) quickly, without expanding it", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    const file = stackFile(`${levels.join("\n")}\ntasks: *i\n`);

    const started = Date.now();
    const error = loadError(file);

    expect(error.problems).toEqual([
      "YAML: Excessive alias count indicates a resource exhaustion attack; write the values out " +
        "instead of nesting aliases",
    ]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("refuses bytes that are not UTF-8", () => {
    const file = stackFile(Buffer.from([...Buffer.from("tasks: []\n# caf"), 0xe9, 0x0a]));

    expect(loadError(file).problems).toEqual([
      "is not valid UTF-8 (byte 0xE9 at line 2, column 6); save it as UTF-8",
    ]);
  });

  it("says how to fix a missing file", () => {
    const file = path.join(dir, "absent.yaml");

    expect(loadError(file).message).toBe(
      `${file} has 1 problem(s):\n  - the file does not exist; create it (see \"Declaring tasks\" in the README)`,
    );
  });

  it("refuses a file larger than 5 MiB before parsing it", () => {
    const file = stackFile(`# ${"x".repeat(5 * 1024 * 1024)}\ntasks: []\n`);

    expect(loadError(file).problems).toEqual([
      "is 5242893 bytes; the limit is 5242880; split the tasks over several stacks",
    ]);
  });

  it("refuses a top-level key it does not know and a tasks value that is no list", () => {
    expect(loadError(stackFile("tasks: []\ntask: []\n")).problems).toEqual([
      '(file): unknown key "task"; did you mean "tasks"?',
    ]);
    expect(loadError(stackFile("tasks: 3\n")).problems).toEqual([
      'tasks: tasks must be a list of task entries, each starting with "- " (got 3)',
    ]);
  });

  it("refuses an empty file, which would delete every task, and reads tasks: [] as none", () => {
    expect(loadError(stackFile("")).problems).toEqual([
      '(file): the file is empty; declare the tasks under "tasks:", or write "tasks: []" if ' +
        "this stack should have none",
    ]);
    expect(loadStackFile(stackFile("tasks: []\n"))).toEqual([]);
  });

  it("lists the keys an entry may use", () => {
    expect(ENTRY_KEYS).toEqual([
      "key",
      "name",
      "appId",
      "spaceId",
      "usage",
      "enabled",
      "partial",
      "description",
      "schedule",
      "migrateFrom",
      "adoptTaskId",
    ]);
  });
});
