/**
 * An app named by its name and its space's name instead of its id (`app: { name, space }` in
 * a stack file), so that one declaration fits tenants whose app ids differ. The stack file only
 * checks the reference; the program resolves it against the stack's tenant.
 */
import { quote } from "./inputs";

/** An app by name in a named space. */
export interface AppReference {
  name: string;
  space: string;
}

/** A reference and the entry that made it, so a failed lookup can name both. */
export interface AppByName extends AppReference {
  /** The stack file(s) the entry came from. */
  file: string;
  /** The entry's label, such as `tasks[2] (sales-daily)`. */
  entry: string;
}

/** The `appId` a declaration holds until the program has resolved its `app`. */
export const APP_ID_PENDING = "pending-app-lookup";

const APP_KEYS = ["name", "space"];
const EXAMPLE = 'such as app: { name: "Sales Dashboard", space: "Finance" }';

/** What is wrong with an entry's `app` and the fields beside it, as "field: reason" lines. */
export function appProblems(app: unknown, entry: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (entry.appId !== undefined) {
    problems.push(
      `app: use either appId (the app's id) or app (its name in a space), not both ` +
        `(got appId ${quote(entry.appId)})`,
    );
  }
  if (entry.spaceId !== undefined) {
    problems.push(
      `spaceId: an entry that names its app takes the space's id from app.space; remove ` +
        `spaceId from the entry or from defaults (got ${quote(entry.spaceId)})`,
    );
  }
  if (typeof app !== "object" || app === null || Array.isArray(app)) {
    return [
      ...problems,
      `app: app must be the app's name and space, ${EXAMPLE} (got ${quote(app)})`,
    ];
  }
  for (const key of Object.keys(app)) {
    if (!APP_KEYS.includes(key)) {
      problems.push(`app.${key}: unknown property; app holds name and space, ${EXAMPLE}`);
    }
  }
  const fields = app as Record<string, unknown>;
  for (const key of APP_KEYS) problems.push(...textProblems(key, fields[key]));
  return problems;
}

function textProblems(key: string, value: unknown): string[] {
  const what = key === "name" ? "the app's name" : "the name of the app's space";
  if (value === undefined || value === null) return [`app.${key}: ${what} is missing; ${EXAMPLE}`];
  if (typeof value !== "string" || value.trim() === "") {
    return [`app.${key}: app.${key} must be ${what}, as text (got ${quote(value)})`];
  }
  return [];
}
