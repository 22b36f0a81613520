import { AccountData } from "./account-data";
import { REGIONS, type Region } from "./model";
import { createRateLimiter, type RateLimiter, type RateLimitSpec } from "./rate-limit";

/** One Dotdigital account of the stand-in, reached with its own API user. */
export interface AccountSpec {
  /** The API user's username (an email address in the real product), used for Basic auth. */
  apiUser: string;
  password: string;
  /** Where the account lives; calls to another region's base URL get 403. Default r1. */
  region?: Region;
  /** The account's name in account-info. Default: the API user. */
  name?: string;
  /** Default: no limits. */
  rateLimit?: RateLimitSpec;
}

export class StandInAccount {
  readonly data = new AccountData();
  limiter: RateLimiter;
  readonly region: Region;
  readonly name: string;

  constructor(
    readonly id: number,
    readonly apiUser: string,
    readonly password: string,
    spec: AccountSpec,
  ) {
    this.region = spec.region ?? "r1";
    if (!REGIONS.includes(this.region)) throw new Error(`Unknown region "${String(this.region)}": use one of ${REGIONS.join(", ")}.`);
    this.name = spec.name ?? spec.apiUser;
    this.limiter = createRateLimiter(spec.rateLimit ?? { scheme: "none" });
  }
}

export class AccountRegistry {
  private readonly byUser = new Map<string, StandInAccount>();
  private nextId = 1001;

  add(spec: AccountSpec): StandInAccount {
    const key = spec.apiUser.toLowerCase();
    if (spec.apiUser === "" || spec.password === "") throw new Error("An account needs a non-empty apiUser and password.");
    if (this.byUser.has(key)) throw new Error(`An account with the API user "${spec.apiUser}" already exists.`);
    const account = new StandInAccount(this.nextId++, spec.apiUser, spec.password, spec);
    this.byUser.set(key, account);
    return account;
  }

  get(apiUser: string): StandInAccount | undefined {
    return this.byUser.get(apiUser.toLowerCase());
  }

  all(): StandInAccount[] {
    return [...this.byUser.values()];
  }

  /** The account these Basic credentials open, or undefined. */
  authenticate(authorization: string | undefined): StandInAccount | undefined {
    if (authorization === undefined) return undefined;
    const match = /^Basic\s+(\S+)$/i.exec(authorization.trim());
    if (match === null) return undefined;
    const decoded = Buffer.from(match[1] as string, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return undefined;
    const account = this.get(decoded.slice(0, colon));
    return account !== undefined && account.password === decoded.slice(colon + 1) ? account : undefined;
  }
}
