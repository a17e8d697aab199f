/**
 * Reads the stack's config in the provider process, at run time. The Pulumi engine hands the
 * whole stack config to a dynamic provider's default instance and keeps it in the state as that
 * provider's inputs, decryptable with `pulumi stack export --show-secrets`. QlikTasks therefore
 * use an explicit provider that holds only the stack's name, and the provider asks the Pulumi
 * CLI for `qlik:*` values itself when it first needs them. A rotated key is picked up at once.
 */
import { execFileSync } from "node:child_process";
import type { ConfigSource } from "./settings";

/** The provider input naming the stack whose config holds the tenant settings. */
export const STACK_INPUT = "qlik:stack";

/** Where Pulumi.yaml and Pulumi.<stack>.yaml are. The engine starts the provider in the project
 * folder, except for Automation API inline programs, whose driver sets this variable. */
export const STACK_DIR_ENV = "QLIK_TASKS_STACK_DIR";

/** Config of `stack` as the CLI sees it (secrets decrypted), read once; empty if unavailable. */
export function stackConfigSource(
  stack: string,
  cwd = process.env[STACK_DIR_ENV] || process.cwd(),
): ConfigSource {
  let values: Record<string, string> | undefined;
  const source: ConfigSource = {
    get(key) {
      values ??= readConfig(stack, cwd, (why) => (source.failure = why));
      return values[key];
    },
  };
  return source;
}

function readConfig(
  stack: string,
  cwd: string,
  fail: (why: string) => void,
): Record<string, string> {
  try {
    const out = execFileSync("pulumi", ["config", "--json", "--show-secrets", "--stack", stack], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 60_000,
    });
    const parsed = JSON.parse(out) as Record<string, { value?: unknown }>;
    return Object.fromEntries(
      Object.entries(parsed)
        .filter(([key, entry]) => key.startsWith("qlik:") && typeof entry.value === "string")
        .map(([key, entry]) => [key, entry.value as string]),
    );
  } catch (error) {
    // Only the exit status is kept: the CLI's own output could echo configuration.
    const status = (error as { status?: number }).status;
    fail(
      `\`pulumi config --stack ${stack}\` failed${status === undefined ? "" : ` (exit ${status})`}`,
    );
    return {};
  }
}
