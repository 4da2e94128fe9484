/**
 * Request body rules: size limit (413), media type (415: `application/scim+json` per RFC 7644 §3.1 and
 * §8.1, plus `application/json`, which RFC 7644 §3.8 lets servers accept), UTF-8 and JSON syntax
 * (400 `invalidSyntax`, RFC 7644 §3.12), and a nesting bound so hostile bodies cannot exhaust the stack.
 */
import { ScimError } from "../../harness/scim/scim-error.ts";
import type { ScimRequest } from "./scim-exchange.ts";

/** Default body limit: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Deepest JSON nesting accepted in a body. */
export const MAX_JSON_DEPTH = 64;

const ACCEPTED_MEDIA_TYPES = ["application/scim+json", "application/json"];

/** Throws 415 unless `content-type` is `application/scim+json` or `application/json` (charset utf-8 if given). */
export function assertJsonMediaType(contentType: string | undefined): void {
  if (contentType === undefined || contentType.trim() === "") {
    throw new ScimError(415, undefined, "Content-Type is missing; use application/scim+json (RFC 7644 §3.1)");
  }
  const [type = "", ...params] = contentType.split(";").map((p) => p.trim().toLowerCase());
  if (!ACCEPTED_MEDIA_TYPES.includes(type)) {
    throw new ScimError(415, undefined, `Content-Type ${type} is not supported; use application/scim+json`);
  }
  for (const param of params) {
    const [name, value = ""] = param.split("=").map((p) => p.trim());
    if (name === "charset" && !["utf-8", "utf8", '"utf-8"'].includes(value)) {
      throw new ScimError(
        415,
        undefined,
        `charset ${value} is not supported; SCIM bodies are UTF-8 (RFC 7644 §3.8)`,
      );
    }
  }
}

/** Depth of a parsed JSON value, computed without recursion; stops counting past `limit`. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== "object" || current === null) continue;
    const next = depth + 1;
    if (next > max) max = next;
    if (max > limit) return max;
    for (const child of Object.values(current)) stack.push([child, next]);
  }
  return max;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Reads the JSON body of a request, enforcing the rules above. */
export function readJsonBody(request: ScimRequest, maxBytes: number = DEFAULT_MAX_BODY_BYTES): unknown {
  if (request.bodyTooLarge === true || request.body.byteLength > maxBytes) {
    throw new ScimError(413, undefined, `Request body exceeds ${maxBytes} bytes`);
  }
  if (request.body.byteLength === 0) throw new ScimError(400, "invalidSyntax", "Request body is empty");
  assertJsonMediaType(request.headers["content-type"]);
  let text: string;
  try {
    text = decoder.decode(request.body);
  } catch {
    throw new ScimError(400, "invalidSyntax", "Request body is not valid UTF-8");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ScimError(400, "invalidSyntax", `Request body is not valid JSON: ${reason}`);
  }
  if (jsonDepth(parsed) > MAX_JSON_DEPTH) {
    throw new ScimError(400, "invalidSyntax", `Request body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  return parsed;
}
