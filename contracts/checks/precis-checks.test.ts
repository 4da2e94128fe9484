/**
 * The PRECIS checks on servers that answer as the RFC allows: the clean fake (prepares), a server that
 * refuses the other spellings with 400 (RFC 7613 §3.2.1 lets it refuse fullwidth code points), a server
 * that declines the filter (RFC 7644 §3.12). And one whose filters miss every non-ASCII userName, which
 * is not a preparation fault: the check could not run. The broken servers are in proofs/precis.proofs.ts.
 */
import { expect, it } from "vitest";
import type { QuirkContext } from "../../fakes/index.ts";
import { errorJson, startBrokenTarget } from "../test-support/broken-target.ts";
import type { Breakage } from "../test-support/broken-target.ts";
import { runContractSuite } from "./run-contract-suite.ts";

const UNIQUE = "rfc7644.user.userName-unique-prepared";
const FILTER = "rfc7644.filter.userName-prepared";

async function outcome(id: string, breakage: Breakage | undefined) {
  const target = await startBrokenTarget(breakage);
  try {
    const result = await runContractSuite({ target, only: [id], timeoutMs: 5_000 });
    const failing = result.findings.filter((f) => f.severity === "error" || f.severity === "warning");
    const info = result.findings.filter((f) => f.severity === "info" && f.ruleId === id);
    return { check: result.checks[0]!, failing, info };
  } finally {
    await target.stop();
  }
}

const sentUserName = (ctx: QuirkContext): string => {
  const text = new TextDecoder().decode(ctx.request.body);
  return text === "" ? "" : String((JSON.parse(text) as { userName?: unknown }).userName ?? "");
};
const isPrepared = (userName: string): boolean =>
  userName === userName.normalize("NFC") && !/[\uff01-\uff5e]/.test(userName);

it.each([UNIQUE, FILTER])("%s passes on the clean fake, with no finding", async (id) => {
  const { check, failing, info } = await outcome(id, undefined);
  expect([check.status, failing, info]).toEqual(["passed", [], []]);
});

it("the uniqueness check passes a server that refuses the NFD and fullwidth spellings with 400 (information)", async () => {
  const { check, failing, info } = await outcome(UNIQUE, {
    broken: "none: refuses a userName not in NFC or with fullwidth code points",
    hooks: {
      onRequest(ctx) {
        if (ctx.route.operation !== "create" || ctx.route.resourceType !== "User") return undefined;
        return isPrepared(sentUserName(ctx))
          ? undefined
          : errorJson(400, "userName must be in NFC without fullwidth characters", "invalidValue");
      },
    },
  });
  expect([check.status, failing]).toEqual(["passed", []]);
  expect(info.map((f) => f.message)).toEqual([
    expect.stringMatching(/the NFD spelling .* → 400\. The server refuses the spelling/),
    expect.stringMatching(/the fullwidth spelling .* → 400\. .*RFC 7613 §3\.2\.1/),
  ]);
});

const nonAsciiFilter = (ctx: QuirkContext): boolean =>
  ctx.route.operation === "list" && /[^\x20-\x7e]/.test(ctx.request.url.searchParams.get("filter") ?? "");

it("the filter check passes a server that declines a userName filter with a non-NFC literal (information)", async () => {
  const { check, failing, info } = await outcome(FILTER, {
    broken: "none: declines a filter whose literal is not in NFC",
    hooks: {
      onRequest(ctx) {
        const filter = ctx.request.url.searchParams.get("filter") ?? "";
        return nonAsciiFilter(ctx) && filter !== filter.normalize("NFC")
          ? errorJson(400, "unsupported filter", "invalidFilter")
          : undefined;
      },
    },
  });
  expect([check.status, failing]).toEqual(["passed", []]);
  expect(info.map((f) => f.message)).toEqual([expect.stringContaining("RFC 7644 §3.12 allows 400")]);
});

it("the filter check could not run (errored, not failed) where filters miss every non-ASCII userName", async () => {
  const { check, failing } = await outcome(FILTER, {
    broken: "filters find no non-ASCII userName, even as stored",
    hooks: {
      onResponse: (ctx, response) =>
        nonAsciiFilter(ctx) && response.status === 200
          ? { ...response, json: { ...(response.json as object), totalResults: 0, Resources: [] } }
          : response,
    },
  });
  expect(check.status).toBe("errored");
  expect(check.reason).toMatch(/userName eq with the userName as created does not find the user/);
  expect(failing.filter((f) => f.ruleId === FILTER && f.severity === "error")).toEqual([]);
});
