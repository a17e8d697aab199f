/**
 * The Serverless Workflow document that the Tasks API takes for a scheduled app reload, built
 * from the inputs. The resource always builds the one event state and its one `app.reload`
 * action, so inputs can never produce "task has 0 states instead of 1" or a missing `start`.
 */
import type { Task } from "./client/schemas";
import type { TaskInputs } from "./inputs";

/** Names we give the state and the action; tasks made elsewhere keep their own on update. */
const STATE_NAME = "reload";
const ACTION_NAME = "reload-app";
/** The spec version Qlik's migration guide sends. */
const SPEC_VERSION = "0.8";

/** The body of a create: the whole task as declared. */
export function newTaskBody(inputs: TaskInputs): Record<string, unknown> {
  return {
    name: inputs.name,
    ...(inputs.description !== undefined && { description: inputs.description }),
    enabled: inputs.enabled,
    specVersion: SPEC_VERSION,
    ...(inputs.marker && { annotations: [inputs.marker] }),
    metadata: metadataFor(inputs),
    start: { stateName: STATE_NAME, schedule: scheduleFor(inputs) },
    states: [
      {
        name: STATE_NAME,
        type: "EVENT",
        end: true,
        onEvents: [
          { eventRefs: [], actions: [{ name: ACTION_NAME, functionRef: reloadCall(inputs) }] },
        ],
      },
    ],
  };
}

/**
 * The body of an update: the live task with the managed fields replaced. A PUT replaces the
 * whole definition, so whatever the service holds that we do not manage (state and action
 * names, other arguments, annotations, metadata) is carried over rather than lost.
 */
export function updatedTaskBody(live: Task, inputs: TaskInputs): Record<string, unknown> {
  const { id: _id, resourceId: _resourceId, ...kept } = structuredClone(live);
  const liveMeta = { ...(kept.metadata ?? {}) };
  for (const readOnly of ["createdAt", "updatedAt", "deletedAt"]) delete liveMeta[readOnly];

  const state = soleState(kept.states) ?? {};
  const onEvent = firstOf(state.onEvents) ?? { eventRefs: [] };
  const action = firstOf(onEvent.actions) ?? { name: ACTION_NAME };
  const liveArguments = (action.functionRef as { arguments?: object } | undefined)?.arguments;
  const stateName = typeof state.name === "string" ? state.name : STATE_NAME;
  const liveSchedule = typeof kept.start?.schedule === "object" ? kept.start.schedule : {};

  const body: Record<string, unknown> = {
    ...kept,
    name: inputs.name,
    enabled: inputs.enabled,
    metadata: { ...liveMeta, ...metadataFor(inputs) },
    start: { ...kept.start, stateName, schedule: { ...liveSchedule, ...scheduleFor(inputs) } },
    states: [
      {
        ...state,
        name: stateName,
        onEvents: [
          {
            ...onEvent,
            actions: [{ ...action, functionRef: reloadCall(inputs, liveArguments) }],
          },
        ],
      },
    ],
  };
  if (inputs.description !== undefined) body.description = inputs.description;
  if (!inputs.schedule.endDateTime)
    delete (body.start as { schedule: Record<string, unknown> }).schedule.endDateTime;
  return body;
}

function metadataFor(inputs: TaskInputs): Record<string, unknown> {
  return { ...(inputs.spaceId && { spaceId: inputs.spaceId }), usage: inputs.usage };
}

/** Note the spelling: a task's schedule says `timezone`; a reload task says `timeZone`. */
function scheduleFor(inputs: TaskInputs): Record<string, unknown> {
  const { recurrence, startDateTime, endDateTime, timezone } = inputs.schedule;
  return { recurrence, startDateTime, ...(endDateTime && { endDateTime }), timezone };
}

function reloadCall(inputs: TaskInputs, liveArguments?: object): Record<string, unknown> {
  return {
    refName: "app.reload",
    arguments: { ...liveArguments, appId: inputs.appId, partial: inputs.partial },
  };
}

type Loose = Record<string, unknown> & {
  name?: unknown;
  onEvents?: unknown;
  actions?: unknown;
  functionRef?: unknown;
};

function soleState(states: unknown): Loose | undefined {
  return Array.isArray(states) && states.length === 1 ? (states[0] as Loose) : undefined;
}

function firstOf(list: unknown): Loose | undefined {
  return Array.isArray(list) && list.length > 0 ? (list[0] as Loose) : undefined;
}
