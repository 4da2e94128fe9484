import { expect, it } from "vitest";
import { findingFingerprint, locatedFindings, normaliseMessage } from "./finding-fingerprint.ts";
import { fullFixtureReport } from "./report.fixtures.ts";

it("normalises run prefixes, uuids, timestamps, origins, 24-hex ids and durations", () => {
  expect(
    normaliseMessage(
      "GET http://127.0.0.1:41234/scim/v2/Users/3F0C2A9E-1B7D-4C55-9A0E-1D2C3B4A5F60 for scimh-a1b2c3-2-x-alice%40example.com\n" +
        "at 2025-11-23T10:00:00.000Z took  812ms (jc 5f1b2c3d4e5f60718293a4b5)",
    ),
  ).toBe("GET <origin>/scim/v2/Users/<uuid> for scimh-* at <time> took <duration> (jc <hex>)");
});

it("keeps the words that make two findings different", () => {
  expect(normaliseMessage("active stayed true")).not.toBe(normaliseMessage("active stayed false"));
});

it("locates findings: run, steps with index and action, scenario level, properties", () => {
  const report = fullFixtureReport();
  report.properties![1]!.findings.push({
    id: "p1",
    ruleId: "prop",
    severity: "error",
    title: "t",
    message: "m",
    exchangeIds: [],
  });
  expect(locatedFindings(report).map((l) => [l.finding.id, l.scenarioId, l.where])).toEqual([
    ["f4", undefined, "run"],
    ["f1", "entra-disable-user", "step 1:disableUser"],
    ["f2", "entra-disable-user", "step 1:disableUser"],
    ["f3", "entra-get-user", "scenario"],
    ["p1", undefined, "property patch-idempotent"],
  ]);
});

it("fingerprints as rule | scenario | variant | where | normalised message", () => {
  const [, f1] = locatedFindings(fullFixtureReport());
  expect(findingFingerprint(f1!)).toBe(
    'patch-active-boolean | entra-disable-user | default | step 1:disableUser | After {"op":"Replace","path":"active","value":"False"} the user is still active.',
  );
});
