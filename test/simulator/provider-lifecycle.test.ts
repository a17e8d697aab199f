// got is ESM-only; see test/native-got.ts.
jest.mock("got", () => require("../native-got").nativeGot());

import { createLifecycle } from "../../provider/lifecycle";
import { memoryLogger } from "../../provider/log";
import { changedProperties } from "../../provider/outputs";
import type { TaskInputs } from "../../provider/inputs";
import { startTenant, type RunningTenant } from "../../simulator/tenant";
import {
  APP_A,
  LIST_APP_A,
  RT1,
  SPACE,
  calls,
  checked,
  configure,
  connect,
  declaration,
  expectNoKeyInTexts,
  failure,
  fieldSeed,
  type Connected,
} from "./provider-helpers";

let tenant: RunningTenant;
let connected: Connected;

beforeEach(async () => {
  tenant = await startTenant({ seed: fieldSeed() });
  connected = await connect(tenant);
});
afterEach(() => tenant.close());
afterAll(() => expect(expectNoKeyInTexts()).toBeGreaterThan(0));

/** Creates the declared task and forgets the requests that took. */
async function created(raw: TaskInputs = declaration()) {
  const inputs = await checked(connected, raw);
  const result = await connected.provider.create(inputs);
  tenant.clearRequests();
  return { inputs, id: result.id, outs: result.outs! };
}

function stored(id: string) {
  const task = tenant.snapshot().tasks.find((candidate) => candidate.id === id);
  if (!task) throw new Error(`no task ${id} on the tenant`);
  return task;
}

describe("provider lifecycle over HTTP", () => {
  it("checks and diffs without a single call, even without settings (preview)", async () => {
    const offline = createLifecycle({ log: memoryLogger(), env: {} });
    const offlineCheck = await offline.check!({} as TaskInputs, declaration({ migrateFrom: RT1 }));
    const { outs } = await created();
    tenant.clearRequests();

    await connected.provider.check(outs, declaration({ enabled: false }));
    const diff = await connected.provider.diff(outs.taskId, outs, declaration({ enabled: false }));

    expect(offlineCheck.failures).toBeUndefined();
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(calls(tenant)).toEqual([]);
  });

  it("migrates with one lookup of the reload task, one of its app's tasks and one POST", async () => {
    const inputs = await checked(connected, declaration({ migrateFrom: RT1 }));

    const { id, outs } = await connected.provider.create(inputs);

    expect(calls(tenant)).toEqual([
      `GET /api/v1/reload-tasks/${RT1}`,
      LIST_APP_A,
      `POST /api/v1/tasks?migrateFrom=${RT1}`,
    ]);
    // F1, F4, F7: the rule as written, the zone key spelled `timezone`, enabled sent.
    expect(tenant.requests()[2]!.body).toMatchObject({
      enabled: true,
      start: {
        schedule: {
          recurrence: "RRULE:FREQ=HOURLY;BYHOUR=10;BYMINUTE=20",
          startDateTime: "2025-04-17T06:00:00",
          timezone: "UTC",
        },
      },
      states: [
        {
          onEvents: [
            {
              actions: [
                {
                  functionRef: {
                    refName: "app.reload",
                    arguments: { appId: APP_A, partial: false },
                  },
                },
              ],
            },
          ],
        },
      ],
    });
    expect(outs).toMatchObject({ taskId: id, migratedFrom: RT1, ownerId: "pipeline" });
    expect(tenant.snapshot().reloadTasks[0]).toMatchObject({ id: RT1, migrated: true });
  });

  it("creates with one marker lookup and one POST when nothing is migrated", async () => {
    const inputs = await checked(connected, declaration());

    const { id } = await connected.provider.create(inputs);

    expect(calls(tenant)).toEqual([LIST_APP_A, "POST /api/v1/tasks"]);
    expect(stored(id).annotations).toEqual(["pulumi:qlik-tasks/test/app-a-hourly"]);
  });

  it("reads with one GET, and a second refresh gives the same (F27)", async () => {
    const { id, inputs, outs } = await created();

    const first = await connected.provider.read(id, outs);
    const second = await connected.provider.read(id, first.props);

    expect(calls(tenant)).toEqual([`GET /api/v1/tasks/${id}`, `GET /api/v1/tasks/${id}`]);
    expect(first).toEqual({ id, props: outs, inputs });
    expect(second).toEqual(first);
  });

  it("updates with one GET and one PUT", async () => {
    const { id, outs } = await created();
    const news = await checked(connected, declaration({ schedule: daily("Europe/London") }));

    const updated = await connected.provider.update(id, outs, news);

    expect(calls(tenant)).toEqual([`GET /api/v1/tasks/${id}`, `PUT /api/v1/tasks/${id}`]);
    expect(updated.outs).toMatchObject({ schedule: daily("Europe/London"), taskId: id });
    expect(stored(id).start).toMatchObject({ schedule: daily("Europe/London") });
  });

  it("deletes with one DELETE", async () => {
    const { id, outs } = await created();

    await connected.provider.delete(id, outs);

    expect(calls(tenant)).toEqual([`DELETE /api/v1/tasks/${id}`]);
    expect(tenant.snapshot().tasks).toEqual([]);
  });

  it("returns plain JSON outputs with the service fields always present (F29)", async () => {
    const { outs } = await created();

    expect(JSON.parse(JSON.stringify(outs))).toEqual(outs);
    for (const key of ["taskId", "resourceId", "ownerId", "migratedFrom", "disabledCode"]) {
      expect(typeof outs[key as keyof typeof outs]).toBe("string");
    }
  });
});

describe("field cases over HTTP", () => {
  it("creates enabled with defaults, and shows a task disabled by the service as drift (F7)", async () => {
    const { id, inputs, outs } = await created();
    expect(stored(id).enabled).toBe(true);

    tenant.editTask(id, { enabled: false });
    const read = await connected.provider.read(id, outs);
    const diff = await connected.provider.diff(id, read.props!, inputs);

    expect(read.props).toMatchObject({ enabled: false });
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(changedProperties(read.inputs!, inputs)).toEqual(["enabled"]);
  });

  it("keeps what it does not manage through an update by another user, and takes ownership (F8)", async () => {
    const { id, inputs, outs } = await created(declaration({ migrateFrom: RT1 }));
    const live = stored(id);
    tenant.editTask(
      id,
      {
        annotations: [...live.annotations!, "team:finance"],
        start: { ...live.start, stateName: "init_state" },
        states: [toolingState(live)],
      },
      "ui-user",
    );
    const read = await connected.provider.read(id, outs);
    const news = await checked(connected, declaration({ schedule: daily("UTC") }));

    const diff = await connected.provider.diff(id, read.props!, news);
    const updated = await connected.provider.update(id, read.props!, news);

    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(connected.log.lines).toContainEqual(
      `warn: APP_A hourly: task ${id} is owned by user ui-user; updating it makes the user of ` +
        "this stack's API key its owner (Qlik transfers ownership on every update)",
    );
    expect(stored(id)).toMatchObject({
      annotations: [inputs.marker, "team:finance"],
      metadata: { migratedFrom: RT1, ownerId: "pipeline", spaceId: SPACE },
      start: { stateName: "init_state", schedule: daily("UTC") },
      states: [toolingState(live)],
    });
    expect(updated.outs).toMatchObject({ ownerId: "pipeline", writtenBy: "pipeline" });
  });

  it("records a change made in the Qlik UI and plans only an update of enabled (F9)", async () => {
    const { id, inputs, outs } = await created(declaration({ migrateFrom: RT1 }));
    tenant.editTask(id, { enabled: false, disabledCode: "APP-SCRIPT-UPDATED" }, "ui-user");

    const read = await connected.provider.read(id, outs);
    const diff = await connected.provider.diff(id, read.props!, inputs);
    const updated = await connected.provider.update(id, read.props!, inputs);

    expect(read.props).toMatchObject({
      enabled: false,
      disabledCode: "APP-SCRIPT-UPDATED",
      ownerId: "ui-user",
      migratedFrom: RT1,
    });
    expect(read.inputs).toEqual({ ...inputs, enabled: false });
    expect(changedProperties(read.inputs!, inputs)).toEqual(["enabled"]);
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(calls(tenant)).toEqual([
      `GET /api/v1/tasks/${id}`,
      `GET /api/v1/tasks/${id}`,
      `PUT /api/v1/tasks/${id}`,
    ]);
    expect(updated.outs).toMatchObject({ enabled: true, disabledCode: "", ownerId: "pipeline" });
  });

  it("drops a task deleted outside Pulumi and never migrates its reload task again (F16)", async () => {
    const { id, inputs, outs } = await created(declaration({ migrateFrom: RT1 }));
    tenant.removeTask(id);

    const read = await connected.provider.read(id, outs);
    const retried = await failure(connected.provider.create(inputs));
    const recreated = await connected.provider.create(await checked(connected, declaration()));

    expect(read).toEqual({});
    expect(retried.message).toBe(
      `migrateFrom: reload task ${RT1} says it was migrated, but no task of app ${APP_A} that ` +
        "the caller can see came from it; find the task in the Qlik console and set adoptTaskId " +
        "to its id instead of migrateFrom, or, if that task was deleted, remove migrateFrom to " +
        "create a new one",
    );
    expect(calls(tenant)).toEqual([
      `GET /api/v1/tasks/${id}`,
      `GET /api/v1/reload-tasks/${RT1}`,
      LIST_APP_A,
      LIST_APP_A,
      "POST /api/v1/tasks",
    ]);
    expect(recreated.outs).toMatchObject({ migratedFrom: "" });
  });

  it("keeps the declared spelling of an equal rule and reports a changed one (F22, F27)", async () => {
    const { id, inputs, outs } = await created();
    const schedule = stored(id).start!.schedule as object;
    const respelled = "BYMINUTE=20;BYHOUR=10;FREQ=HOURLY;INTERVAL=1";
    tenant.editTask(id, {
      start: { stateName: "reload", schedule: { ...schedule, recurrence: respelled } },
    });
    const same = await connected.provider.read(id, outs);
    tenant.editTask(id, {
      start: { stateName: "reload", schedule: { ...schedule, recurrence: "FREQ=DAILY" } },
    });
    const changed = await connected.provider.read(id, outs);

    expect(same.inputs).toEqual(inputs);
    expect(await connected.provider.diff(id, same.props!, inputs)).toEqual({ changes: false });
    expect(changed.inputs).toEqual({
      ...inputs,
      schedule: { ...inputs.schedule, recurrence: "FREQ=DAILY" },
    });
    expect(changedProperties(changed.inputs!, inputs)).toEqual(["schedule.recurrence"]);
  });

  it("takes a 404 on delete as success (F18)", async () => {
    const { id, outs } = await created();
    tenant.removeTask(id);

    await connected.provider.delete(id, outs);

    expect(calls(tenant)).toEqual([`DELETE /api/v1/tasks/${id}`]);
    expect(connected.log.lines).toContainEqual(`info: APP_A hourly: task ${id} was already gone`);
  });

  it("reports a 403 on delete clearly and leaves the task (F18)", async () => {
    const { id, outs } = await created();
    const uiUser = await connect(tenant, { apiKey: "sim-key-ui-user" });

    const error = await failure(uiUser.provider.delete(id, outs));

    expect(error.message).toMatch(
      new RegExp(
        `^delete task ${id} \\(DELETE /api/v1/tasks/${id}\\) failed: HTTP 403: 403 Forbidden ` +
          `task ${id} belongs to pipeline; only its owner or an admin may delete it ` +
          "\\(trace id [0-9a-f]{16}\\); the caller may not delete it: it belongs to another user " +
          "and the caller is no tenant admin$",
      ),
    );
    expect(calls(tenant)).toEqual([`DELETE /api/v1/tasks/${id}`]);
    expect(stored(id).id).toBe(id);
  });
});

describe("settings and credentials", () => {
  const someTask = "3f0c1d2e-4b5a-4c6d-8e7f-9a0b1c2d3e4f";

  it("says which command sets a missing tenant URL", async () => {
    const unset = await connect(tenant, { config: { "qlik:apiKey": tenant.apiKey } });

    const error = await failure(unset.provider.read(someTask, {} as never));

    expect(error.message).toBe(
      "qlik:tenantUrl is not set: run `pulumi config set qlik:tenantUrl " +
        "https://<tenant>.<region>.qlikcloud.com` (or set QLIK_TENANT_URL)",
    );
    expect(calls(tenant)).toEqual([]);
  });

  it("says which command sets a missing API key", async () => {
    const unset = await connect(tenant, { config: { "qlik:tenantUrl": tenant.url } });

    const error = await failure(unset.provider.read(someTask, {} as never));

    expect(error.message).toBe(
      "no credentials are set: run `pulumi config set --secret qlik:apiKey <api key>` (or set " +
        "QLIK_API_KEY), or for an OAuth machine-to-machine client " +
        "`pulumi config set qlik:clientId <client id>` and " +
        "`pulumi config set --secret qlik:clientSecret <client secret>` (or set QLIK_CLIENT_ID " +
        "and QLIK_CLIENT_SECRET)",
    );
  });

  it("refuses plain http to a host that is not this machine", async () => {
    const remote = await connect(tenant, {
      config: { "qlik:tenantUrl": "http://acme.eu.qlikcloud.com", "qlik:apiKey": tenant.apiKey },
    });

    const error = await failure(remote.provider.read(someTask, {} as never));

    expect(error.message).toBe(
      'qlik:tenantUrl "http://acme.eu.qlikcloud.com" must use https:// (plain http is allowed ' +
        "only for a tenant on this machine, such as the bundled simulator)",
    );
  });

  it("falls back to QLIK_TENANT_URL and QLIK_API_KEY", async () => {
    const env = { QLIK_TENANT_URL: tenant.url, QLIK_API_KEY: tenant.apiKey };
    const fromEnv = await connect(tenant, { config: {}, env });

    expect(await fromEnv.provider.read(someTask, {} as never)).toEqual({});
    expect(tenant.requests()).toMatchObject([
      { path: `/api/v1/tasks/${someTask}`, userId: "pipeline" },
    ]);
  });

  it("uses a rotated key from the next configure on", async () => {
    await connected.provider.read(someTask, {} as never);
    await configure(connected.provider, {
      "qlik:tenantUrl": tenant.url,
      "qlik:apiKey": "sim-key-ui-user",
    });
    await connected.provider.read(someTask, {} as never);

    expect(tenant.requests().map((entry) => entry.userId)).toEqual(["pipeline", "ui-user"]);
  });

  it("does not show a refused key", async () => {
    const refused = await connect(tenant, { apiKey: "sim-key-pipeline-revoked" });

    const error = await failure(refused.provider.read(someTask, {} as never));

    expect(error.message).toMatch(
      new RegExp(
        `^read task ${someTask} \\(GET /api/v1/tasks/${someTask}\\) failed: HTTP 401: 401 ` +
          "Unauthorized the API key or token is not valid for this tenant \\(trace id [0-9a-f]+\\); " +
          "the tenant refused the credentials: check qlik:apiKey \\(or QLIK_API_KEY\\)",
      ),
    );
    expect(error.message).not.toContain("revoked");
  });
});

function daily(timezone: string) {
  return {
    recurrence: "RRULE:FREQ=DAILY;BYHOUR=6;BYMINUTE=0",
    startDateTime: "2025-01-29T06:00:00",
    timezone,
  };
}

/** The task's state renamed as Qlik's tooling names it, with an argument we do not manage. */
function toolingState(live: { states?: unknown }) {
  const state = structuredClone((live.states as Record<string, unknown>[])[0]!);
  const onEvents = state.onEvents as { actions: Record<string, unknown>[] }[];
  const action = onEvents[0]!.actions[0]!;
  const call = action.functionRef as { arguments: Record<string, unknown> };
  action.name = "AppReload";
  call.arguments = { ...call.arguments, reloadReason: "schedule" };
  return { ...state, name: "init_state" };
}
