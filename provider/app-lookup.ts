/**
 * Resolves the `app: { name, space }` of stack entries to ids on the stack's tenant, the way
 * Qlik's own catalog finds them: the space through `GET /api/v1/spaces?name=` (an open search,
 * so only exact names count), then the app through
 * `GET /api/v1/items?resourceType=app&name=&spaceId=` (the item's `resourceId` is the app id).
 * Each space and each app is looked up once per run, however many entries name it.
 */
import type { AppByName } from "./app-ref";
import type { Item, Space } from "./client/schemas";
import type { Declaration } from "./stack-file";

/** The two catalog calls the lookup makes; `QlikClient` has them. */
export interface AppLookupClient {
  listSpaces(name: string): Promise<Space[]>;
  listAppsByName(name: string, spaceId: string): Promise<Item[]>;
}

/** An app reference that names no app, or several, on the tenant. */
export class AppLookupError extends Error {
  override readonly name = "AppLookupError";
}

/** The app and space ids a reference stands for. */
export interface ResolvedApp {
  appId: string;
  spaceId: string;
}

/**
 * The declarations with every `app` replaced by its ids. `connect` is called only when an entry
 * names its app, so a stack of app ids makes no call at all.
 */
export async function resolveAppReferences(
  declarations: Declaration[],
  connect: () => AppLookupClient,
): Promise<Declaration[]> {
  if (!declarations.some((d) => d.app)) return declarations;
  const lookup = new AppLookup(connect());
  return Promise.all(
    declarations.map(async (declaration) => {
      if (!declaration.app) return declaration;
      const { appId, spaceId } = await lookup.resolve(declaration.app);
      return { key: declaration.key, inputs: { ...declaration.inputs, appId, spaceId } };
    }),
  );
}

/** Lookups against one tenant, each list asked for once. */
export class AppLookup {
  private readonly spaces = new Map<string, Promise<Space[]>>();
  private readonly apps = new Map<string, Promise<Item[]>>();

  constructor(private readonly client: AppLookupClient) {}

  /** The ids `ref` stands for; throws `AppLookupError` naming the entry for none or several. */
  async resolve(ref: AppByName): Promise<ResolvedApp> {
    const space = await this.space(ref);
    const items = await cached(this.apps, `${space.id}\n${ref.name}`, () =>
      this.client.listAppsByName(ref.name, space.id),
    );
    const apps = items.filter((item) => item.resourceType === "app" && item.resourceId);
    const exact = apps.filter((item) => item.name === ref.name);
    const inSpace = `in space "${ref.space}" (${space.id})`;

    if (exact.length === 1) return { appId: exact[0]!.resourceId!, spaceId: space.id };
    if (exact.length > 1) {
      throw failure(
        ref,
        "app.name",
        `${exact.length} apps are named "${ref.name}" ${inSpace}: ${ids(exact)}; rename all ` +
          "but one in Qlik, or give this entry appId: <one of those ids> instead of app",
      );
    }
    throw failure(
      ref,
      "app.name",
      `no app named "${ref.name}" ${inSpace}${nearNames(apps)}; check the name (it is ` +
        "compared exactly) and that the stack's user can see the app",
    );
  }

  private async space(ref: AppByName): Promise<Space> {
    const found = await cached(this.spaces, ref.space, () => this.client.listSpaces(ref.space));
    const exact = found.filter((space) => space.name === ref.space);
    if (exact.length === 1) return exact[0]!;
    if (exact.length > 1) {
      throw failure(
        ref,
        "app.space",
        `${exact.length} spaces are named "${ref.space}": ${ids(exact)}; give this entry ` +
          "appId and spaceId instead of app",
      );
    }
    throw failure(
      ref,
      "app.space",
      `no space named "${ref.space}" on the stack's tenant${nearNames(found)}; check the ` +
        "name (it is compared exactly) and that the stack's user is a member of the space",
    );
  }
}

/** The list for `key`, asked for once; a failed call is not kept, so a retry asks again. */
function cached<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>) {
  let pending = cache.get(key);
  if (!pending) {
    pending = load();
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

function failure(ref: AppByName, field: string, reason: string): AppLookupError {
  return new AppLookupError(`${ref.file}: ${ref.entry}: ${field}: ${reason}`);
}

function ids(found: { id: string; resourceId?: string | null }[]): string {
  return found.map((f) => f.resourceId ?? f.id).join(", ");
}

/** Names the tenant matched that are not the one asked for, as " (the tenant has ...)". */
function nearNames(found: { name?: string | null }[]): string {
  const names = [...new Set(found.map((f) => f.name).filter((n): n is string => !!n))];
  if (names.length === 0) return "";
  const shown = names.slice(0, 5).map((n) => `"${n}"`);
  return ` (the search found ${shown.join(", ")}${names.length > 5 ? ", ..." : ""})`;
}
