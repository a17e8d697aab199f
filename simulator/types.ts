/**
 * Shapes shared by the simulator's modules. Tasks and reload tasks use Qlik's own published
 * types from `@qlik/api`, so the simulator cannot drift from the contract without the compiler
 * noticing.
 */
import type { Task as QlikTask, TaskMetadata, OrchRun } from "@qlik/api/tasks" with {
  "resolution-mode": "import",
};
import type { Task as QlikReloadTask } from "@qlik/api/reload-tasks" with {
  "resolution-mode": "import",
};

/** Task metadata as the service stores it (Qlik's type). */
export type { TaskMetadata, OrchRun };

/** A task as stored: the client's body plus the fields the service always fills in. */
export type StoredTask = QlikTask & {
  id: string;
  resourceId: string;
  enabled: boolean;
  metadata: TaskMetadata;
  [extra: string]: unknown;
};

/** A legacy reload task as stored; `links` is computed per response from the server's URL. */
export type ReloadTask = Omit<QlikReloadTask, "links">;

/** A tenant user and the API key that authenticates as them. */
export interface User {
  id: string;
  name: string;
  email: string;
  apiKey: string;
  admin: boolean;
}

/** An app that tasks can reload, with the simulator's per-app switches. */
export interface App {
  id: string;
  name: string;
  spaceId: string;
  reloadDeniedFor: string[];
  taskLimit?: number;
}

/** One answer from a route handler, before it is written to the socket. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One line of the request log; never holds the Authorization header or the key. */
export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The status answered, or the one committed before a `reset-after`; null when none was. */
  status: number | null;
  /** The caller resolved from the key, or null when the key was missing or unknown. */
  userId: string | null;
  time: string;
  /** The parsed JSON body of a write, kept so tests can assert exact keys sent. */
  body?: unknown;
  /** Which fault rule shaped this request, when one did. */
  fault?: "status" | "delay" | "hang" | "reset-before" | "reset-after";
}
