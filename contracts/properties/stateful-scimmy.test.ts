/**
 * The stateful property against SCIMMY, an independent SCIM server (contracts/test-support/scimmy-server.ts),
 * on several seeds: every invariant it checks must hold on an RFC-conforming server it was not written
 * against. The RFC dialect only (`idpTolerant: false`): SCIMMY's refusal of Entra's "False" strings is a
 * reviewed deviation of contracts/scimmy-deviations.yaml (B1), not a model question. So is SCIMMY's
 * case-sensitive userName filter (`rfc7644.filter.eq-case-insensitive-userName`): the property finds it
 * (first test), and runs every other invariant without userName case variants.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { UrlTarget } from "../../harness/targets/url-target.ts";
import type { StartedScimTarget } from "../../harness/targets/scim-target.ts";
import { startScimmyServer } from "../test-support/scimmy-server.ts";
import type { StartedScimmyServer } from "../test-support/scimmy-server.ts";
import { runProperty } from "./run-property.ts";
import { runStatefulProperty, STATEFUL_PROPERTY_EXACT_CASE } from "./stateful-property.ts";

let server: StartedScimmyServer;
let target: StartedScimTarget;

beforeAll(async () => {
  server = await startScimmyServer();
  target = await new UrlTarget(server.baseUrl).withToken(server.token).start();
}, 60_000);

afterAll(async () => {
  await target?.stop();
  await server?.stop();
});

const options = (seed: number) => ({
  target,
  seed,
  numRuns: 10,
  idpTolerant: false,
  timeLimitMs: 30_000,
  timeoutMs: 5_000,
});

it("finds SCIMMY's reviewed deviation: userName eq in another case finds nothing (caseExact false)", async () => {
  const result = await runStatefulProperty(options(1));
  expect(result.status).toBe("failed");
  expect(result.findings[0]!.title).toMatch(
    /querying u\d+ by userName in another case does not return exactly/,
  );
}, 60_000);

for (const seed of [1, 2, 3, 4]) {
  it(`holds every other invariant on SCIMMY (seed ${seed})`, async () => {
    const result = await runProperty(STATEFUL_PROPERTY_EXACT_CASE, options(seed));
    expect(result.findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect([result.status, result.numRuns]).toEqual(["passed", 10]);
  }, 60_000);
}
