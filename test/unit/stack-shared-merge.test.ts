import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { APP_ID_PENDING } from "../../provider/app-ref";
import { loadStackDeclarations } from "../../provider/stack-shared";

const APP_A = "11111111-2222-3333-4444-555555555555";

const SHARED = `
defaults:
  schedule: { timezone: Europe/Berlin }
tasks:
  - key: sales-daily
    name: Sales - daily reload
    app: { name: Sales Dashboard, space: Sales }
    schedule:
      recurrence: RRULE:FREQ=DAILY;BYHOUR=5;BYMINUTE=30;BYSECOND=0
      startDateTime: "2026-01-05T05:30:00"
  - key: finance-weekly
    name: Finance - weekly reload
    app: { name: Finance P&L, space: Finance }
    partial: true
    schedule:
      recurrence: RRULE:FREQ=WEEKLY;BYDAY=MO;BYHOUR=7;BYMINUTE=0;BYSECOND=0
      startDateTime: "2026-01-05T07:00:00"
`;

describe("loadStackDeclarations with stacks/shared.yaml", () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "qlik-stack-shared-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes shared.yaml (unless null) and prod.yaml, and loads the prod stack. */
  function load(own: string, shared: string | null = SHARED) {
    if (shared !== null) writeFileSync(path.join(dir, "shared.yaml"), shared);
    writeFileSync(path.join(dir, "prod.yaml"), own);
    return loadStackDeclarations(dir, "prod");
  }

  it("takes the shared tasks as they are for a stack file of tasks: []", () => {
    const declarations = load("tasks: []\n");

    expect(declarations.map((d) => d.key)).toEqual(["sales-daily", "finance-weekly"]);
    expect(declarations[0]).toEqual({
      key: "sales-daily",
      inputs: {
        name: "Sales - daily reload",
        appId: APP_ID_PENDING,
        usage: "ANALYTICS",
        enabled: true,
        partial: false,
        schedule: {
          recurrence: "RRULE:FREQ=DAILY;BYHOUR=5;BYMINUTE=30;BYSECOND=0",
          startDateTime: "2026-01-05T05:30:00",
          timezone: "Europe/Berlin",
        },
      },
      app: {
        name: "Sales Dashboard",
        space: "Sales",
        file: `${path.join(dir, "prod.yaml")} (over ${path.join(dir, "shared.yaml")})`,
        entry: "shared.yaml tasks[0] (sales-daily)",
      },
    });
  });

  it("overrides a shared task's fields by key, the schedule field by field", () => {
    const [sales] = load(`
tasks:
  - key: sales-daily
    enabled: false
    schedule: { startDateTime: "2026-02-01T05:30:00" }
`);

    expect(sales!.inputs.enabled).toBe(false);
    expect(sales!.inputs.schedule).toEqual({
      recurrence: "RRULE:FREQ=DAILY;BYHOUR=5;BYMINUTE=30;BYSECOND=0",
      startDateTime: "2026-02-01T05:30:00",
      timezone: "Europe/Berlin",
    });
    expect(sales!.app!.entry).toBe("prod.yaml tasks[0] (sales-daily), over shared.yaml tasks[0]");
  });

  it("lets the stack's defaults override the shared defaults, and entries override both", () => {
    const declarations = load(`
defaults:
  schedule: { timezone: Europe/London }
  partial: true
tasks:
  - key: sales-daily
    partial: false
`);

    expect(declarations.map((d) => [d.key, d.inputs.schedule.timezone, d.inputs.partial])).toEqual([
      ["sales-daily", "Europe/London", false],
      ["finance-weekly", "Europe/London", true],
    ]);
  });

  it("replaces a shared app reference by an appId given in the stack file", () => {
    const [sales] = load(`tasks:\n  - key: sales-daily\n    appId: ${APP_A}\n`);

    expect(sales!.inputs.appId).toBe(APP_A);
    expect(sales!.app).toBeUndefined();
  });

  it("drops a shared task with exclude: true and adds the stack's own tasks after", () => {
    const declarations = load(`
tasks:
  - key: finance-weekly
    exclude: true
  - key: prod-only
    name: Prod only
    appId: ${APP_A}
    schedule: { recurrence: FREQ=DAILY, startDateTime: "2026-01-05T05:00:00" }
`);

    expect(declarations.map((d) => d.key)).toEqual(["sales-daily", "prod-only"]);
    expect(declarations[1]!.inputs.schedule.timezone).toBe("Europe/Berlin");
  });

  it("reads the stack file alone when there is no shared.yaml", () => {
    const declarations = load(
      `tasks:
  - key: prod-only
    name: Prod only
    appId: ${APP_A}
    schedule: { recurrence: FREQ=DAILY, startDateTime: "2026-01-05T05:00:00", timezone: UTC }
`,
      null,
    );

    expect(declarations.map((d) => [d.key, d.inputs.appId, d.app])).toEqual([
      ["prod-only", APP_A, undefined],
    ]);
  });
});
