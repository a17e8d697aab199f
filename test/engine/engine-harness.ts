/**
 * A stack under the real Pulumi engine for tests: its own file backend and work folder in a
 * temporary directory, a tenant simulator, and the stack file the program declares tasks from.
 */
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { declareStackTasks, projectRoot } from "../../provider/program";
import { type RunningTenant, type TenantOptions, startTenant } from "../../simulator/tenant";
import { openStack } from "../../scripts/engine";

/** A running tenant and a stack pointed at it. */
export interface EngineFixture {
  tenant: RunningTenant;
  stack: Stack;
  /** The stack file the program reads; tests rewrite it between operations. */
  stackFile: string;
  /** Rewrites the stack file from text. */
  writeStackFile(yaml: string): void;
  /** The work folder (Pulumi.<stack>.yaml) and the environment the CLI runs with. */
  workDir: string;
  /** The file backend's folder. */
  backendDir: string;
  /** Runs the Pulumi CLI itself on this stack, for commands the Automation API lacks. Only for
   * commands that call no provider: it blocks this process, and so the simulator in it. */
  cli(args: string[]): string;
  /** The same without blocking, for commands whose provider calls the simulator. */
  cliAsync(args: string[]): Promise<string>;
  /** Stops the tenant and removes the temporary folders. */
  dispose(): Promise<void>;
}

/** The project's own local stack file, the starting declaration of most engine tests. */
export const LOCAL_STACK_FILE = path.join(projectRoot(), "stacks", "local.yaml");

/** Starts a tenant and opens a stack named `stackName` declaring the tasks of stacks/local.yaml. */
export async function engineFixture(
  stackName: string,
  tenantOptions: TenantOptions = {},
  program?: () => Promise<Record<string, unknown> | void>,
): Promise<EngineFixture> {
  const tenant = await startTenant(tenantOptions);
  const scratch = mkdtempSync(path.join(tmpdir(), "qlik-engine-"));
  const stacksDir = path.join(scratch, "stacks");
  const stackFile = path.join(stacksDir, `${stackName}.yaml`);
  const writeStackFile = (yaml: string) => writeFileSync(stackFile, yaml);
  mkdirSync(stacksDir);
  copyFileSync(LOCAL_STACK_FILE, stackFile);

  const stack = await openStack({
    projectDir: projectRoot(),
    workDir: scratch,
    stackName,
    backendDir: path.join(scratch, "backend"),
    passphrase: "engine-tests",
    program: program ?? (async () => ({ tasks: declareStackTasks(stackName, stacksDir) })),
  });
  await stack.setConfig("qlik:tenantUrl", { value: tenant.url });
  await stack.setConfig("qlik:apiKey", { value: tenant.apiKey, secret: true });

  const env = { ...process.env, ...stack.workspace.envVars };
  return {
    tenant,
    stack,
    stackFile,
    writeStackFile,
    workDir: scratch,
    backendDir: path.join(scratch, "backend"),
    cliAsync: (args) =>
      new Promise((resolve, reject) =>
        execFile(
          stack.workspace.pulumiCommand.command,
          [...args, "--stack", stackName],
          { cwd: scratch, env, encoding: "utf8" },
          (error, stdout, stderr) =>
            error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
        ),
      ),
    cli: (args) =>
      execFileSync(stack.workspace.pulumiCommand.command, [...args, "--stack", stackName], {
        cwd: scratch,
        env,
        encoding: "utf8",
      }),
    async dispose() {
      await tenant.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** Collects the engine's output of one operation, for assertions on what a user would see. */
export function outputCollector(): { text: () => string; onOutput: (chunk: string) => void } {
  let text = "";
  return { text: () => text, onOutput: (chunk) => (text += chunk) };
}

/** Method and path of each request since the last clear, e.g. "PUT /api/v1/tasks/<id>". */
export function callsOf(tenant: RunningTenant): string[] {
  return tenant.requests().map((r) => `${r.method} ${r.path}`);
}
