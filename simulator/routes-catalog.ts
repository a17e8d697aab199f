/**
 * The two catalog lists a program needs to find an app by name: spaces
 * (`GET /api/v1/spaces`, spaces.d.ts) and items (`GET /api/v1/items`, items.d.ts), served
 * from the seed's spaces and apps. Both page with `next`/`prev` cursors and answer errors in
 * the string-code shape `{ errors: [{ code, title, detail }], traceId }`.
 */
import { createHash } from "node:crypto";
import { legacyError } from "./http-util";
import { decodeCursor, pageLinks, pageOf, parseLimit } from "./paging";
import type { Ctx, Route } from "./router";
import type { Reply } from "./types";

/** The catalog routes. */
export const catalogRoutes: Route[] = [
  { method: "GET", pattern: "/api/v1/spaces", handler: listSpaces },
  { method: "GET", pattern: "/api/v1/items", handler: listItems },
];

/** Item types other than apps hold nothing in the simulator: they list as empty. */
const ITEM_TYPES = ["app", "qlikview", "qvapp", "dataset", "automation", "script", "note"];

function listSpaces(ctx: Ctx): Reply {
  const query = ctx.url.searchParams;
  const paging = pagingOf(query, 10);
  if (typeof paging === "string") return badRequest(paging);

  // Qlik's `name` is an open search: case-insensitive, matching anywhere in the name.
  const name = query.get("name")?.toLowerCase() ?? "";
  const spaces = [...ctx.store.spaces.values()].filter(
    (space) => space.type !== "personal" && space.name.toLowerCase().includes(name),
  );
  const page = pageOf(spaces, paging.offset, paging.limit);
  const data = page.items.map((space) => ({
    ...space,
    tenantId: ctx.store.tenantId,
    links: {
      self: { href: `${ctx.url.origin}/api/v1/spaces/${space.id}` },
      assignments: { href: `${ctx.url.origin}/api/v1/spaces/${space.id}/assignments` },
    },
  }));
  const links = pageLinks(ctx.url, page, "reload-tasks");
  return { status: 200, body: { data, links, meta: { count: spaces.length } } };
}

function listItems(ctx: Ctx): Reply {
  const query = ctx.url.searchParams;
  const paging = pagingOf(query, 10);
  if (typeof paging === "string") return badRequest(paging);
  const types = (query.get("resourceType") ?? "").split(",").filter(Boolean);
  const unknown = types.find((type) => !ITEM_TYPES.includes(type));
  if (unknown) return badRequest(`resourceType "${unknown}" is not a resource type`);

  const name = query.get("name")?.toLowerCase();
  const spaceId = query.get("spaceId");
  const apps = [...ctx.store.apps.values()].filter(
    (app) =>
      (types.length === 0 || types.includes("app")) &&
      (name === undefined || app.name.toLowerCase() === name) &&
      (spaceId === null || app.spaceId === spaceId),
  );
  const page = pageOf(apps, paging.offset, paging.limit);
  const data = page.items.map((app) => ({
    id: itemIdOf(app.id),
    name: app.name,
    resourceType: "app",
    resourceId: app.id,
    resourceLink: `${ctx.url.origin}/sense/app/${app.id}`,
    spaceId: app.spaceId,
    tenantId: ctx.store.tenantId,
    links: { self: { href: `${ctx.url.origin}/api/v1/items/${itemIdOf(app.id)}` } },
  }));
  return { status: 200, body: { data, links: pageLinks(ctx.url, page, "reload-tasks") } };
}

/** An item id of its own, so that a client mixing it up with the app id is caught. */
function itemIdOf(appId: string): string {
  return createHash("sha1").update(`item:${appId}`).digest("hex").slice(0, 24);
}

/** `limit` and the `next`/`prev` cursor, or why they cannot be used. */
function pagingOf(query: URLSearchParams, fallback: number) {
  const limit = parseLimit(query.get("limit"), fallback);
  if (limit === undefined) return "limit must be an integer between 1 and 100";
  const next = query.get("next");
  const prev = query.get("prev");
  if (next !== null && prev !== null) return "provide either the next or prev cursor, not both";
  const cursor = next ?? prev;
  const offset = cursor === null ? 0 : decodeCursor(cursor);
  if (offset === undefined) return "invalid page cursor";
  return { limit, offset };
}

function badRequest(detail: string): Reply {
  return legacyError(400, "HTTP-400", "Bad Request", detail);
}
