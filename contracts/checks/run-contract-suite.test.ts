import { expect, it } from "vitest";
import { FakeTarget } from "../../harness/targets/fake-target.ts";
import { createScimClient } from "../../harness/http/scim-client.ts";
import {
  advertise,
  combine,
  errorJson,
  json,
  rewriteJson,
  rewriteResponse,
  startBrokenTarget,
} from "../test-support/broken-target.ts";
import { CONTRACT_CHECKS } from "./catalogue.ts";
import { severityOf } from "./contract-check.ts";
import { matchesGlob, runContractSuite, selectChecks } from "./run-contract-suite.ts";

type Json = Record<string, unknown>;

/** Advertises /ServiceProviderConfig bulk.maxOperations 2 (RFC 7643 §5). */
const BULK_MAX_2 = rewriteJson(
  (ctx) => ctx.route.operation === "discovery" && ctx.route.endpoint === "ServiceProviderConfig",
  (body) => ({ ...body, bulk: { ...(body["bulk"] as Json), maxOperations: 2 } }),
);

it("passes on the clean generic fake: no error or warning, only bulk/sort/changePassword, a required extension, immutable attributes, a PATCH of schemas, /Me and tooMany (maxResults 200) not applicable", async () => {
  const target = await new FakeTarget({ profile: "generic", quirks: [] }).start();
  try {
    const result = await runContractSuite({ target, runId: "clean1" });
    expect(result.findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(result.checks.filter((c) => c.status !== "passed").map((c) => [c.id, c.status])).toEqual([
      ["rfc7644.bulk.create", "notApplicable"],
      ["rfc7644.sort.sort-by", "notApplicable"],
      ["rfc7644.change-password.patch", "notApplicable"],
      ["rfc7644.error.bulk-too-many", "notApplicable"],
      ["rfc7644.error.filter-too-many", "notApplicable"],
      ["rfc7643.resource.required-extension", "notApplicable"],
      ["rfc7643.resource.immutable-kept", "notApplicable"],
      ["rfc7644.patch.schemas-change-seen", "notApplicable"],
      ["rfc7644.me.location", "notApplicable"],
      ["rfc7644.sort.case-insensitive", "notApplicable"],
      ["rfc7644.search.sort-by", "notApplicable"],
      ["rfc7644.bulk.partial-failure", "notApplicable"],
      ["rfc7644.bulk.bulk-id-references", "notApplicable"],
      ["rfc7644.bulk.circular-references", "notApplicable"],
      ["rfc7644.bulk.limit-named-413", "notApplicable"],
    ]);
    expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ["rfc7644.bulk.create", "info"],
      ["rfc7644.sort.sort-by", "info"],
      ["rfc7644.change-password.patch", "info"],
      ["rfc7644.error.bulk-too-many", "info"],
      ["rfc7644.error.filter-too-many", "info"],
      ["rfc7643.resource.required-extension", "info"],
      ["rfc7643.resource.immutable-kept", "info"],
      ["rfc7644.patch.schemas-change-seen", "info"],
      ["rfc7644.me.location", "info"],
      ["rfc7644.sort.case-insensitive", "info"],
      ["rfc7644.search.sort-by", "info"],
      ["rfc7644.bulk.partial-failure", "info"],
      ["rfc7644.bulk.bulk-id-references", "info"],
      ["rfc7644.bulk.circular-references", "info"],
      ["rfc7644.bulk.limit-named-413", "info"],
    ]);
    expect(result.findings[0]!.message).toBe(
      "bulk is not advertised (/ServiceProviderConfig bulk.supported is false)",
    );
    expect(result.cleanup.failures).toEqual([]);
    expect(result.cleanup.deleted).toBe(result.cleanup.attempted);
    expect(result.cleanup.attempted).toBeGreaterThan(50);
    const client = createScimClient({ baseUrl: target.baseUrl, token: target.token });
    for (const kind of ["Users", "Groups"]) {
      const left = await client.send({ label: "left over", method: "GET", path: `/${kind}?count=0` });
      expect((left.response?.body as Json)["totalResults"]).toBe(0);
    }
    await client.close();
  } finally {
    await target.stop();
  }
}, 30_000);

it("names every resource it creates with the run prefix", async () => {
  const target = await startBrokenTarget({ broken: "nothing" });
  try {
    const result = await runContractSuite({ target, runId: "pfx42", only: ["rfc7644.list.*"] });
    const posts = result.exchanges.filter((e) => e.request.method === "POST" && e.request.body !== undefined);
    expect(posts.length).toBeGreaterThan(10);
    for (const post of posts) {
      const body = JSON.parse(post.request.body!) as Json;
      expect(String(body["userName"] ?? body["displayName"])).toMatch(/^scimh-pfx42-c\d+-/);
    }
  } finally {
    await target.stop();
  }
});

it("selects checks by id and glob, and rejects a selection that matches nothing", () => {
  expect(matchesGlob("rfc7644.filter.eq", "rfc7644.filter.*")).toBe(true);
  expect(matchesGlob("rfc7644.filter.eq", "rfc7644.patch.*")).toBe(false);
  expect(matchesGlob("rfc7644.filter.eq", "rfc7644.filter.e")).toBe(false);
  expect(selectChecks(["rfc7644.auth.*"]).map((c) => c.id)).toEqual([
    "rfc7644.auth.no-token-401",
    "rfc7644.auth.wrong-token-401",
    "rfc7644.auth.expired-token-401",
    "rfc7644.auth.refused-credential-no-change",
  ]);
  expect(selectChecks(["rfc7644.get.by-id", "rfc7644.delete.status-204"]).map((c) => c.id)).toEqual([
    "rfc7644.get.by-id",
    "rfc7644.delete.status-204",
  ]);
  expect(() => selectChecks(["rfc7644.nope"])).toThrow('no contract check matches "rfc7644.nope"');
});

it("has unique, stable-looking ids and a section for every check", () => {
  const ids = CONTRACT_CHECKS.map((c) => c.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const check of CONTRACT_CHECKS) expect(check.rfc).toMatch(/^RFC 7\d{3} §\d/);
});

it("maps MUST to error, SHOULD to warning, and SHOULD with an IdP dependence to error", () => {
  expect(severityOf({ keyword: "MUST" })).toBe("error");
  expect(severityOf({ keyword: "SHOULD" })).toBe("warning");
  expect(
    severityOf({ keyword: "SHOULD", idpDependence: [{ idp: "Entra ID", evidence: ["[S1]"], why: "x" }] }),
  ).toBe("error");
  const byId = (id: string) => CONTRACT_CHECKS.find((c) => c.id === id)!;
  expect(severityOf(byId("rfc7644.http.scim-content-type"))).toBe("error");
  expect(severityOf(byId("rfc7643.user.userName-unique-case-insensitive"))).toBe("warning");
});

it("says when an IdP dependence raised a SHOULD to an error, citing the dossier", async () => {
  const target = await startBrokenTarget({
    broken: "answers application/json",
    hooks: rewriteResponse(
      () => true,
      (r) => ({ ...r, headers: { ...r.headers, "content-type": "application/json" } }),
    ),
  });
  try {
    const { findings } = await runContractSuite({ target, only: ["rfc7644.http.scim-content-type"] });
    expect(findings[0]!.severity).toBe("error");
    expect(findings[0]!.message).toContain(
      "Entra ID expects application/scim+json on every response ([S1], B21): an error although the RFC says SHOULD.",
    );
    expect(findings[0]!.evidence).toEqual(["[S1]", "B21"]);
    expect(findings[0]!.curl).toContain("curl");
    expect(findings[0]!.id).toBe("contract.1.f1");
  } finally {
    await target.stop();
  }
});

it("reports a check whose setup fails as errored with a warning, not as failed", async () => {
  const target = await startBrokenTarget({
    broken: "answers 500 to POST /Users",
    hooks: rewriteResponse("create", () => errorJson(500, "boom")),
  });
  try {
    const result = await runContractSuite({ target, only: ["rfc7644.get.by-id"] });
    expect(result.checks[0]).toMatchObject({ id: "rfc7644.get.by-id", status: "errored" });
    expect(result.checks[0]!.reason).toMatch(
      /^could not create a test resource: POST \/scim\/v2\/Users → 500/,
    );
    expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual([["rfc7644.get.by-id", "warning"]]);
  } finally {
    await target.stop();
  }
});

it("reports checks as not applicable on a target without groups or title (cerby profile)", async () => {
  const target = await new FakeTarget({ profile: "cerby", quirks: [] }).start();
  try {
    const result = await runContractSuite({
      target,
      only: ["rfc7644.patch.group-add-member", "rfc7644.put.null-clears", "rfc7644.filter.eq"],
    });
    expect(result.checks.map((c) => [c.id, c.status, c.reason])).toEqual([
      ["rfc7644.put.null-clears", "notApplicable", "the User schema does not declare title"],
      ["rfc7644.filter.eq", "passed", undefined],
      ["rfc7644.patch.group-add-member", "notApplicable", "the target has no Group resource type"],
    ]);
  } finally {
    await target.stop();
  }
});

it("passes the optional-feature checks when a server advertises and implements them", async () => {
  const target = await startBrokenTarget({
    broken: "implements sort, bulk (at most 2 operations, 413 beyond) and changePassword",
    hooks: (fake) =>
      combine(advertise({ sort: true, bulk: true, changePassword: true }), BULK_MAX_2, {
        async onRequest(ctx) {
          if (ctx.route.operation !== "bulk") return undefined;
          const request = JSON.parse(new TextDecoder().decode(ctx.request.body)) as { Operations: Json[] };
          if (request.Operations.length > 2) return errorJson(413, "at most 2 operations", "tooMany");
          const operations = [];
          for (const op of request.Operations) {
            const url = new URL(`${fake.baseUrlFor(ctx.request.url.origin)}${String(op["path"])}`);
            const body = new TextEncoder().encode(JSON.stringify(op["data"]));
            const response = await fake.handle({ ...ctx.request, url, body });
            operations.push({
              method: op["method"],
              bulkId: op["bulkId"],
              location: response.headers["location"],
              status: String(response.status),
            });
          }
          return json(200, {
            schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"],
            Operations: operations,
          });
        },
        onResponse(ctx, response) {
          const sortBy = ctx.request.url.searchParams.get("sortBy");
          if (ctx.route.operation !== "list" || sortBy === null) return response;
          const body = structuredClone(response.json) as { Resources: Json[] };
          const sign = ctx.request.url.searchParams.get("sortOrder") === "descending" ? -1 : 1;
          body.Resources.sort((a, b) => sign * String(a[sortBy]).localeCompare(String(b[sortBy])));
          return { ...response, json: body };
        },
      }),
  });
  try {
    const result = await runContractSuite({
      target,
      only: [
        "rfc7644.bulk.create",
        "rfc7644.sort.sort-by",
        "rfc7644.change-password.patch",
        "rfc7644.error.bulk-too-many",
      ],
    });
    expect(result.checks.map((c) => [c.id, c.status])).toEqual([
      ["rfc7644.bulk.create", "passed"],
      ["rfc7644.sort.sort-by", "passed"],
      ["rfc7644.change-password.patch", "passed"],
      ["rfc7644.error.bulk-too-many", "passed"],
    ]);
    expect(result.cleanup.failures).toEqual([]);
  } finally {
    await target.stop();
  }
});
