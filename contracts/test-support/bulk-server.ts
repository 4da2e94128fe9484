/**
 * Test support: RFC 7644 §3.7 Bulk on top of the reference fake, as hooks of a test-local quirk. Each
 * operation goes through the fake's own request handler; "bulkId:<id>" values are replaced by the ids of
 * resources created earlier in the job, and circular member references are resolved with a PATCH once both
 * groups exist. Options break one rule each, for the proofs of the bulk checks.
 */
import type { FakeServiceProvider, QuirkHooks } from "../../fakes/index.ts";
import { advertise, combine, errorJson, json, rewriteJson } from "./broken-target.ts";

type Json = Record<string, unknown>;

export interface BulkOptions {
  /** Where "bulkId:" references are replaced: everywhere (RFC 7644 §3.7.2), in members only, or nowhere. */
  resolve?: "everywhere" | "members-only" | "none";
  /** Stop the job at the first failed operation (RFC 7644 §3.7: go on). */
  stopOnFirstError?: boolean;
  /**
   * A failed operation's "response": the §3.12 error (RFC 7644 §3.7), none, the error without detail, or a
   * plain object that is not a §3.12 error.
   */
  errorResponse?: "full" | "none" | "no-detail" | "not-scim";
  /** Circular references: resolved (RFC 7644 §3.7.1), 409, or the unresolved members dropped. */
  circular?: "resolve" | "409" | "drop";
  /**
   * The 413 for more operations than `maxOperations` (advertised as 10, RFC 7643 §5): its detail names the
   * limit (RFC 7644 §3.7.4), or says only "Payload Too Large".
   */
  limitDetail?: "named" | "unnamed";
}

/** `bulk.maxOperations` the bulk server advertises and enforces. */
const MAX_OPERATIONS = 10;

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** Replaces known "bulkId:" strings (everywhere, or only in members[].value); returns the unknown ones. */
function resolveIds(
  data: unknown,
  ids: Map<string, string>,
  membersOnly: boolean,
): { data: unknown; unknown: string[] } {
  const unknown: string[] = [];
  const walk = (v: unknown, inMembers: boolean): unknown => {
    if (typeof v === "string" && v.startsWith("bulkId:") && (inMembers || !membersOnly)) {
      const id = ids.get(v.slice("bulkId:".length));
      if (id === undefined) unknown.push(v);
      return id ?? v;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, inMembers));
    if (typeof v === "object" && v !== null)
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, walk(x, inMembers || k === "members")]),
      );
    return v;
  };
  return { data: walk(data, false), unknown };
}

/** Hooks that advertise bulk and implement POST /Bulk over the fake. */
export function bulkSupport(fake: FakeServiceProvider, options: BulkOptions = {}): QuirkHooks {
  const spc = rewriteJson(
    (ctx) => ctx.route.operation === "discovery" && ctx.route.endpoint === "ServiceProviderConfig",
    (body) => ({ ...body, bulk: { ...(body["bulk"] as Json), maxOperations: MAX_OPERATIONS } }),
  );
  return combine(advertise({ bulk: true }), spc, {
    async onRequest(ctx) {
      if (ctx.route.operation !== "bulk") return undefined;
      const base = fake.baseUrlFor(ctx.request.url.origin);
      const request = JSON.parse(new TextDecoder().decode(ctx.request.body)) as { Operations: Json[] };
      if (request.Operations.length > MAX_OPERATIONS)
        return errorJson(
          413,
          options.limitDetail === "unnamed"
            ? "Payload Too Large"
            : `The bulk request has ${request.Operations.length} operations, more than maxOperations (${MAX_OPERATIONS})`,
        );
      const call = (method: string, path: string, body?: unknown) =>
        fake.handle({
          ...ctx.request,
          method,
          url: new URL(`${base}${path}`),
          body: body === undefined ? new Uint8Array() : new TextEncoder().encode(JSON.stringify(body)),
        });
      const ids = new Map<string, string>();
      const later: { path: string; refs: string[] }[] = [];
      const results: Json[] = [];
      for (const op of request.Operations) {
        const method = String(op["method"]);
        const path = String(op["path"]);
        const bulkId = op["bulkId"] as string | undefined;
        const resolved =
          options.resolve === "none"
            ? { data: op["data"], unknown: [] }
            : resolveIds(op["data"], ids, options.resolve === "members-only");
        let data = resolved.data as Json | undefined;
        if (resolved.unknown.length > 0 && data !== undefined) {
          if (options.circular === "409") {
            results.push({
              method,
              bulkId,
              status: "409",
              response: { status: "409", detail: "circular reference" },
            });
            continue;
          }
          const members = ((data["members"] as Json[] | undefined) ?? []).filter(
            (m) => !resolved.unknown.includes(String(m["value"])),
          );
          data = { ...data, members };
        }
        const response = await call(method, path, data);
        const body = response.json as Json | undefined;
        if (method === "POST" && response.status === 201 && bulkId !== undefined) {
          ids.set(bulkId, String(body?.["id"]));
          if (resolved.unknown.length > 0 && (options.circular ?? "resolve") === "resolve")
            later.push({ path: `${path}/${String(body?.["id"])}`, refs: resolved.unknown });
        }
        const failed = response.status >= 300;
        const { detail: _detail, ...withoutDetail } = body ?? {};
        results.push({
          method,
          ...(bulkId !== undefined ? { bulkId } : {}),
          ...(response.headers["location"] !== undefined ? { location: response.headers["location"] } : {}),
          status: String(response.status),
          ...(failed && options.errorResponse !== "none"
            ? {
                response:
                  options.errorResponse === "no-detail"
                    ? withoutDetail
                    : options.errorResponse === "not-scim"
                      ? { message: body?.["detail"] }
                      : body,
              }
            : {}),
        });
        if (failed && options.stopOnFirstError === true) break;
      }
      for (const { path, refs } of later) {
        const value = refs.map((r) => ({ value: ids.get(r.slice("bulkId:".length)) }));
        await call("PATCH", path, {
          schemas: [PATCH_OP],
          Operations: [{ op: "add", path: "members", value }],
        });
      }
      return json(200, {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"],
        Operations: results,
      });
    },
  });
}
