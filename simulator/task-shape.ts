/**
 * Reading a task's workflow document, which arrives as untrusted JSON: the first state, its
 * single action, and the app that action reloads.
 */
import { isObject } from "./http-util";

/** The `states` array, or an empty one when it is missing or not an array. */
export function statesOf(task: Record<string, unknown>): unknown[] {
  return Array.isArray(task.states) ? task.states : [];
}

/** The actions of the first event of the first state, as Qlik counts them. */
export function actionsOf(task: Record<string, unknown>): unknown[] {
  const state = statesOf(task)[0];
  const onEvents = isObject(state) && Array.isArray(state.onEvents) ? state.onEvents : [];
  const event: unknown = onEvents[0];
  return isObject(event) && Array.isArray(event.actions) ? event.actions : [];
}

/** The first action's `functionRef`, when it is an object. */
export function functionRefOf(task: Record<string, unknown>): Record<string, unknown> | undefined {
  const action = actionsOf(task)[0];
  return isObject(action) && isObject(action.functionRef) ? action.functionRef : undefined;
}

/** The app the task reloads: the service derives `resourceId` from this, never from input. */
export function appIdOf(task: Record<string, unknown>): string | undefined {
  const args = functionRefOf(task)?.arguments;
  return isObject(args) && typeof args.appId === "string" ? args.appId : undefined;
}

/** The name of the first action, used as the run's action id. */
export function actionNameOf(task: Record<string, unknown>): string {
  const action = actionsOf(task)[0];
  return isObject(action) && typeof action.name === "string" ? action.name : "reload";
}
