/**
 * The drift check: `pulumi refresh`, then a preview that should change nothing. Anything the
 * preview would change is drift (an edit or a deletion in the Qlik UI, for example) and is
 * printed as the readable report. Exit 0 when there is none, 3 on drift, 1 on error.
 *
 * Usage: node dist/scripts/drift.js --stack NAME
 */
import { appendFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { formatPlanReport, plannedChanges, type PlannedChange } from "./plan-report";
import { STACK_USAGE, openProjectStack } from "./project-stack";

/** Exit codes of the drift command. */
export const DRIFT_EXIT = { none: 0, error: 1, drift: 3 } as const;

/** What one drift check found. */
export interface DriftResult {
  code: 0 | 3;
  changes: PlannedChange[];
  /** The text the command prints. */
  report: string;
}

/** Operations of a preview's summary that change nothing. */
const NO_CHANGE = new Set(["same", "read", "refresh", "discard"]);

/** Refreshes `stack` from the tenant and reports what a preview would change back. */
export async function checkDrift(
  stack: Stack,
  options: { now?: Date; onOutput?: (text: string) => void } = {},
): Promise<DriftResult> {
  await stack.refresh({ onOutput: options.onOutput });
  const events: EngineEvent[] = [];
  const preview = await stack.preview({
    onEvent: (e) => events.push(e),
    onOutput: options.onOutput,
  });

  const changes = plannedChanges(events, options.now);
  // A change to something other than a task (the provider instance, say) is drift too, even
  // though the report has no fields to show for it.
  const otherSteps = Object.entries(preview.changeSummary)
    .filter(([op, count]) => !NO_CHANGE.has(op) && (count ?? 0) > 0)
    .reduce((sum, [, count]) => sum + (count ?? 0), 0);
  const drifted = changes.length > 0 || otherSteps > 0;

  const name = stack.name;
  const report = drifted
    ? `Drift in stack ${name}: the tenant differs from the declaration; ` +
      `"pulumi up" would change it back (on the tenant -> declared).\n\n` +
      formatPlanReport(changes, { before: "on the tenant", after: "declared" })
    : `No drift in stack ${name}: the tenant matches the declaration.\n`;
  return { code: drifted ? DRIFT_EXIT.drift : DRIFT_EXIT.none, changes, report };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { stack: { type: "string" } } });
  if (!values.stack) {
    console.error(`usage: drift ${STACK_USAGE}`);
    return DRIFT_EXIT.error;
  }

  const stack = await openProjectStack(values.stack);
  const result = await checkDrift(stack);
  process.stdout.write(result.report);
  // In GitHub Actions the report also goes to the job's summary page.
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary) appendFileSync(summary, `### ${values.stack}\n\n\`\`\`\n${result.report}\`\`\`\n`);
  return result.code;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(
        `drift check failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exit(DRIFT_EXIT.error);
    },
  );
}
