/** Where the provider reports what an operator must see (info and warnings only). */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * Lines on stderr reach the Pulumi CLI as the provider's diagnostics. Messages never hold a
 * credential: they are built from ids and names only.
 */
export const stderrLogger: Logger = {
  info: (message) => process.stderr.write(`qlik-task: ${message}\n`),
  warn: (message) => process.stderr.write(`qlik-task warning: ${message}\n`),
};

/** A logger that keeps what it was told, for tests. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info: ${message}`),
    warn: (message) => lines.push(`warn: ${message}`),
  };
}
