/**
 * Where the bearer token of each call comes from. An API key is used as it is; the interface
 * leaves room for tokens that expire and are fetched again (OAuth2 machine-to-machine).
 */
export interface Credentials {
  /** The value of the `Authorization` header for the next call. */
  authorization(): Promise<string>;
  /** Forgets a token the tenant refused (401), so the next call fetches a fresh one. */
  invalidate(): void;
  /** True when `invalidate` can lead to a different token, so one retry after a 401 makes sense. */
  readonly renewable: boolean;
}

/** A Qlik API key, sent as a bearer token. */
export function apiKeyCredentials(apiKey: string): Credentials {
  const header = `Bearer ${apiKey}`;
  return {
    authorization: async () => header,
    invalidate: () => undefined,
    renewable: false,
  };
}
