import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { StackFileError, loadStackFile } from "../../provider/stack-file";
import { loadStackDeclarations } from "../../provider/stack-shared";

const APP_A = "11111111-2222-3333-4444-555555555555";
const SPACE = "6450e0a6a0b1c2d3e4f5a6b7";
const SCHEDULE = '{ recurrence: FREQ=DAILY, startDateTime: "2026-01-05T05:00:00", timezone: UTC }';

const SHARED = `
tasks:
  - key: sales-daily
    name: Sales - daily reload
    app: { name: Sales Dashboard, space: Sales }
    schedule: ${SCHEDULE}
`;

describe("stack file problems with app references and shared.yaml", () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "qlik-stack-shared-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The StackFileError of loading the prod stack over `shared` (none when null). */
  function loadError(own: string, shared: string | null = SHARED): StackFileError {
    const sharedFile = path.join(dir, "shared.yaml");
    if (shared === null) rmSync(sharedFile, { force: true });
    else writeFileSync(sharedFile, shared);
    writeFileSync(path.join(dir, "prod.yaml"), own);
    try {
      loadStackDeclarations(dir, "prod");
    } catch (error) {
      expect(error).toBeInstanceOf(StackFileError);
      return error as StackFileError;
    }
    throw new Error("loaded without error");
  }

  it("names both files in the message and the file of each entry in its problem", () => {
    const error = loadError(`
tasks:
  - key: sales-daily
    schedule: { timezone: Europe/Berlim }
`);

    expect(error.message.split("\n")[0]).toBe(
      `${path.join(dir, "prod.yaml")} (over ${path.join(dir, "shared.yaml")}) has 1 problem(s):`,
    );
    expect(error.problems).toEqual([
      "prod.yaml tasks[0] (sales-daily), over shared.yaml tasks[0]: schedule.timezone: " +
        '"Europe/Berlim" is not an IANA time zone name; did you mean "Europe/Berlin"? ' +
        '(got "Europe/Berlim")',
    ]);
  });

  it("refuses an entry with both appId and app, and spaceId beside app", () => {
    const error = loadError(
      `
tasks:
  - key: both
    name: Both
    appId: ${APP_A}
    spaceId: ${SPACE}
    app: { name: Sales Dashboard, space: Sales }
    schedule: ${SCHEDULE}
`,
      null,
    );

    expect(error.problems).toEqual([
      `tasks[0] (both): app: use either appId (the app's id) or app (its name in a space), not ` +
        `both (got appId "${APP_A}")`,
      "tasks[0] (both): spaceId: an entry that names its app takes the space's id from " +
        `app.space; remove spaceId from the entry or from defaults (got "${SPACE}")`,
    ]);
  });

  it("refuses an app reference without a name, with unknown keys, or not a mapping", () => {
    const error = loadError(
      `
tasks:
  - key: no-name
    name: No name
    app: { space: Sales, id: x }
    schedule: ${SCHEDULE}
  - key: text
    name: Text
    app: Sales Dashboard
    schedule: ${SCHEDULE}
`,
      null,
    );

    expect(error.problems).toEqual([
      'tasks[0] (no-name): app.id: unknown property; app holds name and space, such as app: { name: "Sales Dashboard", space: "Finance" }',
      `tasks[0] (no-name): app.name: the app's name is missing; such as app: { name: "Sales Dashboard", space: "Finance" }`,
      'tasks[1] (text): app: app must be the app\'s name and space, such as app: { name: "Sales Dashboard", space: "Finance" } (got "Sales Dashboard")',
    ]);
  });

  it("refuses exclude on an unknown key, with other fields, or not a boolean", () => {
    const error = loadError(`
tasks:
  - key: sales-dialy
    exclude: true
  - key: sales-daily
    exclude: true
    enabled: false
  - key: other
    exclude: "yes"
`);

    expect(error.problems).toEqual([
      'prod.yaml tasks[0] (sales-dialy): exclude: no task of shared.yaml has key "sales-dialy"; ' +
        "remove this entry, or correct its key",
      "prod.yaml tasks[1] (sales-daily): exclude: an excluded task takes no other fields; " +
        'remove enabled, or remove "exclude: true" to override the task instead',
      'prod.yaml tasks[2] (other): exclude: exclude must be true or false (got "yes")',
    ]);
  });

  it("refuses exclude in shared.yaml itself and in a stack file without shared.yaml", () => {
    const shared = loadError("tasks: []\n", `${SHARED}    exclude: true\n`);
    const alone = loadError(`tasks:\n  - key: a\n    exclude: true\n`, null);

    expect(shared.problems[0]).toBe(
      "shared.yaml tasks[0] (sales-daily): exclude: only a stack file's entry may exclude a shared task; remove it",
    );
    expect(alone.problems.at(-1)).toMatch(/^tasks\[0\] \(a\): exclude: unknown property "exclude"/);
  });

  it("reports a duplicate name across the two files with the first entry's place", () => {
    const error = loadError(`
tasks:
  - key: copy
    name: Sales - daily reload
    appId: ${APP_A}
    schedule: ${SCHEDULE}
`);

    expect(error.problems).toEqual([
      'prod.yaml tasks[0] (copy): name "Sales - daily reload" is also used by shared.yaml ' +
        "tasks[0]; task names must differ",
    ]);
  });

  it("reports each file's unknown defaults with the file's name", () => {
    const error = loadError(
      "defaults: { timzone: UTC }\ntasks: []\n",
      `defaults: { foo: 1 }\n${SHARED}`,
    );

    expect(error.problems.map((p) => p.split(":")[0])).toEqual([
      "shared.yaml defaults.foo",
      "prod.yaml defaults.timzone",
    ]);
  });

  it("keeps loadStackFile's messages for a single file unchanged", () => {
    const file = path.join(dir, "single.yaml");
    writeFileSync(
      file,
      `tasks:\n  - key: a\n    name: A\n    appId: ${APP_A}\n    schedule: ${SCHEDULE}\n  - key: a\n    name: B\n    appId: ${APP_A}\n    schedule: ${SCHEDULE}\n`,
    );

    expect(() => loadStackFile(file)).toThrow(
      'tasks[1] (a): key "a" is also used by tasks[0]; keys must be unique in the file',
    );
  });
});
