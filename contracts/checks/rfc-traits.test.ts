/**
 * Issue #14, classes 1, 3, 4 and 5: servers that are RFC-correct but narrower than the fake (eq-only
 * filters, unique emails, a readOnly displayName) pass the contract suite. Only checks whose subject is
 * the missing feature are not applicable, with the RFC sentence that allows it; nothing fails or errors.
 */
import { expect, it } from "vitest";
import { displayNameReadOnly } from "../../fakes/quirks/displayname-readonly.ts";
import { filterEqOnly } from "../../fakes/quirks/filter-eq-only.ts";
import { uniqueEmails } from "../../fakes/quirks/unique-emails.ts";
import { startBrokenTarget } from "../test-support/broken-target.ts";
import type { Breakage } from "../test-support/broken-target.ts";
import { runContractSuite } from "./run-contract-suite.ts";

/**
 * Optional features the generic fake does not advertise, what it does not have (a required schema
 * extension, an immutable User attribute, a PATCH of "schemas", /Me), and its filter.maxResults 200 that a
 * run does not exceed, as in run-contract-suite.test.ts.
 */
const UNADVERTISED = [
  "rfc7644.bulk.",
  "rfc7644.sort.",
  "rfc7644.change-password.",
  "rfc7644.error.bulk-",
  "rfc7644.error.filter-too-many",
  "rfc7643.resource.required-extension",
  "rfc7643.resource.immutable-kept",
  "rfc7644.patch.schemas-change-seen",
  "rfc7644.me.location",
  "rfc7644.search.sort-by",
];

async function suiteOn(breakage: Breakage) {
  const target = await startBrokenTarget(breakage);
  try {
    return await runContractSuite({ target, timeoutMs: 5_000, runId: "trait" });
  } finally {
    await target.stop();
  }
}

const byStatus = (result: Awaited<ReturnType<typeof suiteOn>>, status: string) =>
  result.checks.filter((c) => c.status === status).map((c) => c.id);
const ownNotApplicable = (result: Awaited<ReturnType<typeof suiteOn>>) =>
  result.checks.filter((c) => c.status === "notApplicable" && !UNADVERTISED.some((p) => c.id.startsWith(p)));

it("an eq-only server: no check fails; the checks of other operators are not applicable (RFC 7644 §3.12)", async () => {
  const result = await suiteOn({ broken: "supports only eq filters", quirks: [filterEqOnly] });
  expect(byStatus(result, "failed")).toEqual([]);
  expect(byStatus(result, "errored")).toEqual([]);
  const na = ownNotApplicable(result);
  // The subjects eq-only lacks; paging, sorting and the eq checks run (scoped by an or of userName eq).
  expect(na.map((c) => c.id).sort()).toEqual(
    [
      "rfc7644.filter.co",
      "rfc7644.filter.ew",
      "rfc7644.filter.ne",
      "rfc7644.filter.nested-grouping",
      "rfc7644.filter.not",
      "rfc7644.filter.ordering",
      "rfc7644.filter.pr",
      "rfc7644.filter.sw",
      "rfc7644.filter.value-path",
    ].filter((id) => result.checks.some((c) => c.id === id)),
  );
  for (const c of na) expect(c.reason).toMatch(/400 invalidFilter.*RFC 7644 §3\.12/);
  for (const id of [
    "rfc7644.list.start-index-one-based",
    "rfc7644.list.count-limits-page",
    "rfc7644.filter.eq",
  ])
    expect(result.checks.find((c) => c.id === id)?.status).toBe("passed");
  expect(result.findings.filter((f) => f.severity !== "info").map((f) => f.ruleId)).toEqual([]);
}, 60_000);

it("a unique-emails server: every check runs (no 409 from reused literal values); only the IdP rule apart fails", async () => {
  const result = await suiteOn({ broken: "keeps emails unique", quirks: [uniqueEmails] });
  expect(byStatus(result, "errored")).toEqual([]);
  // RFC 7643 §7 allows the uniqueness; the IdP constraint is its own rule, a warning.
  expect(byStatus(result, "failed")).toEqual(["idp.emails-shared"]);
  expect(result.findings.filter((f) => f.ruleId === "idp.emails-shared").map((f) => f.severity)).toEqual([
    "warning",
  ]);
  expect(ownNotApplicable(result)).toEqual([]);
}, 60_000);

it("a readOnly-displayName server: no RFC check fails; the IdP impact is a finding apart", async () => {
  const result = await suiteOn({ broken: "declares displayName readOnly", quirks: [displayNameReadOnly] });
  expect(byStatus(result, "errored")).toEqual([]);
  expect(byStatus(result, "failed")).toEqual([]);
  expect(ownNotApplicable(result)).toEqual([]);
  const rfc = result.findings.filter((f) => f.ruleId.startsWith("rfc") && f.severity !== "info");
  expect(rfc).toEqual([]);
  const apart = result.findings.filter((f) => f.ruleId === "idp.displayName-writable");
  expect(apart.length).toBeGreaterThan(0);
  expect(apart.every((f) => f.severity === "warning" && f.evidence?.includes("[S1]"))).toBe(true);
}, 60_000);

it("uniqueId: the same run id gives the same requests", async () => {
  const paths = async () => {
    const target = await startBrokenTarget();
    try {
      const result = await runContractSuite({
        target,
        timeoutMs: 5_000,
        runId: "same",
        only: ["rfc7644.get.unknown-id-404"],
        concurrency: 1,
      });
      return result.exchanges.map((e) => `${e.request.method} ${new URL(e.request.url).pathname}`);
    } finally {
      await target.stop();
    }
  };
  const first = await paths();
  expect(first.some((p) => /\/Users\/[0-9a-f]{8}-[0-9a-f]{4}-4/.test(p))).toBe(true);
  expect(await paths()).toEqual(first);
});
