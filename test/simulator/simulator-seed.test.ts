import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { loadSeed } from "../../simulator/main";
import { defaultSeed } from "../../simulator/seed";
import { startTenant } from "../../simulator/tenant";
import { seedCopy } from "./simulator-helpers";

describe("seed loading", () => {
  const dir = mkdtempSync(join(tmpdir(), "sim-seed-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads both bundled fixtures", () => {
    expect(defaultSeed().reloadTasks).toHaveLength(7);
    const fieldCases = loadSeed(join(__dirname, "../../simulator/fixtures/field-cases.json"));
    expect(fieldCases.reloadTasks.map((task) => task.id)).toContain("000000000000000000000002");
  });

  it("reads YAML", () => {
    const file = join(dir, "tenant.yaml");
    writeFileSync(file, stringify(seedCopy()));
    expect(loadSeed(file).users[0]!.apiKey).toBe("sim-key-pipeline");
  });

  it("names the file and the field when the seed is wrong", () => {
    const seed = seedCopy();
    seed.reloadTasks[1]!.id = "not-hex";
    (seed.users[0] as Record<string, unknown>).apiKey = undefined;
    const file = join(dir, "broken.json");
    writeFileSync(file, JSON.stringify(seed));

    expect(() => loadSeed(file)).toThrow(file);
    expect(() => loadSeed(file)).toThrow("reloadTasks[1].id: must be 24 lowercase hex characters");
    expect(() => loadSeed(file)).toThrow("users[0].apiKey");
  });

  it("refuses a seed whose reload task names an unknown app", async () => {
    const seed = seedCopy();
    seed.reloadTasks[0]!.appId = "00000000-0000-0000-0000-000000000000";
    await expect(startTenant({ seed })).rejects.toThrow("reloadTasks[0].appId: names no app");
  });
});
