/**
 * The seed: users, OAuth clients, spaces, apps, legacy reload tasks and existing tasks that a
 * simulated tenant starts with. Validated with zod so that a typo in a fixture fails at start
 * with the file and the field, instead of surfacing later as an odd API answer.
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import localTenant from "./fixtures/local-tenant.json";

const hex24 = z.string().regex(/^[0-9a-f]{24}$/, "must be 24 lowercase hex characters");
const disabledCodes = [
  "MANUALLY",
  "CONSECUTIVE-FAILURES",
  "OWNER-DELETED",
  "OWNER-DISABLED",
] as const;

const userSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  email: z.string().min(1),
  apiKey: z.string().min(8),
  admin: z.boolean().default(false),
});

// An OAuth2 machine-to-machine client; its tokens act as `userId` (Qlik gives each such client
// a bot user of its own).
const clientSchema = z.strictObject({
  clientId: z.string().min(1),
  clientSecret: z.string().min(8),
  userId: z.string().min(1),
});

const spaceSchema = z.strictObject({
  id: z.guid(),
  name: z.string().min(1),
  type: z.enum(["shared", "managed", "data", "personal"]),
});

const appSchema = z.strictObject({
  id: z.guid(),
  name: z.string().min(1),
  spaceId: z.guid(),
  reloadDeniedFor: z.array(z.string()).default([]),
  taskLimit: z.number().int().positive().optional(),
});

// Field for field the `Task` type of reload-tasks.d.ts, minus `links`, which the server computes.
const reloadTaskSchema = z.strictObject({
  id: hex24,
  appId: z.guid(),
  spaceId: z.guid().optional(),
  partial: z.boolean().optional(),
  autoReload: z.boolean().optional(),
  autoReloadPartial: z.boolean().optional(),
  recurrence: z.array(z.string()).optional(),
  startDateTime: z.string().optional(),
  endDateTime: z.string().optional(),
  timeZone: z.string().optional(),
  state: z.enum(["Enabled", "Disabled", "Completed"]),
  disabledCode: z.enum(disabledCodes).optional(),
  migrated: z.boolean().optional(),
  nextExecutionTime: z.string().optional(),
  lastExecutionTime: z.string().optional(),
  userId: z.string().min(1),
  tenantId: z.string().min(1),
  fortressId: z.string().optional(),
  log: z.string().optional(),
});

// Existing tasks keep whatever shape they were given: some tests need shapes the provider
// does not manage (two states, another function).
const taskSchema = z.looseObject({ id: z.guid().optional(), name: z.string().min(1) });

const seedSchema = z
  .strictObject({
    tenantId: z.string().min(1),
    users: z.array(userSchema).min(1),
    clients: z.array(clientSchema).default([]),
    spaces: z.array(spaceSchema),
    apps: z.array(appSchema),
    reloadTasks: z.array(reloadTaskSchema).default([]),
    tasks: z.array(taskSchema).default([]),
  })
  .superRefine((seed, ctx) => {
    const has = (list: { id: string }[], id: string) => list.some((item) => item.id === id);
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });

    seed.clients.forEach((client, i) => {
      if (!has(seed.users, client.userId)) issue(["clients", i, "userId"], "names no user");
    });
    seed.apps.forEach((app, i) => {
      if (!has(seed.spaces, app.spaceId)) issue(["apps", i, "spaceId"], "names no space");
    });
    seed.reloadTasks.forEach((task, i) => {
      if (!has(seed.apps, task.appId)) issue(["reloadTasks", i, "appId"], "names no app");
      if (!has(seed.users, task.userId)) issue(["reloadTasks", i, "userId"], "names no user");
      if (task.tenantId !== seed.tenantId) issue(["reloadTasks", i, "tenantId"], "is not tenantId");
    });
  });

/** A validated seed, with defaults filled in. */
export type Seed = z.output<typeof seedSchema>;

/** Validates a parsed seed object; the error names the source and every bad field. */
export function parseSeed(data: unknown, source: string): Seed {
  const result = seedSchema.safeParse(data);
  if (result.success) return result.data;

  const lines = result.error.issues.map((issue) => {
    const path = issue.path.map((part) =>
      typeof part === "number" ? `[${part}]` : `.${String(part)}`,
    );
    return `  - ${path.join("").replace(/^\./, "") || "(root)"}: ${issue.message}`;
  });
  throw new Error(`Invalid seed ${source}:\n${lines.join("\n")}`);
}

/** Reads a seed from a JSON or YAML file (by extension) and validates it. */
export function loadSeed(path: string): Seed {
  const text = readFileSync(path, "utf8");
  let data: unknown;
  try {
    data = [".yaml", ".yml"].includes(extname(path)) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new Error(`Cannot parse seed ${path}: ${(error as Error).message}`);
  }
  return parseSeed(data, path);
}

/** The bundled main-demo tenant, `fixtures/local-tenant.json`. */
export function defaultSeed(): Seed {
  return parseSeed(structuredClone(localTenant), "simulator/fixtures/local-tenant.json");
}
