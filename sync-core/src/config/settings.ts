import { z } from "zod";

/**
 * Every setting the service reads, with its description: the CLI's --help and the README table are
 * generated from this list, so a new setting cannot go undocumented. Only entry points call
 * `readSettings`; everything else receives the typed result.
 */
export const SETTINGS = {
  MPS_DATAVERSE_URL: "Dataverse organisation URL, e.g. https://contoso.crm.dynamics.com (no /api/data).",
  MPS_DATAVERSE_TOKEN: "A static bearer token for Dataverse (the sandbox's is sandbox-token). Use this or the three client-credential settings.",
  MPS_DATAVERSE_TENANT_ID: "Entra ID tenant of the application user (client credentials).",
  MPS_DATAVERSE_CLIENT_ID: "Application (client) id of the application user.",
  MPS_DATAVERSE_CLIENT_SECRET: "Client secret of the application user.",
  "MPS_SECRET_<CREDENTIALNAME>": "The Dotdigital API password of each Email Account, by its Credential Name upper-cased (non-alphanumerics become _).",
  MPS_WEBHOOK_KEY: "The key Dataverse sends with each webhook call (serve, register-webhook).",
  MPS_PORT: "Port `mpsync serve` listens on (default 8080).",
  MPS_HOST: "Address `mpsync serve` binds (default 127.0.0.1).",
  MPS_POLL_SECONDS: "How often the scheduler looks for due schedules (default 30).",
  MPS_MAX_PARALLEL_RUNS: "How many Email Accounts may sync at once (default 4).",
  MPS_DOTDIGITAL_CALLS_PER_HOUR: "Most Dotdigital calls a run may make per hour, per Email Account (default 1800, below the flat 2000).",
  MPS_LOG_LEVEL: "pino log level: fatal, error, warn, info, debug (default info).",
  MPS_MAX_MEMORY_MB: "Memory the mpsync process may use, in MB (default 512, for a 512 MB container): it sizes Node's heap, and runs slow down near it rather than fail. Ignored when NODE_OPTIONS already sets --max-old-space-size.",
} as const;

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly kind = "config" as const;
  constructor(
    /** The setting to fix. */
    readonly setting: string,
    message: string,
  ) {
    super(message);
  }
}

export type DataverseSettings =
  | { readonly url: string; readonly auth: { readonly kind: "token"; readonly token: string } }
  | { readonly url: string; readonly auth: { readonly kind: "client-credentials"; readonly tenantId: string; readonly clientId: string; readonly clientSecret: string } };

type Env = Readonly<Record<string, string | undefined>>;

function nonEmpty(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === "" ? undefined : v;
}

export function readDataverseSettings(env: Env): DataverseSettings {
  const url = nonEmpty(env, "MPS_DATAVERSE_URL");
  if (url === undefined) throw new ConfigError("MPS_DATAVERSE_URL", `MPS_DATAVERSE_URL is not set: ${SETTINGS.MPS_DATAVERSE_URL}`);
  if (!z.url({ protocol: /^https?$/ }).safeParse(url).success) throw new ConfigError("MPS_DATAVERSE_URL", `MPS_DATAVERSE_URL "${url}" is not an http(s) URL, e.g. https://contoso.crm.dynamics.com`);
  const token = nonEmpty(env, "MPS_DATAVERSE_TOKEN");
  if (token !== undefined) return { url, auth: { kind: "token", token } };
  const names = ["MPS_DATAVERSE_TENANT_ID", "MPS_DATAVERSE_CLIENT_ID", "MPS_DATAVERSE_CLIENT_SECRET"] as const;
  const missing = names.filter((n) => nonEmpty(env, n) === undefined);
  if (missing.length === names.length) throw new ConfigError("MPS_DATAVERSE_TOKEN", "No Dataverse credentials: set MPS_DATAVERSE_TOKEN, or MPS_DATAVERSE_TENANT_ID, MPS_DATAVERSE_CLIENT_ID and MPS_DATAVERSE_CLIENT_SECRET");
  const first = missing[0];
  if (first !== undefined) throw new ConfigError(first, `${first} is not set: client credentials need all of ${names.join(", ")}`);
  return {
    url,
    auth: { kind: "client-credentials", tenantId: nonEmpty(env, names[0])!, clientId: nonEmpty(env, names[1])!, clientSecret: nonEmpty(env, names[2])! },
  };
}

/** The environment variable that holds an Email Account's Dotdigital password. */
export function secretVariable(credentialName: string): string {
  return `MPS_SECRET_${credentialName.trim().toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

/** Looks up a Dotdigital password. The error names the variable, never a value. */
export function readSecret(env: Env, credentialName: string | null | undefined): string {
  if (credentialName === null || credentialName === undefined || credentialName.trim() === "") {
    throw new ConfigError("mps_credentialname", "The Email Account has no Credential Name: set one on the Email Account and the matching MPS_SECRET_<NAME> variable");
  }
  const name = secretVariable(credentialName);
  const value = nonEmpty(env, name);
  if (value === undefined) throw new ConfigError(name, `${name} is not set: it holds the Dotdigital API password for credential "${credentialName}"`);
  return value;
}

export function readInteger(env: Env, name: keyof typeof SETTINGS, fallback: number, min: number, max: number): number {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(name, `${name} is "${raw}": it must be a whole number from ${min} to ${max}`);
  return n;
}

export function readString(env: Env, name: keyof typeof SETTINGS): string | undefined {
  return nonEmpty(env, name);
}

/** The settings table for --help and the README. */
export function settingsHelp(): string {
  const width = Math.max(...Object.keys(SETTINGS).map((k) => k.length));
  return Object.entries(SETTINGS)
    .map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)
    .join("\n");
}
