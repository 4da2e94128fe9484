/**
 * What a step's `capture` reads from its main answer. A JSON pointer (`/id`, `/meta/version`) reads the
 * body. `header:<Name>` reads a response header (names are case-insensitive, RFC 9110 §5.1): `header:ETag`
 * gives the value as sent (`W/"3"`, RFC 7644 §3.14), `header:Location` gives the resource's id, the last
 * path segment of the URL (RFC 7644 §3.1 `{base}/Users/{id}`; §3.3 requires Location on a 201).
 */
import type { ExchangeResponse } from "../http/exchange.ts";
import { getByPointer } from "./json-pointer.ts";

const HEADER = /^header:(.+)$/;

/** The capture of a created resource's id from its Location header. */
export const LOCATION_CAPTURE = "header:Location";
/** The capture of a resource's version from its ETag header. */
export const ETAG_CAPTURE = "header:ETag";

/** The value `source` names in `response`; undefined when it shows none. */
export function captureValue(response: ExchangeResponse | undefined, source: string): unknown {
  const header = HEADER.exec(source)?.[1];
  if (header === undefined) return getByPointer(response?.body, source);
  const value = response?.headers[header.toLowerCase()];
  if (value === undefined || value.trim() === "") return undefined;
  return header.toLowerCase() === "location" ? locationId(value) : value;
}

/** The resource id a Location URL names: its last path segment (RFC 7644 §3.1); undefined when none. */
export function locationId(location: string): string | undefined {
  let path: string;
  try {
    path = new URL(location.trim(), "http://relative.invalid").pathname;
  } catch {
    return undefined;
  }
  const last = path.replace(/\/+$/, "").split("/").at(-1);
  if (last === undefined || last === "") return undefined;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** Where `source` looked, for the note of a capture that found nothing. */
export const captureWhere = (source: string): string => {
  const header = HEADER.exec(source)?.[1];
  return header !== undefined ? `no ${header} header` : `nothing at ${source || "/"}`;
};
