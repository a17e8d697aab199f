/**
 * Reads `stacks/<stack>.yaml`: the tasks one Pulumi stack declares. Every problem is reported
 * with the file, the entry and the field, quoting the value, before any call to Qlik.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { parseDocument, type YAMLError } from "yaml";
import {
  INPUT_KEYS,
  closest,
  quote,
  unknownPropertyReason,
  validateInputs,
  type TaskInputs,
} from "./inputs";

/** One declared task: its Pulumi resource name (`key`) and the resource's inputs. */
export interface Declaration {
  key: string;
  inputs: Omit<TaskInputs, "marker">;
}

/** Largest stack file we read; a schedule list is never this big, a mistake or a bomb may be. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Problems shown in the message; the error's `problems` keeps them all. */
const SHOWN_PROBLEMS = 20;

/** The schema keys a stack entry may use (the resource's inputs less the program's marker). */
export const ENTRY_KEYS = ["key", ...INPUT_KEYS.filter((k) => k !== "marker")];
const FILE_KEYS = ["defaults", "tasks"];
const EMPTY_FILE =
  'declare the tasks under "tasks:", or write "tasks: []" if this stack should have none';

const keySchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,99}$/,
    "key must be lower-case letters, digits, '.', '_' or '-' (at most 100); rename it",
  );

/** A stack file that cannot be used, with every problem found. */
export class StackFileError extends Error {
  override readonly name = "StackFileError";
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => `  - ${p}`);
    const more = problems.length - shown.length;
    if (more > 0) shown.push(`  - and ${more} more problem(s) of the same kinds`);
    super(`${file} has ${problems.length} problem(s):\n${shown.join("\n")}`);
  }
}

/** Loads and checks a stack file; throws `StackFileError` listing every problem. */
export function loadStackFile(file: string): Declaration[] {
  const text = readText(file);
  const document = parseDocument(text, { uniqueKeys: true });
  const lines = text.split("\n");
  const syntax = [...document.errors, ...document.warnings].map((e) => yamlProblem(e, lines));
  if (syntax.length > 0) throw new StackFileError(file, syntax);

  const data = toPlainData(file, document);
  const loop = loopAt(data);
  if (loop !== undefined) {
    throw new StackFileError(file, [
      `YAML: ${loop || "the file"} holds itself through an alias (a loop); write the value out`,
    ]);
  }
  const top = fileProblems(data);
  if (top.length > 0) throw new StackFileError(file, top);

  const { defaults, tasks } = data as { defaults?: Record<string, unknown>; tasks: unknown[] };
  return checkEntries(file, defaults ?? {}, tasks);
}

/** The document as plain data; YAML's guard against alias bombs ("billion laughs") throws. */
function toPlainData(file: string, document: ReturnType<typeof parseDocument>): unknown {
  try {
    return document.toJS({ maxAliasCount: 50 });
  } catch (error) {
    throw new StackFileError(file, [
      `YAML: ${(error as Error).message}; write the values out instead of nesting aliases`,
    ]);
  }
}

/** The path of the first value that holds itself, which an alias to an enclosing node makes. */
function loopAt(value: unknown, path = "", ancestors: object[] = []): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  if (ancestors.includes(value)) return path;
  for (const [key, child] of Object.entries(value)) {
    const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    const found = loopAt(child, at, [...ancestors, value]);
    if (found !== undefined) return found;
  }
  return undefined;
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

function checkEntries(
  file: string,
  rawDefaults: Record<string, unknown>,
  entries: unknown[],
): Declaration[] {
  const { defaults, problems } = checkDefaults(rawDefaults);
  const declarations: Declaration[] = [];
  const seenKeys = new Map<string, number>();
  const seenNames = new Map<string, number>();

  entries.forEach((entry, index) => {
    if (!isMapping(entry)) {
      const fix = entry === null ? 'remove the empty "-" line' : "write its fields under the dash";
      problems.push(
        `tasks[${index}]: an entry must be a mapping of ${ENTRY_KEYS.join(", ")}; ${fix} ` +
          `(got ${quote(entry)})`,
      );
      return;
    }
    const { key: rawKey, ...fields } = entry;
    const label = `tasks[${index}]${typeof rawKey === "string" ? ` (${shortLabel(rawKey)})` : ""}`;
    const key = checkKey(rawKey);
    if (key.problem) problems.push(`${label}: key: ${key.problem}`);

    const merged: Record<string, unknown> = {
      ...defaults,
      ...fields,
      schedule: mergeSchedule(defaults.schedule, fields.schedule),
    };
    if (merged.marker !== undefined) {
      problems.push(
        `${label}: marker: set by the program, not in stack files; remove it (got ${quote(merged.marker)})`,
      );
    }
    // Whether an end date has passed is judged by `check`, which knows if the task exists.
    const result = validateInputs(merged, { allowPastEnd: true });
    problems.push(...result.failures.map((f) => `${label}: ${f.property}: ${f.reason}`));

    // Duplicates are reported next to the entries' other problems, not after them.
    problems.push(...duplicate(label, "key", key.value, index, seenKeys));
    const name = typeof merged.name === "string" ? merged.name.trim() : undefined;
    problems.push(...duplicate(label, "name", name || undefined, index, seenNames));
    if (key.value !== undefined && result.inputs) {
      declarations.push({ key: key.value, inputs: result.inputs });
    }
  });

  if (problems.length > 0) throw new StackFileError(file, problems);
  return declarations;
}

/** Defaults may hold any entry field but `key`; unknown ones are reported once, here. */
function checkDefaults(raw: Record<string, unknown>) {
  const problems: string[] = [];
  const defaults: Record<string, unknown> = {};
  const allowed = ENTRY_KEYS.filter((k) => k !== "key");
  for (const [key, value] of Object.entries(raw)) {
    if (allowed.includes(key)) {
      defaults[key] = value;
    } else if (key === "key") {
      problems.push("defaults.key: every entry needs its own key; move it into each entry");
    } else {
      problems.push(`defaults.${shortLabel(key)}: ${unknownPropertyReason([], key)}`);
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
  index: number,
  seen: Map<string, number>,
): string[] {
  if (value === undefined) return [];
  const first = seen.get(value);
  if (first === undefined) {
    seen.set(value, index);
    return [];
  }
  const fix = what === "key" ? "keys must be unique in the file" : "task names must differ";
  return [`${label}: ${what} ${quote(value)} is also used by tasks[${first}]; ${fix}`];
}

/** One YAML error with its line and column, the line itself, and what to do. */
function yamlProblem(error: YAMLError, lines: string[]): string {
  const what =
    error.code === "MULTIPLE_DOCS"
      ? "the file holds more than one YAML document"
      : error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, "");
  const at = error.linePos?.[0];
  const source = at ? lines[at.line - 1]?.trim() : undefined;
  const where = at ? `line ${at.line}, column ${at.col}: ` : "";
  const atEnd = at !== undefined && !source && lines.slice(at.line).every((l) => !l.trim());
  const shown = source ? `, in ${quote(source)}` : atEnd ? " (the end of the file)" : "";
  const fix = YAML_FIXES[error.code] ?? (atEnd ? YAML_FIXES.MISSING_CHAR : YAML_FIX);
  return `YAML: ${where}${what}${shown}; ${fix}`;
}

const YAML_FIX = "fix the YAML on that line (quote a value that holds ': ', '#' or brackets)";
const YAML_FIXES: Partial<Record<YAMLError["code"], string>> = {
  DUPLICATE_KEY: "a key may appear once per entry; remove one of the two",
  TAB_AS_INDENT: "indent with spaces, not tabs",
  MISSING_CHAR: "the file may be cut short; close the quote or bracket that is open",
  MULTIPLE_DOCS: "a stack file holds one document; remove the '---' separators",
};

/** Shared schedule fields (such as a zone) are merged field by field. */
function mergeSchedule(shared: unknown, own: unknown): unknown {
  if (isMapping(shared) && isMapping(own)) return { ...shared, ...own };
  return own ?? shared;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  return Array.isArray(value) ? "a list" : `a ${typeof value}`;
}

/** A key as shown in an entry's label, cut short. */
function shortLabel(key: string): string {
  return key.length > 60 ? `${key.slice(0, 50)}...` : key;
}

function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new StackFileError(file, [
      code === "ENOENT"
        ? 'the file does not exist; create it (see "Declaring tasks" in the README)'
        : `cannot be read (${code}); check the path and its permissions`,
    ]);
  }
  if (bytes.length > MAX_FILE_BYTES) {
    throw new StackFileError(file, [
      `is ${bytes.length} bytes; the limit is ${MAX_FILE_BYTES}; split the tasks over several stacks`,
    ]);
  }
  return decodeUtf8(file, bytes);
}

/** The text of a UTF-8 file (a byte-order mark is dropped); other encodings are refused. */
function decodeUtf8(file: string, bytes: Buffer): string {
  const utf16 =
    (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16) throw new StackFileError(file, ["is UTF-16 text; save it as UTF-8"]);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new StackFileError(file, [`is not valid UTF-8${badByteAt(bytes)}; save it as UTF-8`]);
  }
}

/** Where the first byte that breaks UTF-8 is, as " (byte 0xE9 at line 2, column 6)". */
function badByteAt(bytes: Buffer): string {
  const at = firstBadByte(bytes);
  if (at === undefined) return "";
  const lineStart = at === 0 ? -1 : bytes.lastIndexOf(0x0a, at - 1);
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line += 1;
  const column = bytes.subarray(lineStart + 1, at).toString("utf8").length + 1;
  const byte = bytes[at]!.toString(16).toUpperCase().padStart(2, "0");
  return ` (byte 0x${byte} at line ${line}, column ${column})`;
}

/** The offset of the first byte that starts no valid UTF-8 sequence (overlong forms aside). */
function firstBadByte(bytes: Buffer): number | undefined {
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i]!;
    const follow =
      lead < 0x80 ? 0 : lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : 3;
    if (lead >= 0x80 && (lead < 0xc2 || lead > 0xf4)) return i;
    for (let k = 1; k <= follow; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += follow + 1;
  }
  return undefined;
}
