/**
 * Declarations shared by every stack: `stacks/shared.yaml`, in the stack file format, laid
 * under `stacks/<stack>.yaml` by task `key`. A stack file entry with a shared task's key
 * overrides its fields (the schedule field by field), or drops it with `exclude: true`; other
 * entries add tasks. Without `shared.yaml`, a stack file is read on its own.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { quote } from "./inputs";
import {
  type Declaration,
  type RawEntry,
  checkDefaults,
  checkEntries,
  isMapping,
  loadStackFile,
  overlay,
  readStackOutline,
} from "./stack-file";

/** The file every stack's own file is laid over. */
export const SHARED_FILE = "shared.yaml";

/** The declarations of `stack`: its own file over `shared.yaml` when there is one. */
export function loadStackDeclarations(stacksDir: string, stack: string): Declaration[] {
  const file = path.join(stacksDir, `${stack}.yaml`);
  const sharedFile = path.join(stacksDir, SHARED_FILE);
  if (path.basename(file) === SHARED_FILE || !existsSync(sharedFile)) return loadStackFile(file);

  const shared = readStackOutline(sharedFile);
  const own = readStackOutline(file);
  const names = { shared: SHARED_FILE, own: path.basename(file) };
  const sharedDefaults = checkDefaults(shared.defaults, `${names.shared} `);
  const ownDefaults = checkDefaults(own.defaults, `${names.own} `);
  const merged = mergeEntries(shared.tasks, own.tasks, names);

  return checkEntries(
    `${file} (over ${sharedFile})`,
    overlay(sharedDefaults.defaults, ownDefaults.defaults),
    merged.entries,
    [...sharedDefaults.problems, ...ownDefaults.problems, ...merged.problems],
  );
}

/** The shared entries, overridden or dropped by the stack's, then the stack's own additions. */
function mergeEntries(
  sharedTasks: unknown[],
  ownTasks: unknown[],
  names: { shared: string; own: string },
): { entries: RawEntry[]; problems: string[] } {
  const problems: string[] = [];
  const entries: (RawEntry | undefined)[] = sharedTasks.map((fields, i) => {
    const where = `${names.shared} tasks[${i}]`;
    if (!isMapping(fields) || fields.exclude === undefined) return { fields, where };
    const { exclude: _reported, ...rest } = fields;
    const named = typeof fields.key === "string" ? ` (${fields.key})` : "";
    problems.push(
      `${where}${named}: exclude: only a stack file's entry may exclude a shared task; remove it`,
    );
    return { fields: rest, where };
  });
  const byKey = new Map<string, number>();
  sharedTasks.forEach((fields, i) => {
    const key = isMapping(fields) ? fields.key : undefined;
    if (typeof key === "string" && !byKey.has(key)) byKey.set(key, i);
  });
  const overridden = new Set<number>();

  ownTasks.forEach((fields, i) => {
    const where = `${names.own} tasks[${i}]`;
    if (!isMapping(fields)) {
      entries.push({ fields, where });
      return;
    }
    const { exclude, ...rest } = fields;
    const key = typeof fields.key === "string" ? fields.key : undefined;
    const target = key === undefined ? undefined : byKey.get(key);
    const label = `${where}${key === undefined ? "" : ` (${key})`}`;

    if (exclude !== undefined && typeof exclude !== "boolean") {
      problems.push(`${label}: exclude: exclude must be true or false (got ${quote(exclude)})`);
      return;
    }
    if (exclude === true) {
      problems.push(...excludeProblems(label, rest, target, names.shared));
      if (target !== undefined) entries[target] = undefined;
      return;
    }
    const base = target === undefined || overridden.has(target) ? undefined : entries[target];
    if (target !== undefined && base && isMapping(base.fields)) {
      overridden.add(target);
      entries[target] = { fields: overlay(base.fields, rest), where, over: base.where };
    } else {
      entries.push({ fields: rest, where });
    }
  });

  return { entries: entries.filter((e): e is RawEntry => e !== undefined), problems };
}

/** An `exclude: true` entry names a shared task by key and holds nothing else. */
function excludeProblems(
  label: string,
  fields: Record<string, unknown>,
  target: number | undefined,
  sharedName: string,
): string[] {
  const problems: string[] = [];
  if (target === undefined) {
    problems.push(
      `${label}: exclude: no task of ${sharedName} has key ${quote(fields.key)}; ` +
        "remove this entry, or correct its key",
    );
  }
  const extra = Object.keys(fields).filter((k) => k !== "key");
  if (extra.length > 0) {
    problems.push(
      `${label}: exclude: an excluded task takes no other fields; remove ` +
        `${extra.join(", ")}, or remove "exclude: true" to override the task instead`,
    );
  }
  return problems;
}
