/**
 * The requirement checks that are not applicable on the clean fake (it declares no required extension and
 * answers /Me with 501) pass on servers that have the feature and implement it as the RFC says.
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
