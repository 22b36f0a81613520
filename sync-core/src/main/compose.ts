import { createDataverseClient, tokenProvider, type DataverseClient } from "../connectors/dataverse";
import { DataverseStore } from "../connectors/dataverse/store";
import type { EmailAccountRow } from "../connectors/dataverse/wire";
import { createCallBudget, createDotdigitalClient, type CallBudget } from "../connectors/dotdigital";
import { realSleep, systemClock } from "../connectors/http";
import { readDataverseSettings, readInteger, readSecret } from "../config/settings";
import type { DotdigitalPort, RunLog, Progress } from "../runner/ports";
import type { RunDeps } from "../runner/run-sync";
import { processMemory } from "./memory";

/** Where region discovery starts: account-info answers on any region and names the right one. */
export const DEFAULT_DOTDIGITAL_BASE = "https://r1-api.dotdigital.com";

type Env = Readonly<Record<string, string | undefined>>;

export interface Composition {
  readonly client: DataverseClient;
  readonly store: DataverseStore;
  readonly deps: (log?: RunLog, progress?: Progress) => RunDeps;
}

/**
 * The composition root: settings → connectors → runner dependencies. Entry points (CLI, serve)
 * call this and nothing else reads configuration. A fresh store per run keeps call counts per run.
 */
export function compose(env: Env, now: () => number = Date.now): Composition {
  const dataverse = readDataverseSettings(env);
  const callsPerHour = readInteger(env, "MPS_DOTDIGITAL_CALLS_PER_HOUR", 1800, 1, 1_000_000);
  const client = createDataverseClient({ url: dataverse.url, getToken: tokenProvider(dataverse.auth, dataverse.url, now) });
  // One budget per Dotdigital account, shared by every run of this process (DESIGN.md §7).
  const budgets = new Map<string, CallBudget>();
  const budgetFor = (apiUser: string) => {
    let b = budgets.get(apiUser);
    if (b === undefined) {
      b = createCallBudget({ limit: callsPerHour, windowMs: 60 * 60_000, clock: systemClock, sleep: realSleep });
      budgets.set(apiUser, b);
    }
    return b;
  };
  const store = new DataverseStore(client);
  const dotdigital = async (account: EmailAccountRow): Promise<DotdigitalPort> => {
    const password = readSecret(env, account.mps_credentialname);
    const apiUser = account.mps_apiuser ?? "";
    const dd = createDotdigitalClient({ baseUrl: account.mps_apiendpoint ?? DEFAULT_DOTDIGITAL_BASE, apiUser, password, budget: budgetFor(apiUser) });
    if (account.mps_apiendpoint === null) {
      const region = await dd.discoverRegion();
      await store.setApiEndpoint(account.mps_emailaccountid, region.apiEndpoint);
    }
    return dd;
  };
  return {
    client,
    store,
    deps: (log, progress) => ({
      store: new DataverseStore(client),
      dotdigital,
      clock: { now },
      memory: processMemory,
      ...(log !== undefined ? { log } : {}),
      ...(progress !== undefined ? { progress } : {}),
    }),
  };
}
