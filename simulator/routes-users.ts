/**
 * The one users route clients need: who the key belongs to (`GET /api/v1/users/me`), which a
 * provider can use to warn before a PUT moves a task's ownership to the caller.
 */
import type { Ctx, Route } from "./router";
import type { Reply } from "./types";

/** The users routes. */
export const userRoutes: Route[] = [{ method: "GET", pattern: "/api/v1/users/me", handler: me }];

function me(ctx: Ctx): Reply {
  const { id, name, email } = ctx.user;
  const body = {
    id,
    tenantId: ctx.store.tenantId,
    name,
    email,
    status: "active",
    subject: `sim|${id}`,
  };
  return { status: 200, body };
}
