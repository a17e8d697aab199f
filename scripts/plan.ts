/**
 * The commands the GitOps workflows run on a stack: `preview` prints the readable report of
 * what `pulumi up` would change (and writes it to `--report FILE` for a pull-request comment);
 * `up` applies the declaration. Both print the engine's own output as well.
 *
 * Usage: node dist/scripts/plan.js preview|up --stack NAME [--report FILE]
 */
import { appendFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { formatPlanReport, plannedChanges } from "./plan-report";
import { STACK_USAGE, openProjectStack } from "./project-stack";

const USAGE = `usage: plan preview|up ${STACK_USAGE} [--report FILE]`;

/** Runs one command; resolves to the exit code. */
export async function runPlan(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { stack: { type: "string" }, report: { type: "string" } },
  });
  const command = positionals[0];
  if (!values.stack || (command !== "preview" && command !== "up") || positionals.length > 1) {
    console.error(USAGE);
    return 1;
  }

  const print = (text: string) => process.stdout.write(text);
  // The first deploy of an environment creates its stack; a preview needs one to exist.
  const stack = await openProjectStack(values.stack, command === "up");
  if (command === "up") {
    await stack.up({ onOutput: print });
    return 0;
  }

  const events: EngineEvent[] = [];
  await stack.preview({ onOutput: print, onEvent: (e) => events.push(e) });
  const report = `Stack ${values.stack}: ${formatPlanReport(plannedChanges(events))}`;
  print(`\n${report}`);
  if (values.report) writeFileSync(values.report, report);
  // In GitHub Actions the report also goes to the job's summary page.
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary) appendFileSync(summary, `### ${values.stack}\n\n\`\`\`\n${report}\`\`\`\n`);
  return 0;
}

if (require.main === module) {
  runPlan(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`plan failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
