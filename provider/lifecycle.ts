/**
 * The Tasks API lifecycle behind the QlikTask resource: check, diff, create, read, update and
 * delete. This module is loaded at run time by the small serialized provider (`shim.ts`), so
 * nothing here is written into the state and an upgrade reaches resources that already exist.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { credentialsFor } from "./client/credentials";
import { QlikApiError } from "./client/errors";
import { QlikClient } from "./client/qlik-client";
import { findOrCreateTask } from "./create";
import type { Task } from "./client/schemas";
import { type TaskInputs, inputsOf, validateInputs } from "./inputs";
import { type Logger, stderrLogger } from "./log";
import {
  REPLACE_ON_CHANGE,
  type TaskOutputs,
  changedProperties,
  inputsFromLive,
  outputsFor,
} from "./outputs";
import { type ConfigSource, resolveSettings } from "./settings";
import { STACK_INPUT, stackConfigSource } from "./stack-config";
import { sameDateTime } from "./schedule-rules";
import { updatedTaskBody } from "./task-body";
import { managedFields } from "./task-shape";

/** Options of a provider instance; tests pass their own client settings and logger. */
export interface LifecycleOptions {
  log?: Logger;
  /** Extra HTTP settings (timeouts, retry limits) merged over the defaults. */
  http?: { timeoutMs?: number; retryLimit?: number; backoffBaseMs?: number };
  env?: NodeJS.ProcessEnv;
}

/** Builds the provider. Credentials are read in `configure`, when the engine calls it. */
export function createLifecycle(
  options: LifecycleOptions = {},
): dynamic.ResourceProvider<TaskInputs, TaskOutputs> {
  const log = options.log ?? stderrLogger;
  let config: ConfigSource = { get: () => undefined };
  let client: QlikClient | undefined;

  /** The client is made on first use, so a preview that needs no call needs no credentials. */
  const tenant = (): QlikClient => {
    if (client) return client;
    const settings = resolveSettings(config, options.env ?? process.env);
    const http = { onRetry: (notice: string) => log.info(notice), ...options.http };
    const credentials = credentialsFor(settings.tenantUrl, settings.auth, http);
    client = new QlikClient({ tenantUrl: settings.tenantUrl, credentials, ...http });
    return client;
  };

  return {
    async configure(req) {
      // The explicit provider passes only the stack's name; its config is read when needed.
      const stack = req.config.get(STACK_INPUT);
      const fromStack = stack ? stackConfigSource(stack) : undefined;
      config = {
        get: (key) => req.config.get(key) ?? fromStack?.get(key),
        get failure() {
          return fromStack?.failure;
        },
      };
      client = undefined;
    },

    async check(olds, news) {
      const creating = !olds || Object.keys(olds).length === 0;
      const endUnchanged = sameDateTime(olds?.schedule?.endDateTime, news?.schedule?.endDateTime);
      const result = validateInputs(news as Record<string, unknown>, {
        allowPastEnd: !creating && endUnchanged,
      });
      if (!result.inputs) return { failures: result.failures };
      return { inputs: result.inputs };
    },

    async diff(_id, olds, news) {
      const changed = changedProperties(olds, news);
      if (changed.length === 0) return { changes: false };

      const replaces = changed.filter((p) => (REPLACE_ON_CHANGE as readonly string[]).includes(p));
      if (replaces.length === 0 && olds.ownerId && olds.ownerId !== olds.writtenBy) {
        log.warn(
          `${news.name}: task ${olds.taskId} is owned by user ${olds.ownerId}; updating it makes ` +
            "the user of this stack's API key its owner (Qlik transfers ownership on every update)",
        );
      }
      return { changes: true, replaces, deleteBeforeReplace: false };
    },

    async create(raw) {
      const inputs = parsed(raw);
      const task = await findOrCreateTask(tenant(), inputs, log);
      const live = managedFields(task);
      const declared = inputsFromLive(live, inputs);
      if (changedProperties(declared, inputs).length === 0) {
        return { id: task.id, outs: withWriter(outputsFor(inputs, task), task) };
      }

      // The task exists now: whatever fails next must leave its id with the engine, or the next
      // run would make it again.
      try {
        const converged = await tenant().updateTask(
          task.id,
          inputs.appId,
          updatedTaskBody(task, inputs),
        );
        return { id: task.id, outs: withWriter(outputsFor(inputs, converged), converged) };
      } catch (error) {
        throw halfMade(task.id, outputsFor(declared, task), error);
      }
    },

    async read(id, props) {
      const previous = props ?? ({} as TaskOutputs);
      try {
        const task = await tenant().getTask(id);
        const inputs = inputsFromLive(managedFields(task), inputsOf(previous));
        const outs = { ...outputsFor(inputs, task), writtenBy: previous.writtenBy ?? "" };
        // The SDK types `inputs` as outputs; the engine stores them as the resource's inputs.
        return { id, props: outs, inputs: inputs as TaskOutputs };
      } catch (error) {
        if (error instanceof QlikApiError && error.isNotFound) return {};
        throw error;
      }
    },

    async update(id, _olds, raw) {
      const inputs = parsed(raw);
      const live = await tenant().getTask(id);
      // Refuse, before the PUT, a task whose shape was changed to one we cannot carry over.
      managedFields(live);
      const updated = await tenant().updateTask(id, inputs.appId, updatedTaskBody(live, inputs));
      return { outs: withWriter(outputsFor(inputs, updated), updated) };
    },

    async delete(id, props) {
      const existed = await tenant().deleteTask(id);
      if (!existed) log.info(`${props.name}: task ${id} was already gone`);
    },
  };
}

/** Inputs reach create and update after check; parse again so a bug cannot send junk. */
function parsed(raw: TaskInputs): TaskInputs {
  const result = validateInputs(raw as unknown as Record<string, unknown>, { allowPastEnd: true });
  if (result.inputs) return result.inputs;

  const first = result.failures[0];
  throw new Error(`invalid inputs: ${first?.property}: ${first?.reason}`);
}

/** Remembers who last wrote the task (its owner right after our write), to announce transfers. */
function withWriter(outs: TaskOutputs, task: Task): TaskOutputs {
  return { ...outs, writtenBy: task.metadata?.ownerId ?? "" };
}

/** An error that tells the engine the task exists, so it stays in the state. */
function halfMade(id: string, properties: TaskOutputs, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const error = new Error(
    `task ${id} was created but could not be brought to the declared values: ${reason}; ` +
      "it is kept in the state and the next `pulumi up` updates it",
  ) as Error & { id: string; properties: TaskOutputs; reasons: string[] };
  error.id = id;
  error.properties = properties;
  error.reasons = [reason];
  return error;
}
