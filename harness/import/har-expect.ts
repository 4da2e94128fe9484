/**
 * What a raw `request` step replayed from a recording expects: the answers RFC 7644 allows for that method
 * and endpoint, not the one status the recorded SP happened to give, so that a recording made against one
 * correct SP replays green against another. A recorded error keeps its class where the RFC fixes it (a
 * duplicate userName, an operation on a resource the recording deleted, a filter the SP cannot evaluate);
 * otherwise the recorded status is kept and the step's comment says so.
 */
import type { Expectation } from "../scenario/scenario-schema.ts";
import { json } from "./har-idp.ts";
import type { HarExchange } from "./har-read.ts";

/** What the recording before this request tells about the resource it addresses. */
export interface RecordedState {
  /** The request's resource (`/Users/${u1}`) was deleted earlier in the recording by a successful DELETE. */
  deleted: boolean;
  /** A create of this userName succeeded earlier in the recording (and was not deleted since). */
  userNameTaken: boolean;
}

/** A raw step's `expect.status` (and `expect.body` where the RFC fixes the error type), and why. */
export interface RawExpectation {
  expect: Pick<Expectation, "status" | "body">;
  /** One comment line for the step: the RFC section, and the recorded status when it is not the same. */
  why: string;
}

/** The request's shape, from its path relative to the SCIM base. */
function shapeOf(x: HarExchange) {
  const [pathname = "", query = ""] = x.path.split("?");
  const segments = pathname.split("/").filter(Boolean);
  const params = new URLSearchParams(query);
  const search = segments.at(-1) === ".search";
  return {
    search,
    bulk: /^bulk$/i.test(x.endpoint),
    collection: segments.length === 1,
    query: x.method === "GET" && segments.length === 1,
    attributes: params.has("attributes"),
    filter: params.has("filter") || search,
    conditional: Object.keys(x.headers).some((h) => /^if-none-match$/i.test(h)),
  };
}

const or = (statuses: readonly number[]) => statuses.join(" or ");

/** The success statuses RFC 7644 gives for the request, with the section, or undefined when it names none. */
function successOf(x: HarExchange): { status: number[]; rfc: string } | undefined {
  const s = shapeOf(x);
  if (x.method === "GET")
    return s.conditional
      ? { status: [200, 304], rfc: "§3.4 with If-None-Match (§3.14, RFC 7232 §3.2): 200, or 304 unchanged" }
      : { status: [200], rfc: s.query ? "§3.4.2: a query answers 200" : "§3.4.1: a read answers 200" };
  if (x.method === "POST" && s.search) return { status: [200], rfc: "§3.4.3: a search answers 200" };
  if (x.method === "POST" && s.bulk)
    return { status: [200], rfc: "§3.7.3: a processed bulk job answers 200" };
  if (x.method === "POST" && s.collection) return { status: [201], rfc: "§3.3: a create answers 201" };
  if (x.method === "PUT") return { status: [200], rfc: "§3.5.1: a replace answers 200 with the resource" };
  if (x.method === "PATCH")
    return s.attributes
      ? { status: [200], rfc: '§3.5.2: a PATCH with "attributes" MUST answer 200' }
      : { status: [200, 204], rfc: "§3.5.2: a PATCH answers 200 with the resource or 204 without" };
  if (x.method === "DELETE") return { status: [204], rfc: "§3.6: a delete answers 204" };
  return undefined;
}

/** scimType values RFC 7644 fixes for a 400 to this request. */
function fixedScimTypes(x: HarExchange): Record<string, string> {
  const s = shapeOf(x);
  const out: Record<string, string> = {};
  if (s.filter || x.method === "PATCH")
    out.invalidFilter = "§3.4.2.2 / Table 9: a filter the SP cannot evaluate is 400 invalidFilter";
  if (s.query || s.search) out.tooMany = "§3.4.2: a query the SP will not answer whole is 400 tooMany";
  if (x.method === "PATCH") out.noTarget = "§3.5.2.2, §3.5.2.3: a PATCH with no target is 400 noTarget";
  return out;
}

/** The expectation of a raw step replaying `x`, which has a recorded status. */
export function rawExpectation(x: HarExchange & { status: number }, state: RecordedState): RawExpectation {
  const recorded = x.status;
  const s = shapeOf(x);
  const note = (allowed: readonly number[]) =>
    allowed.includes(recorded)
      ? `recorded ${recorded}`
      : `recorded ${recorded}, which the RFC does not allow`;
  const scimType = (json(x.responseBody) as { scimType?: unknown } | undefined)?.scimType;

  if (state.deleted && !(x.method === "POST" && s.collection)) {
    return {
      expect: { status: [404] },
      why: `expects 404: RFC 7644 §3.6, every operation on a resource deleted above answers 404 (${note([404])})`,
    };
  }
  if ((recorded >= 200 && recorded < 300) || (recorded === 304 && s.conditional)) {
    const success = successOf(x);
    if (success !== undefined)
      return {
        expect: { status: success.status },
        why: `expects ${or(success.status)}: RFC 7644 ${success.rfc} (${note(success.status)})`,
      };
  }
  if (recorded === 409 && x.method === "POST" && s.collection && /^users$/i.test(x.endpoint)) {
    // RFC 7643 §4.1.1: userName is unique ("server"); a conflict the recording caused is reproducible.
    if (state.userNameTaken)
      return {
        expect: { status: [409], body: { "/scimType": "uniqueness" } },
        why: `expects 409 uniqueness: RFC 7644 §3.3, a create of a userName created above (RFC 7643 §4.1.1 unique) MUST answer 409 with scimType uniqueness (recorded 409${scimType === "uniqueness" ? " uniqueness" : `, scimType ${JSON.stringify(scimType ?? null)}`})`,
      };
  }
  if (recorded === 409 && x.method === "POST" && s.collection && !s.search && !s.bulk) {
    return {
      expect: { status: [201, 409] },
      why: "expects 201 or 409: the resource it conflicted with is not in this recording, so a fresh SP may create it (RFC 7644 §3.3: 201) or hold one like it (409); recorded 409",
    };
  }
  if (recorded === 400 && typeof scimType === "string" && scimType in fixedScimTypes(x)) {
    return {
      expect: { status: [400], body: { "/scimType": scimType } },
      why: `expects 400 ${scimType}: RFC 7644 ${fixedScimTypes(x)[scimType]} (recorded 400 ${scimType})`,
    };
  }
  if (
    recorded === 412 &&
    Object.entries(x.headers).some(([h, v]) => /^if-match$/i.test(h) && v.trim() !== "*")
  ) {
    return {
      expect: { status: [412] },
      why: "expects 412: RFC 7644 §3.14, an If-Match naming a version the resource does not have is refused with 412 Precondition Failed (RFC 7232 §3.1); recorded 412",
    };
  }
  const open =
    recorded === 400
      ? typeof scimType === "string"
        ? `recorded 400 ${scimType}; the status is kept, the scimType is not asserted (RFC 7644 does not fix it for this request)`
        : "recorded 400 without scimType; the status is kept (RFC 7644 §3.12 Table 8: a request the SP refuses)"
      : recorded === 404
        ? "recorded 404: a resource or endpoint the SP does not have (RFC 7644 §3.12 Table 8); the status is kept"
        : `recorded ${recorded}: RFC 7644 does not fix this answer, so the recorded status is kept`;
  return { expect: { status: [recorded] }, why: open };
}
