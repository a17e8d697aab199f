/**
 * `create`, the one step that can duplicate or lose a schedule, so it looks before it writes:
 * an adopted task is read, a migration first checks whether the reload task was already
 * migrated, and a task carrying this declaration's marker is adopted rather than made twice.
 */
import type { QlikClient } from "./client/qlik-client";
import { QlikApiError } from "./client/errors";
import type { Task } from "./client/schemas";
import type { TaskInputs } from "./inputs";
import type { Logger } from "./log";
import { newTaskBody } from "./task-body";
import { managedFields } from "./task-shape";

/** Finds the task this declaration stands for, or makes it. Never two tasks for one declaration. */
export async function findOrCreateTask(
  client: QlikClient,
  inputs: TaskInputs,
  log: Logger,
): Promise<Task> {
  if (inputs.adoptTaskId) return adoptById(client, inputs);
  if (inputs.migrateFrom) return migrateOnce(client, inputs, inputs.migrateFrom, log);

  const marked = await findMarkedTask(client, inputs);
  return marked ?? client.createTask(inputs.appId, newTaskBody(inputs));
}

async function adoptById(client: QlikClient, inputs: TaskInputs): Promise<Task> {
  const task = await client.getTask(inputs.adoptTaskId!).catch((error: unknown) => {
    if (error instanceof QlikApiError && error.isNotFound) {
      throw new Error(
        `adoptTaskId: task ${inputs.adoptTaskId} does not exist on the tenant; check the id`,
      );
    }
    throw error;
  });
  const live = managedFields(task);
  if (live.appId !== inputs.appId) {
    throw new Error(
      `adoptTaskId: task ${task.id} reloads app ${live.appId}, but the declaration says app ` +
        `${inputs.appId}; fix appId or adopt another task`,
    );
  }
  return task;
}

/**
 * Migrates a reload task unless that already happened (by a retried run, by hand, or by Qlik's
 * background migration), in which case the existing task is adopted.
 */
async function migrateOnce(
  client: QlikClient,
  inputs: TaskInputs,
  reloadTaskId: string,
  log: Logger,
): Promise<Task> {
  const legacy = await readReloadTask(client, reloadTaskId);
  if (legacy?.appId && legacy.appId !== inputs.appId) {
    throw new Error(
      `migrateFrom: reload task ${reloadTaskId} reloads app ${legacy.appId}, but the declaration ` +
        `says app ${inputs.appId}; fix appId or migrateFrom`,
    );
  }

  const migrated = (await client.listTasksForApp(inputs.appId)).filter(
    (task) => task.metadata?.migratedFrom === reloadTaskId,
  );
  if (migrated.length > 1) {
    const ids = migrated.map((task) => `${task.id} ("${task.name}")`).join(", ");
    throw new Error(
      `migrateFrom: reload task ${reloadTaskId} has ${migrated.length} migrated tasks (${ids}); ` +
        "remove migrateFrom and set adoptTaskId to the one to keep",
    );
  }
  if (migrated[0]) {
    log.info(
      `reload task ${reloadTaskId} was already migrated to task ${migrated[0].id}: adopting it`,
    );
    return migrated[0];
  }
  if (!legacy) {
    throw new Error(
      `migrateFrom: reload task ${reloadTaskId} cannot be read (the reload-tasks API is gone or ` +
        "the reload task was deleted) and no task was migrated from it; remove migrateFrom from " +
        "the declaration to create the task directly",
    );
  }
  if (legacy.migrated) {
    throw new Error(
      `migrateFrom: reload task ${reloadTaskId} says it was migrated, but no task of app ` +
        `${inputs.appId} that the caller can see came from it; find the task in the Qlik console ` +
        "and set adoptTaskId to its id instead of migrateFrom, or, if that task was deleted, " +
        "remove migrateFrom to create a new one",
    );
  }

  log.info(
    `migrating reload task ${reloadTaskId}; Qlik switches off the reload tasks of app ${inputs.appId}`,
  );
  return client.createTask(inputs.appId, newTaskBody(inputs), reloadTaskId);
}

/** The reload task, or undefined when the legacy API or the reload task is gone (404, 410). */
async function readReloadTask(client: QlikClient, id: string) {
  try {
    return await client.getReloadTask(id);
  } catch (error) {
    const gone = error instanceof QlikApiError && (error.status === 404 || error.status === 410);
    if (gone) return undefined;
    throw error;
  }
}

/** A task left by an earlier attempt of this same create (the answer was lost, or the run was
 * killed before the state was written) carries the declaration's marker. */
async function findMarkedTask(client: QlikClient, inputs: TaskInputs): Promise<Task | undefined> {
  if (!inputs.marker) return undefined;
  const marked = (await client.listTasksForApp(inputs.appId)).filter((task) =>
    task.annotations?.includes(inputs.marker!),
  );
  if (marked.length > 1) {
    const ids = marked.map((task) => task.id).join(", ");
    throw new Error(
      `several tasks carry the marker ${inputs.marker} (${ids}); delete all but one in Qlik, then run again`,
    );
  }
  return marked[0];
}
