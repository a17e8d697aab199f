/**
 * Reads a stack file's text and YAML into plain data: size, encoding, syntax, alias bombs and
 * alias loops are refused here with the line and column, before any field is looked at.
 */
import { readFileSync } from "node:fs";
import { parseDocument, type YAMLError } from "yaml";
import { quote } from "./inputs";

/** Largest stack file we read; a schedule list is never this big, a mistake or a bomb may be. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Problems shown in the message; the error's `problems` keeps them all. */
const SHOWN_PROBLEMS = 20;

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

/** The file's YAML as plain data; throws `StackFileError` for anything that is not clean YAML. */
export function readStackData(file: string): unknown {
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
  return data;
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
