/**
 * Prints figures for N tasks on the tenant simulator with Qlik's documented rate limits on:
 * preview with nothing changed, up creating all N, refresh, state size and the dynamic
 * provider's peak memory, next to the engine's own floor (N dynamic resources that do nothing,
 * measured in the same run) and the floor the write limit imposes. A script, never a test.
 *
 * Usage: node dist/scripts/benchmark.js [--sizes 50,200,1000]
 */
import { readFileSync, readdirSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "@pulumi/pulumi/automation";
import { declareStackTasks, projectRoot } from "../provider/program";
import { bulkSeed, bulkStackYaml } from "../simulator/bulk";
import { type RunningTenant, startTenant } from "../simulator/tenant";
import { openStack } from "./engine";

/** Qlik's documented write limit per user and minute (the simulator's default). */
const WRITES_PER_MINUTE = 100;

/** A dynamic provider that does nothing: the engine's own cost per resource. */
const noopProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: String(inputs.index), outs: inputs };
  },
  async diff() {
    return { changes: false };
  },
  async read(id, props) {
    return { id, props };
  },
};

class Noop extends pulumi.dynamic.Resource {
  constructor(name: string, index: number) {
    super(noopProvider, name, { index }, {});
  }
}

/** One row of the table. */
interface Figures {
  n: number;
  previewS: number;
  previewCalls: number;
  floorPreviewS: number;
  upS: number;
  floorUpS: number;
  rateFloorS: number;
  upCalls: number;
  up429: number;
  refreshS: number;
  refreshGets: number;
  refresh429: number;
  floorRefreshS: number;
  stateBytesPerTask: number;
  providerBytesPerTask: number;
  providerPeakMiB: number;
}

/** Watches the dynamic-provider processes and keeps the largest peak RSS (VmHWM) seen. */
function watchProviderMemory(scratch: string): { stop: () => number } {
  let peakKiB = 0;
  const sample = () => {
    for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
        if (!cmd.includes("cmd/dynamic-provider")) continue;
        // Only this run's providers: other stacks may be running on the machine.
        if (!readFileSync(`/proc/${pid}/environ`, "utf8").includes(scratch)) continue;
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
        if (hwm) peakKiB = Math.max(peakKiB, Number(hwm[1]));
      } catch {
        // The process ended between listing and reading; its last sample stands.
      }
    }
  };
  const timer = setInterval(sample, 100);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peakKiB / 1024;
    },
  };
}

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await run();
  return [result, (performance.now() - start) / 1000];
}

async function measureFloor(scratch: string, n: number) {
  const stack = await openStack({
    projectDir: projectRoot(),
    workDir: scratch,
    stackName: `floor-${n}`,
    backendDir: path.join(scratch, "backend"),
    passphrase: "benchmark",
    program: async () => {
      for (let i = 0; i < n; i++) new Noop(`noop-${i}`, i);
    },
  });
  const [, upS] = await timed(() => stack.up());
  const [, previewS] = await timed(() => stack.preview());
  const [, refreshS] = await timed(() => stack.refresh());
  return { upS, previewS, refreshS };
}

async function measureTasks(scratch: string, tenant: RunningTenant, n: number) {
  const stackName = `bench-${n}`;
  const stacksDir = path.join(scratch, "stacks");
  mkdirSync(stacksDir, { recursive: true });
  writeFileSync(path.join(stacksDir, `${stackName}.yaml`), bulkStackYaml(n));
  const stack = await openStack({
    projectDir: projectRoot(),
    workDir: scratch,
    stackName,
    backendDir: path.join(scratch, "backend"),
    passphrase: "benchmark",
    program: async () => ({ tasks: declareStackTasks(stackName, stacksDir) }),
  });
  await stack.setConfig("qlik:tenantUrl", { value: tenant.url });
  await stack.setConfig("qlik:apiKey", { value: tenant.apiKey, secret: true });

  const memory = watchProviderMemory(scratch);
  const [, upS] = await timed(() => stack.up());
  const upRequests = tenant.requests();
  tenant.clearRequests();
  const [, previewS] = await timed(() => stack.preview());
  const previewCalls = tenant.requests().length;
  tenant.clearRequests();
  const [, refreshS] = await timed(() => stack.refresh());
  const refreshGets = tenant.requests().filter((r) => r.method === "GET").length;
  const refresh429 = tenant.requests().filter((r) => r.status === 429).length;
  const providerPeakMiB = memory.stop();

  return {
    upS,
    upCalls: upRequests.length,
    up429: upRequests.filter((r) => r.status === 429).length,
    previewS,
    previewCalls,
    refreshS,
    refreshGets,
    refresh429,
    providerPeakMiB,
    ...(await stateSizes(stack, n)),
  };
}

/** Bytes of the exported state and of the serialized providers, per task. */
async function stateSizes(stack: Stack, n: number) {
  const state = await stack.exportStack();
  const resources = (state.deployment as { resources?: Record<string, unknown>[] }).resources ?? [];
  let providerBytes = 0;
  for (const resource of resources) {
    for (const side of ["inputs", "outputs"]) {
      const serialized = (resource[side] as Record<string, unknown> | undefined)?.__provider;
      if (typeof serialized === "string") providerBytes += Buffer.byteLength(serialized);
    }
  }
  return {
    stateBytesPerTask: Buffer.byteLength(JSON.stringify(state)) / n,
    providerBytesPerTask: providerBytes / n,
  };
}

async function measure(n: number): Promise<Figures> {
  const scratch = mkdtempSync(path.join(tmpdir(), "qlik-bench-"));
  const tenant = await startTenant({ seed: bulkSeed(n) });
  try {
    const floor = await measureFloor(scratch, n);
    const tasks = await measureTasks(scratch, tenant, n);
    // Writes are counted in fixed one-minute windows: the first window takes 100 at once.
    const rateFloorS = (Math.ceil(n / WRITES_PER_MINUTE) - 1) * 60;
    return {
      n,
      ...tasks,
      floorPreviewS: floor.previewS,
      floorUpS: floor.upS,
      floorRefreshS: floor.refreshS,
      rateFloorS,
    };
  } finally {
    await tenant.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

function printTable(rows: Figures[]): void {
  const s = (v: number) => v.toFixed(1);
  const table: [string, (f: Figures) => string][] = [
    ["N tasks", (f) => String(f.n)],
    ["preview, no change: HTTP calls", (f) => String(f.previewCalls)],
    ["preview, no change: s", (f) => s(f.previewS)],
    ["  engine floor (N no-op resources): s", (f) => s(f.floorPreviewS)],
    ["up, N creates: s", (f) => s(f.upS)],
    ["  engine floor (N no-op creates): s", (f) => s(f.floorUpS)],
    ["  write-limit floor (100/min): s", (f) => s(f.rateFloorS)],
    ["up: HTTP calls / 429s received", (f) => `${f.upCalls} / ${f.up429}`],
    ["refresh: GETs / 429s received", (f) => `${f.refreshGets} / ${f.refresh429}`],
    ["refresh: s", (f) => s(f.refreshS)],
    ["  engine floor (N no-op reads): s", (f) => s(f.floorRefreshS)],
    ["state bytes per task", (f) => f.stateBytesPerTask.toFixed(0)],
    ["  of which serialized provider", (f) => f.providerBytesPerTask.toFixed(0)],
    ["provider process peak RSS (VmHWM): MiB", (f) => s(f.providerPeakMiB)],
  ];
  const width = Math.max(...table.map(([label]) => label.length));
  const lines = table.map(([label, cell]) =>
    [label.padEnd(width), ...rows.map((r) => cell(r).padStart(9))].join(" | "),
  );
  console.log([lines[0], lines[0]!.replace(/[^|]/g, "-"), ...lines.slice(1)].join("\n"));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: "string", default: "50,200,1000" } } });
  const sizes = values.sizes!.split(",").map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(
      `--sizes takes positive whole numbers separated by commas, got ${values.sizes}`,
    );
  }

  const memGiB = (totalmem() / 2 ** 30).toFixed(1);
  console.log(`Machine: ${cpus().length} CPUs, ${memGiB} GiB, Node ${process.version}`);
  console.log(
    "Tenant simulator with Qlik's documented limits: 1,000 reads, 100 writes a minute.\n",
  );
  const rows: Figures[] = [];
  for (const n of sizes) {
    console.error(`measuring N=${n} ...`);
    rows.push(await measure(n));
  }
  printTable(rows);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
