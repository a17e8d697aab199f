/**
 * Where the provider finds its tenant and credentials: the stack's config (`qlik:tenantUrl`, and
 * either `qlik:apiKey` or the OAuth client `qlik:clientId` with `qlik:clientSecret`, secrets
 * encrypted), then the environment (QLIK_TENANT_URL, QLIK_API_KEY, QLIK_CLIENT_ID,
 * QLIK_CLIENT_SECRET), key by key. Read at run time in the provider process, never captured in
 * the serialized provider or the state. Messages name keys and commands, never a value.
 */
import { QlikApiError } from "./client/errors";

/** Config keys, under the `qlik` namespace of the stack's config. */
export const CONFIG_KEYS = {
  tenantUrl: "qlik:tenantUrl",
  apiKey: "qlik:apiKey",
  clientId: "qlik:clientId",
  clientSecret: "qlik:clientSecret",
} as const;
/** Environment variables used when the stack's config has no value. */
export const ENV_KEYS = {
  tenantUrl: "QLIK_TENANT_URL",
  apiKey: "QLIK_API_KEY",
  clientId: "QLIK_CLIENT_ID",
  clientSecret: "QLIK_CLIENT_SECRET",
} as const;

type SettingName = keyof typeof CONFIG_KEYS;
type CredentialName = Exclude<SettingName, "tenantUrl">;

/** What `configure` hands over: a lookup of stack config by full key. */
export interface ConfigSource {
  get(key: string): string | undefined;
  /** Why the config could not be read, when that is known. */
  failure?: string;
}

/** How the provider authenticates: an API key, or an OAuth2 machine-to-machine client. */
export type AuthSettings =
  { kind: "apiKey"; apiKey: string } | { kind: "oauth"; clientId: string; clientSecret: string };

/** Tenant settings, validated. */
export interface TenantSettings {
  tenantUrl: string;
  auth: AuthSettings;
}

/** A setting's value and where it came from, so a message can name the right fix. */
interface Found {
  value: string;
  from: "config" | "env";
}

/** Resolves and checks the tenant settings; a missing, doubled or unsafe value throws the fix. */
export function resolveSettings(config: ConfigSource, env: NodeJS.ProcessEnv): TenantSettings {
  const find = (name: SettingName): Found | undefined => {
    const fromConfig = config.get(CONFIG_KEYS[name]);
    if (fromConfig) return { value: fromConfig, from: "config" };
    const fromEnv = env[ENV_KEYS[name]];
    return fromEnv ? { value: fromEnv, from: "env" } : undefined;
  };
  const unreadable = config.failure ? `; note: ${config.failure}` : "";

  const tenantUrl = find("tenantUrl");
  if (!tenantUrl) {
    throw configError(
      `${CONFIG_KEYS.tenantUrl} is not set: run \`pulumi config set ${CONFIG_KEYS.tenantUrl} ` +
        `https://<tenant>.<region>.qlikcloud.com\` (or set ${ENV_KEYS.tenantUrl})${unreadable}`,
    );
  }
  const auth = resolveAuth(find("apiKey"), find("clientId"), find("clientSecret"), unreadable);
  return { tenantUrl: checkTenantUrl(tenantUrl.value), auth };
}

/** Exactly one of an API key or a complete OAuth client. */
function resolveAuth(
  apiKey: Found | undefined,
  clientId: Found | undefined,
  clientSecret: Found | undefined,
  unreadable: string,
): AuthSettings {
  const oauth = [
    ["clientId", clientId],
    ["clientSecret", clientSecret],
  ].filter((entry): entry is [SettingName, Found] => entry[1] !== undefined);

  if (apiKey && oauth.length > 0) {
    throw configError(
      `both an API key (${keyOf("apiKey", apiKey)}) and an OAuth client ` +
        `(${oauth.map(([name, found]) => keyOf(name, found)).join(", ")}) are set; keep one: ` +
        `run ${removal("apiKey", apiKey)} to use the OAuth client, or ` +
        `${oauth.map(([name, found]) => removal(name, found)).join(" and ")} to use the API key`,
    );
  }
  if (apiKey) return { kind: "apiKey", apiKey: apiKey.value };
  if (clientId && clientSecret) {
    return { kind: "oauth", clientId: clientId.value, clientSecret: clientSecret.value };
  }
  if (clientId) throw halfClient("clientId", clientId, "clientSecret", unreadable);
  if (clientSecret) throw halfClient("clientSecret", clientSecret, "clientId", unreadable);

  throw configError(
    `no credentials are set: run ${setCommand("apiKey")} (or set ${ENV_KEYS.apiKey}), or for an ` +
      `OAuth machine-to-machine client ${setCommand("clientId")} and ` +
      `${setCommand("clientSecret")} (or set ${ENV_KEYS.clientId} and ${ENV_KEYS.clientSecret})` +
      unreadable,
  );
}

/** One half of an OAuth client without the other. */
function halfClient(
  name: SettingName,
  found: Found,
  absent: CredentialName,
  unreadable: string,
): QlikApiError {
  return configError(
    `${keyOf(name, found)} is set but ${CONFIG_KEYS[absent]} is not: run ${setCommand(absent)} ` +
      `(or set ${ENV_KEYS[absent]})${unreadable}`,
  );
}

/** The key or variable a value was found under. */
function keyOf(name: SettingName, found: Found): string {
  return found.from === "config" ? CONFIG_KEYS[name] : ENV_KEYS[name];
}

/** The command that sets a credential; secrets are set with `--secret`. */
function setCommand(name: CredentialName): string {
  const placeholder = {
    apiKey: "<api key>",
    clientId: "<client id>",
    clientSecret: "<client secret>",
  };
  const secret = name === "clientId" ? "" : "--secret ";
  return `\`pulumi config set ${secret}${CONFIG_KEYS[name]} ${placeholder[name]}\``;
}

/** The command that removes a value from where it was found. */
function removal(name: SettingName, found: Found): string {
  return found.from === "config"
    ? `\`pulumi config rm ${CONFIG_KEYS[name]}\``
    : `\`unset ${ENV_KEYS[name]}\``;
}

/** HTTPS only, so credentials never cross a network in clear; plain HTTP only on loopback. */
export function checkTenantUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw configError(
      `${CONFIG_KEYS.tenantUrl} "${raw}" is not a URL: use https://<tenant>.<region>.qlikcloud.com`,
    );
  }
  const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw configError(
      `${CONFIG_KEYS.tenantUrl} "${url.origin}" must use https:// (plain http is allowed only for a ` +
        "tenant on this machine, such as the bundled simulator)",
    );
  }
  if (url.username || url.password) {
    throw configError(
      `${CONFIG_KEYS.tenantUrl} must not carry credentials; use ${CONFIG_KEYS.apiKey} or ` +
        `${CONFIG_KEYS.clientId} and ${CONFIG_KEYS.clientSecret}`,
    );
  }
  return url.origin;
}

function configError(message: string): QlikApiError {
  return new QlikApiError(message, "config", "configure");
}
