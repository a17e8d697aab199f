import * as path from "node:path";
import { loadStackFile } from "../../provider/stack-file";

describe("the shipped stack files", () => {
  it.each(["local", "dev", "prod"])("loads stacks/%s.yaml without a problem", (stack) => {
    const declarations = loadStackFile(path.join(__dirname, "..", "..", "stacks", `${stack}.yaml`));

    expect(declarations.length).toBeGreaterThan(0);
  });
});
