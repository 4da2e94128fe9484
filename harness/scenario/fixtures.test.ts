import { expect, it } from "vitest";
import { createValueSource } from "../session/value-source.ts";
import { buildDirectory, generatedExternalId, scopedStep } from "./fixtures.ts";
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

it("generated externalIds are stable for a pinned seed and run prefix, and explicit ones get the variant's prefix", () => {
  const a = buildDirectory(scenario("entra"), {}, { runPrefix: "scimh-r1-1", seed: 7 });
  const b = buildDirectory(scenario("entra"), {}, { runPrefix: "scimh-r1-1", seed: 7 });
  expect(a.users.get("alice")?.source.externalId).toBe(b.users.get("alice")?.source.externalId);
  expect(a.users.get("bob")?.source.externalId).toBe("scimh-r1-1-fixed-1");
});

it("externalIds look like Entra's UUIDs and JumpCloud's 24-hex object ids [J6]", () => {
  expect(generatedExternalId("entra", createValueSource(1, "p", "k"))).toMatch(
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  expect(generatedExternalId("jumpcloud", createValueSource(1, "p", "k"))).toMatch(/^[0-9a-f]{24}$/);
  const jc = buildDirectory(scenario("jumpcloud"), {}, { runPrefix: "p", seed: 1 });
  expect(jc.users.get("alice")?.source.externalId).toMatch(/^[0-9a-f]{24}$/);
});

const withValues = parseScenario(
  [
    "id: t/values",
    "title: t",
    "idp: entra",
    "given:",
    "  users:",
    "    alice: { email: alice@example.com, displayName: Alice A }",
    "    bob: {}",
    "steps:",
    "  - do: runCycle",
    "",
  ].join("\n"),
  "t.yaml",
);
const generated = (s: ReturnType<typeof buildDirectory>) =>
  [...s.users.values()].map(({ source }) => [
    source.externalId,
    source.givenName,
    source.familyName,
    source.title,
    source.employeeNumber,
    source.phone,
    s.values.uuid(),
  ]);

it("draws every generated value from the variant's source: same seed, prefix, scenario and variant → same values", () => {
  const context = { runPrefix: "scimh-same-1", seed: 42, variant: "aadOptscim062020=true" };
  expect(generated(buildDirectory(withValues, {}, context))).toEqual(
    generated(buildDirectory(withValues, {}, context)),
  );
  for (const other of [
    { ...context, seed: 43 },
    { ...context, runPrefix: "scimh-same-2" },
    { ...context, variant: "aadOptscim062020=false" },
  ]) {
    const a = generated(buildDirectory(withValues, {}, context));
    const b = generated(buildDirectory(withValues, {}, other));
    for (const [i, row] of a.entries()) {
      expect(row[0], `externalId of user ${i} with ${JSON.stringify(other)}`).not.toBe(b[i]![0]);
      expect(row.at(-1), "the model's first draw").not.toBe(b[i]!.at(-1));
    }
  }
});

it("scopes explicit emails and displayNames under the variant's run prefix, so side-by-side variants never share one", () => {
  const a = buildDirectory(withValues, {}, { runPrefix: "scimh-r1-1", seed: 7 });
  const b = buildDirectory(withValues, {}, { runPrefix: "scimh-r1-2", seed: 7 });
  expect(a.users.get("alice")?.source.email).toBe("scimh-r1-1-alice@example.com");
  expect(a.users.get("alice")?.source.displayName).toBe("scimh-r1-1-Alice A");
  for (const key of ["alice", "bob"]) {
    for (const field of ["userName", "email", "displayName", "externalId"] as const) {
      expect(a.users.get(key)?.source[field], `${key}.${field}`).not.toBe(b.users.get(key)?.source[field]);
    }
    for (const field of ["userName", "email", "displayName"] as const) {
      expect(a.users.get(key)?.source[field], `${key}.${field}`).toMatch(/^scimh-r1-1-/);
    }
  }
});

it("scopes an updateUser step's new email, displayName and externalId like the fixtures', and leaves the rest", () => {
  const state = buildDirectory(withValues, {}, { runPrefix: "scimh-r1-1", seed: 7 });
  const step = {
    do: "updateUser" as const,
    user: "alice",
    set: { email: "new@example.com", displayName: "New Name", externalId: "x-1", givenName: "Al" },
  };
  expect(scopedStep(step, state).set).toEqual({
    email: "scimh-r1-1-new@example.com",
    displayName: "scimh-r1-1-New Name",
    externalId: "scimh-r1-1-x-1",
    givenName: "Al",
  });
  expect(step.set.email, "the scenario's step is not modified").toBe("new@example.com");
  const other = { do: "assignUser" as const, user: "alice" };
  expect(scopedStep(other, state)).toBe(other);
});
