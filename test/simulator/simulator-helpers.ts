/** Shared pieces of the simulator's own tests: ids from the bundled seed, bodies, one caller. */
import localTenant from "../../simulator/fixtures/local-tenant.json";
import type { RunningTenant } from "../../simulator/tenant";

/** App ids of the bundled local-tenant seed. */
export const apps = {
  sales: "67b73a5a-d673-4c9f-8130-bb3d25861cdb",
  finance: "916b4958-3994-44f3-ad89-59a2965d007f",
  inventory: "95367b3b-793c-4def-9d22-8c1df80972f4",
  churn: "61c5d0ce-15bd-4de7-ae96-01235b742e35",
  boardPack: "7beae00a-92ba-46e5-a27b-4fcf8173f744",
};

/** Reload task ids of the bundled seed. */
export const reloadTasks = {
  salesDaily: "6790a1c2e4b0f1a2b3c4d501",
  financeWeekly: "6790a1c2e4b0f1a2b3c4d502",
  financeMonthly: "6790a1c2e4b0f1a2b3c4d507",
  churnMigrated: "6790a1c2e4b0f1a2b3c4d506",
};

/** The id of the seeded task Qlik's own tooling made from the churn reload task. */
export const churnTaskId = "74bec3a6-ef97-4a51-a4c2-379240c12f0b";

/** The second seeded user, who owns tasks made in the UI. */
export const uiUserKey = "sim-key-ui-user";

/** A fresh copy of the bundled seed, for tests that change it before starting a tenant. */
export function seedCopy(): typeof localTenant {
  return structuredClone(localTenant);
}

/** A task body in the shape of Qlik's migration guide, reloading `appId` daily at 06:00. */
export function taskBody(appId: string, schedule: Record<string, unknown> = {}) {
  return {
    name: "Daily reload",
    specVersion: "0.8",
    enabled: true,
    metadata: { usage: "ANALYTICS" },
    start: {
      stateName: "reload",
      schedule: {
        recurrence: "RRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=6;BYMINUTE=0;BYSECOND=0",
        startDateTime: "2025-01-29T06:00:00",
        timezone: "Europe/London",
        ...schedule,
      },
    },
    states: [
      {
        name: "reload",
        type: "event",
        end: true,
        onEvents: [
          {
            eventRefs: [],
            actions: [
              {
                name: "reload-app",
                functionRef: { refName: "app.reload", arguments: { appId, partial: false } },
              },
            ],
          },
        ],
      },
    ],
  };
}

/** JSON that tests index into freely: its shape is what is under test, not assumed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseJson = any;

/** A parsed answer: status, headers and JSON body (undefined when empty). */
export interface Answer {
  status: number;
  headers: Headers;
  body: LooseJson;
}

/** Calls the tenant with the pipeline key unless `key` says otherwise (null: no header). */
export async function call(
  tenant: RunningTenant,
  method: string,
  path: string,
  options: { body?: unknown; key?: string | null } = {},
): Promise<Answer> {
  const key = options.key === undefined ? tenant.apiKey : options.key;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key !== null) headers.authorization = `Bearer ${key}`;

  const url = path.startsWith("http") ? path : `${tenant.url}${path}`;
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}
