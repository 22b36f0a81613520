// Validates stand-in responses against Dotdigital's official OpenAPI files (test support only).
// The v2 swagger is OpenAPI 3.0 (`nullable`, component refs, additionalProperties: false); the
// per-area files are OpenAPI 3.1 with inline schemas. Both are JSON despite the .yaml names.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

// The official OpenAPI files live in the project's shared reference folder beside the repository
// (a CI clone gets a copy there too); MPS_DOTDIGITAL_OPENAPI_DIR points elsewhere.
// The workplace's own copy is the last resort, for a clone made somewhere without shared/ beside it.
const REFERENCE_DIR =
  process.env.MPS_DOTDIGITAL_OPENAPI_DIR ??
  [path.resolve(__dirname, "../../../../../shared/reference/dotdigital-openapi"), "/work/shared/reference/dotdigital-openapi"].find((dir) => existsSync(dir)) ??
  path.resolve(__dirname, "../../../../../shared/reference/dotdigital-openapi");

type Json = unknown;
type Doc = { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Json }> }> }>>; components?: { schemas?: Record<string, Json> } };

function load(file: string): Doc {
  return JSON.parse(readFileSync(path.join(REFERENCE_DIR, file), "utf8")) as Doc;
}

/** OpenAPI 3.0 `nullable: true` as plain JSON Schema (ajv's own `nullable` needs a sibling `type`). */
function denullable(node: Json): Json {
  if (Array.isArray(node)) return node.map(denullable);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node as Record<string, Json>)) {
    if (key.startsWith("x-") || key === "nullable") continue;
    out[key] = denullable(value);
  }
  if ((node as { nullable?: boolean }).nullable === true) return { anyOf: [{ type: "null" }, out] };
  return out;
}

export const FILES = {
  swagger: "dotdigital-v2-api-swagger.json",
  preferences: "Dotdigital-dotdigital-preferences-and-subscriptions-2.0.0-resolved.yaml",
  accounts: "accounts-and-utilities.yaml",
  contacts: "Dotdigital-dotdigital-email-contacts-2.0.0-resolved.yaml",
  lists: "Dotdigital-dotdigital-lists-address-books-2.0.0-resolved.yaml",
} as const;

export interface OpenApiValidator {
  /** Validator for the JSON response of one operation in one of the files. */
  response(file: keyof typeof FILES, method: string, pathKey: string, status?: string): ValidateFunction;
  /** Validator for a schema built from the swagger's components: `{ $ref: "#/components/schemas/ApiContact" }` etc. */
  swagger(schema: Json): ValidateFunction;
}

export function createOpenApiValidator(): OpenApiValidator {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const swagger = load(FILES.swagger);
  ajv.addSchema({ $id: "swagger.json", components: denullable(swagger.components) }, "swagger.json");
  const docs = new Map<string, Doc>();
  const rewriteRefs = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(rewriteRefs);
    if (node === null || typeof node !== "object") return node;
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(node as Record<string, Json>)) out[k] = k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `swagger.json${v}` : rewriteRefs(v);
    return out;
  };
  return {
    response(file, method, pathKey, status = "200") {
      let doc = docs.get(file);
      if (doc === undefined) {
        doc = file === "swagger" ? swagger : load(FILES[file]);
        docs.set(file, doc);
      }
      const operation = doc.paths[pathKey]?.[method.toLowerCase()];
      const content = operation?.responses?.[status]?.content;
      const schema = content?.["application/json"]?.schema ?? content?.["text/plain"]?.schema;
      if (schema === undefined) throw new Error(`${FILES[file]} has no JSON response schema for ${method} ${pathKey} ${status}.`);
      return ajv.compile(rewriteRefs(denullable(schema)) as object);
    },
    swagger: (schema) => ajv.compile(rewriteRefs(denullable(schema)) as object),
  };
}

/** Fails with the schema errors and the body, so a mismatch is readable in the test output. */
export function expectValid(validate: ValidateFunction, body: unknown): void {
  if (!validate(body)) {
    throw new Error(`Response does not match the official schema: ${JSON.stringify(validate.errors, null, 1)}\nBody: ${JSON.stringify(body).slice(0, 2000)}`);
  }
}
