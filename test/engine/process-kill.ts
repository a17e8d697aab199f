/** Kills a running `pulumi` command of one stack and the provider processes it started, with
 * SIGKILL: nothing gets to clean up, as when a CI runner is stopped. */
import { execFileSync } from "node:child_process";

interface ProcessRow {
  pid: number;
  ppid: number;
  args: string;
}

function processes(): ProcessRow[] {
  return execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" })
    .split("\n")
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
}

/** Kills the CLI running `command` on `stack` and its children; returns how many were killed. */
export function killPulumi(command: string, stack: string): number {
  const rows = processes();
  const cli = rows.filter(
    (r) => r.args.includes(`pulumi ${command} `) && r.args.includes(`--stack ${stack} `),
  );
  const victims = [...cli, ...rows.filter((r) => cli.some((c) => c.pid === r.ppid))];
  for (const { pid } of victims) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone: the run finished before the kill.
    }
  }
  return victims.length;
}

/** A small seeded generator (mulberry32), so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
