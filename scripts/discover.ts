/**
 * Writes or merges `stacks/<stack>.yaml` from what a Qlik tenant holds, and reports what a
 * person has to decide. See `--help`; exit code 0 when nothing needs a person, 2 when something
 * does (the file is written all the same), 1 on an error.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { apiKeyCredentials } from "../provider/client/credentials";
import { QlikClient } from "../provider/client/qlik-client";
import { countingCredentials, discover, reportText } from "../provider/discover/discover";
import { ENV_KEYS, checkTenantUrl } from "../provider/settings";

/** The text of `--help`. */
export const HELP = `usage: node dist/scripts/discover.js --stack <name> [options]

Reads every reload task of a Qlik Cloud tenant and every task of their apps, and writes or
merges stacks/<name>.yaml: one entry per schedule, with migrateFrom for a reload task not yet
migrated and adoptTaskId for a task that already exists, so that the next pulumi up creates
nothing twice. Existing entries, their comments and hand edits are kept; entries whose reload
task or task is gone are reported, never dropped. Progress goes to stderr, then a report of
what needs a person, each with its reason and fix, and a summary.

options:
  --stack <name>        the stack whose file is written (required)
  --stacks-dir <dir>    the folder of the stack files (default: stacks)
  --tenant-url <url>    the tenant (default: $${ENV_KEYS.tenantUrl})
  --dry-run             print the file to stdout instead of writing it
  --help                show this text

The API key comes from $${ENV_KEYS.apiKey}.

exit codes:
  0  the file is written (or printed) and nothing needs a person
  2  the file is written (or printed) and some entries need a person: see the report
  1  an error: nothing is written
`;

/** Runs the command; returns its exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      stack: { type: "string" },
      "stacks-dir": { type: "string", default: "stacks" },
      "tenant-url": { type: "string" },
      "dry-run": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!values.stack) throw new Error("--stack is required: name the stack whose file to write");
  const rawUrl = values["tenant-url"] ?? env[ENV_KEYS.tenantUrl];
  if (!rawUrl) throw new Error(`no tenant: set ${ENV_KEYS.tenantUrl} or pass --tenant-url`);
  const apiKey = env[ENV_KEYS.apiKey];
  if (!apiKey) throw new Error(`no API key: set ${ENV_KEYS.apiKey}`);

  const tenantUrl = checkTenantUrl(rawUrl);
  const pages = { count: 0 };
  const credentials = countingCredentials(apiKeyCredentials(apiKey), pages);
  const progress = (line: string) => process.stderr.write(`discover: ${line}\n`);
  const client = new QlikClient({
    tenantUrl,
    credentials,
    onRetry: (notice) => progress(notice),
  });
  const result = await discover({
    stack: values.stack,
    stacksDir: path.resolve(values["stacks-dir"]),
    project: projectName(),
    client,
    pages,
    dryRun: values["dry-run"],
    tenantOrigin: new URL(tenantUrl).origin,
    progress,
  });
  if (values["dry-run"]) process.stdout.write(result.text);
  process.stderr.write(reportText(result));
  return result.exitCode;
}

/** The project's name from the nearest Pulumi.yaml above this file; task markers carry it. */
function projectName(from = __dirname): string {
  const file = path.join(from, "Pulumi.yaml");
  if (existsSync(file)) {
    const name = (parseYaml(readFileSync(file, "utf8")) as { name?: unknown } | null)?.name;
    if (typeof name === "string") return name;
  }
  return path.dirname(from) === from ? "qlik-tasks" : projectName(path.dirname(from));
}

/** Runs the command and turns any error into its message on stderr and exit code 1. */
export async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  try {
    return await main(argv, env);
  } catch (error) {
    process.stderr.write(`discover: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void run(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
