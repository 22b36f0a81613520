import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from "fastify";
import { createSandboxControls, installSandboxControls, listenOn, type SandboxControls, type TestClock } from "../common";
import { type NewContact } from "./account-data";
import { AccountRegistry, type AccountSpec, type StandInAccount } from "./accounts";
import { type TimestampFormat } from "./dates";
import { isValidEmail } from "./email";
import { DotdigitalApiError, errors, messages } from "./errors";
import { REGIONS, type ContactRecord, type PreferenceRecord, type ContactStatus, type DataField, type EmailType, type OptInType, type Region } from "./model";
import { createRateLimiter, type RateLimitSpec, type Tier } from "./rate-limit";
import { registerV2Routes } from "./routes";

export interface DotdigitalStandInOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Accounts to create at start (more can be added with `addAccount`). */
  accounts?: AccountSpec[];
  /** Share a clock (and stats and faults) with another stand-in; default: its own. */
  controls?: SandboxControls;
  /** How timestamps are written. Default `documented` (`2020-01-01 09:40:18.527000+00:00`, as in every doc example). */
  timestampFormat?: TimestampFormat;
  /** fastify's logger; default off. */
  logger?: boolean;
}

/** A contact as the seeding API shows it. */
export interface ContactView {
  id: number;
  email: string;
  status: ContactStatus;
  optInType: OptInType;
  emailType: EmailType;
  dataFields: DataField[] | null;
}

export interface OptInView {
  preferenceId: number;
  isOptedIn: boolean;
  dateModified: Date;
  addressBookId: number;
}

/** A catalogue entry as the seeding handle shows it (categoryId 0 for top-level items). */
export type PreferenceView = Pick<PreferenceRecord, "id" | "publicName" | "privateName" | "isPreference" | "isPublic" | "categoryId" | "order">;

/** Seeding and inspection of one account, without HTTP (for the demo data generator and tests). */
export interface DotdigitalAccountHandle {
  readonly id: number;
  readonly apiUser: string;
  readonly password: string;
  readonly region: Region;
  /** The account's base URL, e.g. `http://127.0.0.1:41234/r2/` (what account-info returns as ApiEndpoint). */
  readonly apiEndpoint: string;
  addCategory(spec: { publicName: string; privateName?: string; isPublic?: boolean; order?: number; at?: Date }): number;
  /** A preference; `categoryId` puts it in a category (default: stand-alone). */
  addPreference(spec: { publicName: string; privateName?: string; categoryId?: number; isPublic?: boolean; order?: number; at?: Date }): number;
  /** Adds a contact (status Subscribed unless given; a suppressed status also records the suppression). */
  addContact(spec: NewContact & { suppressedAt?: Date }): ContactView;
  /** Sets one opt-in row as if written at `at` (default: the clock's now). Works on suppressed contacts too: this is seeding. */
  setOptIn(emailOrId: string | number, preferenceId: number, isOptedIn: boolean, at?: Date, addressBookId?: number): void;
  /** Suppresses a contact (default reason Unsubscribed) at `at` (default: now). */
  suppress(emailOrId: string | number, reason?: ContactStatus, at?: Date): void;
  addAddressBook(name: string, visibility?: "Private" | "Public"): number;
  addToAddressBook(addressBookId: number, emailOrId: string | number): void;
  /** The contact clicks the link in the resubscribe challenge email; false when no challenge is pending. */
  confirmResubscription(email: string): boolean;
  contact(emailOrId: string | number): ContactView | undefined;
  optIns(emailOrId: string | number): OptInView[];
  suppression(emailOrId: string | number): { reason: ContactStatus; dateRemoved: Date } | undefined;
  catalogue(): PreferenceView[];
  contactCount(): number;
  setRateLimit(spec: RateLimitSpec): void;
  resetRateLimit(): void;
}

export interface DotdigitalStandIn {
  /** e.g. `http://127.0.0.1:41234` (no region, no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly controls: SandboxControls;
  readonly clock: TestClock;
  /** The base URL of a region, with a trailing slash: `${url}/r1/`. */
  regionUrl(region: Region): string;
  addAccount(spec: AccountSpec): DotdigitalAccountHandle;
  /** The account of an API user; throws when there is none. */
  account(apiUser: string): DotdigitalAccountHandle;
  accounts(): DotdigitalAccountHandle[];
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/** Builds the fastify app of the stand-in without listening (for light-my-request style tests). */
export function buildDotdigitalApp(registry: AccountRegistry, controls: SandboxControls, options: { timestampFormat?: TimestampFormat; logger?: boolean } = {}): FastifyInstance {
  // Emails can be long; the default 100-character limit on path parameters would cut them off.
  const app = Fastify({ logger: options.logger ?? false, routerOptions: { maxParamLength: 1000 } });
  // The v2 API takes JSON bodies only (file imports aside, which the stand-in does not offer).
  app.removeContentTypeParser("text/plain");
  const accountOf = new WeakMap<FastifyRequest, StandInAccount>();
  const tiers = new Map<string, Tier>();

  installSandboxControls(app, { controls, faultBody: (status) => ({ message: status === 429 ? "Too many requests." : `The service is not available (injected fault, HTTP ${status}). ERROR_SYSTEM_SERVICETEMPORARILYUNAVAILABLE` }) });

  app.setErrorHandler((error: FastifyError | DotdigitalApiError, request, reply) => {
    if (error instanceof DotdigitalApiError) return reply.code(error.status).send(error.body());
    const status = error.statusCode ?? 500;
    if (status === 415 || error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return reply.code(415).send(errors.contentType().body());
    if (status === 413) return reply.code(413).send(errors.malformed("The request body is too large.").body());
    if (error.code?.startsWith("FST_ERR_CTP") === true || error instanceof SyntaxError) return reply.code(400).send(errors.badJson().body());
    if (status < 500) return reply.code(status).send(errors.malformed(error.message).body());
    request.log.error(error);
    return reply.code(500).send(errors.unknown().body());
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send(errors.notFoundRoute(request.url).body()));

  const publicBase = (request: FastifyRequest): string => `${request.protocol}://${request.host}`;

  void app.register(
    (scope, _opts, done) => {
      scope.addHook("onRequest", async (request, reply) => {
        const region = (request.params as { region?: string }).region ?? "";
        if (!(REGIONS as readonly string[]).includes(region)) return reply.code(404).send(errors.notFoundRoute(request.url).body());
        const account = registry.authenticate(request.headers.authorization);
        if (account === undefined) return reply.code(401).header("WWW-Authenticate", 'Basic realm="Dotdigital API"').send({ message: messages.unauthorized });
        const pattern = (request.routeOptions.url ?? "").replace(/^\/:region/, "");
        // account-info answers on every region: it is how a client finds its region.
        if (region !== account.region && pattern !== "/v2/account-info") return reply.code(403).send({ message: messages.wrongRegion });
        const decision = account.limiter.take(tiers.get(`${request.method} ${pattern}`) ?? "Medium");
        void reply.headers(decision.headers);
        if (!decision.allowed) {
          if (Object.keys(decision.headers).length > 0) {
            return reply.code(429).send({ message: `You have exceeded the rate limit for ${decision.headers["X-RateLimit-Scope"] ?? ""} tier calls. Try again in ${decision.retryInSeconds} seconds.` });
          }
          return reply.code(400).send({ message: messages.flatLimit });
        }
        accountOf.set(request, account);
        return;
      });
      registerV2Routes(scope, {
        account: (request) => {
          const account = accountOf.get(request);
          if (account === undefined) throw errors.unknown();
          return account;
        },
        now: () => controls.clock.now().getTime(),
        timestampFormat: options.timestampFormat ?? "documented",
        regionUrl: (request, region) => `${publicBase(request)}/${region}/`,
        tiers,
      });
      done();
    },
    { prefix: "/:region" },
  );
  return app;
}

function handleFor(account: StandInAccount, controls: SandboxControls, baseUrl: () => string): DotdigitalAccountHandle {
  const data = account.data;
  const at = (date: Date | undefined): number => (date ?? controls.clock.now()).getTime();
  const find = (emailOrId: string | number): ContactRecord | undefined =>
    typeof emailOrId === "number" ? data.contacts.get(emailOrId) : data.contactByEmail(emailOrId);
  const mustFind = (emailOrId: string | number): ContactRecord => {
    const contact = find(emailOrId);
    if (contact === undefined) throw new Error(`No contact ${String(emailOrId)} in account ${account.apiUser}: add it first with addContact.`);
    return contact;
  };
  const view = (c: ContactRecord): ContactView => ({ id: c.id, email: c.email, status: c.status, optInType: c.optInType, emailType: c.emailType, dataFields: c.dataFields });
  return {
    id: account.id,
    apiUser: account.apiUser,
    password: account.password,
    region: account.region,
    get apiEndpoint() {
      return `${baseUrl()}/${account.region}/`;
    },
    addCategory: (spec) =>
      data.addPreference(
        { publicName: spec.publicName, isPreference: false, ...(spec.privateName ? { privateName: spec.privateName } : {}), ...(spec.isPublic !== undefined ? { isPublic: spec.isPublic } : {}), ...(spec.order !== undefined ? { order: spec.order } : {}) },
        at(spec.at),
      ).id,
    addPreference: (spec) =>
      data.addPreference(
        {
          publicName: spec.publicName,
          isPreference: true,
          ...(spec.privateName ? { privateName: spec.privateName } : {}),
          ...(spec.categoryId !== undefined ? { categoryId: spec.categoryId } : {}),
          ...(spec.isPublic !== undefined ? { isPublic: spec.isPublic } : {}),
          ...(spec.order !== undefined ? { order: spec.order } : {}),
        },
        at(spec.at),
      ).id,
    addContact(spec) {
      if (!isValidEmail(spec.email)) throw new Error(`"${spec.email}" is not a valid email address.`);
      const { suppressedAt, ...rest } = spec;
      const status = rest.status ?? "Subscribed";
      const contact = data.addContact({ ...rest, status: "Subscribed" });
      if (status !== "Subscribed" && status !== "SoftBounced" && status !== "PendingOptIn") data.suppress(contact, status, at(suppressedAt));
      else contact.status = status;
      return view(contact);
    },
    setOptIn(emailOrId, preferenceId, isOptedIn, when, addressBookId = 0) {
      data.setOptIns(mustFind(emailOrId).id, [{ preferenceId, isOptedIn }], at(when), addressBookId);
    },
    suppress(emailOrId, reason = "Unsubscribed", when) {
      if (reason === "Subscribed" || reason === "SoftBounced" || reason === "PendingOptIn") throw new Error(`${reason} is not a suppression reason.`);
      data.suppress(mustFind(emailOrId), reason, at(when));
    },
    addAddressBook: (name, visibility = "Private") => data.addAddressBook(name, visibility).id,
    addToAddressBook(addressBookId, emailOrId) {
      const book = data.addressBooks.get(addressBookId);
      if (book === undefined) throw new Error(`No address book ${addressBookId} in account ${account.apiUser}.`);
      book.members.add(mustFind(emailOrId).id);
    },
    confirmResubscription: (email) => data.confirmResubscription(mustFind(email)),
    contact: (emailOrId) => {
      const c = find(emailOrId);
      return c === undefined ? undefined : view(c);
    },
    optIns: (emailOrId) =>
      data.optInsOf(mustFind(emailOrId).id).map(({ preferenceId, record }) => ({
        preferenceId,
        isOptedIn: record.isOptedIn,
        dateModified: new Date(record.dateModified),
        addressBookId: record.addressBookId,
      })),
    suppression: (emailOrId) => {
      const record = data.suppression(mustFind(emailOrId).id);
      return record === undefined ? undefined : { reason: record.reason, dateRemoved: new Date(record.dateRemoved) };
    },
    catalogue: () =>
      data.catalogue().flatMap(({ item, children }) =>
        [item, ...children].map((p) => ({ id: p.id, publicName: p.publicName, privateName: p.privateName, isPreference: p.isPreference, isPublic: p.isPublic, categoryId: p.categoryId, order: p.order })),
      ),
    contactCount: () => data.contacts.size,
    setRateLimit(spec) {
      account.limiter = createRateLimiter(spec);
    },
    resetRateLimit: () => account.limiter.reset(),
  };
}

/**
 * Starts the Dotdigital API stand-in: every account's v2 API under `<url>/<region>/v2/...`
 * (region r1, r2 or r3), plus the shared test controls under `<url>/_sandbox/...`.
 */
export async function startDotdigitalStandIn(options: DotdigitalStandInOptions = {}): Promise<DotdigitalStandIn> {
  const controls = options.controls ?? createSandboxControls();
  const registry = new AccountRegistry();
  const app = buildDotdigitalApp(registry, controls, {
    ...(options.timestampFormat ? { timestampFormat: options.timestampFormat } : {}),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  });
  const listening = await listenOn(app, options.port ?? 0, options.host ?? "127.0.0.1");
  const handles = new Map<StandInAccount, DotdigitalAccountHandle>();
  const handle = (account: StandInAccount): DotdigitalAccountHandle => {
    let h = handles.get(account);
    if (h === undefined) {
      h = handleFor(account, controls, () => listening.url);
      handles.set(account, h);
    }
    return h;
  };
  for (const spec of options.accounts ?? []) registry.add(spec);
  return {
    url: listening.url,
    port: listening.port,
    controls,
    clock: controls.clock,
    app,
    regionUrl: (region) => `${listening.url}/${region}/`,
    addAccount: (spec) => handle(registry.add(spec)),
    account(apiUser) {
      const account = registry.get(apiUser);
      if (account === undefined) throw new Error(`No account with the API user "${apiUser}".`);
      return handle(account);
    },
    accounts: () => registry.all().map(handle),
    close: () => listening.close(),
  };
}
