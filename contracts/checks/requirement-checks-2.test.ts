/**
 * The requirement checks that are not applicable on the clean fake (it declares no required extension and no
 * immutable User attribute, answers /Me with 501, does not sort, refuses a PATCH of "schemas") pass on servers that have the feature and
 * implement it as the RFC says.
 */
import { expect, it } from "vitest";
import {
  answer,
  combine,
  errorJson,
  json,
  rewriteJson,
  startBrokenTarget,
} from "../test-support/broken-target.ts";
import type { Breakage } from "../test-support/broken-target.ts";
import { bulkSupport } from "../test-support/bulk-server.ts";
import { nickNameImmutable, sorting } from "./proofs/requirement-2.proofs.ts";
import { runContractSuite } from "./run-contract-suite.ts";

type Json = Record<string, unknown>;
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

async function statusOn(breakage: Breakage, id: string) {
  const target = await startBrokenTarget(breakage);
  try {
    const result = await runContractSuite({ target, only: [id], timeoutMs: 5_000 });
    return result.checks.map((c) => [c.id, c.status, c.reason]);
  } finally {
    await target.stop();
  }
}

it("rfc7643.resource.required-extension passes on a server that requires the extension and refuses users without it", async () => {
  const requireExtension = (type: Json): Json =>
    type["name"] !== "User" ? type : { ...type, schemaExtensions: [{ schema: ENTERPRISE, required: true }] };
  const status = await statusOn(
    {
      broken: "nothing: requires the enterprise extension and enforces it",
      hooks: combine(
        rewriteJson(
          (ctx) => ctx.route.operation === "discovery" && ctx.route.endpoint === "ResourceTypes",
          (body) =>
            Array.isArray(body["Resources"])
              ? { ...body, Resources: (body["Resources"] as Json[]).map(requireExtension) }
              : requireExtension(body),
        ),
        answer(
          (ctx) => {
            if (ctx.route.operation !== "create" || ctx.route.resourceType !== "User") return false;
            const sent = JSON.parse(new TextDecoder().decode(ctx.request.body)) as Json;
            return !(sent["schemas"] as string[]).includes(ENTERPRISE);
          },
          () => errorJson(400, `${ENTERPRISE} is required`, "invalidValue"),
        ),
      ),
    },
    "rfc7643.resource.required-extension",
  );
  expect(status).toEqual([["rfc7643.resource.required-extension", "passed", undefined]]);
});

it("rfc7644.me.location and rfc7644.me.not-supported-501 pass on a server that serves /Me with its Location", async () => {
  const me = (ctx: { request: { url: URL } }) => {
    const location = `${ctx.request.url.origin}/scim/v2/Users/me-1`;
    return json(
      200,
      { schemas: [USER], id: "me-1", userName: "me@example.com", meta: { location } },
      { location },
    );
  };
  const breakage = { broken: "nothing: serves /Me", hooks: answer("me", me) };
  expect(await statusOn(breakage, "rfc7644.me.location")).toEqual([
    ["rfc7644.me.location", "passed", undefined],
  ]);
  expect(await statusOn(breakage, "rfc7644.me.not-supported-501")).toEqual([
    ["rfc7644.me.not-supported-501", "passed", undefined],
  ]);
});

it("rfc7643.resource.immutable-kept passes on a server that declares nickName immutable and refuses to change it", async () => {
  const refuse = answer(
    (ctx) =>
      ctx.route.resourceType === "User" &&
      (ctx.route.operation === "replace" || ctx.route.operation === "patch") &&
      new TextDecoder().decode(ctx.request.body).includes("nickName"),
    () => errorJson(400, "nickName is immutable", "mutability"),
  );
  const status = await statusOn(
    { broken: "nothing: nickName immutable and enforced", hooks: combine(nickNameImmutable, refuse) },
    "rfc7643.resource.immutable-kept",
  );
  expect(status).toEqual([["rfc7643.resource.immutable-kept", "passed", undefined]]);
});

it("the sort checks pass on a server that sorts case-insensitively, in GET lists and POST /.search", async () => {
  const breakage = { broken: "nothing: sorts", hooks: sorting({ caseSensitive: false, search: true }) };
  for (const id of ["rfc7644.sort.case-insensitive", "rfc7644.search.sort-by", "rfc7644.sort.sort-by"])
    expect(await statusOn(breakage, id)).toEqual([[id, "passed", undefined]]);
});

it("the bulk checks pass on a server that implements RFC 7644 §3.7 Bulk", async () => {
  const breakage: Breakage = { broken: "nothing: implements bulk", hooks: (fake) => bulkSupport(fake) };
  for (const id of [
    "rfc7644.bulk.create",
    "rfc7644.bulk.partial-failure",
    "rfc7644.bulk.bulk-id-references",
    "rfc7644.bulk.circular-references",
    "rfc7644.error.bulk-too-many",
    "rfc7644.bulk.limit-named-413",
  ])
    expect(await statusOn(breakage, id)).toEqual([[id, "passed", undefined]]);
});

it("rfc7644.bulk.circular-references accepts 409 for circular references it does not resolve", async () => {
  const breakage: Breakage = {
    broken: "nothing: answers circular references 409",
    hooks: (fake) => bulkSupport(fake, { circular: "409" }),
  };
  expect(await statusOn(breakage, "rfc7644.bulk.circular-references")).toEqual([
    ["rfc7644.bulk.circular-references", "passed", undefined],
  ]);
});

it("rfc7644.patch.schemas-change-seen passes on a server that accepts a PATCH of schemas and then the extension's attribute", async () => {
  const breakage: Breakage = {
    broken: "nothing: takes the schemas operation as a no-op, then sets the extension attribute",
    hooks: {
      transformPatchOperations: (_ctx, operations) =>
        operations.filter((o) => String(o["path"]).toLowerCase() !== "schemas"),
    },
  };
  expect(await statusOn(breakage, "rfc7644.patch.schemas-change-seen")).toEqual([
    ["rfc7644.patch.schemas-change-seen", "passed", undefined],
  ]);
});
