/**
 * Runs the tenant simulator on its own, for the demo and for manual poking:
 *
 *   ts-node simulator/main.ts [--seed FILE] [--port N] [--no-rate-limits]
 *       [--legacy-api present|gone-404|gone-410] [--require-resource-id]
 *
 * Prints `QLIK_TENANT_URL=...` and `QLIK_API_KEY=...` on stdout (so a script can `eval` or
 * source them), one human line on stderr, and serves until SIGINT or SIGTERM.
 */
import { parseArgs } from "node:util";
import { loadSeed } from "./seed";
import { startTenant, type LegacyApi } from "./tenant";

export { loadSeed } from "./seed";

const legacyApiValues = ["present", "gone-404", "gone-410"];

/** Parses the command line, starts the tenant and waits for a signal to stop it. */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: "string" },
      port: { type: "string", default: "0" },
      "no-rate-limits": { type: "boolean", default: false },
      "legacy-api": { type: "string", default: "present" },
      "require-resource-id": { type: "boolean", default: false },
    },
  });

  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer from 0 to 65535, got "${values.port}"`);
  }
  if (!legacyApiValues.includes(values["legacy-api"])) {
    throw new Error(`--legacy-api must be one of ${legacyApiValues.join(", ")}`);
  }

  const tenant = await startTenant({
    seed: values.seed ? loadSeed(values.seed) : undefined,
    port,
    rateLimits: values["no-rate-limits"] ? false : undefined,
    legacyApi: values["legacy-api"] as LegacyApi,
    requireResourceIdOnTaskList: values["require-resource-id"],
  });

  process.stdout.write(`QLIK_TENANT_URL=${tenant.url}\nQLIK_API_KEY=${tenant.apiKey}\n`);
  process.stderr.write(`Qlik tenant simulator listening on ${tenant.url}; Ctrl-C stops it.\n`);
  const stop = () => void tenant.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
