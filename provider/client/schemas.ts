/**
 * Schemas of the answers the client reads, after Qlik's published types (`@qlik/api`:
 * tasks.d.ts, reload-tasks.d.ts, spaces.d.ts, items.d.ts). Objects are loose: fields we do not
 * know are kept, so a task read and written back loses nothing the service holds.
 */
import { z } from "zod";

const link = z.object({ href: z.string() });

/** `links` of a list answer: follow `next.href` until it is absent. */
export const pageLinksSchema = z.looseObject({
  self: link.optional(),
  next: link.optional(),
  prev: link.optional(),
});

/** `start.schedule` of a task: Qlik's type also allows a bare string, which we do not manage. */
export const taskScheduleSchema = z.looseObject({
  recurrence: z.string().nullish(),
  startDateTime: z.string().nullish(),
  endDateTime: z.string().nullish(),
  timezone: z.string().nullish(),
});

/** `metadata` of a task; the service fills the owner, times, migration and disable reason. */
export const taskMetadataSchema = z.looseObject({
  ownerId: z.string().nullish(),
  createdBy: z.string().nullish(),
  createdAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
  tenantId: z.string().nullish(),
  spaceId: z.string().nullish(),
  usage: z.string().nullish(),
  disabledCode: z.string().nullish(),
  migratedFrom: z.string().nullish(),
});

/** A task as the Tasks API returns it (a Serverless Workflow document plus service fields). */
export const taskSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  description: z.string().nullish(),
  enabled: z.boolean().nullish(),
  specVersion: z.string().nullish(),
  version: z.string().nullish(),
  resourceId: z.string().nullish(),
  annotations: z.array(z.string()).nullish(),
  metadata: taskMetadataSchema.nullish(),
  start: z
    .looseObject({
      stateName: z.string().nullish(),
      schedule: z.union([z.string(), taskScheduleSchema]).nullish(),
    })
    .nullish(),
  states: z.array(z.unknown()).nullish(),
});
export type Task = z.infer<typeof taskSchema>;

/** One page of `GET /api/v1/tasks`. */
export const taskPageSchema = z.looseObject({
  data: z.array(taskSchema).default([]),
  links: pageLinksSchema.nullish(),
});

/** A legacy reload task (`/api/v1/reload-tasks`, deprecated). */
export const reloadTaskSchema = z.looseObject({
  id: z.string().min(1),
  appId: z.string().nullish(),
  spaceId: z.string().nullish(),
  partial: z.boolean().nullish(),
  autoReload: z.boolean().nullish(),
  recurrence: z.array(z.string()).nullish(),
  startDateTime: z.string().nullish(),
  endDateTime: z.string().nullish(),
  timeZone: z.string().nullish(),
  state: z.string().nullish(),
  disabledCode: z.string().nullish(),
  migrated: z.boolean().nullish(),
  userId: z.string().nullish(),
  tenantId: z.string().nullish(),
});
export type ReloadTask = z.infer<typeof reloadTaskSchema>;

/** One page of `GET /api/v1/reload-tasks`. */
export const reloadTaskPageSchema = z.looseObject({
  data: z.array(reloadTaskSchema).default([]),
  links: pageLinksSchema.nullish(),
});

/** The caller, from `GET /api/v1/users/me`. */
export const userSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().nullish(),
  tenantId: z.string().nullish(),
});
export type User = z.infer<typeof userSchema>;

/** A space, from `GET /api/v1/spaces` (spaces.d.ts `Space`); personal spaces have no name. */
export const spaceSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().nullish(),
  type: z.string().nullish(),
});
export type Space = z.infer<typeof spaceSchema>;

/** One page of `GET /api/v1/spaces` (spaces.d.ts `Spaces`: `data` is optional there). */
export const spacePageSchema = z.looseObject({
  data: z.array(spaceSchema).default([]),
  links: pageLinksSchema.nullish(),
});

/** An item, from `GET /api/v1/items` (items.d.ts `ItemResultResponseBody`): for an app,
 * `resourceId` is the app id and `id` the item's own id. */
export const itemSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullish(),
  spaceId: z.string().nullish(),
});
export type Item = z.infer<typeof itemSchema>;

/** One page of `GET /api/v1/items`. */
export const itemPageSchema = z.looseObject({
  data: z.array(itemSchema).default([]),
  links: pageLinksSchema.nullish(),
});
