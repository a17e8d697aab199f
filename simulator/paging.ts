/**
 * Cursor paging as both APIs do it: an opaque cursor, and `links` whose hrefs are absolute URLs
 * a client follows as they are. Reload tasks take `next` and `prev` cursors; tasks take `page`.
 */

/** Which query parameters carry the cursors. */
export type CursorStyle = "reload-tasks" | "tasks";

/** One page of a listing and where its neighbours start. */
export interface Page<T> {
  items: T[];
  next?: number;
  prev?: number;
}

type Links = { self: { href: string }; next?: { href: string }; prev?: { href: string } };

/** An opaque cursor for a start offset. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString("base64url");
}

/** The start offset a cursor stands for; undefined for a cursor this server did not make. */
export function decodeCursor(cursor: string): number | undefined {
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  return match ? Number(match[1]) : undefined;
}

/** The `limit` query parameter: an integer from 1 to 100, or the fallback when absent. */
export function parseLimit(raw: string | null, fallback: number): number | undefined {
  if (raw === null) return fallback;
  const limit = Number(raw);
  return /^\d+$/.test(raw) && limit >= 1 && limit <= 100 ? limit : undefined;
}

/** The page of `items` starting at `offset`. */
export function pageOf<T>(items: T[], offset: number, limit: number): Page<T> {
  const page: Page<T> = { items: items.slice(offset, offset + limit) };
  if (offset + limit < items.length) page.next = offset + limit;
  if (offset > 0) page.prev = Math.max(0, offset - limit);
  return page;
}

/** The `links` object for a page served at `url` (the request URL, made absolute). */
export function pageLinks(url: URL, page: Page<unknown>, style: CursorStyle): Links {
  const links: Links = { self: { href: url.href } };
  if (page.next !== undefined) links.next = { href: linkTo(url, page.next, style, "next") };
  if (page.prev !== undefined) links.prev = { href: linkTo(url, page.prev, style, "prev") };
  return links;
}

/** The request URL with its cursor replaced by one for `offset`. */
function linkTo(url: URL, offset: number, style: CursorStyle, direction: "next" | "prev"): string {
  const target = new URL(url.href);
  for (const name of ["next", "prev", "page"]) target.searchParams.delete(name);
  const param = style === "tasks" ? "page" : direction;
  target.searchParams.set(param, encodeCursor(offset));
  return target.href;
}
