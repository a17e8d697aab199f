/**
 * The main job: migrate the bundled local tenant's reload tasks to tasks under the real Pulumi
 * engine. Starts the tenant simulator, runs `pulumi preview` (creates shown), `pulumi up`
 * (migration), `pulumi preview` again (no change expected), and prints reload task -> task.
 */
import { rmSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { declareStackTasks, projectRoot } from "../provider/program";
import { loadStackDeclarations } from "../provider/stack-shared";
import { loadSeed } from "../simulator/seed";
import { startTenant } from "../simulator/tenant";
import { openStack } from "./engine";

const HELP = `Usage: main-job [--stack local] [--seed FILE]

Starts the tenant simulator seeded from FILE (default simulator/fixtures/local-tenant.json) and
migrates the reload tasks declared in stacks/<stack>.yaml with pulumi preview and pulumi up.
State goes to .pulumi-local/; each run starts a fresh stack, as the simulator starts afresh.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      stack: { type: "string", default: "local" },
      seed: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }

  const root = projectRoot();
  // A broken stack file is reported here, plainly, before the engine starts.
  loadStackDeclarations(path.join(root, "stacks"), values.stack!);
  const seedFile = values.seed ?? path.join(root, "simulator", "fixtures", "local-tenant.json");
  const tenant = await startTenant({ seed: loadSeed(seedFile) });
  const backendDir = path.join(root, ".pulumi-local");
  // The simulator is new each run, so state from an earlier run would describe nothing real.
  rmSync(path.join(backendDir, ".pulumi"), { recursive: true, force: true });

  try {
    console.log(`Tenant simulator at ${tenant.url} (seed ${path.relative(root, seedFile)})`);
    const stack = await openStack({
      projectDir: root,
      stackName: values.stack!,
      backendDir,
      passphrase: "local-simulator-only",
      program: async () => ({ tasks: await declareStackTasks(values.stack!) }),
    });
    await stack.setConfig("qlik:tenantUrl", { value: tenant.url });
    await stack.setConfig("qlik:apiKey", { value: tenant.apiKey, secret: true });

    const print = (text: string) => process.stdout.write(text);
    section("pulumi preview");
    const firstPreview = await stack.preview({ onOutput: print, diff: true });
    section("pulumi up");
    await stack.up({ onOutput: print });
    section("pulumi preview (expecting no change)");
    const secondPreview = await stack.preview({ onOutput: print, expectNoChanges: true });

    section("reload task -> task");
    printTable(tenant.snapshot());
    const created = firstPreview.changeSummary.create ?? 0;
    const unchanged = secondPreview.changeSummary.same ?? 0;
    console.log(
      `\nFirst preview planned ${created} creates; second preview: ${unchanged} unchanged.`,
    );
    return 0;
  } finally {
    await tenant.close();
  }
}

function section(title: string): void {
  console.log(`\n=== ${title} ===`);
}

interface SnapshotTask {
  id: string;
  name: string;
  enabled?: boolean | null;
  metadata?: { migratedFrom?: string | null } | null;
  start?: { schedule?: { recurrence?: string; timezone?: string } | string | null } | null;
}

function printTable(snapshot: {
  tasks: SnapshotTask[];
  reloadTasks: { id: string; state?: string }[];
}) {
  const rows = snapshot.tasks
    .filter((task) => task.metadata?.migratedFrom)
    .map((task) => {
      const schedule = typeof task.start?.schedule === "object" ? task.start?.schedule : undefined;
      const legacy = snapshot.reloadTasks.find((rt) => rt.id === task.metadata?.migratedFrom);
      return [
        `${task.metadata!.migratedFrom} (${legacy?.state ?? "?"})`,
        task.id,
        `${schedule?.recurrence ?? "?"} local time in ${schedule?.timezone ?? "?"}`,
        task.enabled ? "enabled" : "disabled",
      ];
    });
  const header = ["reload task (state now)", "task", "schedule", "task state"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, widths.map((w) => "-".repeat(w)), ...rows]) {
    console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join("  "));
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`main job failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
