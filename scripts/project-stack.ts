/**
 * Opens a stack of this project for the command-line scripts (drift, plan) as a person or a CI
 * job runs them against a real tenant: the project folder as the work dir, the backend from
 * `PULUMI_BACKEND_URL`, secrets from `PULUMI_CONFIG_PASSPHRASE`, the tenant and credentials from
 * the stack's config or the `QLIK_*` variables. The engine tests open their stacks themselves.
 */
import { accessSync, constants } from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { declareStackTasks, projectRoot } from "../provider/program";
import { loadStackDeclarations } from "../provider/stack-shared";
import { type EngineStackOptions, engineEnv, pulumiBinDir } from "./engine";

/** The folder of a `pulumi` on PATH, as installed by Pulumi's installer or its CI action. */
export function pulumiOnPath(searchPath = process.env.PATH ?? ""): string | undefined {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    try {
      accessSync(path.join(dir, "pulumi"), constants.X_OK);
      return dir;
    } catch {
      // Not in this folder; keep looking.
    }
  }
  return undefined;
}

/** Selects (or, with `create`, creates) `stackName` with the tasks of stacks/<stack>.yaml. */
export async function openProjectStack(stackName: string, create = false): Promise<Stack> {
  const root = projectRoot();
  // A broken stack file is reported here, plainly, before the engine starts.
  loadStackDeclarations(path.join(root, "stacks"), stackName);

  const options: EngineStackOptions = {
    projectDir: root,
    stackName,
    backendDir: path.join(root, ".pulumi-local"),
    passphrase: process.env.PULUMI_CONFIG_PASSPHRASE ?? "",
    program: async () => ({ tasks: declareStackTasks(stackName) }),
    env: {
      PULUMI_BACKEND_URL:
        process.env.PULUMI_BACKEND_URL ?? `file://${path.join(root, ".pulumi-local")}`,
      PULUMI_HOME: process.env.PULUMI_HOME ?? path.join(homedir(), ".pulumi"),
    },
  };
  const binDir = pulumiOnPath() ?? pulumiBinDir(root);
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(binDir) });
  const args = { stackName, projectName: "qlik-tasks", program: options.program };
  const workspace = { workDir: root, pulumiCommand, envVars: engineEnv(options, binDir) };
  if (create) return LocalWorkspace.createOrSelectStack(args, workspace);
  try {
    return await LocalWorkspace.selectStack(args, workspace);
  } catch (error) {
    if (!String(error).includes("no stack named")) throw error;
    throw new Error(
      `no stack "${stackName}" in the backend ${options.env!.PULUMI_BACKEND_URL}; ` +
        `deploy it first (node dist/scripts/plan.js up --stack ${stackName}) or check ` +
        "PULUMI_BACKEND_URL",
    );
  }
}

/** The flags every stack command takes. */
export const STACK_USAGE = "--stack NAME (backend from PULUMI_BACKEND_URL, default .pulumi-local)";
