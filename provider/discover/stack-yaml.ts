/**
 * Reads and writes the stack file for `discover` with the `yaml` Document API, so that the
 * comments, order and spelling of existing entries survive: new entries are appended, nothing
 * existing is changed or dropped. The result is checked with `loadStackFile` before it replaces
 * the file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Document, Scalar, YAMLMap, YAMLSeq, isMap, isSeq, parseDocument } from "yaml";
import { loadStackFile } from "../stack-file";
import type { Addition, ExistingEntry } from "./plan";

/** The stack file as a document, or a new one with a header when the file does not exist. */
export function readStackDocument(file: string, header: string): Document {
  if (!existsSync(file)) {
    const document = new Document({ tasks: [] });
    document.commentBefore = header;
    return document;
  }
  // Refuse to merge into a file that does not load: the person fixes it first.
  loadStackFile(file);
  return parseDocument(readFileSync(file, "utf8"));
}

/** The entries of the document, by what identifies them. */
export function existingEntries(document: Document): ExistingEntry[] {
  const tasks = document.get("tasks", true);
  if (!isSeq(tasks)) return [];
  return tasks.items.map((item, index) => {
    const at = (field: string) => {
      const value = isMap(item) ? item.get(field) : undefined;
      return typeof value === "string" ? value : undefined;
    };
    return {
      index,
      key: at("key"),
      name: at("name"),
      appId: at("appId"),
      migrateFrom: at("migrateFrom"),
      adoptTaskId: at("adoptTaskId"),
    };
  });
}

/** Appends the new entries, each after a blank line and under its note, if it has one. */
export function appendEntries(document: Document, additions: Addition[]): void {
  let tasks = document.get("tasks", true);
  if (!isSeq(tasks)) {
    tasks = new YAMLSeq();
    document.set("tasks", tasks);
  }
  const list = tasks as YAMLSeq;
  // `tasks: []` is a flow list; entries read better one block each.
  list.flow = false;
  for (const { entry, note } of additions) {
    const node = document.createNode(entry) as YAMLMap;
    for (const field of ["startDateTime", "endDateTime"]) {
      const scalar = node.getIn(["schedule", field], true);
      if (scalar instanceof Scalar) scalar.type = Scalar.QUOTE_DOUBLE;
    }
    node.spaceBefore = list.items.length > 0;
    if (note) node.commentBefore = ` discover: ${note}`;
    list.items.push(node);
  }
}

/** The document as text, long rules and ids on one line. */
export function stackText(document: Document): string {
  return document.toString({ lineWidth: 0 });
}

/** Writes the text only if `loadStackFile` accepts it, replacing the file in one rename. */
export function writeChecked(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.discover-${process.pid}`,
  );
  writeFileSync(temporary, text);
  try {
    loadStackFile(temporary);
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Checks the text as `writeChecked` would, without touching the stack folder. */
export function checkText(text: string): void {
  const temporary = path.join(tmpdir(), `discover-${process.pid}-${Date.now()}.yaml`);
  writeFileSync(temporary, text);
  try {
    loadStackFile(temporary);
  } finally {
    rmSync(temporary, { force: true });
  }
}
