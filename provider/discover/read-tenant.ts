/**
 * Reads what `discover` needs from a tenant: every reload task (paged at 100, links
 * followed), then the tasks of each app that a reload task or a stack entry names. Tasks are
 * listed per app because some API versions refuse a task list without `resourceId` (F13).
 */
import type { Credentials } from "../client/credentials";
import type { QlikClient } from "../client/qlik-client";
import type { Task } from "../client/schemas";
import type { Remote } from "./plan";

/** Apps listed at the same time; well under Qlik's 1,000 reads a minute per user. */
const PARALLEL_APPS = 4;
/** A progress line every this many apps, and at the last one. */
const PROGRESS_EVERY = 25;

/** Reads the tenant; `progress` gets one line per page of reload tasks and per batch of apps. */
export async function readTenant(
  client: QlikClient,
  pages: PageCounter,
  extraAppIds: string[],
  progress: (line: string) => void,
): Promise<Remote> {
  pages.onPage = (n) => progress(`reading reload tasks: page ${n}`);
  const reloadTasks = await client.listReloadTasks();
  const legacyPages = pages.count;
  progress(`read ${reloadTasks.length} reload task(s) in ${legacyPages} page(s)`);

  const appIds = [...new Set([...reloadTasks.flatMap((rt) => rt.appId ?? []), ...extraAppIds])];
  appIds.sort();
  pages.onPage = undefined;
  const tasks = await tasksOfApps(client, appIds, progress);
  progress(
    `read ${tasks.length} task(s) of ${appIds.length} app(s) in ${pages.count - legacyPages} page(s)`,
  );
  return { reloadTasks, tasks };
}

async function tasksOfApps(
  client: QlikClient,
  appIds: string[],
  progress: (line: string) => void,
): Promise<Task[]> {
  const found = new Map<string, Task>();
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < appIds.length) {
      const appId = appIds[next++]!;
      for (const task of await client.listTasksForApp(appId)) found.set(task.id, task);
      done += 1;
      if (done % PROGRESS_EVERY === 0 || done === appIds.length) {
        progress(`listing tasks: ${done}/${appIds.length} app(s), ${found.size} task(s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_APPS }, worker));
  return [...found.values()];
}

/** Counts the requests a client makes (one per page of a listing, plus any retry). */
export interface PageCounter {
  count: number;
  onPage?: (count: number) => void;
}

/** Wraps credentials so that each request, which asks for the header once, is counted. */
export function countingCredentials(inner: Credentials, counter: PageCounter): Credentials {
  return {
    authorization: () => {
      counter.count += 1;
      counter.onPage?.(counter.count);
      return inner.authorization();
    },
    invalidate: () => inner.invalidate(),
    get renewable() {
      return inner.renewable;
    },
    get refusedHint() {
      return inner.refusedHint;
    },
  };
}
