/**
 * The Pulumi program: declares one QlikTask per entry of `stacks/<stack>.yaml` (laid over
 * `stacks/shared.yaml` when there is one) and exports a summary per task. Entries that name
 * their app by name are resolved against the stack's tenant first, so every QlikTask holds plain
 * ids. `index.ts` runs it under the Pulumi CLI; the project's scripts run the same function
 * through the Automation API.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { AppLookupError, type AppLookupClient, resolveAppReferences } from "./app-lookup";
import { QlikApiError } from "./client/errors";
import { QlikTask } from "./resource";
import { type ConfigSource, resolveSettings } from "./settings";
import { StackFileError } from "./stack-file";
import { loadStackDeclarations } from "./stack-shared";

/** What the stack exports per task key. */
export interface TaskSummary {
  taskId: pulumi.Output<string>;
  name: string;
  migratedFrom: pulumi.Output<string>;
  recurrence: pulumi.Output<string>;
  timezone: pulumi.Output<string>;
  enabled: pulumi.Output<boolean>;
}

/** The project's folder: the nearest one above this file that holds Pulumi.yaml. Compiled code
 * runs from dist/, sources from the project itself, so a fixed relative path would not do. */
export function projectRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

/**
 * The declarations with their apps resolved, or a RunError, which the engine shows alone,
 * without a stack trace. The program must fail, not declare nothing: a program that ends
 * normally with fewer tasks makes the engine delete the others, even when it logged an error.
 */
async function loadDeclarations(stacksDir: string, stack: string, connect: () => AppLookupClient) {
  try {
    return await resolveAppReferences(loadStackDeclarations(stacksDir, stack), connect);
  } catch (error) {
    const known = [StackFileError, AppLookupError, QlikApiError].some((k) => error instanceof k);
    if (known) throw new pulumi.RunError((error as Error).message);
    throw error;
  }
}

/**
 * A client for the stack's tenant, for the app lookups: the settings come from the stack's
 * config as the program sees it (`qlik:*`, secrets decrypted), then the environment. The HTTP
 * client is loaded here, on first need, so a stack that names no app never loads it.
 */
export function programTenantClient(): AppLookupClient {
  const config = new pulumi.Config("qlik");
  const source: ConfigSource = { get: (key) => config.get(key.replace(/^qlik:/, "")) };
  const settings = resolveSettings(source, process.env);
  const { credentialsFor } = require("./client/credentials") as Credentials;
  const { QlikClient } = require("./client/qlik-client") as Client;
  const credentials = credentialsFor(settings.tenantUrl, settings.auth);
  return new QlikClient({ tenantUrl: settings.tenantUrl, credentials });
}
type Credentials = typeof import("./client/credentials");
type Client = typeof import("./client/qlik-client");

/** Declares the tasks of one stack; `stacksDir` defaults to the project's `stacks/`. The
 * result is exported as it is: the engine awaits it as the stack's outputs. */
export async function declareStackTasks(
  stack: string,
  stacksDir = path.join(projectRoot(), "stacks"),
  connect: () => AppLookupClient = programTenantClient,
): Promise<Record<string, TaskSummary>> {
  const summaries: Record<string, TaskSummary> = {};
  for (const { key, inputs } of await loadDeclarations(stacksDir, stack, connect)) {
    const task = new QlikTask(key, inputs);
    summaries[key] = {
      taskId: task.taskId,
      name: inputs.name,
      migratedFrom: task.migratedFrom,
      recurrence: task.schedule.recurrence,
      timezone: task.schedule.timezone,
      enabled: task.enabled,
    };
  }
  return summaries;
}
