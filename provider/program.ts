/**
 * The Pulumi program: declares one QlikTask per entry of `stacks/<stack>.yaml` and exports a
 * summary per task. `index.ts` runs it under the Pulumi CLI; the project's scripts run the same
 * function through the Automation API.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { QlikTask } from "./resource";
import { StackFileError, loadStackFile } from "./stack-file";

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

/** The declarations, or a RunError: the engine shows its message alone, without a stack trace. */
function loadDeclarations(file: string) {
  try {
    return loadStackFile(file);
  } catch (error) {
    if (error instanceof StackFileError) throw new pulumi.RunError(error.message);
    throw error;
  }
}

/** Declares the tasks of one stack; `stacksDir` defaults to the project's `stacks/`. */
export function declareStackTasks(
  stack: string,
  stacksDir = path.join(projectRoot(), "stacks"),
): Record<string, TaskSummary> {
  const file = path.join(stacksDir, `${stack}.yaml`);
  const summaries: Record<string, TaskSummary> = {};
  for (const { key, inputs } of loadDeclarations(file)) {
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
