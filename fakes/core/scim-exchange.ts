/**
 * The transport-neutral request and response of the fake SP. The express adapter and the msw adapter both
 * translate to and from these, so routing, rules and quirks exist once.
 */
import { ScimError } from "../../harness/scim/scim-error.ts";

/** The media type RFC 7644 §3.1 and §8.1 require on responses. */
export const SCIM_CONTENT_TYPE = "application/scim+json; charset=utf-8";

/** An incoming HTTP request, already read into memory. */
export interface ScimRequest {
  /** Upper-case method, e.g. "PATCH". */
  method: string;
  /** The full URL, e.g. `http://127.0.0.1:8080/scim/v2/Users?filter=…`. */
  url: URL;
  /** Header names lower-case; repeated headers joined with ", ". */
  headers: Readonly<Record<string, string>>;
  /** Raw body bytes (empty when there is none). */
  body: Uint8Array;
  /** True when the adapter stopped reading because the body exceeded the size limit. */
  bodyTooLarge?: boolean;
}

/**
 * What to answer. `json` is serialised with `JSON.stringify`; `text` is sent verbatim (e.g. an HTML error
 * page from a quirk). `action` replaces the answer with a transport fault: `reset` destroys the connection,
 * `hang` never answers.
 */
export interface ScimResponse {
  status: number;
  /** Header names lower-case. */
  headers: Record<string, string>;
  json?: unknown;
  text?: string;
  action?: "reset" | "hang";
}

/** A SCIM JSON response with `Content-Type: application/scim+json; charset=utf-8`. */
export function scimJson(status: number, json: unknown, headers: Record<string, string> = {}): ScimResponse {
  return { status, headers: { "content-type": SCIM_CONTENT_TYPE, ...headers }, json };
}

/** A response without a body (204, 304). */
export function emptyResponse(status: number, headers: Record<string, string> = {}): ScimResponse {
  return { status, headers };
}

/** The RFC 7644 §3.12 error response for `error`. */
export function errorResponse(error: ScimError, headers: Record<string, string> = {}): ScimResponse {
  return scimJson(error.status, error.toJSON(), headers);
}

/** Shorthand for an RFC 7644 §3.12 error response. */
export function scimErrorResponse(
  status: number,
  scimType?: ConstructorParameters<typeof ScimError>[1],
  detail?: string,
): ScimResponse {
  return errorResponse(new ScimError(status, scimType, detail));
}

/** The body bytes a response serialises to (empty for no body). */
export function serializeBody(response: ScimResponse): string {
  if (response.text !== undefined) return response.text;
  if (response.json !== undefined) return JSON.stringify(response.json);
  return "";
}
