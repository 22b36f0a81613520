import { randomUUID } from "node:crypto";
import { type DvContext, type DvRequest, type DvResponse, parsePrefer } from "./context";
import { dvErrors, toDataverseError } from "./errors";
import { errorResponse, route, type Outcome } from "./handler";

// $batch: multipart/mixed parsed by hand. The body is already in memory and its parts are whole
// HTTP requests (request line, headers, body) that a form-data parser (busboy) does not handle;
// splitting on the boundary and reading a request line is a few lines.

export const MAX_BATCH_OPERATIONS = 1000;

interface RequestPart {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly contentId: string | undefined;
}
type BatchPart = { kind: "request"; request: RequestPart } | { kind: "changeset"; requests: RequestPart[] };

export function boundaryOf(contentType: string | undefined): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? "");
  return m?.[1] ?? m?.[2];
}

function splitParts(body: string, boundary: string): string[] {
  const pieces = body.split(`--${boundary}`);
  const parts: string[] = [];
  for (let i = 1; i < pieces.length; i++) {
    const piece = pieces[i] ?? "";
    if (piece.startsWith("--")) break;
    parts.push(piece.replace(/^\r?\n/, "").replace(/\r?\n$/, ""));
  }
  if (parts.length === 0 && body.trim() !== "") throw dvErrors.badRequest(`The $batch body has no part delimited by --${boundary}.`);
  return parts;
}

function splitHead(text: string): { headers: Record<string, string>; rest: string; firstLine?: string } {
  const m = /\r?\n\r?\n/.exec(text);
  const head = m === null ? text : text.slice(0, m.index);
  const rest = m === null ? "" : text.slice(m.index + m[0].length);
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, rest };
}

function parseRequest(part: string, outerHeaders: Record<string, string>): RequestPart {
  const { rest } = splitHead(part);
  const lineEnd = rest.search(/\r?\n/);
  const requestLine = (lineEnd < 0 ? rest : rest.slice(0, lineEnd)).trim();
  const m = /^(GET|POST|PATCH|PUT|DELETE)\s+(\S+)(\s+HTTP\/1\.[01])?$/i.exec(requestLine);
  if (m === null) throw dvErrors.badRequest(`The $batch part does not start with a request line such as 'GET contacts HTTP/1.1': '${requestLine.slice(0, 100)}'.`);
  const after = lineEnd < 0 ? "" : rest.slice(lineEnd).replace(/^\r?\n/, "");
  // A request without headers starts its body right away; one with headers has a blank line first.
  const inner = /^\r?\n/.test(after) ? { headers: {}, rest: after.replace(/^\r?\n/, "") } : splitHead(after);
  return {
    method: (m[1] ?? "GET").toUpperCase(),
    url: m[2] ?? "",
    headers: inner.headers,
    body: inner.rest.replace(/\r?\n$/, ""),
    contentId: outerHeaders["content-id"] ?? inner.headers["content-id"],
  };
}

export function parseBatch(body: string, boundary: string): BatchPart[] {
  return splitParts(body, boundary).map((part) => {
    const { headers, rest } = splitHead(part);
    const type = headers["content-type"] ?? "";
    if (type.toLowerCase().startsWith("multipart/mixed")) {
      const inner = boundaryOf(type);
      if (inner === undefined) throw dvErrors.badRequest("A change set part needs a boundary in its Content-Type.");
      return {
        kind: "changeset",
        requests: splitParts(rest, inner).map((p) => parseRequest(p, splitHead(p).headers)),
      };
    }
    return { kind: "request", request: parseRequest(part, headers) };
  });
}

const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  304: "Not Modified",
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  405: "Method Not Allowed",
  412: "Precondition Failed",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

function httpPart(response: DvResponse, contentId?: string): string {
  const lines = ["Content-Type: application/http", "Content-Transfer-Encoding: binary"];
  if (contentId !== undefined) lines.push(`Content-ID: ${contentId}`);
  lines.push("", `HTTP/1.1 ${response.status} ${STATUS_TEXT[response.status] ?? ""}`.trimEnd());
  for (const [k, v] of Object.entries(response.headers)) lines.push(`${k}: ${v}`);
  lines.push("");
  if (response.body !== undefined) lines.push(typeof response.body === "string" ? response.body : JSON.stringify(response.body));
  return lines.join("\r\n");
}

function toInner(request: RequestPart, path: string): DvRequest {
  const q = path.indexOf("?");
  const headers: Record<string, string> = { ...request.headers };
  return {
    method: request.method,
    path: q < 0 ? path : path.slice(0, q),
    query: new URLSearchParams(q < 0 ? "" : path.slice(q + 1)),
    headers,
    body: request.body,
  };
}

function relativePath(url: string): string {
  const marker = "/api/data/v9.2/";
  const at = url.indexOf(marker);
  if (at >= 0) return url.slice(at + marker.length);
  return url.replace(/^\//, "");
}

function settle(outcome: Outcome, deferred: (() => Promise<DvResponse>)[]): DvResponse {
  if (typeof outcome !== "function") return outcome;
  deferred.push(outcome);
  return { status: 204, headers: { "odata-version": "4.0" } };
}

/** Runs a $batch: change sets atomically, stopping at the first failure unless odata.continue-on-error. */
export async function runBatch(ctx: DvContext, body: string, contentType: string | undefined, preferHeader: string | undefined): Promise<DvResponse> {
  const boundary = boundaryOf(contentType);
  if (boundary === undefined || !(contentType ?? "").toLowerCase().startsWith("multipart/mixed")) {
    throw dvErrors.badRequest('A $batch request needs Content-Type: multipart/mixed; boundary="batch_<id>".');
  }
  const parts = parseBatch(body, boundary);
  const operations = parts.reduce((n, p) => n + (p.kind === "changeset" ? p.requests.length : 1), 0);
  if (operations > MAX_BATCH_OPERATIONS) {
    throw dvErrors.badRequest(`The number of requests in the batch is ${operations}, more than the limit of ${MAX_BATCH_OPERATIONS}. Split it into several batches.`);
  }
  const continueOnError = parsePrefer(preferHeader).continueOnError;
  const responseBoundary = `batchresponse_${randomUUID()}`;
  const chunks: string[] = [];
  let failed = false;
  const runOne = (request: RequestPart, path: string, refs: (r: string) => string | undefined, deferred: (() => Promise<DvResponse>)[]): DvResponse =>
    settle(route(ctx, toInner(request, path), refs), deferred);

  for (const part of parts) {
    if (part.kind === "request") {
      let response: DvResponse;
      try {
        const outcome = route(ctx, toInner(part.request, relativePath(part.request.url)));
        response = typeof outcome === "function" ? await outcome() : outcome;
      } catch (error) {
        response = errorResponse(toDataverseError(error));
      }
      chunks.push(httpPart(response));
      if (response.status >= 400 && !continueOnError) {
        failed = true;
        break;
      }
      continue;
    }
    // A change set: all or nothing. `$n` refers to the row the part with Content-ID n created.
    const created = new Map<string, string>();
    const deferred: (() => Promise<DvResponse>)[] = [];
    const refs = (reference: string): string | undefined => {
      const path = created.get(reference.slice(1));
      return path === undefined ? undefined : `/${path}`;
    };
    const changesetBoundary = `changesetresponse_${randomUUID()}`;
    try {
      const responses = ctx.store.transaction(() =>
        part.requests.map((request) => {
          if (request.method === "GET") throw dvErrors.badRequest("A GET request is not allowed inside a change set; put it outside the change set.");
          let path = relativePath(request.url);
          const ref = /^\$(\w+)/.exec(path);
          if (ref !== null) {
            const target = created.get(ref[1] ?? "");
            if (target === undefined) throw dvErrors.badRequest(`Content-ID Reference: '$${ref[1]}' does not exist in the batch context.`);
            path = target + path.slice(ref[0].length);
          }
          const response = runOne(request, path, refs, deferred);
          const entityId = response.headers["odata-entityid"];
          if (request.contentId !== undefined && entityId !== undefined) created.set(request.contentId, relativePath(entityId));
          return { response, contentId: request.contentId };
        }),
      );
      for (const run of deferred) await run();
      chunks.push(
        [
          `Content-Type: multipart/mixed; boundary=${changesetBoundary}`,
          "",
          ...responses.map((r) => `--${changesetBoundary}\r\n${httpPart(r.response, r.contentId)}`),
          `--${changesetBoundary}--`,
        ].join("\r\n"),
      );
    } catch (error) {
      chunks.push(httpPart(errorResponse(toDataverseError(error))));
      if (!continueOnError) {
        failed = true;
        break;
      }
    }
  }
  const text = [...chunks.map((c) => `--${responseBoundary}\r\n${c}`), `--${responseBoundary}--`, ""].join("\r\n");
  return {
    status: failed ? 400 : 200,
    headers: { "content-type": `multipart/mixed; boundary=${responseBoundary}`, "odata-version": "4.0" },
    body: text,
  };
}

