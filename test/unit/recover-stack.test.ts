import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { recoverStack } from "../../scripts/recover-stack";

describe("recoverStack", () => {
  let backendDir: string;
  let checkpoint: string;
  const calls: string[][] = [];
  const pulumi = async (args: string[]) => calls.push(args);

  beforeEach(() => {
    backendDir = mkdtempSync(path.join(tmpdir(), "recover-"));
    const dir = path.join(backendDir, ".pulumi", "stacks", "qlik-tasks");
    mkdirSync(dir, { recursive: true });
    checkpoint = path.join(dir, "prod.json");
    calls.length = 0;
  });
  afterEach(() => rmSync(backendDir, { recursive: true, force: true }));

  it("restores the backup when a kill left the checkpoint cut short", async () => {
    writeFileSync(checkpoint, '{"version": 3, "checkpoint": {"lat');
    writeFileSync(`${checkpoint}.bak`, '{"version": 3}');

    const result = await recoverStack({ backendDir, project: "qlik-tasks", stack: "prod", pulumi });

    expect(result.restoredBackup).toBe(true);
    expect(readFileSync(checkpoint, "utf8")).toBe('{"version": 3}');
    expect(calls).toEqual([
      ["cancel", "--yes"],
      ["refresh", "--clear-pending-creates", "--yes", "--skip-preview"],
    ]);
  });

  it("keeps a checkpoint that parses, and only releases the lock and pending creates", async () => {
    writeFileSync(checkpoint, '{"version": 3, "new": true}');
    writeFileSync(`${checkpoint}.bak`, '{"version": 3}');

    const result = await recoverStack({ backendDir, project: "qlik-tasks", stack: "prod", pulumi });

    expect(result.restoredBackup).toBe(false);
    expect(readFileSync(checkpoint, "utf8")).toBe('{"version": 3, "new": true}');
    expect(calls).toHaveLength(2);
  });
});
