/**
 * No credential leaks anywhere the real engine writes or prints: a sentinel API key and, in a
 * second stack, a sentinel OAuth client secret go through `up`, `refresh` and two failing
 * operations at the engine's highest log verbosity, and then are looked for in the exports (with
 * and without secrets shown), every file of the state backend, the serialized providers, the
 * stack's config file, all CLI output and every error text.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import localTenant from "../../simulator/fixtures/local-tenant.json";
import { TOKEN_PREFIX } from "../../simulator/tenant";
import { type EngineFixture, LOCAL_STACK_FILE, engineFixture } from "./engine-harness";

jest.setTimeout(300_000);

/** Sentinels: the credentials the tenant accepts, and one it refuses. */
const API_KEY = "sentinel-api-key-4c1d8e7b2a";
const CLIENT_SECRET = "sentinel-client-secret-91f0d3a6";
const REFUSED = "sentinel-refused-credential-5e2b";
const CLIENT_ID = "qlik-tasks-ci";
/**
 * What Pulumi prints in place of a secret config value it finds in any output, the provider's
 * diagnostics included. Apart from the config listing that opens each operation's events, and
 * with no secret outputs in the stack, the mask itself shows a leak that Pulumi covered up.
 */
const PULUMI_MASK = "[secret]";
const CONFIG_LISTING = /"preludeEvent":\{"config":\{[^}]*\}\}/g;
const FORBIDDEN_APP = "0f0f0f0f-1111-4222-8333-444455556666";
const SALES_SPACE = "e885e9fb-07a9-4331-8fdc-b8f83ae7fb61";

/** The bundled tenant with sentinel credentials and an app the pipeline may not reload. */
function sentinelSeed() {
  const seed = structuredClone(localTenant);
  seed.users[0]!.apiKey = API_KEY;
  seed.clients = [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, userId: "pipeline" }];
  const forbidden = { id: FORBIDDEN_APP, name: "Forbidden", spaceId: SALES_SPACE };
  return { ...seed, apps: [...seed.apps, { ...forbidden, reloadDeniedFor: ["pipeline"] }] };
}

/** The local stack's tasks plus one for the forbidden app, whose create fails with a 403. */
const WITH_FORBIDDEN_TASK = `${readFileSync(LOCAL_STACK_FILE, "utf8")}
  - key: forbidden-app-daily
    name: Forbidden - daily reload
    appId: ${FORBIDDEN_APP}
    spaceId: ${SALES_SPACE}
    schedule:
      recurrence: RRULE:FREQ=DAILY;BYHOUR=6;BYMINUTE=0;BYSECOND=0
      startDateTime: "2025-01-29T06:00:00"
      timezone: Europe/London
`;

/** Everything one operation printed or threw, at the engine's highest verbosity. */
interface Run {
  output: string;
  error?: string;
}

/** Runs one operation with the engine's debug log on stderr, keeping all it printed or threw. */
async function verbose(stack: Stack, operation: "up" | "refresh"): Promise<Run> {
  const chunks: string[] = [];
  const options = {
    onOutput: (text: string) => chunks.push(text),
    onError: (text: string) => chunks.push(text),
    onEvent: (event: unknown) => chunks.push(JSON.stringify(event)),
    logVerbosity: 11,
    logToStdErr: true,
    debug: true,
    color: "never" as const,
  };
  try {
    const result = await stack[operation](options);
    return { output: [...chunks, result.stdout, result.stderr].join("\n") };
  } catch (error) {
    const text = [String(error), (error as Error).stack, JSON.stringify(error)].join("\n");
    return { output: chunks.join("\n"), error: text };
  }
}

/** Every file under `dir`, the state, its history and backups included. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((entry) => path.join(dir, entry))
    .filter((file) => statSync(file).isFile() && statSync(file).size < 20_000_000);
}

/** The `__provider` input of every QlikTask, and the inputs of the provider they share. */
function providerTexts(exported: string): string[] {
  const { deployment } = JSON.parse(exported) as {
    deployment: { resources: { type: string; inputs?: Record<string, unknown> }[] };
  };
  const tasks = deployment.resources.filter((r) => r.type === "pulumi-nodejs:dynamic/qlik:Task");
  const providers = deployment.resources.filter((r) => r.type.startsWith("pulumi:providers:"));
  expect(tasks.length).toBeGreaterThanOrEqual(7);
  expect(providers.length).toBeGreaterThanOrEqual(1);
  return [
    ...tasks.map((r) => String(r.inputs?.__provider ?? "")),
    ...providers.map((r) => JSON.stringify(r.inputs)),
  ];
}

/** One kind of credentials: how to set it, refuse it and restore it, and what must not leak. */
interface Scenario {
  kind: string;
  stackName: string;
  sentinels: string[];
  /** What the failing refresh must say once the tenant refuses the credential. */
  refusal: string;
  oauth: boolean;
  configure(fx: EngineFixture): Promise<void>;
  refuse(fx: EngineFixture): Promise<void>;
  restore(fx: EngineFixture): Promise<void>;
}

/** Runs the scenario on one stack and returns each place looked at, by name. */
async function placesAfterScenario(
  fx: EngineFixture,
  scenario: Scenario,
): Promise<Map<string, string>> {
  const places = new Map<string, string>();
  const record = (name: string, run: Run) => {
    places.set(`CLI output of ${name}`, run.output);
    if (run.error) places.set(`error of ${name}`, run.error);
  };

  const up = await verbose(fx.stack, "up");
  const refresh = await verbose(fx.stack, "refresh");
  expect([up.error, refresh.error]).toEqual([undefined, undefined]);
  record("up", up);
  record("refresh", refresh);

  fx.writeStackFile(WITH_FORBIDDEN_TASK);
  const forbidden = await verbose(fx.stack, "up");
  expect(forbidden.error).toContain(`needs the permission to reload app ${FORBIDDEN_APP}`);
  record("up with a forbidden app", forbidden);

  await scenario.refuse(fx);
  const refused = await verbose(fx.stack, "refresh");
  expect(refused.error).toContain(scenario.refusal);
  record("refresh with a refused credential", refused);
  await scenario.restore(fx);

  const exported = fx.cli(["stack", "export"]);
  places.set("pulumi stack export", exported);
  places.set("pulumi stack export --show-secrets", fx.cli(["stack", "export", "--show-secrets"]));
  providerTexts(exported).forEach((text, i) => places.set(`serialized provider ${i}`, text));
  for (const file of filesUnder(fx.backendDir)) {
    places.set(`backend file ${path.relative(fx.backendDir, file)}`, readFileSync(file, "utf8"));
  }
  const configFile = path.join(fx.workDir, `Pulumi.${fx.stack.name}.yaml`);
  places.set("stack config file", readFileSync(configFile, "utf8"));
  return places;
}

/**
 * The places that hold state, which must not name the tenant either: the exports, the
 * serialized providers, and the backend's checkpoints and their backups. The update history
 * beside them is not state: like Pulumi.<stack>.yaml, it records the stack's config (the tenant
 * URL in clear unless set with --secret, credentials encrypted), which the sentinel check covers.
 */
function isState(place: string): boolean {
  return (
    /^(pulumi stack export|serialized provider)/.test(place) ||
    /^backend file \.pulumi\/(stacks|backups)\/.*\.json(\.bak)?$/.test(place) ||
    /^backend file \.pulumi\/history\/.*\.checkpoint\.json$/.test(place)
  );
}

const scenarios: Scenario[] = [
  {
    kind: "an API key",
    stackName: "leak-api-key",
    sentinels: [API_KEY, REFUSED, CLIENT_SECRET],
    refusal: "the tenant refused the credentials: check qlik:apiKey",
    oauth: false,
    configure: async () => undefined,
    refuse: (fx) => fx.stack.setConfig("qlik:apiKey", { value: REFUSED, secret: true }),
    restore: (fx) => fx.stack.setConfig("qlik:apiKey", { value: API_KEY, secret: true }),
  },
  {
    kind: "an OAuth client secret",
    stackName: "leak-oauth",
    sentinels: [CLIENT_SECRET, REFUSED, API_KEY, TOKEN_PREFIX],
    refusal: "the tenant refused the OAuth client: check qlik:clientId and qlik:clientSecret",
    oauth: true,
    configure: async (fx) => {
      await fx.stack.removeConfig("qlik:apiKey");
      await fx.stack.setConfig("qlik:clientId", { value: CLIENT_ID });
      await fx.stack.setConfig("qlik:clientSecret", { value: CLIENT_SECRET, secret: true });
    },
    refuse: (fx) => fx.stack.setConfig("qlik:clientSecret", { value: REFUSED, secret: true }),
    restore: (fx) =>
      fx.stack.setConfig("qlik:clientSecret", { value: CLIENT_SECRET, secret: true }),
  },
];

describe.each(scenarios)("with $kind at the highest log verbosity", (scenario) => {
  let fx: EngineFixture;
  let places: Map<string, string>;

  beforeAll(async () => {
    fx = await engineFixture(scenario.stackName, { seed: sentinelSeed() });
    await scenario.configure(fx);
    places = await placesAfterScenario(fx, scenario);
  });
  afterAll(async () => {
    await fx?.stack.destroy().catch(() => undefined);
    await fx?.dispose();
  });

  it("authenticated as the pipeline with the credential under test", () => {
    const requests = fx.tenant.requests();
    const tokens = requests.filter((entry) => entry.path === "/oauth/token");
    const accepted = requests.filter((entry) => entry.status !== 401);

    expect(tokens.length > 0).toBe(scenario.oauth);
    expect(new Set(accepted.map((entry) => entry.userId))).toEqual(new Set(["pipeline"]));
  });

  it("looked in every place, with the engine's most verbose output captured", () => {
    const names = [...places.keys()];
    const count = (prefix: string) => names.filter((name) => name.startsWith(prefix)).length;

    expect(count("CLI output of")).toBe(4);
    expect(count("error of")).toBe(2);
    expect(count("serialized provider")).toBe(8);
    expect(count("backend file")).toBeGreaterThan(30);
    expect(places.get("CLI output of up")).toContain("log level 11 will print sensitive");
  });

  it("shows no credential in any of them", () => {
    const masked = (text: string) => text.replace(CONFIG_LISTING, "").includes(PULUMI_MASK);
    const leaks = [...places]
      .filter(([, text]) => masked(text) || scenario.sentinels.some((s) => text.includes(s)))
      .map(([place]) => place);

    expect(leaks).toEqual([]);
  });

  it("keeps the tenant URL out of the state, the serialized provider and the errors", () => {
    const url = fx.tenant.url;
    const checked = [...places].filter(([place]) => isState(place) || place.startsWith("error of"));
    const leaks = checked.filter(([, text]) => text.includes(url)).map(([place]) => place);

    expect(checked.length).toBeGreaterThanOrEqual(22);
    expect(leaks).toEqual([]);
  });
});
