// got is ESM-only; see test/native-got.ts.
jest.mock("got", () => require("../native-got").nativeGot());

import { randomUUID } from "node:crypto";
import { AppLookup } from "../../provider/app-lookup";
import type { AppByName } from "../../provider/app-ref";
import { apiKeyCredentials } from "../../provider/client/credentials";
import { QlikClient } from "../../provider/client/qlik-client";
import { startTenant, type RunningTenant } from "../../simulator/tenant";
import { apps, call, seedCopy } from "./simulator-helpers";

const SALES_SPACE = "e885e9fb-07a9-4331-8fdc-b8f83ae7fb61";
const FINANCE_SPACE = "ff901f5a-ae04-4312-ab58-32122c5eba83";

/** A reference as a stack file entry makes it. */
function ref(name: string, space: string): AppByName {
  return { name, space, file: "stacks/prod.yaml", entry: "tasks[0] (sales-daily)" };
}

/** The bundled seed plus `extra` spaces and apps. */
function seedWith(extra: { spaces?: object[]; apps?: object[] }) {
  const seed = seedCopy();
  return {
    ...seed,
    spaces: [...seed.spaces, ...(extra.spaces ?? [])],
    apps: [...seed.apps, ...(extra.apps ?? [])],
  };
}

describe("catalog routes of the simulator", () => {
  let tenant: RunningTenant;

  beforeEach(async () => {
    tenant = await startTenant({ seed: seedCopy() });
  });
  afterEach(() => tenant.close());

  it("lists spaces by an open, case-insensitive name search, with paging links", async () => {
    const first = await call(tenant, "GET", "/api/v1/spaces?name=A&limit=1");
    const second = await call(tenant, "GET", first.body.links.next.href);

    expect(first.status).toBe(200);
    expect(first.body.data.map((s: { name: string }) => s.name)).toEqual(["Finance"]);
    expect(first.body.meta).toEqual({ count: 3 });
    expect(first.body.data[0]).toMatchObject({ id: FINANCE_SPACE, type: "shared" });
    expect(first.body.data[0].links.self.href).toBe(`${tenant.url}/api/v1/spaces/${FINANCE_SPACE}`);
    expect(second.body.data.map((s: { name: string }) => s.name)).toEqual(["Sales"]);
    expect(second.body.links.prev.href).toContain("prev=");
  });

  it("lists app items by name and space, the app id in resourceId", async () => {
    const query = `resourceType=app&name=sales%20dashboard&spaceId=${SALES_SPACE}`;
    const found = await call(tenant, "GET", `/api/v1/items?${query}`);

    expect(found.status).toBe(200);
    expect(found.body.data).toHaveLength(1);
    expect(found.body.data[0]).toMatchObject({
      name: "Sales Dashboard",
      resourceType: "app",
      resourceId: apps.sales,
      spaceId: SALES_SPACE,
    });
    expect(found.body.data[0].id).not.toBe(apps.sales);
    expect(found.body.links.next).toBeUndefined();
  });

  it("answers a bad limit or cursor with 400 in Qlik's error shape", async () => {
    const limit = await call(tenant, "GET", "/api/v1/items?limit=0");
    const cursor = await call(tenant, "GET", "/api/v1/spaces?next=nonsense");

    expect(limit.status).toBe(400);
    expect(limit.body.errors[0]).toEqual({
      code: "HTTP-400",
      title: "Bad Request",
      detail: "limit must be an integer between 1 and 100",
    });
    expect(limit.body.traceId).toMatch(/^[0-9a-f]{16}$/);
    expect(cursor.body.errors[0].detail).toBe("invalid page cursor");
  });
});

describe("AppLookup against the simulator", () => {
  let tenant: RunningTenant;

  async function lookupOn(seed: object): Promise<AppLookup> {
    tenant = await startTenant({ seed });
    const credentials = apiKeyCredentials(tenant.apiKey);
    return new AppLookup(new QlikClient({ tenantUrl: tenant.url, credentials }));
  }
  afterEach(() => tenant.close());

  it("finds an app by name in a named space, with the real paths and parameters", async () => {
    const lookup = await lookupOn(seedCopy());

    await expect(lookup.resolve(ref("Sales Dashboard", "Sales"))).resolves.toEqual({
      appId: apps.sales,
      spaceId: SALES_SPACE,
    });
    expect(tenant.requests().map((r) => [r.path, r.query])).toEqual([
      ["/api/v1/spaces", { name: "Sales", limit: "100" }],
      [
        "/api/v1/items",
        {
          resourceType: "app",
          name: "Sales Dashboard",
          spaceId: SALES_SPACE,
          noActions: "true",
          limit: "100",
        },
      ],
    ]);
  });

  it("asks once per space and app, however many entries name them", async () => {
    const lookup = await lookupOn(seedCopy());

    await Promise.all([
      lookup.resolve(ref("Sales Dashboard", "Sales")),
      lookup.resolve(ref("Sales Dashboard", "Sales")),
      lookup.resolve(ref("Regional KPIs", "Sales")),
    ]);
    expect(tenant.requests().map((r) => r.path)).toEqual([
      "/api/v1/spaces",
      "/api/v1/items",
      "/api/v1/items",
    ]);
  });

  it("refuses a space it cannot find, naming the file, the entry and the names found", async () => {
    const lookup = await lookupOn(seedCopy());

    await expect(lookup.resolve(ref("Sales Dashboard", "Sale"))).rejects.toThrow(
      'stacks/prod.yaml: tasks[0] (sales-daily): app.space: no space named "Sale" on the ' +
        `stack's tenant (the search found "Sales"); check the name (it is compared exactly) ` +
        "and that the stack's user is a member of the space",
    );
  });

  it("refuses an app it cannot find in the space, naming the space and its id", async () => {
    const lookup = await lookupOn(seedCopy());

    await expect(lookup.resolve(ref("sales dashboard", "Sales"))).rejects.toThrow(
      'stacks/prod.yaml: tasks[0] (sales-daily): app.name: no app named "sales dashboard" ' +
        `in space "Sales" (${SALES_SPACE}) (the search found "Sales Dashboard"); check the ` +
        "name (it is compared exactly) and that the stack's user can see the app",
    );
  });

  it("refuses an app name held by several apps of the space, listing their ids", async () => {
    const twin = randomUUID();
    const lookup = await lookupOn(
      seedWith({ apps: [{ id: twin, name: "Sales Dashboard", spaceId: SALES_SPACE }] }),
    );

    await expect(lookup.resolve(ref("Sales Dashboard", "Sales"))).rejects.toThrow(
      `app.name: 2 apps are named "Sales Dashboard" in space "Sales" (${SALES_SPACE}): ` +
        `${apps.sales}, ${twin}; rename all but one in Qlik, or give this entry appId: ` +
        "<one of those ids> instead of app",
    );
  });

  it("refuses a space name held by several spaces, listing their ids", async () => {
    const twin = randomUUID();
    const lookup = await lookupOn(
      seedWith({ spaces: [{ id: twin, name: "Sales", type: "shared" }] }),
    );

    await expect(lookup.resolve(ref("Sales Dashboard", "Sales"))).rejects.toThrow(
      `app.space: 2 spaces are named "Sales": ${SALES_SPACE}, ${twin}; give this entry appId ` +
        "and spaceId instead of app",
    );
  });

  it("follows page links to a match beyond the first page", async () => {
    const crowd = Array.from({ length: 120 }, (_, i) => ({
      id: randomUUID(),
      name: `Sales West archive ${i}`,
      type: "shared",
    }));
    const late = { id: randomUUID(), name: "Sales West", type: "shared" };
    const app = { id: randomUUID(), name: "Sales Dashboard", spaceId: late.id };
    const lookup = await lookupOn(seedWith({ spaces: [...crowd, late], apps: [app] }));

    await expect(lookup.resolve(ref("Sales Dashboard", "Sales West"))).resolves.toEqual({
      appId: app.id,
      spaceId: late.id,
    });
    const spaceCalls = tenant.requests().filter((r) => r.path === "/api/v1/spaces");
    expect(spaceCalls.map((r) => Object.keys(r.query).includes("next"))).toEqual([false, true]);
  });
});
