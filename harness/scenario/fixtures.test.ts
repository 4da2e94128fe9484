import { expect, it } from "vitest";
import { buildDirectory, variantExternalId } from "./fixtures.ts";
import { parseScenario } from "./load-scenario.ts";

const scenario = (idp: string) =>
  parseScenario(
    `id: t/x\ntitle: t\nidp: ${idp}\ngiven:\n  users:\n    alice: {}\n    bob: { externalId: fixed-1 }\n  groups:\n    eng: {}\nsteps:\n  - do: runCycle\n`,
    "t.yaml",
  );

it("generated externalIds differ between variants run side by side (regression: Entra matched another variant's user)", () => {
  const a = buildDirectory(scenario("entra"), {}, { runPrefix: "scimh-r1-1", seed: 7 });
  const b = buildDirectory(scenario("entra"), {}, { runPrefix: "scimh-r1-2", seed: 7 });
  expect(a.users.get("alice")?.source.externalId).not.toBe(b.users.get("alice")?.source.externalId);
  expect(a.groups.get("eng")?.externalId).not.toBe(b.groups.get("eng")?.externalId);
});

it("generated externalIds are stable for a pinned seed and run prefix, and explicit ones are kept", () => {
  const a = buildDirectory(scenario("entra"), {}, { runPrefix: "scimh-r1-1", seed: 7 });
  const b = buildDirectory(scenario("entra"), {}, { runPrefix: "scimh-r1-1", seed: 7 });
  expect(a.users.get("alice")?.source.externalId).toBe(b.users.get("alice")?.source.externalId);
  expect(a.users.get("bob")?.source.externalId).toBe("fixed-1");
});

it("externalIds look like Entra's UUIDs and JumpCloud's 24-hex object ids [J6]", () => {
  expect(variantExternalId("entra", 1, "p", "k")).toMatch(
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  expect(variantExternalId("jumpcloud", 1, "p", "k")).toMatch(/^[0-9a-f]{24}$/);
  const jc = buildDirectory(scenario("jumpcloud"), {}, { runPrefix: "p", seed: 1 });
  expect(jc.users.get("alice")?.source.externalId).toMatch(/^[0-9a-f]{24}$/);
});
