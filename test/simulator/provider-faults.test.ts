// got is ESM-only; see test/native-got.ts.
jest.mock("got", () => require("../native-got").nativeGot());

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { QlikApiError } from "../../provider/client/errors";
import { schedulerUnavailableBody, startTenant, type RunningTenant } from "../../simulator/tenant";
import { reloadWorkflow } from "../fixtures/workflow";
import { apps, seedCopy } from "./simulator-helpers";
import {
  APP_A,
  LIST_APP_A,
  RT1,
  calls,
  checked,
  connect,
  declaration,
  expectNoKeyInTexts,
  failure,
  fieldSeed,
  type Connected,
} from "./provider-helpers";

const POST = "POST /api/v1/tasks";
const TASKS = /^\/api\/v1\/tasks$/;

let tenant: RunningTenant;
let connected: Connected;

beforeEach(async () => {
  tenant = await startTenant({ seed: fieldSeed() });
  connected = await connect(tenant);
});
afterEach(() => tenant.close());
afterAll(() => expect(expectNoKeyInTexts()).toBeGreaterThan(0));

const statuses = () => tenant.requests().map((entry) => entry.status);

describe("rate limits (F14)", () => {
  it("waits as told, retries, and creates exactly one task", async () => {
    tenant.faults.add({
      method: "POST",
      path: TASKS,
      action: { status: 429, headers: { "retry-after": "1" } },
    });
    tenant.faults.add({ method: "POST", path: TASKS, action: { status: 429 } });
    const inputs = await checked(connected, declaration());

    const started = Date.now();
    const { id } = await connected.provider.create(inputs);

    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(calls(tenant)).toEqual([LIST_APP_A, POST, POST, POST]);
    expect(statuses()).toEqual([200, 429, 429, 201]);
    expect(tenant.snapshot().tasks.map((task) => task.id)).toEqual([id]);
    expect(connected.log.lines).toEqual([
      `info: create a task for app ${APP_A}: HTTP 429, retrying (attempt 2)`,
      `info: create a task for app ${APP_A}: HTTP 429, retrying (attempt 3)`,
    ]);
  });

  it("gives up after the retry limit, naming the endpoint and the 429", async () => {
    tenant.faults.add({ method: "POST", path: TASKS, times: 10, action: { status: 429 } });

    const error = await failure(connected.provider.create(await checked(connected, declaration())));

    expect(error.message).toMatch(
      new RegExp(
        `^create a task for app ${APP_A} \\(POST /api/v1/tasks\\) failed: HTTP 429: 429 Too ` +
          "Many Requests \\(trace id [0-9a-f]{16}\\); Qlik's rate limit was hit and retries ran " +
          "out: wait a minute and run again, or run fewer resources at once " +
          "\\(pulumi up --parallel N\\)$",
      ),
    );
    expect(calls(tenant)).toEqual([LIST_APP_A, POST, POST, POST, POST]);
    expect(tenant.snapshot().tasks).toEqual([]);
  });
});

describe("error answers (F15)", () => {
  it("does not retry a 403 and names the app, the reload right and the trace id", async () => {
    await tenant.close();
    tenant = await startTenant({ seed: seedCopy() });
    connected = await connect(tenant);
    const inputs = await checked(connected, declaration({ appId: apps.boardPack }));

    const error = await failure(connected.provider.create(inputs));

    expect(error).toBeInstanceOf(QlikApiError);
    expect(error.message).toMatch(
      new RegExp(
        `^create a task for app ${apps.boardPack} \\(POST /api/v1/tasks\\) failed: HTTP 403: ` +
          `403 Forbidden user pipeline lacks the reload permission on app ${apps.boardPack} ` +
          "\\(Board Pack\\) \\(trace id ([0-9a-f]{16})\\); the caller needs the permission to " +
          `reload app ${apps.boardPack} \\(reload rights in that app's space\\)$`,
      ),
    );
    expect(error).toMatchObject({ status: 403, code: "403", traceId: expect.any(String) });
    expect((error as unknown as QlikApiError).details[0]).toMatchObject({ code: 403 });
    expect(error.message).toContain(`trace id ${error.traceId}`);
    expect(calls(tenant)).toEqual([
      `GET /api/v1/tasks?resourceId=${apps.boardPack}&limit=100`,
      POST,
    ]);
  });

  it("reads the legacy error shape, whose code is a string", async () => {
    const body = {
      errors: [
        { code: "TASKS-001", title: "The reload task has been migrated", detail: "use tasks" },
      ],
      traceId: "legacy-trace-1",
    };
    tenant.faults.add({ path: "^/api/v1/reload-tasks/", action: { status: 400, body } });

    const error = await failure(
      connected.provider.create(await checked(connected, declaration({ migrateFrom: RT1 }))),
    );

    expect(error.message).toBe(
      `read reload task ${RT1} (GET /api/v1/reload-tasks/${RT1}) failed: HTTP 400: TASKS-001 ` +
        "The reload task has been migrated use tasks (trace id legacy-trace-1)",
    );
    expect(error).toMatchObject({ code: "TASKS-001", traceId: "legacy-trace-1" });
    expect(calls(tenant)).toEqual([`GET /api/v1/reload-tasks/${RT1}`]);
  });

  it("falls back to the status and the page text for an HTML error page", async () => {
    const page =
      "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>" +
      "</center><hr><center>nginx</center></body></html>";
    const gateway = await htmlServer(502, page);
    const behind = await connect(tenant, {
      config: { "qlik:tenantUrl": gateway.url, "qlik:apiKey": tenant.apiKey },
    });

    const error = await failure(behind.provider.read("some-task", {} as never));
    await gateway.close();

    expect(error.message).toBe(
      "read task some-task (GET /api/v1/tasks/some-task) failed: HTTP 502: 502 Bad Gateway " +
        "502 Bad Gateway nginx",
    );
    expect(gateway.hits()).toBe(4);
  });
});

describe("creates that fail half-way or are retried", () => {
  it("keeps the id and properties of a task whose follow-up update fails (F30)", async () => {
    const made = tenant.addTask({
      ...liveBody(),
      name: "Made in Qlik",
      metadata: { migratedFrom: RT1 },
    });
    tenant.faults.add({ method: "PUT", path: "^/api/v1/tasks/", action: { status: 403 } });
    const inputs = await checked(connected, declaration({ migrateFrom: RT1 }));

    const error = await failure(connected.provider.create(inputs));

    expect(error.id).toBe(made.id);
    expect(error.properties).toMatchObject({
      taskId: made.id,
      name: "Made in Qlik",
      migratedFrom: RT1,
    });
    expect(error.message).toMatch(
      new RegExp(
        `^task ${made.id} was created but could not be brought to the declared values: update ` +
          `task ${made.id} of app ${APP_A} \\(PUT /api/v1/tasks/${made.id}\\) failed: HTTP 403: .*; ` +
          "it is kept in the state and the next `pulumi up` updates it$",
      ),
    );
    expect(calls(tenant)).toEqual([
      `GET /api/v1/reload-tasks/${RT1}`,
      LIST_APP_A,
      `PUT /api/v1/tasks/${made.id}`,
    ]);

    tenant.clearRequests();
    const { outs } = await connected.provider.update(made.id, error.properties as never, inputs);

    expect(outs).toMatchObject({ name: "APP_A hourly", taskId: made.id });
    expect(calls(tenant)).toEqual([`GET /api/v1/tasks/${made.id}`, `PUT /api/v1/tasks/${made.id}`]);
  });

  it("retries a POST answered 503 CHO-024 once and creates one task", async () => {
    tenant.faults.add({
      method: "POST",
      path: TASKS,
      action: { status: 503, body: schedulerUnavailableBody() },
    });

    const { id } = await connected.provider.create(await checked(connected, declaration()));

    expect(calls(tenant)).toEqual([LIST_APP_A, POST, POST]);
    expect(statuses()).toEqual([200, 503, 201]);
    expect(tenant.snapshot().tasks.map((task) => task.id)).toEqual([id]);
  });

  it("does not retry a POST answered 500, which may have made the task", async () => {
    tenant.faults.add({ method: "POST", path: TASKS, action: { status: 500 } });

    const error = await failure(connected.provider.create(await checked(connected, declaration())));

    expect(error.message).toMatch(
      new RegExp(
        `^create a task for app ${APP_A} \\(POST /api/v1/tasks\\) failed: HTTP 500: 500 ` +
          "Internal Server Error \\(trace id [0-9a-f]{16}\\)$",
      ),
    );
    expect(calls(tenant)).toEqual([LIST_APP_A, POST]);
  });

  it("adopts the marked task after a reset that came after the commit", async () => {
    const inputs = await checked(connected, declaration());
    tenant.faults.add({ method: "POST", path: TASKS, action: "reset-after" });

    const lost = await failure(connected.provider.create(inputs));
    const { id } = await connected.provider.create(inputs);

    expect(lost.message).toBe(
      `create a task for app ${APP_A} (POST /api/v1/tasks) failed: no answer from the tenant ` +
        "(ECONNRESET)",
    );
    expect(calls(tenant)).toEqual([LIST_APP_A, POST, LIST_APP_A]);
    expect(tenant.snapshot().tasks).toHaveLength(1);
    expect(tenant.snapshot().tasks[0]).toMatchObject({ id, annotations: [inputs.marker] });
  });
});

describe("timeouts", () => {
  it("gives up on a read that hangs and reads again", async () => {
    const { id, outs } = await connected.provider.create(await checked(connected, declaration()));
    const impatient = await connect(tenant, { http: { timeoutMs: 200 } });
    tenant.faults.add({ method: "GET", path: "^/api/v1/tasks/", action: "hang" });
    tenant.clearRequests();

    const read = await impatient.provider.read(id, outs!);

    expect(read.props).toMatchObject({ taskId: id });
    expect(calls(tenant)).toEqual([`GET /api/v1/tasks/${id}`, `GET /api/v1/tasks/${id}`]);
  });

  it("does not repeat a POST that got no answer in time", async () => {
    const impatient = await connect(tenant, { http: { timeoutMs: 200 } });
    tenant.faults.add({ method: "POST", path: TASKS, action: "hang" });

    const error = await failure(impatient.provider.create(await checked(connected, declaration())));

    expect(error.message).toBe(
      `create a task for app ${APP_A} (POST /api/v1/tasks) failed: no answer from the tenant ` +
        "(ETIMEDOUT)",
    );
    expect(calls(tenant)).toEqual([LIST_APP_A, POST]);
  });
});

/** A body like the provider's, for a task made outside Pulumi. */
function liveBody() {
  return {
    specVersion: "0.8",
    enabled: true,
    ...reloadWorkflow({
      appId: APP_A,
      stateName: "reload",
      actionName: "reload-app",
      schedule: {
        recurrence: "RRULE:FREQ=HOURLY;BYHOUR=10;BYMINUTE=20",
        startDateTime: "2025-04-17T06:00:00",
        timezone: "UTC",
      },
    }),
  };
}

/** A gateway in front of the tenant that answers every request with an HTML page. */
async function htmlServer(status: number, page: string) {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits += 1;
    res.writeHead(status, { "content-type": "text/html" }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("transient faults on idempotent calls", () => {
  it("retries a read answered 502 by a proxy and succeeds", async () => {
    const { id, outs } = await connected.provider.create(await checked(connected, declaration()));
    tenant.faults.add({ method: "GET", path: "^/api/v1/tasks/", action: { status: 502 } });
    tenant.clearRequests();

    const read = await connected.provider.read(id, outs!);

    expect(read.props).toMatchObject({ taskId: id });
    expect(statuses()).toEqual([502, 200]);
  });

  it("retries an update whose connection was reset before it was handled, updating once", async () => {
    const inputs = await checked(connected, declaration());
    const { id, outs } = await connected.provider.create(inputs);
    tenant.faults.add({ method: "PUT", path: "^/api/v1/tasks/", action: "reset-before" });
    tenant.clearRequests();

    const renamed = await checked(connected, declaration({ name: "Renamed after a reset" }));
    const { outs: updated } = await connected.provider.update!(id, outs!, renamed);

    expect(updated).toMatchObject({ name: "Renamed after a reset" });
    expect(calls(tenant)).toEqual([
      `GET /api/v1/tasks/${id}`,
      `PUT /api/v1/tasks/${id}`,
      `PUT /api/v1/tasks/${id}`,
    ]);
    expect(tenant.snapshot().tasks).toHaveLength(1);
  });

  it("waits out added latency below the timeout without a retry", async () => {
    tenant.faults.add({ method: "POST", path: TASKS, action: { delayMs: 300 } });

    const { id } = await connected.provider.create(await checked(connected, declaration()));

    expect(calls(tenant)).toEqual([LIST_APP_A, POST]);
    expect(tenant.snapshot().tasks.map((task) => task.id)).toEqual([id]);
  });
});
