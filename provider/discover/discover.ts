/**
 * `discover`: reads a tenant's reload tasks and tasks and writes or merges the stack file that
 * declares them, with a report of what a person has to decide. Exit code 0 when nothing needs
 * a person, 2 when something does (the file is written all the same).
 */
import * as path from "node:path";
import type { QlikClient } from "../client/qlik-client";
import { type Attention, type Plan, planDiscovery } from "./plan";
import { type PageCounter, readTenant } from "./read-tenant";
import {
  appendEntries,
  checkText,
  existingEntries,
  readStackDocument,
  stackText,
  writeChecked,
} from "./stack-yaml";

export { countingCredentials, type PageCounter } from "./read-tenant";
export type { Attention, Plan } from "./plan";

/** What one run needs. */
export interface DiscoverOptions {
  stack: string;
  stacksDir: string;
  /** The Pulumi project, whose markers (`pulumi:<project>/<stack>/<key>`) tie tasks to keys. */
  project: string;
  client: QlikClient;
  /** Counts the client's requests; the client's credentials must be wrapped with it. */
  pages: PageCounter;
  dryRun: boolean;
  /** Shown in a new file's header. */
  tenantOrigin: string;
  progress: (line: string) => void;
}

/** What a run did. */
export interface DiscoverResult {
  file: string;
  text: string;
  plan: Plan;
  written: boolean;
  exitCode: 0 | 2;
}

/** Reads the tenant, merges the stack file and writes it unless this is a dry run. */
export async function discover(options: DiscoverOptions): Promise<DiscoverResult> {
  const file = path.join(options.stacksDir, `${options.stack}.yaml`);
  const document = readStackDocument(file, header(options));
  const existing = existingEntries(document);

  const appIds = existing.flatMap((entry) => (entry.appId ? [entry.appId] : []));
  const remote = await readTenant(options.client, options.pages, appIds, options.progress);
  const plan = planDiscovery(remote, existing, options);

  appendEntries(document, plan.added);
  const text = stackText(document);
  if (options.dryRun) checkText(text);
  else writeChecked(file, text);

  const attention = plan.needsPerson.length + plan.removedRemotely.length;
  return { file, text, plan, written: !options.dryRun, exitCode: attention > 0 ? 2 : 0 };
}

/** The report: what needs a person, what is gone remotely, and the counts. */
export function reportText(result: DiscoverResult): string {
  const { plan } = result;
  const adopted = plan.added.filter(({ entry }) => entry.adoptTaskId !== undefined).length;
  const lines = [
    ...section("needs a person", plan.needsPerson),
    ...section("removed remotely (entries kept in the file)", plan.removedRemotely),
  ];
  if (plan.otherStacks.length > 0) {
    lines.push(`left to other stacks (${plan.otherStacks.length}):`);
    lines.push(...plan.otherStacks.map((what) => `  - ${what}`));
  }
  const verb = result.written ? "wrote" : "would write (dry run)";
  lines.push(
    `${verb} ${result.file}: added ${plan.added.length - adopted}, adopted ${adopted}, ` +
      `kept ${plan.kept.length}, needs a person ${plan.needsPerson.length}, ` +
      `removed remotely ${plan.removedRemotely.length}`,
  );
  return `${lines.join("\n")}\n`;
}

function section(title: string, items: Attention[]): string[] {
  if (items.length === 0) return [];
  return [
    `${title} (${items.length}):`,
    ...items.flatMap((item) => [`  - ${item.subject}: ${item.reason}`, `    fix: ${item.fix}`]),
  ];
}

function header(options: DiscoverOptions): string {
  return (
    ` Tasks of the \`${options.stack}\` stack, found on ${options.tenantOrigin} by discover.\n` +
    " Times are local wall time in each task's timezone. Entries with migrateFrom migrate a\n" +
    " reload task on the first pulumi up; entries with adoptTaskId take over an existing task."
  );
}
