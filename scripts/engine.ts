/**
 * Runs Pulumi programs under the real Pulumi engine: the CLI built from its Go module by
 * `build-pulumi-cli.sh`, driven through the Automation API in inline mode (the Node language
 * host is not published as a Go module, so the program runs in this process and the CLI talks
 * to it). Local file backend, passphrase secrets.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";

/** Where one stack lives and what it runs. */
export interface EngineStackOptions {
  /** The project: Pulumi.yaml, node_modules and the provider's sources or dist/. */
  projectDir: string;
  /** Where Pulumi.<stack>.yaml is written; the project folder unless a test isolates it. */
  workDir?: string;
  stackName: string;
  /** Folder of the file backend (state and locks). */
  backendDir: string;
  passphrase: string;
  program: () => Promise<Record<string, unknown> | void>;
  /** Extra environment for the CLI and the provider process. */
  env?: Record<string, string>;
}

/** Builds the Pulumi CLI if needed (cached per user) and returns the folder that holds it. */
export function pulumiBinDir(projectDir: string): string {
  const script = path.join(projectDir, "scripts", "build-pulumi-cli.sh");
  const out = execFileSync("bash", [script], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return out.trim().split("\n").pop()!;
}

/** The environment the CLI and the dynamic provider run with. */
export function engineEnv(options: EngineStackOptions, binDir: string): Record<string, string> {
  const nodeBin = path.join(options.projectDir, "node_modules", ".bin");
  return {
    PATH: [binDir, nodeBin, process.env.PATH ?? ""].join(path.delimiter),
    PULUMI_BACKEND_URL: `file://${options.backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: options.passphrase,
    PULUMI_HOME: path.join(options.backendDir, ".pulumi-home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    QLIK_TASKS_PROVIDER_ROOT: options.projectDir,
    QLIK_TASKS_STACK_DIR: options.workDir ?? options.projectDir,
    ...options.env,
  };
}

/** Creates or selects a stack that runs `program` under the real engine. */
export async function openStack(options: EngineStackOptions): Promise<Stack> {
  mkdirSync(options.backendDir, { recursive: true });
  const binDir = pulumiBinDir(options.projectDir);
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(binDir) });
  return LocalWorkspace.createOrSelectStack(
    { stackName: options.stackName, projectName: "qlik-tasks", program: options.program },
    {
      workDir: options.workDir ?? options.projectDir,
      pulumiCommand,
      envVars: engineEnv(options, binDir),
    },
  );
}
