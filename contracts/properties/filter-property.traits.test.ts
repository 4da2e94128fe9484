/**
 * Issue #14 classes 1, 3, 4 and 8 for the filter property: RFC-correct servers narrower than the fake
 * (eq-only filters, unique emails) pass; what could not run is reported with its reason, never a pass;
 * and the property still fails a broken eq-only server.
 */
import { expect, it } from "vitest";
import { filterEqOnly } from "../../fakes/quirks/filter-eq-only.ts";
import { uniqueEmails } from "../../fakes/quirks/unique-emails.ts";
import { swapLogical } from "../test-support/broken-filters.ts";
import { errorJson, rewriteJson, rewriteResponse, startBrokenTarget } from "../test-support/broken-target.ts";
import type { Breakage } from "../test-support/broken-target.ts";
import { ScimError } from "../../harness/scim/scim-error.ts";
import { runFilterProperty } from "./filter-property.ts";

async function run(breakage: Breakage, seed: number, numRuns = 30) {
  const target = await startBrokenTarget(breakage);
  try {
    return await runFilterProperty({ target, seed, numRuns, timeLimitMs: 15_000, timeoutMs: 5_000 });
  } finally {
    await target.stop();
  }
}

const notRunNote = (result: Awaited<ReturnType<typeof run>>) =>
  result.findings.find((f) => f.id === "property.filters.nr1");

it("passes on an eq-only server: other operators are declined (RFC 7644 §3.12) and reported as not run", async () => {
  const result = await run({ broken: "supports only eq", quirks: [filterEqOnly] }, 7);
  expect(result.status).toBe("passed");
  expect(result.numRuns).toBeGreaterThan(0);
  expect(result.findings.filter((f) => f.severity !== "info")).toEqual([]);
  expect(notRunNote(result)?.message).toMatch(
    /declined with 400 invalidFilter, which RFC 7644 §3\.12 allows/,
  );
}, 60_000);

it("still fails an eq-only server that evaluates and as or", async () => {
  const result = await run(
    { broken: "eq only, and evaluated as or", quirks: [filterEqOnly], hooks: swapLogical("and", "or") },
    3,
  );
  expect(result.status).toBe("failed");
  expect(result.findings[0]!.title).toBe(
    "Filters select what RFC 7644 says: a filter returned the wrong users",
  );
}, 60_000);

it("passes on a unique-emails server with every case run (no 409 from shared values)", async () => {
  let conflicts = 0;
  const result = await run(
    {
      broken: "keeps emails unique",
      quirks: [uniqueEmails],
      hooks: {
        onResponse(ctx, response) {
          if (ctx.route.operation === "create" && response.status === 409) conflicts++;
          return response;
        },
      },
    },
    7,
    20,
  );
  expect([result.status, result.numRuns]).toEqual(["passed", 20]);
  expect(result.findings).toEqual([]);
  expect(conflicts).toBe(0);
}, 60_000);

it("a refused generated user skips the case with the reason; none created → the property did not run", async () => {
  const some = await run(
    {
      broken: "answers 400 to users whose displayName is not ASCII",
      hooks: {
        transformBody(ctx, body) {
          const name = (body as Record<string, unknown>)["displayName"];
          if (ctx.route.operation === "create" && typeof name === "string" && /[^\x20-\x7e]/.test(name))
            throw new ScimError(400, "invalidValue", "ASCII only");
          return body;
        },
      },
    },
    7,
  );
  expect(some.status).toBe("passed");
  expect(notRunNote(some)?.message).toMatch(
    /case skipped: the target answered 400 invalidValue to creating a generated user/,
  );
  const none = await run(
    {
      broken: "answers 400 to every user",
      hooks: rewriteResponse("create", () => errorJson(400, "no", "invalidValue")),
    },
    7,
    5,
  );
  expect(none.status).toBe("errored");
  expect(none.reason).toMatch(/skipped|0 of 5 case\(s\) ran/);
  expect(notRunNote(none)?.message).toMatch(/case skipped: the target answered 400 invalidValue/);
}, 60_000);

it("a filter the oracle cannot evaluate is counted as not run, never passed", async () => {
  // The target declares title complex: generated `title eq "…"` filters are then not evaluable.
  const titleComplex = rewriteJson(
    (ctx) => ctx.route.operation === "discovery" && ctx.route.endpoint === "Schemas",
    (body) => {
      const schemas = Array.isArray(body["Resources"])
        ? (body["Resources"] as Record<string, unknown>[])
        : [body];
      for (const s of schemas)
        for (const a of (s["attributes"] as Record<string, unknown>[] | undefined) ?? [])
          if (a["name"] === "title") Object.assign(a, { type: "complex", subAttributes: [] });
      return body;
    },
  );
  const result = await run({ broken: "declares title complex", hooks: titleComplex }, 7);
  expect(notRunNote(result)?.message).toMatch(/the oracle cannot evaluate a generated filter/);
}, 60_000);
