/**
 * Where the provider finds its tenant and credentials: the stack's config (`qlik:tenantUrl`, and
 * `qlik:apiKey` as a secret), then the environment (QLIK_TENANT_URL, QLIK_API_KEY). Read at run
 * time in the provider process, never captured in the serialized provider or the state.
 */
import { QlikApiError } from "./client/errors";

/** Config keys, under the `qlik` namespace of the stack's config. */
export const CONFIG_KEYS = { tenantUrl: "qlik:tenantUrl", apiKey: "qlik:apiKey" } as const;
/** Environment variables used when the stack's config has no value. */
export const ENV_KEYS = { tenantUrl: "QLIK_TENANT_URL", apiKey: "QLIK_API_KEY" } as const;

/** What `configure` hands over: a lookup of stack config by full key. */
export interface ConfigSource {
  get(key: string): string | undefined;
  /** Why the config could not be read, when that is known. */
  failure?: string;
}

/** Tenant settings, validated. */
export interface TenantSettings {
  tenantUrl: string;
  apiKey: string;
}

/** Resolves and checks the tenant settings; a missing or unsafe value throws the fix. */
export function resolveSettings(config: ConfigSource, env: NodeJS.ProcessEnv): TenantSettings {
  const tenantUrl = config.get(CONFIG_KEYS.tenantUrl) || env[ENV_KEYS.tenantUrl];
  const apiKey = config.get(CONFIG_KEYS.apiKey) || env[ENV_KEYS.apiKey];
  const unreadable = config.failure ? `; note: ${config.failure}` : "";
  if (!tenantUrl) {
    throw configError(
      `${CONFIG_KEYS.tenantUrl} is not set: run \`pulumi config set ${CONFIG_KEYS.tenantUrl} ` +
        `https://<tenant>.<region>.qlikcloud.com\` (or set ${ENV_KEYS.tenantUrl})${unreadable}`,
    );
  }
  if (!apiKey) {
    throw configError(
      `${CONFIG_KEYS.apiKey} is not set: run \`pulumi config set --secret ${CONFIG_KEYS.apiKey} ` +
        `<api key>\` (or set ${ENV_KEYS.apiKey})${unreadable}`,
    );
  }
  return { tenantUrl: checkTenantUrl(tenantUrl), apiKey };
}

/** HTTPS only, so the key never crosses a network in clear; plain HTTP only on loopback. */
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
      `${CONFIG_KEYS.tenantUrl} must not carry credentials; use ${CONFIG_KEYS.apiKey}`,
    );
  }
  return url.origin;
}

function configError(message: string): QlikApiError {
  return new QlikApiError(message, "config", "configure");
}
