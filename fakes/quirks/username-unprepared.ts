/**
 * An SP that compares userNames as sent, code point by code point (ASCII letters still case-insensitive),
 * without the PRECIS preparation RFC 7644 §5 and §7.8 require: "josé" in NFC and in NFD ("e" + U+0301),
 * or with a fullwidth "ｊ", are three users, and `userName eq "<NFD spelling>"` does not find the NFC one.
 *
 * The fake itself prepares (`harness/scim/precis.ts`), so the quirk hides the non-ASCII code points from
 * it: every one in a userName the client sends (POST, PUT, PATCH, a filter literal of `userName` in a list
 * or `.search`) becomes an escape of private-use code points that preparation leaves alone, and every
 * answer has the escapes turned back into the code points. ASCII userNames are unchanged.
 */
import type { FilterNode } from "../../harness/scim/filter-ast.ts";
import { parseFilter } from "../../harness/scim/filter-parser.ts";
import { printFilter } from "../../harness/scim/filter-print.ts";
import { findKey, isJsonObject } from "../../harness/scim/plain-object.ts";
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import type { PatchOperation, QuirkContext } from "./quirk.ts";
import { defineQuirk } from "./quirk.ts";

const OPEN = "\ue000";
const CLOSE = "\ue001";
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/gu;
const ESCAPE = new RegExp(`${OPEN}([0-9a-f]+)${CLOSE}`, "g");

/** Each non-ASCII code point as `OPEN <hex> CLOSE`. */
const hide = (userName: string): string =>
  userName.replace(NON_ASCII, (c) => `${OPEN}${c.codePointAt(0)!.toString(16)}${CLOSE}`);
const reveal = (text: string): string =>
  text.replace(ESCAPE, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)));

/** A copy of `object` with its userName member hidden. */
function hideIn(object: JsonObject): JsonObject {
  const key = findKey(object, "userName");
  const value = key === undefined ? undefined : object[key];
  return typeof value === "string" ? { ...object, [key!]: hide(value) } : object;
}

const isUserName = (name: string): boolean => name.toLowerCase() === "username";

/** The filter with its userName literals hidden. */
function hideInFilter(node: FilterNode): FilterNode {
  switch (node.kind) {
    case "and":
    case "or":
      return { ...node, left: hideInFilter(node.left), right: hideInFilter(node.right) };
    case "not":
      return { ...node, filter: hideInFilter(node.filter) };
    case "compare":
      return isUserName(node.path.name) && node.path.subAttr === undefined && typeof node.value === "string"
        ? { ...node, value: hide(node.value) }
        : node;
    default:
      return node;
  }
}

/** A filter string with its userName literals hidden; a filter that does not parse is left to the fake. */
function hideFilter(raw: string): string {
  try {
    return printFilter(hideInFilter(parseFilter(raw)));
  } catch {
    return raw;
  }
}

const isUsers = (ctx: QuirkContext): boolean => ctx.route.resourceType === "User";

export const usernameUnprepared = defineQuirk({
  id: "username-unprepared",
  title: "userNames are compared as sent, without PRECIS preparation (NFC, width mapping)",
  bugIds: [],
  sources: ["RFC 7644 §5, §7.8", "RFC 8265 §3.3 (obsoletes RFC 7613)"],
  description:
    "Two spellings of one prepared userName (NFC and NFD, or with fullwidth letters) are two users: the " +
    "second POST answers 201 instead of 409, and userName filters match only the spelling stored. ASCII " +
    "userNames, and their case-insensitive comparison, are unchanged.",
  hooks: {
    onRequest(ctx) {
      const raw = ctx.request.url.searchParams.get("filter");
      if (ctx.route.operation === "list" && raw !== null)
        ctx.request.url.searchParams.set("filter", hideFilter(raw));
      return undefined;
    },
    transformBody(ctx, body) {
      if (!isJsonObject(body)) return body;
      if (ctx.route.operation === "search") {
        const key = findKey(body, "filter");
        const raw = key === undefined ? undefined : body[key];
        return typeof raw === "string" ? { ...body, [key!]: hideFilter(raw) } : body;
      }
      return isUsers(ctx) && (ctx.route.operation === "create" || ctx.route.operation === "replace")
        ? hideIn(body)
        : body;
    },
    transformPatchOperations(ctx, operations) {
      if (!isUsers(ctx)) return operations;
      return operations.map((op): PatchOperation => {
        if (typeof op.path === "string")
          return isUserName(op.path) && typeof op.value === "string" ? { ...op, value: hide(op.value) } : op;
        return op.path === undefined && isJsonObject(op.value) ? { ...op, value: hideIn(op.value) } : op;
      });
    },
    onResponse(_ctx, response) {
      if (response.json === undefined) return response;
      const text = JSON.stringify(response.json);
      return text.includes(OPEN) ? { ...response, json: JSON.parse(reveal(text)) as unknown } : response;
    },
  },
});
