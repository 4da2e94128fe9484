/**
 * Broken servers for the resource lifecycle, list and projection checks: each must make its check fail.
 */
import type { QuirkContext } from "../../../fakes/index.ts";
import {
  answer,
  errorJson,
  json,
  rewriteJson,
  rewriteParam,
  rewriteResponse,
} from "../../test-support/broken-target.ts";
import type { CheckProof } from "../../test-support/broken-target.ts";
import { bareArrayList } from "./discovery-http.proofs.ts";

type Json = Record<string, unknown>;

const users = (op: string) => (ctx: QuirkContext) =>
  ctx.route.operation === op && ctx.route.resourceType === "User";
const param = (ctx: QuirkContext, name: string) => ctx.request.url.searchParams.get(name);

export const RESOURCE_LIST_PROOFS: readonly CheckProof[] = [
  {
    check: "rfc7644.create.status-201",
    broken: "answers 200 to POST",
    hooks: rewriteResponse("create", (r) => (r.status === 201 ? { ...r, status: 200 } : r)),
  },
  {
    check: "rfc7644.create.location-header",
    broken: "sends no Location header",
    hooks: rewriteResponse("create", (r) => {
      const headers = { ...r.headers };
      delete headers["location"];
      return { ...r, headers };
    }),
  },
  {
    check: "rfc7644.create.returns-resource",
    broken: "answers 201 with only the id",
    hooks: rewriteJson("create", (b) => ({ id: b["id"] })),
  },
  {
    check: "rfc7643.resource.id-assigned",
    broken: "answers an empty id",
    hooks: rewriteJson("create", (b) => ({ ...b, id: "" })),
  },
  {
    check: "rfc7643.resource.meta",
    broken: "leaves meta.created and meta.lastModified out",
    hooks: rewriteJson("create", (b) => ({
      ...b,
      meta: { resourceType: "User", location: (b["meta"] as Json)["location"] },
    })),
  },
  {
    check: "rfc7644.create.uniqueness-409",
    broken: "answers 400 without scimType to a duplicate userName (B14)",
    hooks: rewriteResponse("create", (r) => (r.status === 409 ? errorJson(400, "user exists") : r)),
  },
  {
    check: "rfc7643.user.userName-unique-case-insensitive",
    broken: "compares userName case-sensitively for uniqueness",
    hooks: {
      transformBody(ctx, body) {
        const userName = (body as Json)["userName"];
        if (
          ctx.route.operation !== "create" ||
          typeof userName !== "string" ||
          userName === userName.toLowerCase()
        )
          return body;
        return { ...(body as Json), userName: `${userName}-stored-as-distinct` };
      },
    },
  },
  {
    check: "rfc7644.get.by-id",
    broken: "answers 404 to GET by id",
    hooks: rewriteResponse(users("get"), () => errorJson(404, "not found")),
  },
  {
    check: "rfc7644.get.unknown-id-404",
    broken: "answers 400 for an unknown id",
    hooks: rewriteResponse(users("get"), (r) =>
      r.status === 404 ? errorJson(400, "bad id", "invalidValue") : r,
    ),
  },
  {
    check: "rfc7644.put.returns-200-resource",
    broken: "does not implement PUT (405, B15)",
    hooks: answer("replace", () => errorJson(405, "PUT not allowed")),
  },
  {
    check: "rfc7644.put.replaces-values",
    broken: "merges PUT emails into the stored ones (B16)",
    hooks: {
      beforeCommit(_ctx, change) {
        if (change.operation !== "replace") return change.after;
        const old = Array.isArray(change.before?.["emails"]) ? (change.before["emails"] as Json[]) : [];
        const now = Array.isArray(change.after["emails"]) ? (change.after["emails"] as Json[]) : [];
        return { ...change.after, emails: [...now, ...old.map((e) => ({ ...e, primary: false }))] };
      },
    },
  },
  {
    check: "rfc7644.put.null-clears",
    broken: "keeps attributes a PUT sets to null (B16)",
    hooks: {
      beforeCommit(_ctx, change) {
        if (
          change.operation !== "replace" ||
          change.before?.["title"] === undefined ||
          change.after["title"] !== undefined
        )
          return change.after;
        return { ...change.after, title: change.before["title"] };
      },
    },
  },
  {
    check: "rfc7644.delete.status-204",
    broken: "answers 200 with a body to DELETE",
    hooks: rewriteResponse("delete", (r) => (r.status === 204 ? json(200, { deleted: true }) : r)),
  },
  {
    check: "rfc7644.delete.then-404",
    broken: "acknowledges DELETE but keeps the user",
    hooks: answer("delete", () => ({ status: 204, headers: {} })),
  },
  {
    check: "rfc7644.create.group-with-members",
    broken: "drops members on POST /Groups",
    hooks: {
      transformBody(ctx, body) {
        if (ctx.route.operation !== "create" || ctx.route.resourceType !== "Group") return body;
        const copy = { ...(body as Json) };
        delete copy["members"];
        return copy;
      },
    },
  },
  {
    check: "rfc7644.list.response-shape",
    broken: "answers a bare array instead of a ListResponse",
    hooks: bareArrayList,
  },
  {
    check: "rfc7644.list.empty-result-200",
    broken: "answers 404 on a filter miss (catalogued quirk filter-miss-404, B9)",
    quirks: ["filter-miss-404"],
  },
  {
    check: "rfc7644.list.start-index-one-based",
    broken: "counts startIndex from 0",
    hooks: rewriteParam("list", "startIndex", (v) => (v === null ? null : String(Number(v) + 1))),
  },
  {
    check: "rfc7644.list.start-index-below-one",
    broken: "rejects startIndex=0 with 400",
    hooks: answer(
      (ctx) =>
        ctx.route.operation === "list" &&
        Number(param(ctx, "startIndex")) < 1 &&
        param(ctx, "startIndex") !== null,
      () => errorJson(400, "startIndex must be >= 1", "invalidValue"),
    ),
  },
  {
    check: "rfc7644.list.count-zero",
    broken: "reads count=0 as no limit",
    hooks: rewriteParam("list", "count", (v) => (v === "0" ? null : v)),
  },
  {
    check: "rfc7644.list.negative-count",
    broken: "rejects a negative count with 400",
    hooks: answer(
      (ctx) => ctx.route.operation === "list" && Number(param(ctx, "count")) < 0,
      () => errorJson(400, "count must be >= 0", "invalidValue"),
    ),
  },
  {
    check: "rfc7644.list.count-limits-page",
    broken: "ignores count",
    hooks: rewriteParam("list", "count", () => null),
  },
  {
    check: "rfc7644.attributes.include",
    broken: "ignores attributes=",
    hooks: rewriteParam(["get", "list"], "attributes", () => null),
  },
  {
    check: "rfc7644.attributes.exclude",
    broken: "ignores excludedAttributes=",
    hooks: rewriteParam(["get", "list"], "excludedAttributes", () => null),
  },
  {
    check: "rfc7644.attributes.exclude-group-members",
    broken: "ignores excludedAttributes=members on group lookups",
    hooks: rewriteParam(
      (ctx) => ctx.route.resourceType === "Group",
      "excludedAttributes",
      () => null,
    ),
  },
  {
    check: "rfc7643.user.password-never-returned",
    broken: "echoes a password",
    hooks: rewriteJson("create", (b) => ({ ...b, password: "Scimh-t3st-Passw0rd!" })),
  },
];
