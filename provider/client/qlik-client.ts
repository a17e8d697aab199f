/**
 * Typed calls to the Tasks API, the legacy reload-tasks API and the spaces and items lists
 * that find an app by name. Every answer is parsed by a schema here, at the edge, so nothing
 * untyped reaches the provider.
 */
import type { z } from "zod";
import { QlikApiError, excerpt, redactSecrets } from "./errors";
import { HttpClient, type HttpCall, type HttpSettings } from "./http";
import {
  type Item,
  type ReloadTask,
  type Space,
  type Task,
  type User,
  itemPageSchema,
  reloadTaskPageSchema,
  reloadTaskSchema,
  spacePageSchema,
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
  private readonly origin: string;

  constructor(settings: HttpSettings) {
    this.http = new HttpClient(settings);
    this.origin = new URL(settings.tenantUrl).origin;
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
    const call: HttpCall = { operation: `read task ${id}`, method: "GET", path };
    const task = await this.read(taskSchema, call);
    if (task.id !== id) {
      // A cache or proxy keyed on the wrong URL; taking its answer would record another task.
      throw unreadable(call, 200, `but the tenant answered with task ${shown(task.id)}`);
    }
    return task;
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
    try {
      return await this.read(taskSchema, call);
    } catch (error) {
      throw mayHaveBeenMade(error);
    }
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

  /** Spaces whose name holds `name`: Qlik's `?name=` is a case-insensitive open search, so
   * the caller picks the exact matches. */
  async listSpaces(name: string): Promise<Space[]> {
    const first: HttpCall = {
      operation: `list spaces named ${JSON.stringify(name)}`,
      method: "GET",
      path: "/api/v1/spaces",
      searchParams: { name, limit: PAGE_SIZE },
    };
    return this.allPages(first, spacePageSchema);
  }

  /** App items of one space that the items API finds by `name` (case-insensitive). */
  async listAppsByName(name: string, spaceId: string): Promise<Item[]> {
    const first: HttpCall = {
      operation: `list apps named ${JSON.stringify(name)} in space ${spaceId}`,
      method: "GET",
      path: "/api/v1/items",
      searchParams: { resourceType: "app", name, spaceId, noActions: "true", limit: PAGE_SIZE },
    };
    return this.allPages(first, itemPageSchema);
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
      call = next
        ? { ...first, path: this.pageLink(first, next), searchParams: undefined }
        : undefined;
    }
    return items;
  }

  /** A page link, if it stays on the tenant: the key goes wherever the link points. */
  private pageLink(first: HttpCall, href: string): string {
    if (!/^[a-z][a-z0-9+.-]*:/i.test(href)) return href;
    let origin: string;
    try {
      origin = new URL(href).origin;
    } catch {
      origin = "an address that is not a URL";
    }
    if (origin === this.origin) return href;
    throw new QlikApiError(
      `${first.operation} failed: the next page link points to ${origin}, not to the tenant ` +
        `${this.origin}; it is not followed, so that the API key stays with the tenant`,
      "response",
      first.operation,
    );
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
  if (body.trim() === "")
    throw unreadable(call, status, "with an empty body, where JSON was expected");
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw unreadable(call, status, notJson(body));
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;

  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? pathText(issue.path) : "(body)";
  const count =
    parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problems)` : "";
  throw unreadable(
    call,
    status,
    `with an unexpected body: ${where}: ${issueText(issue, json)}${count}`,
  );
}

/** An answer that came but cannot be used; named like HTTP failures, with method and path. */
function unreadable(call: HttpCall, status: number, what: string): QlikApiError {
  const target = `${call.method} ${call.path.replace(/^https?:\/\/[^/]+/, "").split("?")[0]}`;
  return new QlikApiError(
    `${call.operation} (${target}) failed: HTTP ${status} ${what}`,
    "response",
    call.operation,
    status,
  );
}

function notJson(body: string): string {
  const start = JSON.stringify(excerpt(body.slice(0, 400), 80));
  if (/^\s*</.test(body)) {
    return (
      `with an HTML page, not JSON (${start}); a proxy or a sign-in page answered instead of ` +
      "the tenant: check qlik:tenantUrl and the network between this machine and Qlik"
    );
  }
  const cut = /^\s*[[{]/.test(body) ? "; the answer may have been cut short on the way" : "";
  return `with a body that is not JSON (${start})${cut}`;
}

/** A schema issue in words: what was expected and what came, shortened. */
function issueText(issue: z.core.$ZodIssue, json: unknown): string {
  if (issue.code !== "invalid_type") return issue.message;
  const value = issue.path.reduce<unknown>(
    (at, key) => (typeof at === "object" && at !== null ? (at as never)[key] : undefined),
    json,
  );
  const expected = `${/^[aeiou]/.test(issue.expected) ? "an" : "a"} ${issue.expected}`;
  if (value === undefined) return `missing (expected ${expected})`;
  return `expected ${expected}, got ${shown(value)}`;
}

/** A value of an answer for a message: short, and without credentials. */
function shown(value: unknown): string {
  const text = redactSecrets(JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** `data[0].id` for the path ["data", 0, "id"]. */
function pathText(path: PropertyKey[]): string {
  return path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
}

/** A create accepted (2xx) whose answer cannot be read made its task all the same. */
function mayHaveBeenMade(error: unknown): unknown {
  const accepted = error instanceof QlikApiError && error.kind === "response";
  if (!accepted || (error.status ?? 0) >= 300) return error;
  return new QlikApiError(
    `${error.message}; the task may have been made: run \`pulumi up\` again, which finds it ` +
      "(by its marker, or by migrateFrom) and adopts it instead of making another",
    "response",
    error.operation,
    error.status,
  );
}
