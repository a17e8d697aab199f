/**
 * Structural checks on a task body sent to POST or PUT /api/v1/tasks. The first three messages
 * are the ones Qlik's migration guide shows users; the simulator counts states and actions the
 * way those messages imply, so a client that sends a malformed document sees the real text.
 */
import { isObject, tasksError } from "./http-util";
import { actionsOf, appIdOf, functionRefOf, statesOf } from "./task-shape";
import type { Reply } from "./types";

const usages = ["ANALYTICS", "DATA_PREPARATION", "DATAFLOW_PREP", "SINGLE_TABLE_PREP"];

/** A body that passed the structural checks, with the parts later checks need. */
export interface CheckedBody {
  body: Record<string, unknown>;
  appId: string;
  schedule: Record<string, unknown>;
}

/** Checks the document's shape; answers the 400 Qlik would, or the parts for the next checks. */
export function checkTaskBody(body: unknown): CheckedBody | Reply {
  if (!isObject(body)) return bad("the request body must be a task object");
  if (typeof body.name !== "string" || body.name.trim() === "") return bad("name is required");
  if (typeof body.specVersion !== "string") return bad("specVersion is required");
  if (body.enabled !== undefined && typeof body.enabled !== "boolean") {
    return bad("enabled must be a boolean");
  }

  const states = statesOf(body).length;
  if (states !== 1) return bad(`task has ${states} states instead of 1`);
  const actions = actionsOf(body).length;
  if (actions !== 1) return bad(`task has ${actions} Actions instead of 1`);

  const start = body.start;
  if (!isObject(start) || typeof start.stateName !== "string" || !isObject(start.schedule)) {
    return bad("Start has no StartdefOneOf field");
  }

  return (
    checkReferences(body, start.stateName) ?? {
      body,
      appId: appIdOf(body) as string,
      schedule: start.schedule,
    }
  );
}

/** The start must name the state, the action must reload an app, the usage must be known. */
function checkReferences(body: Record<string, unknown>, stateName: string): Reply | undefined {
  const state = statesOf(body)[0];
  if (!isObject(state) || state.name !== stateName) {
    return bad(`start.stateName "${stateName}" names no state of the task`);
  }

  const refName = functionRefOf(body)?.refName;
  if (refName !== "app.reload") {
    return bad(`functionRef.refName must be "app.reload", got ${JSON.stringify(refName)}`);
  }
  if (appIdOf(body) === undefined) return bad("functionRef.arguments.appId is required");

  const usage = isObject(body.metadata) ? body.metadata.usage : undefined;
  if (usage !== undefined && !usages.includes(usage as string)) {
    return bad(`metadata.usage must be one of ${usages.join(", ")}`);
  }
  return undefined;
}

/** A 400 in the tasks shape whose title is the message itself, as the guide quotes them. */
function bad(message: string): Reply {
  return tasksError(400, message);
}
