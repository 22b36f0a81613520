import { createSandboxControls, createTestClock, type TestClock } from "../common";
import { startDataverseStandIn, type DataverseStandIn, type DataverseStandInOptions } from "../dataverse";
import { startDotdigitalStandIn, type DotdigitalStandIn } from "../dotdigital";
import { seedDemo, type DemoOptions, type DemoResult } from "./seed-demo";

export type SandboxSeed = "demo" | "none";

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  readonly dataversePort?: number;
  /** 0 (the default) picks a free port. */
  readonly dotdigitalPort?: number;
  /** Default 127.0.0.1: the sandbox is for this machine only. */
  readonly host?: string;
  /** `demo` (the default) seeds the demo data; `none` starts both stand-ins empty. */
  readonly seed?: SandboxSeed;
  readonly demo?: DemoOptions;
  /** The one clock both stand-ins stamp changes with; default: a fresh real-time test clock. */
  readonly clock?: TestClock;
  /** Passed to the Dataverse stand-in (default: Dataverse's 6000 requests per 5 minutes). */
  readonly serviceProtection?: DataverseStandInOptions["serviceProtection"];
}

export interface Sandbox {
  readonly dataverse: DataverseStandIn;
  readonly dotdigital: DotdigitalStandIn;
  readonly clock: TestClock;
  readonly urls: {
    /** The Dataverse org URL, e.g. http://127.0.0.1:41234 (what MPS_DATAVERSE_URL takes). */
    readonly dataverse: string;
    /** …/api/data/v9.2/ */
    readonly dataverseApi: string;
    /** The Dotdigital stand-in's root; each account lives under /r1/, /r2/ or /r3/. */
    readonly dotdigital: string;
  };
  /** The demo data, or undefined with `seed: "none"`. */
  readonly demo: DemoResult | undefined;
  /**
   * The settings the sync service needs to run against this sandbox: MPS_DATAVERSE_URL,
   * MPS_DATAVERSE_TOKEN and one MPS_SECRET_<NAME> per demo Email Account (sandbox-only values).
   */
  readonly env: Readonly<Record<string, string>>;
  /** Stops both stand-ins; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts the Dataverse and Dotdigital stand-ins on one clock and seeds them. The two share the clock
 * only: each keeps its own request stats and faults, so a count or a fault set on one server never
 * leaks into the other.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? createTestClock();
  const host = options.host ?? "127.0.0.1";
  const dataverse = await startDataverseStandIn({
    port: options.dataversePort ?? 0,
    host,
    controls: createSandboxControls(clock),
    ...(options.serviceProtection === undefined ? {} : { serviceProtection: options.serviceProtection }),
  });
  let dotdigital: DotdigitalStandIn;
  try {
    dotdigital = await startDotdigitalStandIn({ port: options.dotdigitalPort ?? 0, host, controls: createSandboxControls(clock) });
  } catch (error) {
    await dataverse.close();
    throw error;
  }
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => (closed ??= Promise.allSettled([dataverse.close(), dotdigital.close()]).then(() => undefined));
  let demo: DemoResult | undefined;
  try {
    demo = (options.seed ?? "demo") === "demo" ? seedDemo(dataverse, dotdigital, options.demo) : undefined;
  } catch (error) {
    await close();
    throw error;
  }
  const env: Record<string, string> = { MPS_DATAVERSE_URL: dataverse.url, MPS_DATAVERSE_TOKEN: dataverse.accessToken };
  for (const account of Object.values(demo?.accounts ?? {})) env[account.secretVariable] = account.password;
  return {
    dataverse,
    dotdigital,
    clock,
    urls: { dataverse: dataverse.url, dataverseApi: dataverse.apiUrl, dotdigital: dotdigital.url },
    demo,
    env,
    close,
  };
}
