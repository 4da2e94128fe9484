/**
 * The tooMany check on servers that answer as the RFC allows (a page of at most maxResults; 400 tooMany) and
 * on the fake as shipped (maxResults 200: too large to exceed, not applicable with the reason). The broken
 * servers are in proofs/error.proofs.ts.
 */
import { expect, it } from "vitest";
import { errorJson, startBrokenTarget } from "../test-support/broken-target.ts";
import type { Breakage } from "../test-support/broken-target.ts";
import { runContractSuite } from "./run-contract-suite.ts";

const ID = "rfc7644.error.filter-too-many";

async function outcome(breakage: Breakage | undefined) {
  const target = await startBrokenTarget(breakage);
  try {
    const result = await runContractSuite({ target, only: [ID], timeoutMs: 5_000 });
    const findings = result.findings.filter((f) => f.severity === "error" || f.severity === "warning");
    return { check: result.checks[0]!, findings };
  } finally {
    await target.stop();
  }
}

it("passes a server that advertises maxResults 4 and answers a page of at most 4 with every match counted", async () => {
  const { check, findings } = await outcome({ broken: "none: pages at maxResults", maxResults: 4 });
  expect([check.status, findings]).toEqual(["passed", []]);
});

it("passes a server that refuses the filter with 400 tooMany", async () => {
  const { check, findings } = await outcome({
    broken: "none: refuses with tooMany",
    maxResults: 4,
    hooks: {
      onResponse(ctx, response) {
        const json = response.json as { totalResults?: number; Resources?: unknown[] } | undefined;
        const over = ctx.route.operation === "list" && (json?.totalResults ?? 0) > 4;
        return over ? errorJson(400, "too many results", "tooMany") : response;
      },
    },
  });
  expect([check.status, findings]).toEqual(["passed", []]);
});

it("fails a 400 with another scimType than tooMany, and a page whose totalResults counts only the page", async () => {
  // (A 400 without scimType reads as a declined filter, RFC 7644 §3.12 invalidFilter: see declinesFilter.)
  const noType = await outcome({
    broken: "400 invalidValue",
    maxResults: 4,
    hooks: {
      onResponse: (ctx, response) =>
        ctx.route.operation === "list" && ((response.json as { totalResults?: number }).totalResults ?? 0) > 4
          ? errorJson(400, "too many results", "invalidValue")
          : response,
    },
  });
  expect(noType.check.status).toBe("failed");
  expect(noType.findings[0]?.message).toMatch(/"scimType" "invalidValue", expected tooMany/);
  const shortTotal = await outcome({
    broken: "totalResults of the page",
    maxResults: 4,
    hooks: {
      onResponse(ctx, response) {
        const json = response.json as { Resources?: unknown[] } | undefined;
        if (ctx.route.operation !== "list" || json?.Resources === undefined) return response;
        return { ...response, json: { ...json, totalResults: json.Resources.length } };
      },
    },
  });
  expect(shortTotal.check.status).toBe("failed");
  expect(shortTotal.findings[0]?.message).toMatch(/totalResults 4 for 5 matches/);
});

it("is not applicable, with the reason, when maxResults is too large to exceed or absent", async () => {
  const shipped = await outcome(undefined);
  expect(shipped.check.status).toBe("notApplicable");
  expect(shipped.check.reason).toMatch(
    /filter\.maxResults is 200: exceeding it takes more than the 50 users/,
  );
  const absent = await outcome({
    broken: "no maxResults",
    hooks: {
      onResponse(ctx, response) {
        if (ctx.route.operation !== "discovery" || ctx.route.endpoint !== "ServiceProviderConfig")
          return response;
        return { ...response, json: { ...(response.json as object), filter: { supported: true } } };
      },
    },
  });
  expect(absent.check.status).toBe("notApplicable");
  expect(absent.check.reason).toMatch(/filter\.maxResults is null/);
});
