// got is ESM-only; see test/native-got.ts.
jest.mock("got", () => require("../native-got").nativeGot());

import { OAuthClientCredentials } from "../../provider/client/credentials";
import { QlikClient } from "../../provider/client/qlik-client";
import {
  TOKEN_PREFIX,
  startTenant,
  type RunningTenant,
  type TenantOptions,
} from "../../simulator/tenant";
import { call } from "./simulator-helpers";
import {
  APP_A,
  FAST_HTTP,
  LIST_APP_A,
  calls,
  connect,
  failure,
  fieldSeed,
  type Connected,
} from "./provider-helpers";

/** Values that must never show up in a message, a log line or the request log. */
const SECRET = "sentinel-oauth-secret-7f3a9c";
const WRONG_SECRET = "sentinel-wrong-secret-51d0e2";
const CLIENT_ID = "pipeline-m2m";
const TOKEN = "POST /oauth/token";
const SOME_TASK = "3f0c1d2e-4b5a-4c6d-8e7f-9a0b1c2d3e4f";
const READ = `GET /api/v1/tasks/${SOME_TASK}`;
const REFUSED_CLIENT =
  "the tenant refused the OAuth client: check qlik:clientId and qlik:clientSecret (or " +
  "QLIK_CLIENT_ID and QLIK_CLIENT_SECRET) and that the client is a machine-to-machine client of " +
  "this tenant";

let tenant: RunningTenant;
/** Every text the tests saw: error messages, stacks, logger lines and request logs. */
const texts: string[] = [];
/** The providers of the current test, whose logger lines join `texts` after it. */
const providers: Connected[] = [];

async function start(options: Omit<TenantOptions, "seed"> = {}) {
  const seed = fieldSeed();
  seed.clients = [{ clientId: CLIENT_ID, clientSecret: SECRET, userId: "pipeline" }];
  tenant = await startTenant({ seed, ...options });
}

async function oauth(secret = SECRET, env: NodeJS.ProcessEnv = {}): Promise<Connected> {
  const config = {
    "qlik:tenantUrl": tenant.url,
    "qlik:clientId": CLIENT_ID,
    "qlik:clientSecret": secret,
  };
  return connected(config, env);
}

async function connected(config: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const provider = await connect(tenant, { config, env });
  providers.push(provider);
  return provider;
}

async function failed(promise: Promise<unknown>) {
  const error = await failure(promise);
  texts.push(error.message, String(error.stack), JSON.stringify(error), String(error.cause));
  return error;
}

const statuses = () => tenant.requests().map((entry) => entry.status);
const read = (connected: Connected) => connected.provider.read(SOME_TASK, {} as never);

afterEach(async () => {
  texts.push(...providers.splice(0).flatMap((provider) => provider.log.lines));
  texts.push(JSON.stringify(tenant.requests()));
  await tenant.close();
});

afterAll(() => {
  const leaks = texts.filter((text) =>
    [SECRET, WRONG_SECRET, TOKEN_PREFIX, "Bearer"].some((secret) => text.includes(secret)),
  );
  expect(leaks).toEqual([]);
  expect(texts.length).toBeGreaterThan(40);
});

describe("OAuth client credentials", () => {
  beforeEach(() => start());

  it("fetches one token for many calls and acts as the client's user", async () => {
    const connected = await oauth();

    for (let i = 0; i < 3; i++) expect(await read(connected)).toEqual({});

    expect(calls(tenant)).toEqual([TOKEN, READ, READ, READ]);
    expect(tenant.requests().map((entry) => entry.userId)).toEqual(Array(4).fill("pipeline"));
    expect(tenant.requests()[0]!.body).toEqual({
      client_id: CLIENT_ID,
      grant_type: "client_credentials",
    });
  });

  it("shares one token request among concurrent calls", async () => {
    tenant.faults.add({ method: "POST", path: /^\/oauth\/token$/, action: { delayMs: 200 } });
    const connected = await oauth();

    await Promise.all(Array.from({ length: 5 }, () => read(connected)));

    expect(calls(tenant)).toEqual([TOKEN, READ, READ, READ, READ, READ]);
  });

  it("re-authenticates once after the tenant expired the token, then succeeds", async () => {
    const connected = await oauth();
    await read(connected);

    expect(tenant.expireTokens()).toBe(1);
    expect(await read(connected)).toEqual({});

    expect(calls(tenant)).toEqual([TOKEN, READ, READ, TOKEN, READ]);
    expect(statuses()).toEqual([200, 404, 401, 200, 404]);
  });

  it("refuses a wrong secret with the fix, asking once per operation", async () => {
    const connected = await oauth(WRONG_SECRET);

    const first = await failed(read(connected));
    await failed(read(connected));

    expect(first.message).toMatch(
      new RegExp(
        "^get an OAuth access token \\(POST /oauth/token\\) failed: HTTP 401: 401 Unauthorized " +
          "the client id or client secret is not valid \\(trace id [0-9a-f]{16}\\); " +
          `${escape(REFUSED_CLIENT)}$`,
      ),
    );
    expect(first).toMatchObject({ kind: "http", status: 401 });
    expect(calls(tenant)).toEqual([TOKEN, TOKEN]);
  });

  it("fails clearly, with no loop, when the tenant refuses a fresh token as well", async () => {
    tenant.faults.add({
      method: "GET",
      path: /^\/api\/v1\/tasks\//,
      times: 2,
      action: { status: 401 },
    });
    const connected = await oauth();

    const error = await failed(read(connected));

    expect(error.message).toMatch(
      new RegExp(
        `^read task ${SOME_TASK} \\(GET /api/v1/tasks/${SOME_TASK}\\) failed: HTTP 401: ` +
          "401 Unauthorized \\(trace id [0-9a-f]{16}\\); " +
          "the tenant refused a freshly issued OAuth token as well: check that the OAuth client " +
          "of qlik:clientId still exists, is enabled for machine-to-machine and may use this " +
          "tenant's APIs$",
      ),
    );
    expect(calls(tenant)).toEqual([TOKEN, READ, TOKEN, READ]);
  });

  it("reports a token refused during re-authentication as the reason", async () => {
    const connected = await oauth();
    await read(connected);
    tenant.clearRequests();
    tenant.faults.add({ method: "GET", path: /^\/api\/v1\/tasks\//, action: { status: 401 } });
    tenant.faults.add({ method: "POST", path: /^\/oauth\/token$/, action: { status: 401 } });

    const error = await failed(read(connected));

    expect(error.message).toMatch(
      /^get an OAuth access token \(POST \/oauth\/token\) failed: HTTP 401: 401 Unauthorized/,
    );
    expect(error.message).toContain(REFUSED_CLIENT);
    expect(calls(tenant)).toEqual([READ, TOKEN]);
  });

  it("retries the token request when the tenant is briefly unavailable", async () => {
    tenant.faults.add({ method: "POST", path: /^\/oauth\/token$/, action: { status: 503 } });
    const connected = await oauth();

    await read(connected);

    expect(calls(tenant)).toEqual([TOKEN, TOKEN, READ]);
    expect(connected.log.lines).toEqual([
      "info: get an OAuth access token: HTTP 503, retrying (attempt 2)",
    ]);
  });

  it("does not follow a redirect of the token request, which would carry the secret", async () => {
    const headers = { location: "/collect?from=oauth" };
    tenant.faults.add({
      method: "POST",
      path: /^\/oauth\/token$/,
      action: { status: 307, headers },
    });
    const connected = await oauth();

    const error = await failed(read(connected));

    expect(error.message).toBe(
      "get an OAuth access token (POST /oauth/token) failed: HTTP 307: a redirect to /collect, " +
        "not followed so that the client secret stays with the tenant; check that " +
        "qlik:tenantUrl is the tenant's own address (https://<tenant>.<region>.qlikcloud.com)",
    );
    expect(calls(tenant)).toEqual([TOKEN]);
  });

  it("says so when the token answer is not a bearer token, without quoting it", async () => {
    const body = { access_token: `${TOKEN_PREFIX}bogus`, token_type: "mac", expires_in: 60 };
    tenant.faults.add({ method: "POST", path: /^\/oauth\/token$/, action: { status: 200, body } });
    const connected = await oauth();

    const error = await failed(read(connected));

    expect(error.message).toBe(
      "get an OAuth access token (POST /oauth/token) failed: HTTP 200 with an unexpected " +
        "answer: token_type: must be bearer",
    );
    expect(calls(tenant)).toEqual([TOKEN]);
  });
});

describe("token lifetime", () => {
  let now = Date.parse("2026-12-03T12:00:00Z");
  const clock = () => now;

  beforeEach(() => start({ clock, tokenLifetimeSeconds: 3600 }));

  it("renews the token shortly before it expires, so no call meets a 401", async () => {
    const credentials = new OAuthClientCredentials({
      tenantUrl: tenant.url,
      clientId: CLIENT_ID,
      clientSecret: SECRET,
      clock,
      ...FAST_HTTP,
    });
    const client = new QlikClient({ tenantUrl: tenant.url, credentials, ...FAST_HTTP });

    await client.listTasksForApp(APP_A);
    now += (3600 - 61) * 1000;
    await client.listTasksForApp(APP_A);
    now += 2_000;
    await client.listTasksForApp(APP_A);

    expect(calls(tenant)).toEqual([TOKEN, LIST_APP_A, LIST_APP_A, TOKEN, LIST_APP_A]);
    expect(statuses()).toEqual([200, 200, 200, 200, 200]);
  });

  it("answers 401 to a token past its lifetime, in the tasks error shape", async () => {
    const issued = await call(tenant, "POST", "/oauth/token", {
      key: null,
      body: { client_id: CLIENT_ID, client_secret: SECRET, grant_type: "client_credentials" },
    });
    expect(issued.body).toMatchObject({ token_type: "bearer", expires_in: 3600 });
    const token: string = issued.body.access_token;

    expect((await call(tenant, "GET", "/api/v1/users/me", { key: token })).status).toBe(200);
    now += 3600 * 1000;
    const expired = await call(tenant, "GET", "/api/v1/users/me", { key: token });

    expect(expired.status).toBe(401);
    expect(expired.body.errors[0]).toMatchObject({ code: 401, title: "Unauthorized" });
    expect(JSON.stringify(expired.body)).not.toContain(token);
  });
});

describe("the simulator's token endpoint", () => {
  beforeEach(() => start());

  it("refuses a wrong secret with 401 in Qlik's error shape, echoing nothing", async () => {
    const answer = await call(tenant, "POST", "/oauth/token", {
      key: null,
      body: { client_id: CLIENT_ID, client_secret: WRONG_SECRET, grant_type: "client_credentials" },
    });

    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      errors: [
        {
          code: 401,
          title: "Unauthorized",
          context: "the client id or client secret is not valid",
        },
      ],
      traceId: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(tenant.requests()).toMatchObject([{ path: "/oauth/token", status: 401, userId: null }]);
    texts.push(JSON.stringify(answer.body));
  });

  it("refuses another grant type with 400", async () => {
    const answer = await call(tenant, "POST", "/oauth/token", {
      key: null,
      body: { client_id: CLIENT_ID, client_secret: SECRET, grant_type: "password" },
    });

    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].context).toBe('grant_type must be "client_credentials"');
  });

  it("expires every token through the admin route", async () => {
    const body = { client_id: CLIENT_ID, client_secret: SECRET, grant_type: "client_credentials" };
    const { access_token: token } = (
      await call(tenant, "POST", "/oauth/token", { key: null, body })
    ).body;

    const expire = await fetch(`${tenant.url}/__simulator/tokens/expire`, { method: "POST" });

    expect(await expire.json()).toEqual({ expired: 1 });
    expect((await call(tenant, "GET", "/api/v1/users/me", { key: token })).status).toBe(401);
  });
});

describe("credential settings", () => {
  beforeEach(() => start());

  it("falls back to QLIK_CLIENT_ID and QLIK_CLIENT_SECRET", async () => {
    const env = {
      QLIK_TENANT_URL: tenant.url,
      QLIK_CLIENT_ID: CLIENT_ID,
      QLIK_CLIENT_SECRET: SECRET,
    };
    const fromEnv = await connected({}, env);

    expect(await read(fromEnv)).toEqual({});
    expect(calls(tenant)).toEqual([TOKEN, READ]);
  });

  it("takes the client id from the config and the secret from the environment", async () => {
    const config = { "qlik:tenantUrl": tenant.url, "qlik:clientId": CLIENT_ID };
    const mixed = await connected(config, { QLIK_CLIENT_SECRET: SECRET });

    expect(await read(mixed)).toEqual({});
  });

  it("refuses an API key and an OAuth client together, naming what to remove", async () => {
    const config = {
      "qlik:tenantUrl": tenant.url,
      "qlik:apiKey": tenant.apiKey,
      "qlik:clientId": CLIENT_ID,
    };
    const both = await connected(config, { QLIK_CLIENT_SECRET: SECRET });

    const error = await failed(read(both));

    expect(error.message).toBe(
      "both an API key (qlik:apiKey) and an OAuth client (qlik:clientId, QLIK_CLIENT_SECRET) are " +
        "set; keep one: run `pulumi config rm qlik:apiKey` to use the OAuth client, or " +
        "`pulumi config rm qlik:clientId` and `unset QLIK_CLIENT_SECRET` to use the API key",
    );
    expect(calls(tenant)).toEqual([]);
  });

  it("says which command sets the missing half of an OAuth client", async () => {
    const config = { "qlik:tenantUrl": tenant.url, "qlik:clientId": CLIENT_ID };
    const half = await connected(config);

    const error = await failed(read(half));

    expect(error.message).toBe(
      "qlik:clientId is set but qlik:clientSecret is not: run " +
        "`pulumi config set --secret qlik:clientSecret <client secret>` (or set QLIK_CLIENT_SECRET)",
    );
  });

  it("offers both kinds of credentials when none is set", async () => {
    const none = await connected({ "qlik:tenantUrl": tenant.url });

    const error = await failed(read(none));

    expect(error.message).toBe(
      "no credentials are set: run `pulumi config set --secret qlik:apiKey <api key>` (or set " +
        "QLIK_API_KEY), or for an OAuth machine-to-machine client " +
        "`pulumi config set qlik:clientId <client id>` and " +
        "`pulumi config set --secret qlik:clientSecret <client secret>` (or set QLIK_CLIENT_ID " +
        "and QLIK_CLIENT_SECRET)",
    );
    expect(calls(tenant)).toEqual([]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
