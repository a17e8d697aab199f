/**
 * Recovery after a `pulumi up` that was killed (a stopped CI runner, an OOM kill): the file
 * backend keeps the killed run's lock, and a kill during a checkpoint write can leave the
 * checkpoint truncated ("failed to load checkpoint: EOF"; the file backend does not write it
 * atomically). This restores the backup the backend keeps (`<stack>.json.bak`, one step older)
 * when the checkpoint does not parse, removes the lock with `pulumi cancel` and clears the
 * pending creates with `pulumi refresh --clear-pending-creates`. The next
 * `pulumi up` then finishes the work: creates that were under way adopt the tasks they had
 * already made (the provider finds them by marker or by `migratedFrom`), so nothing is made
 * twice.
 *
 * Usage: node dist/scripts/recover-stack.js --stack NAME [--backend DIR] (default
 * .pulumi-local, where the main job keeps its state). Only for a file backend.
 */
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";

/** What recovery did, for the log. */
export interface Recovery {
  restoredBackup: boolean;
}

/** Repairs the checkpoint if needed and releases the lock of a killed run. */
export async function recoverStack(options: {
  backendDir: string;
  project: string;
  stack: string;
  /** Runs the Pulumi CLI on this stack, in the stack's environment, without blocking. */
  pulumi: (args: string[]) => Promise<unknown>;
}): Promise<Recovery> {
  const checkpoint = path.join(
    options.backendDir,
    ".pulumi",
    "stacks",
    options.project,
    `${options.stack}.json`,
  );
  let restoredBackup = false;
  if (existsSync(checkpoint) && !parses(checkpoint) && parses(`${checkpoint}.bak`)) {
    copyFileSync(`${checkpoint}.bak`, checkpoint);
    restoredBackup = true;
  }
  await options.pulumi(["cancel", "--yes"]);
  // Creates that were under way stay as pending operations; dropping them is safe because the
  // next create finds the task it had made and adopts it.
  await options.pulumi(["refresh", "--clear-pending-creates", "--yes", "--skip-preview"]);
  return { restoredBackup };
}

function parses(file: string): boolean {
  try {
    JSON.parse(readFileSync(file, "utf8"));
    return true;
  } catch {
    return false;
  }
}

if (require.main === module) {
  const { values } = parseArgs({
    options: { stack: { type: "string" }, backend: { type: "string", default: ".pulumi-local" } },
  });
  if (!values.stack) {
    console.error("usage: recover-stack --stack NAME [--backend DIR]");
    process.exit(2);
  }
  const stack = values.stack;
  const backendDir = path.resolve(values.backend!);
  const env = { ...process.env, PULUMI_BACKEND_URL: `file://${backendDir}` };
  const pulumi = (args: string[]) =>
    new Promise((resolve, reject) =>
      execFile("pulumi", [...args, "--stack", stack], { env }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      ),
    );
  recoverStack({ backendDir, project: "qlik-tasks", stack, pulumi }).then(
    ({ restoredBackup }) => {
      const restored = restoredBackup ? "restored the checkpoint backup, " : "";
      console.log(
        `recover-stack: ${restored}lock released, pending creates cleared; run pulumi up`,
      );
    },
    (error: unknown) => {
      console.error(`recover-stack failed: ${error instanceof Error ? error.message : error}`);
      process.exit(1);
    },
  );
}
