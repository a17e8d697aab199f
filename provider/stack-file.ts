/**
 * Reads `stacks/<stack>.yaml`: the tasks one Pulumi stack declares. Every problem is reported
 * with the file, the entry and the field, quoting the value, before any call to Qlik.
 */
import { z } from "zod";
import { APP_ID_PENDING, appProblems, type AppByName, type AppReference } from "./app-ref";
import {
  INPUT_KEYS,
  closest,
  quote,
  unknownPropertyReason,
  validateInputs,
  type TaskInputs,
} from "./inputs";
import { StackFileError, readStackData } from "./stack-file-read";

export { StackFileError } from "./stack-file-read";

/** One declared task: its Pulumi resource name (`key`) and the resource's inputs. An entry
 * that names its app (`app`) holds `APP_ID_PENDING` as `appId` until the program resolves it. */
export interface Declaration {
  key: string;
  inputs: Omit<TaskInputs, "marker">;
  app?: AppByName;
}

/** A file's outline: its defaults and its raw task entries. */
export interface StackData {
  defaults: Record<string, unknown>;
  tasks: unknown[];
}

/** One raw entry and where it stands, such as `tasks[2]`, for the problems it has. */
export interface RawEntry {
  fields: unknown;
  where: string;
  /** The entry it overrides, for an entry of a stack file over `shared.yaml`. */
  over?: string;
}

/** The schema keys a stack entry may use (the resource's inputs less the program's marker). */
export const ENTRY_KEYS = ["key", ...INPUT_KEYS.filter((k) => k !== "marker")];
/** What defaults may hold: any entry field but `key`, including `app` (see app-ref.ts). */
const DEFAULT_KEYS = [...ENTRY_KEYS.filter((k) => k !== "key"), "app"];
const FILE_KEYS = ["defaults", "tasks"];
const EMPTY_FILE =
  'declare the tasks under "tasks:", or write "tasks: []" if this stack should have none';

const keySchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,99}$/,
    "key must be lower-case letters, digits, '.', '_' or '-' (at most 100); rename it",
  );

/** Loads and checks a stack file; throws `StackFileError` listing every problem. */
export function loadStackFile(file: string): Declaration[] {
  const outline = readStackOutline(file);
  const { defaults, problems } = checkDefaults(outline.defaults);
  const entries = outline.tasks.map((fields, index) => ({ fields, where: `tasks[${index}]` }));
  return checkEntries(file, defaults, entries, problems);
}

/** A file's defaults and entries, once its outline is right. */
export function readStackOutline(file: string): StackData {
  const data = readStackData(file);
  const top = fileProblems(data);
  if (top.length > 0) throw new StackFileError(file, top);
  const { defaults, tasks } = data as { defaults?: Record<string, unknown>; tasks: unknown[] };
  return { defaults: defaults ?? {}, tasks };
}

/** What is wrong with the file's outline: a mapping with a `tasks` list and optional defaults. */
function fileProblems(data: unknown): string[] {
  if (data === null || data === undefined) return [`(file): the file is empty; ${EMPTY_FILE}`];
  if (!isMapping(data)) {
    return [
      `(file): the file must be a mapping with a "tasks:" list, such as "tasks: [...]" ` +
        `(got ${kindOf(data)} ${quote(data)})`,
    ];
  }
  const problems = Object.keys(data)
    .filter((key) => !FILE_KEYS.includes(key))
    .map((key) => {
      const near = closest(key, FILE_KEYS);
      const hint = near
        ? `did you mean "${near}"?`
        : 'remove it; a stack file holds "defaults" and "tasks"';
      return `(file): unknown key ${quote(key)}; ${hint}`;
    });
  if (data.tasks === undefined || data.tasks === null) {
    problems.push(`tasks: there is no task list; ${EMPTY_FILE}`);
  } else if (!Array.isArray(data.tasks)) {
    problems.push(
      `tasks: tasks must be a list of task entries, each starting with "- " (got ${quote(data.tasks)})`,
    );
  }
  if (data.defaults !== undefined && !isMapping(data.defaults)) {
    problems.push(
      `defaults: defaults must be a mapping of fields every entry gets, such as "enabled: true" ` +
        `(got ${quote(data.defaults)})`,
    );
  }
  return problems;
}

/** Checks entries laid over checked defaults; throws every problem, `earlier` ones first. */
export function checkEntries(
  file: string,
  defaults: Record<string, unknown>,
  entries: RawEntry[],
  earlier: string[] = [],
): Declaration[] {
  const problems = [...earlier];
  const declarations: Declaration[] = [];
  const seenKeys = new Map<string, string>();
  const seenNames = new Map<string, string>();

  for (const { fields: entry, where, over } of entries) {
    if (!isMapping(entry)) {
      const fix = entry === null ? 'remove the empty "-" line' : "write its fields under the dash";
      problems.push(
        `${where}: an entry must be a mapping of ${ENTRY_KEYS.join(", ")}; ${fix} ` +
          `(got ${quote(entry)})`,
      );
      continue;
    }
    const { key: rawKey, ...fields } = entry;
    const named = typeof rawKey === "string" ? ` (${shortLabel(rawKey)})` : "";
    const label = `${where}${named}${over ? `, over ${over}` : ""}`;
    const key = checkKey(rawKey);
    if (key.problem) problems.push(`${label}: key: ${key.problem}`);

    const { app, ...merged } = overlay(defaults, fields);
    const appFailures = app === undefined ? [] : appProblems(app, merged);
    problems.push(...appFailures.map((reason) => `${label}: ${reason}`));
    if (merged.marker !== undefined) {
      problems.push(
        `${label}: marker: set by the program, not in stack files; remove it (got ${quote(merged.marker)})`,
      );
    }
    // An app named by name has no id yet; the rest of the entry is checked all the same.
    const checked = app === undefined ? merged : { ...merged, appId: APP_ID_PENDING };
    // Whether an end date has passed is judged by `check`, which knows if the task exists.
    const result = validateInputs(checked, { allowPastEnd: true });
    problems.push(...result.failures.map((f) => `${label}: ${f.property}: ${f.reason}`));

    // Duplicates are reported next to the entries' other problems, not after them.
    problems.push(...duplicate(label, "key", key.value, where, seenKeys));
    const name = typeof merged.name === "string" ? merged.name.trim() : undefined;
    problems.push(...duplicate(label, "name", name || undefined, where, seenNames));
    if (key.value === undefined || !result.inputs || appFailures.length > 0) continue;
    const declaration: Declaration = { key: key.value, inputs: result.inputs };
    if (app !== undefined) declaration.app = { ...(app as AppReference), file, entry: label };
    declarations.push(declaration);
  }

  if (problems.length > 0) throw new StackFileError(file, problems);
  return declarations;
}

/**
 * `upper` laid over `lower`: its fields win, the schedule is merged field by field, and naming
 * the app one way (`appId` or `app`) drops the other way inherited from below.
 */
export function overlay(
  lower: Record<string, unknown>,
  upper: Record<string, unknown>,
): Record<string, unknown> {
  const base = { ...lower };
  if (upper.appId !== undefined || upper.app !== undefined) {
    delete base.appId;
    delete base.app;
  }
  const result = { ...base, ...upper };
  const schedule = mergeSchedule(lower.schedule, upper.schedule);
  if (schedule !== undefined) result.schedule = schedule;
  return result;
}

/** Defaults may hold any entry field but `key`; unknown ones are reported once, here. `where`
 * names the file when there are two. */
export function checkDefaults(raw: Record<string, unknown>, where = "") {
  const problems: string[] = [];
  const defaults: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (DEFAULT_KEYS.includes(key)) {
      defaults[key] = value;
    } else if (key === "key") {
      problems.push(`${where}defaults.key: every entry needs its own key; move it into each entry`);
    } else {
      problems.push(`${where}defaults.${shortLabel(key)}: ${unknownPropertyReason([], key)}`);
    }
  }
  return { defaults, problems };
}

function checkKey(raw: unknown): { value?: string; problem?: string } {
  if (raw === undefined) {
    return {
      problem: "key is missing; add the Pulumi resource name of the task, such as sales-daily",
    };
  }
  const parsed = keySchema.safeParse(raw);
  if (parsed.success) return { value: parsed.data };
  const reason =
    typeof raw === "string"
      ? parsed.error.issues[0]?.message
      : "key must be text, the Pulumi resource name of the task; write it in quotes";
  return { problem: `${reason} (got ${quote(raw)})` };
}

/** Reports a key or name used by an earlier entry, and remembers this one. */
function duplicate(
  label: string,
  what: "key" | "name",
  value: string | undefined,
  where: string,
  seen: Map<string, string>,
): string[] {
  if (value === undefined) return [];
  const first = seen.get(value);
  if (first === undefined) {
    seen.set(value, where);
    return [];
  }
  const fix = what === "key" ? "keys must be unique in the file" : "task names must differ";
  return [`${label}: ${what} ${quote(value)} is also used by ${first}; ${fix}`];
}

/** Shared schedule fields (such as a zone) are merged field by field. */
function mergeSchedule(shared: unknown, own: unknown): unknown {
  if (isMapping(shared) && isMapping(own)) return { ...shared, ...own };
  return own ?? shared;
}

/** A YAML mapping (not a list, not null). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  return Array.isArray(value) ? "a list" : `a ${typeof value}`;
}

/** A key as shown in an entry's label, cut short. */
function shortLabel(key: string): string {
  return key.length > 60 ? `${key.slice(0, 50)}...` : key;
}
