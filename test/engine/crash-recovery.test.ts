/**
 * `pulumi up` killed (CLI and provider, SIGKILL) at a random moment while it creates 50 tasks,
 * then the recovery the README documents: scripts/recover-stack.ts (a truncated checkpoint
 * restored from its backup, the killed run's lock released), then `pulumi up`.
 * Afterwards the tenant holds each declared task exactly once and the state matches it.
 *
 * CI runs QLIK_CRASH_RUNS (default 3) seeds; `QLIK_CRASH_RUNS=20 bash scripts/test.sh
 * --selectProjects engine -t crash` is the soak. QLIK_CRASH_SEED replays one seed.
 */
import { recoverStack } from "../../scripts/recover-stack";
import { bulkSeed, bulkStackYaml } from "../../simulator/bulk";
import { engineFixture } from "./engine-harness";
import { killPulumi, seededRandom } from "./process-kill";

jest.setTimeout(600_000);

const TASKS = 50;
/** Long enough to cover a whole `up` of 50 tasks on the development machine (about 3 s). */
const LONGEST_KILL_DELAY_MS = 4_000;

const runs = Number(process.env.QLIK_CRASH_RUNS ?? 3);
const seeds = process.env.QLIK_CRASH_SEED
  ? [Number(process.env.QLIK_CRASH_SEED)]
  : Array.from({ length: runs }, (_, i) => 1000 + i);

describe("crash recovery", () => {
  it.each(seeds)("leaves each task once after a kill with seed %i", async (seed) => {
    const fx = await engineFixture(`crash-${seed}`, { seed: bulkSeed(TASKS), rateLimits: false });
    try {
      fx.writeStackFile(bulkStackYaml(TASKS));
      const delay = Math.floor(seededRandom(seed)() * LONGEST_KILL_DELAY_MS);

      const interrupted = fx.stack.up().then(
        () => "finished",
        () => "killed",
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
      killPulumi("up", `crash-${seed}`);
      await interrupted;

      const recovery = await recoverStack({
        backendDir: fx.backendDir,
        project: "qlik-tasks",
        stack: `crash-${seed}`,
        pulumi: fx.cliAsync,
      });
      if (recovery.restoredBackup) process.stderr.write(`seed ${seed}: checkpoint restored\n`);
      await fx.stack.up();
      const preview = await fx.stack.preview({ expectNoChanges: true });

      const live = fx.tenant.snapshot().tasks;
      const markers = live.map((task) => (task.annotations ?? [])[0]);
      expect(new Set(markers).size).toBe(TASKS);
      expect(live).toHaveLength(TASKS);
      const migrated = live.filter((task) => task.metadata?.migratedFrom);
      expect(new Set(migrated.map((t) => t.metadata!.migratedFrom)).size).toBe(TASKS / 2);
      expect(migrated).toHaveLength(TASKS / 2);

      const state = JSON.parse(fx.cli(["stack", "export"])) as {
        deployment: { resources: { type: string; id?: string }[]; pending_operations?: unknown[] };
      };
      const stateIds = state.deployment.resources
        .filter((r) => r.type === "pulumi-nodejs:dynamic/qlik:Task")
        .map((r) => r.id);
      expect(new Set(stateIds)).toEqual(new Set(live.map((t) => t.id)));
      expect(state.deployment.pending_operations ?? []).toEqual([]);
      expect(preview.changeSummary.same).toBe(TASKS + 2);
    } finally {
      await fx.dispose();
    }
  });
});
