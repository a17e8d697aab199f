/**
 * The GitOps workflows cannot run here, so their essentials are checked as data: triggers,
 * environments and their order, the Node and Pulumi set-up, the secrets, and that every
 * command they run exists in package.json or scripts/.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { projectRoot } from "../../provider/program";

const ROOT = projectRoot();

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  environment?: string;
  env?: Record<string, string>;
  strategy?: { matrix?: { stack?: string[] } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

function workflow(name: string): Workflow {
  return parse(readFileSync(path.join(ROOT, ".github", "workflows", name), "utf8")) as Workflow;
}

const runs = (job: Job) => job.steps.flatMap((s) => (s.run ? [s.run] : []));

describe.each(["preview.yml", "deploy.yml", "drift.yml"])("workflow %s", (name) => {
  const jobs = Object.values(workflow(name).jobs);

  it("sets up Node 22, the Pulumi CLI and the project before running a stack command", () => {
    for (const job of jobs) {
      const setupNode = job.steps.find((s) => s.uses?.startsWith("actions/setup-node@"));
      expect(setupNode?.with?.["node-version"]).toBe(22);
      expect(job.steps.some((s) => s.uses?.startsWith("pulumi/actions@"))).toBe(true);
      expect(runs(job).slice(0, 2)).toEqual(["npm ci", "npm run build"]);
    }
  });

  it("runs only commands that exist in package.json and scripts/", () => {
    const packageScripts = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"))
      .scripts as Record<string, string>;
    for (const command of jobs.flatMap(runs)) {
      for (const [, script] of command.matchAll(/npm run (\S+)/g)) {
        expect(packageScripts).toHaveProperty([script!]);
      }
      for (const [, file] of command.matchAll(/node dist\/scripts\/(\S+)\.js/g)) {
        expect(existsSync(path.join(ROOT, "scripts", `${file}.ts`))).toBe(true);
      }
    }
  });

  it("takes the backend and the passphrase from secrets", () => {
    for (const job of jobs) {
      expect(job.env?.PULUMI_BACKEND_URL).toBe("${{ secrets.PULUMI_BACKEND_URL }}");
      expect(job.env?.PULUMI_CONFIG_PASSPHRASE).toBe("${{ secrets.PULUMI_CONFIG_PASSPHRASE }}");
    }
  });
});

describe("preview workflow", () => {
  const { on, jobs } = workflow("preview.yml");

  it("previews every environment on pull requests and posts the report", () => {
    expect(Object.keys(on)).toEqual(["pull_request"]);
    expect(jobs.preview!.strategy?.matrix?.stack).toEqual(["dev", "prod"]);
    const commands = runs(jobs.preview!).join("\n");
    expect(commands).toContain("node dist/scripts/plan.js preview --stack ${{ matrix.stack }}");
    expect(commands).toContain("gh pr comment");
  });

  it("holds no Qlik key, since a preview calls no Qlik API", () => {
    expect(JSON.stringify(jobs)).not.toContain("QLIK_API_KEY");
  });
});

describe("deploy workflow", () => {
  const { on, jobs } = workflow("deploy.yml");

  it("applies dev, then prod behind its own environment, on pushes to main", () => {
    expect(on).toEqual({ push: { branches: ["main"] } });
    expect(jobs.dev!.environment).toBe("dev");
    expect(jobs.prod!.environment).toBe("prod");
    expect(jobs.prod!.needs).toBe("dev");
    expect(runs(jobs.dev!)).toContain("node dist/scripts/plan.js up --stack dev");
    expect(runs(jobs.prod!)).toContain("node dist/scripts/plan.js up --stack prod");
    expect(jobs.prod!.env?.QLIK_API_KEY).toBe("${{ secrets.QLIK_API_KEY }}");
  });
});

describe("drift workflow", () => {
  const { on, jobs } = workflow("drift.yml");

  it("runs the drift command per environment on a schedule", () => {
    expect(on.schedule).toEqual([{ cron: expect.stringMatching(/^\S+ \S+ \S+ \S+ \S+$/) }]);
    expect(jobs.drift!.strategy?.matrix?.stack).toEqual(["dev", "prod"]);
    expect(runs(jobs.drift!)).toContain("node dist/scripts/drift.js --stack ${{ matrix.stack }}");
    expect(jobs.drift!.env?.QLIK_API_KEY).toBe("${{ secrets.QLIK_API_KEY }}");
  });

  it("names stacks that have a stack file", () => {
    for (const stack of jobs.drift!.strategy!.matrix!.stack!) {
      expect(existsSync(path.join(ROOT, "stacks", `${stack}.yaml`))).toBe(true);
    }
  });
});
