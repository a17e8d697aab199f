/**
 * Typed calls to the Tasks API and the legacy reload-tasks API. Every answer is parsed by a
 * schema here, at the edge, so nothing untyped reaches the provider.
 */
import type { z } from "zod";
import { QlikApiError } from "./errors";
import { HttpClient, type HttpCall, type HttpSettings } from "./http";
import {
  type ReloadTask,
  type Task,
  type User,
  reloadTaskPageSchema,
  reloadTaskSchema,
  taskPageSchema,
  taskSchema,
  userSchema,
} from "./schemas";

/** The part of a list answer that paging needs. */
interface Page<T> {
  data: T[];
  links?: { next?: { href: string } | undefined } | null | undefined;
}

/** Qlik's largest page size for both list endpoints. */
const PAGE_SIZE = 100;

/** A client for one tenant. */
export class QlikClient {
  private readonly http: HttpClient;

  constructor(settings: HttpSettings) {
    this.http = new HttpClient(settings);
  }

  /** The user the credentials belong to. */
  async me(): Promise<User> {
    return this.read(userSchema, {
      operation: "read the caller",
      method: "GET",
      path: "/api/v1/users/me",
    });
  }

  /** Reads one task. A 404 throws a `QlikApiError` whose `isNotFound` is true. */
  async getTask(id: string): Promise<Task> {
    const path = `/api/v1/tasks/${encodeURIComponent(id)}`;
    return this.read(taskSchema, { operation: `read task ${id}`, method: "GET", path });
  }

  /** Every task of one app, all pages. Qlik asks for `resourceId` on this list, so it is required. */
  async listTasksForApp(appId: string): Promise<Task[]> {
    const first: HttpCall = {
      operation: `list tasks of app ${appId}`,
      method: "GET",
      path: "/api/v1/tasks",
      searchParams: { resourceId: appId, limit: PAGE_SIZE },
    };
    return this.allPages(first, taskPageSchema);
  }

  /** Creates a task for an app; with `migrateFrom`, as the migration of that reload task. */
  async createTask(appId: string, body: unknown, migrateFrom?: string): Promise<Task> {
    const task = `a task for app ${appId}`;
    const call: HttpCall = {
      operation: migrateFrom ? `migrate reload task ${migrateFrom} to ${task}` : `create ${task}`,
      method: "POST",
      path: "/api/v1/tasks",
      searchParams: { migrateFrom },
      json: body,
      hints: { 403: forbiddenToReload(appId) },
    };
    return this.read(taskSchema, call);
  }

  /** Replaces a task's definition. Qlik makes the caller the task's owner. */
  async updateTask(id: string, appId: string, body: unknown): Promise<Task> {
    const path = `/api/v1/tasks/${encodeURIComponent(id)}`;
    const operation = `update task ${id} of app ${appId}`;
    const hints = { 403: forbiddenToReload(appId) };
    return this.read(taskSchema, { operation, method: "PUT", path, json: body, hints });
  }

  /** Deletes a task; returns false when it was already gone (404). */
  async deleteTask(id: string): Promise<boolean> {
    const path = `/api/v1/tasks/${encodeURIComponent(id)}`;
    try {
      const hints = {
        403: "the caller may not delete it: it belongs to another user and the caller is no tenant admin",
      };
      await this.http.send({ operation: `delete task ${id}`, method: "DELETE", path, hints });
      return true;
    } catch (error) {
      if (error instanceof QlikApiError && error.isNotFound) return false;
      throw error;
    }
  }

  /** Reads one legacy reload task. */
  async getReloadTask(id: string): Promise<ReloadTask> {
    const path = `/api/v1/reload-tasks/${encodeURIComponent(id)}`;
    return this.read(reloadTaskSchema, {
      operation: `read reload task ${id}`,
      method: "GET",
      path,
    });
  }

  /** Every legacy reload task, optionally of one app, all pages. */
  async listReloadTasks(appId?: string): Promise<ReloadTask[]> {
    const first: HttpCall = {
      operation: appId ? `list reload tasks of app ${appId}` : "list reload tasks",
      method: "GET",
      path: "/api/v1/reload-tasks",
      searchParams: { appId, limit: PAGE_SIZE },
    };
    return this.allPages(first, reloadTaskPageSchema);
  }

  /** Follows `links.next.href` until it is absent; a cursor seen twice stops with an error. */
  private async allPages<T>(first: HttpCall, schema: z.ZodType<Page<T>>): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let call: HttpCall | undefined = first;

    while (call) {
      const page: Page<T> = await this.read(schema, call);
      items.push(...page.data);
      const next: string | undefined = page.links?.next?.href;
      if (next && seen.has(next)) {
        throw new QlikApiError(
          `${first.operation} failed: the tenant returned the page link ${next} twice`,
          "response",
          first.operation,
        );
      }
      if (next) seen.add(next);
      call = next ? { ...first, path: next, searchParams: undefined } : undefined;
    }
    return items;
  }

  private async read<T>(schema: z.ZodType<T>, call: HttpCall): Promise<T> {
    const answer = await this.http.send(call);
    return parseAnswer(schema, call, answer.status, answer.body);
  }
}

function forbiddenToReload(appId: string): string {
  return `the caller needs the permission to reload app ${appId} (reload rights in that app's space)`;
}

/** Parses an answer with its schema; an unreadable one becomes a clear error, not a crash. */
function parseAnswer<T>(schema: z.ZodType<T>, call: HttpCall, status: number, body: string): T {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const start = body.slice(0, 80).replace(/\s+/g, " ");
    throw new QlikApiError(
      `${call.operation} failed: HTTP ${status} with a body that is not JSON ("${start}")`,
      "response",
      call.operation,
      status,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "(body)";
    throw new QlikApiError(
      `${call.operation} failed: HTTP ${status} with an unexpected body: ${where}: ${issue?.message}`,
      "response",
      call.operation,
      status,
    );
  }
  return parsed.data;
}
