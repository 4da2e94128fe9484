/**
 * ETag preconditions (RFC 7644 §3.14 with RFC 7232): `If-Match` on PUT/PATCH/DELETE answers 412 when no
 * listed tag matches the current `meta.version`; `If-None-Match` on GET answers 304 when one does. Tags
 * are compared weakly (RFC 7232 §2.3.2), as the fake's versions are weak ETags.
 */
import { ScimError } from "../../harness/scim/scim-error.ts";

const opaque = (tag: string): string => tag.trim().replace(/^W\//, "");

/** The tags of an If-Match / If-None-Match header; `["*"]` for the wildcard. */
export function parseEntityTags(header: string): string[] {
  if (header.trim() === "*") return ["*"];
  return (header.match(/(?:W\/)?"[^"]*"/g) ?? []).map(opaque);
}

const matches = (header: string, etag: string): boolean => {
  const tags = parseEntityTags(header);
  return tags.includes("*") || tags.includes(opaque(etag));
};

/** Throws 412 when `If-Match` is present and does not match `etag`. */
export function assertIfMatch(ifMatch: string | undefined, etag: string): void {
  if (ifMatch === undefined) return;
  if (!matches(ifMatch, etag)) {
    throw new ScimError(412, undefined, `If-Match ${ifMatch} does not match the current version ${etag}`);
  }
}

/** True when `If-None-Match` is present and matches `etag` (→ 304 on GET). */
export function isNotModified(ifNoneMatch: string | undefined, etag: string): boolean {
  return ifNoneMatch !== undefined && matches(ifNoneMatch, etag);
}
