/**
 * Reads `stacks/<stack>.yaml`: the tasks one Pulumi stack declares. Every problem is reported
 * with the file, the entry and the field, quoting the value, before any call to Qlik.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { parseDocument } from "yaml";
import { INPUT_KEYS, validateInputs, type TaskInputs } from "./inputs";

/** One declared task: its Pulumi resource name (`key`) and the resource's inputs. */
export interface Declaration {
  key: string;
  inputs: Omit<TaskInputs, "marker">;
}

/** Largest stack file we read; a schedule list is never this big, a mistake or a bomb may be. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

const keySchema = z
  .string({ error: "key is required: the Pulumi resource name of the task" })
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,99}$/,
    "key must be lower-case letters, digits, '.', '_' or '-' (at most 100)",
  );

const fileSchema = z.strictObject({
  /** Values every entry gets unless it sets its own. */
  defaults: z.record(z.string(), z.unknown()).optional(),
  tasks: z.array(z.record(z.string(), z.unknown()), {
    error: "tasks must be a list of task entries",
  }),
});

/** A stack file that cannot be used, with every problem found. */
export class StackFileError extends Error {
  override readonly name = "StackFileError";
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(
      `${file} has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
}

/** Loads and checks a stack file; throws `StackFileError` listing every problem. */
export function loadStackFile(file: string): Declaration[] {
  const text = readText(file);
  const document = parseDocument(text, { uniqueKeys: true });
  const syntax = [...document.errors, ...document.warnings].map(
    (e) => `YAML: ${e.message.split("\n")[0]}`,
  );
  if (syntax.length > 0) throw new StackFileError(file, syntax);

  const parsed = fileSchema.safeParse(toPlainData(file, document) ?? { tasks: [] });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${pathOf(i.path) || "(file)"}: ${i.message}`);
    throw new StackFileError(file, problems);
  }
  return checkEntries(file, parsed.data.defaults ?? {}, parsed.data.tasks);
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

function checkEntries(
  file: string,
  defaults: Record<string, unknown>,
  entries: Record<string, unknown>[],
): Declaration[] {
  const problems: string[] = [];
  const declarations: Declaration[] = [];
  const seenKeys = new Map<string, number>();
  const seenNames = new Map<string, number>();

  entries.forEach((entry, index) => {
    const { key: rawKey, ...fields } = entry;
    const key = keySchema.safeParse(rawKey);
    const label = `tasks[${index}]${typeof rawKey === "string" ? ` (${rawKey})` : ""}`;
    if (!key.success) {
      const reason = key.error.issues[0]?.message;
      problems.push(`${label}: key: ${reason} (got ${JSON.stringify(rawKey)})`);
    }

    const merged: Record<string, unknown> = {
      ...defaults,
      ...fields,
      schedule: mergeSchedule(defaults.schedule, fields.schedule),
    };
    if (merged.marker !== undefined) {
      problems.push(`${label}: marker: set by the program, not in stack files`);
    }
    // Whether an end date has passed is judged by `check`, which knows if the task exists.
    const result = validateInputs(merged, { allowPastEnd: true });
    problems.push(...result.failures.map((f) => `${label}: ${f.property}: ${f.reason}`));
    if (!key.success || !result.inputs) return;

    const dupKey = seenKeys.get(key.data);
    if (dupKey !== undefined)
      problems.push(`${label}: key "${key.data}" is also used by tasks[${dupKey}]`);
    const dupName = seenNames.get(result.inputs.name);
    if (dupName !== undefined) {
      problems.push(
        `${label}: name "${result.inputs.name}" is also used by tasks[${dupName}]; task names must differ`,
      );
    }
    seenKeys.set(key.data, index);
    seenNames.set(result.inputs.name, index);
    declarations.push({ key: key.data, inputs: result.inputs });
  });

  if (problems.length > 0) throw new StackFileError(file, problems);
  return declarations;
}

/** An issue path as the messages write entries: `tasks[2].name`. */
function pathOf(path: PropertyKey[]): string {
  const parts = path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`));
  return parts.join("").replace(/^\./, "");
}

/** Shared schedule fields (such as a zone) are merged field by field. */
function mergeSchedule(shared: unknown, own: unknown): unknown {
  const isObject = (v: unknown): v is object =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObject(shared) && isObject(own)) return { ...shared, ...own };
  return own ?? shared;
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
        : `cannot be read (${code})`,
    ]);
  }
  if (bytes.length > MAX_FILE_BYTES)
    throw new StackFileError(file, [`is ${bytes.length} bytes; the limit is ${MAX_FILE_BYTES}`]);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new StackFileError(file, ["is not valid UTF-8; save it as UTF-8"]);
  }
}

/** The schema keys a stack entry may use (the resource's inputs less the program's marker). */
export const ENTRY_KEYS = ["key", ...INPUT_KEYS.filter((k) => k !== "marker")];
