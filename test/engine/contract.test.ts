/**
 * The lifecycle contract that trusted providers are held to, under the real engine: every
 * "expect no changes" form after an up, a state export and import, refresh agreeing with the
 * state, two concurrent ups on one stack (the lock refuses one, nothing is made twice), and a
 * destroy that leaves the tenant without tasks.
 */
import { readFileSync } from "node:fs";
import { type EngineFixture, engineFixture } from "./engine-harness";

jest.setTimeout(180_000);

const DECLARED = 7;
/** The stack and the explicit provider the tasks share. */
const OTHERS = 2;

describe("the lifecycle contract", () => {
  let fx: EngineFixture;

  beforeAll(async () => {
    fx = await engineFixture("contract");
  });
  afterAll(async () => {
    await fx?.dispose();
  });

  it("creates on up, then expects no changes from preview, up and refresh", async () => {
    await fx.stack.up();

    await fx.stack.preview({ expectNoChanges: true });
    await fx.stack.up({ expectNoChanges: true });
    const refresh = await fx.stack.refresh({ expectNoChanges: true });

    expect(refresh.summary.resourceChanges).toEqual({ same: DECLARED + OTHERS });
    expect(fx.tenant.snapshot().tasks).toHaveLength(DECLARED);
  });

  it("keeps what a read returns in the state", async () => {
    const state = await fx.stack.exportStack();
    const tasks = state.deployment.resources.filter(
      (r: { type: string }) => r.type === "pulumi-nodejs:dynamic/qlik:Task",
    );

    for (const resource of tasks) {
      const live = fx.tenant.snapshot().tasks.find((t) => t.id === resource.id)!;
      const schedule = live.start!.schedule as { recurrence: string; timezone: string };
      expect(resource.outputs).toMatchObject({
        taskId: live.id,
        name: live.name,
        enabled: live.enabled,
        ownerId: live.metadata!.ownerId,
        schedule: { recurrence: schedule.recurrence, timezone: schedule.timezone },
      });
    }
  });

  it("shows no change after the state is exported and imported again", async () => {
    const state = await fx.stack.exportStack();
    await fx.stack.importStack(state);

    const preview = await fx.stack.preview({ expectNoChanges: true });

    expect(preview.changeSummary).toEqual({ same: DECLARED + OTHERS });
  });

  it("refuses a second concurrent up with the lock and makes nothing twice", async () => {
    const yaml = readFileSync(fx.stackFile, "utf8");
    fx.writeStackFile(yaml.replace(/BYHOUR=6;/, "BYHOUR=8;"));
    fx.tenant.clearRequests();

    const results = await Promise.allSettled([fx.stack.up(), fx.stack.up()]);

    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(1);
    expect(String((refused[0] as PromiseRejectedResult).reason)).toMatch(/locked/);
    expect(fx.tenant.requests().filter((r) => r.method === "POST")).toEqual([]);
    expect(fx.tenant.requests().filter((r) => r.method === "PUT")).toHaveLength(1);
    expect(fx.tenant.snapshot().tasks).toHaveLength(DECLARED);
  });

  it("leaves the tenant without tasks after destroy", async () => {
    await fx.stack.destroy();

    expect(fx.tenant.snapshot().tasks).toEqual([]);
    const state = await fx.stack.exportStack();
    expect(state.deployment.resources ?? []).toEqual([]);
  });
});
