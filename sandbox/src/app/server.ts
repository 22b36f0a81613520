// The local app: a model-driven app for our part, on loopback. Pages are rendered from the Dataverse
// stand-in; the browser reaches the Web API through /api/data/v9.2 on the same origin (this server adds
// the bearer token), as a web resource and a PCF control do inside Dynamics.
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import { emailAccount, type RecordTable } from "@mps/model";
import { z } from "zod";
import { listenOn } from "../common";
import { checkWebResources, DEFAULT_ASSET_PATHS, EMAIL_ACCOUNT_SCRIPTS, loadAssets, PCF_SCRIPTS, webResource, type AssetPaths } from "./assets";
import { dotdigitalContact, dotdigitalIndexPage, dotdigitalPersonPage, preferenceTree, setOnePreference, toggleForm, type AccountLink, type PersonView } from "./dotdigital-view";
import { emailAccountFormPage, errorPage, homePage, LISTS, listQuery, listPage, recordFormPage, shown, type ListDef } from "./pages";
import { API_PATH, dataverseApi, dataverseGet, dataversePage, dotdigitalCall, UpstreamError, type DataverseTarget, type DotdigitalAccount, type Row } from "./upstream";

export interface AppHighlight {
  readonly label: string;
  readonly href: string;
  readonly note: string;
}

export interface AppOptions {
  readonly dataverse: DataverseTarget;
  /** Dotdigital API passwords by the Email Account's Credential Name (what MPS_SECRET_<NAME> holds for the service). */
  readonly dotdigitalPasswords: Readonly<Record<string, string>>;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1: the app is for this machine only. */
  readonly host?: string;
  readonly assets?: AssetPaths;
  /** Links the home page lists (the demo's named people). */
  readonly highlights?: readonly AppHighlight[];
  /** The steps the home page shows. */
  readonly guide?: readonly string[];
  /** Rows per list page (default 50). */
  readonly pageSize?: number;
}

export interface App {
  readonly url: string;
  close(): Promise<void>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const listParams = z.object({ q: z.string().max(200).optional(), next: z.string().max(4000).optional(), page: z.coerce.number().int().positive().optional() });
const idParams = z.object({ id: z.string().regex(GUID, "the id in the address must be a GUID") });
const personQuery = z.object({ email: z.string().max(320).optional(), saved: z.string().optional() });

/** Request headers the Web API reads; everything else (cookies, the browser's own) stays here. */
const FORWARD_REQUEST = ["accept", "content-type", "prefer", "if-match", "if-none-match", "odata-version", "odata-maxversion", "mscrm.suppressduplicatedetection"];
const FORWARD_RESPONSE = ["content-type", "odata-entityid", "odata-version", "etag", "preference-applied", "retry-after", "location"];

const RECORD_TABLES: readonly RecordTable[] = ["contact", "lead", "account"];

/**
 * Pages may load only from this server: the browser never reaches the internet, even for the fonts and
 * icons Fluent would fetch from Microsoft's CDN. Fluent writes its styles at run time, hence inline styles.
 */
const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; frame-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'";

function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.code(status).header("content-type", "text/html; charset=utf-8").header("cache-control", "no-store").header("content-security-policy", CONTENT_SECURITY_POLICY).send(body);
}

function failureText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const paths = options.assets ?? DEFAULT_ASSET_PATHS;
  checkWebResources(paths);
  const assets = await loadAssets(paths);
  const pageSize = options.pageSize ?? 50;
  const dv = options.dataverse;
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024 * 1024 });
  // Bodies pass through untouched: the proxy forwards bytes, the Dotdigital form is parsed by hand.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error, _request, reply) => {
    const status = error instanceof UpstreamError ? 502 : typeof (error as { statusCode?: unknown }).statusCode === "number" ? (error as { statusCode: number }).statusCode : 500;
    return sendHtml(reply, errorPage("Something went wrong", failureText(error)), status);
  });

  app.get("/", (_request, reply) => sendHtml(reply, homePage(options.highlights ?? [], options.guide ?? [])));
  app.get("/favicon.ico", (_request, reply) => reply.code(204).send());
  for (const [path, asset] of assets) app.get(path, (_request, reply) => reply.header("content-type", asset.contentType).header("cache-control", "no-store").send(asset.body));
  app.get("/WebResources/*", (request, reply) => {
    const name = decodeURIComponent((request.params as { "*": string })["*"]);
    const asset = webResource(paths, name);
    if (asset === undefined) return reply.code(404).header("content-type", "text/plain").send(`No web resource ${name}.`);
    if (asset.contentType.startsWith("text/html")) reply.header("content-security-policy", CONTENT_SECURITY_POLICY);
    return reply.header("content-type", asset.contentType).header("cache-control", "no-store").send(asset.body);
  });

  // ---- the Web API, same origin ----
  app.all(`${API_PATH}*`, async (request, reply) => {
    const target = dataverseApi(dv) + request.url.slice(API_PATH.length);
    const headers: Record<string, string> = { authorization: `Bearer ${dv.token}` };
    for (const name of FORWARD_REQUEST) {
      const value = request.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    const body = Buffer.isBuffer(request.body) && request.method !== "GET" && request.method !== "HEAD" ? request.body : undefined;
    const response = await fetch(target, { method: request.method, headers, ...(body === undefined ? {} : { body }) });
    reply.code(response.status);
    for (const name of FORWARD_RESPONSE) {
      const value = response.headers.get(name);
      if (value !== null) reply.header(name, value);
    }
    return reply.send(Buffer.from(await response.arrayBuffer()));
  });

  // ---- lists and forms ----
  const list = (def: ListDef): void => {
    app.get(def.path, async (request, reply) => {
      const params = listParams.parse(request.query);
      const search = (params.q ?? "").trim();
      const result = await dataversePage(dv, listQuery(def, search, params.next), pageSize);
      return sendHtml(reply, listPage(def, result.rows, search, result.next, params.next === undefined ? 1 : (params.page ?? 2)));
    });
  };
  for (const def of Object.values(LISTS)) list(def);

  for (const table of RECORD_TABLES) {
    const def = LISTS[table];
    app.get(`${def.path}/:id`, async (request, reply) => {
      const parsed = idParams.safeParse(request.params);
      if (!parsed.success) return sendHtml(reply, errorPage("Record not found", "The address must end in the record's GUID."), 404);
      let row: Row;
      try {
        row = await dataverseGet(dv, `${def.entitySet}(${parsed.data.id})`);
      } catch (error) {
        if (error instanceof UpstreamError && error.status === 404) return sendHtml(reply, errorPage("Record not found", error.message, def.path), 404);
        throw error;
      }
      const title = shown(row, def.columns[0].name) || "(no name)";
      const fields = def.columns.map((c) => ({ label: c.label, value: shown(row, c.name) }));
      return sendHtml(reply, recordFormPage(table, parsed.data.id, title, fields, PCF_SCRIPTS));
    });
  }

  app.get(`${LISTS.emailAccount.path}/:id`, async (request, reply) => {
    const parsed = idParams.safeParse(request.params);
    if (!parsed.success) return sendHtml(reply, errorPage("Record not found", "The address must end in the record's GUID."), 404);
    try {
      return sendHtml(reply, emailAccountFormPage(await dataverseGet(dv, `${emailAccount.entitySetName}(${parsed.data.id})`), EMAIL_ACCOUNT_SCRIPTS));
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 404) return sendHtml(reply, errorPage("Record not found", error.message, LISTS.emailAccount.path), 404);
      throw error;
    }
  });

  // ---- the Dotdigital view ----
  const accountOf = async (id: string): Promise<{ link: AccountLink; api: DotdigitalAccount }> => {
    const row = await dataverseGet(dv, `${emailAccount.entitySetName}(${id})?$select=mps_name,mps_apiuser,mps_apiendpoint,mps_credentialname`);
    const credential = shown(row, "mps_credentialname");
    const password = options.dotdigitalPasswords[credential] ?? options.dotdigitalPasswords[credential.toLowerCase()];
    if (password === undefined) throw new UpstreamError("dotdigital", 401, `The app has no Dotdigital password for credential "${credential}".`);
    const apiEndpoint = shown(row, "mps_apiendpoint");
    if (apiEndpoint === "") throw new UpstreamError("dotdigital", 400, `Email Account "${shown(row, "mps_name")}" has no API Endpoint: run a sync once to discover it.`);
    return { link: { id, name: shown(row, "mps_name"), apiUser: shown(row, "mps_apiuser") }, api: { apiEndpoint, apiUser: shown(row, "mps_apiuser"), password } };
  };

  app.get("/dotdigital", async (_request, reply) => {
    const rows = (await dataversePage(dv, `${emailAccount.entitySetName}?$select=mps_name,mps_apiuser&$orderby=mps_name asc`, 5000)).rows;
    return sendHtml(reply, dotdigitalIndexPage(rows.map((r) => ({ id: String(r[emailAccount.primaryIdColumn]), name: shown(r, "mps_name"), apiUser: shown(r, "mps_apiuser") }))));
  });

  app.get("/dotdigital/:id", async (request, reply) => {
    const parsed = idParams.safeParse(request.params);
    if (!parsed.success) return sendHtml(reply, errorPage("Account not found", "The address must end in the Email Account's GUID.", "/dotdigital"), 404);
    const query = personQuery.parse(request.query);
    const { link, api } = await accountOf(parsed.data.id);
    const email = (query.email ?? "").trim();
    let view: PersonView = { account: link, email, ...(query.saved === undefined ? {} : { message: { level: "INFO" as const, text: "Saved in Dotdigital. The next sync brings the change to Dynamics." } }) };
    if (email !== "") {
      try {
        const contact = dotdigitalContact.parse(await dotdigitalCall(api, "GET", `v2/contacts/${encodeURIComponent(email)}`));
        const tree = preferenceTree.parse(await dotdigitalCall(api, "GET", `v2/contacts/${encodeURIComponent(email)}/preferences`));
        view = { ...view, contact, tree };
      } catch (error) {
        view = { ...view, message: { level: "ERROR", text: failureText(error) } };
      }
    }
    return sendHtml(reply, dotdigitalPersonPage(view));
  });

  app.post("/dotdigital/:id/preferences", async (request, reply) => {
    const parsed = idParams.safeParse(request.params);
    const form = toggleForm.safeParse(Object.fromEntries(new URLSearchParams(Buffer.isBuffer(request.body) ? request.body.toString("utf8") : "")));
    if (!parsed.success || !form.success) return sendHtml(reply, errorPage("Not saved", form.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") ?? "Bad address."), 400);
    const { link, api } = await accountOf(parsed.data.id);
    const { email, preferenceId, categoryId, optIn } = form.data;
    try {
      await dotdigitalCall(api, "PUT", `v2/contacts/${encodeURIComponent(email)}/preferences`, setOnePreference(preferenceId, categoryId, optIn === "true"));
    } catch (error) {
      return sendHtml(reply, dotdigitalPersonPage({ account: link, email, message: { level: "ERROR", text: `Not saved: ${failureText(error)}` } }), 400);
    }
    return reply.redirect(`/dotdigital/${link.id}?${new URLSearchParams({ email, saved: "1" }).toString()}`, 303);
  });

  return app;
}

/** Starts the app on loopback. */
export async function startApp(options: AppOptions): Promise<App> {
  const app = await buildApp(options);
  const { url } = await listenOn(app, options.port ?? 0, options.host ?? "127.0.0.1");
  let closed: Promise<void> | undefined;
  return { url, close: () => (closed ??= app.close()) };
}
