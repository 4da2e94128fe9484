/** The PATCH oracle returns every answer RFC 7644 allows, each reading with its RFC sentence. */
import { describe, expect, it } from "vitest";
import { applyPatch, PATCH_CHOICES } from "./patch-apply.ts";
import { allowedPatchOutcomes, describeOutcomes } from "./patch-oracle.ts";
import type { AllowedPatchOutcome } from "./patch-oracle.ts";
import { RFC_FULL_USER, RFC_GROUP, deepFreeze, patchBody } from "./rfc-fixtures.ts";
import { GROUP_RESOURCE_TYPE, SCHEMA_USER, USER_RESOURCE_TYPE } from "./schemas.ts";

const WORK = { value: "bjensen@example.com", type: "work" };
const user = deepFreeze({ schemas: [SCHEMA_USER], id: "u1", userName: "bjensen", emails: [WORK] });
const bare = deepFreeze({ schemas: [SCHEMA_USER], id: "u2", userName: "bare" });

/** `"ok"` with the resource, or `"400 noTarget"`, per outcome, in the oracle's order. */
const shapes = (outcomes: AllowedPatchOutcome[]) =>
  outcomes.map((o) => (o.kind === "ok" ? { ok: o.resource } : `${o.status} ${o.scimType}`));

/** The same outcomes in any order (the oracle lists the core's preferred reading first, then the others). */
const expectOutcomes = (outcomes: AllowedPatchOutcome[], expected: unknown[]) => {
  expect(shapes(outcomes)).toHaveLength(expected.length);
  expect(shapes(outcomes)).toEqual(expect.arrayContaining(expected));
};

const allowed = (resource: Record<string, unknown>, mode: "strict" | "tolerant", ...ops: unknown[]) =>
  allowedPatchOutcomes(resource, patchBody(...ops), USER_RESOURCE_TYPE, { mode });

describe("remove on a value filter that matches nothing (RFC 7644 §3.5.2.2 has no noTarget rule)", () => {
  const op = { op: "remove", path: 'emails[type eq "home"]' };

  it("allows 400 noTarget (§3.12) and success without change, in both modes", () => {
    expectOutcomes(allowed(user, "tolerant", op), ["400 noTarget", { ok: user }]);
    expectOutcomes(allowed(user, "strict", op), ["400 noTarget", { ok: user }, "400 invalidFilter"]);
    const both = allowed(user, "tolerant", op);
    const noTarget = both.find((o) => o.kind === "error");
    const unchanged = both.find((o) => o.kind === "ok");
    expect(noTarget!.readings).toEqual([
      {
        choice: "remove-filter-no-match",
        reading: "noTarget",
        rfc: expect.stringContaining("RFC 7644 §3.12"),
      },
    ]);
    expect(unchanged!.readings[0]!.rfc).toContain("RFC 7644 §3.5.2.2");
  });

  it("takes one reading per request, as a consistent server: no mix of noTarget and success", () => {
    const twice = allowed(user, "tolerant", op, { op: "remove", path: 'emails[type eq "other"]' });
    expectOutcomes(twice, ["400 noTarget", { ok: user }]);
  });

  it("a filter that matches leaves one answer in tolerant mode: the value is removed", () => {
    const { emails: _e, ...noEmails } = user;
    expectOutcomes(allowed(user, "tolerant", { op: "remove", path: 'emails[type eq "work"]' }), [
      { ok: noEmails },
    ]);
  });

  it("applyPatch takes noTarget unless the server prefers the other reading", () => {
    expect(() => applyPatch(user, patchBody(op), USER_RESOURCE_TYPE)).toThrow(/matches no value/);
    const lenient = applyPatch(user, patchBody(op), USER_RESOURCE_TYPE, {
      readings: { "remove-filter-no-match": "unchanged" },
    });
    expect(lenient).toEqual({ resource: user, changed: false, tolerated: [] });
  });
});

describe("add and replace on a value filter that matches nothing", () => {
  const replace = { op: "replace", path: 'emails[type eq "home"].value', value: "h@x.org" };
  const add = { op: "add", path: 'emails[type eq "home"].value', value: "h@x.org" };
  const upserted = { ...user, emails: [WORK, { type: "home", value: "h@x.org" }] };

  it("strict replace when other values exist: only noTarget (§3.5.2.3 SHALL), or invalidFilter", () => {
    expectOutcomes(allowed(user, "strict", replace), ["400 noTarget", "400 invalidFilter"]);
  });

  it("strict replace when the attribute has no value: noTarget or treated as an add (§3.5.2.3)", () => {
    expectOutcomes(allowed(bare, "strict", replace), [
      "400 noTarget",
      { ok: { ...bare, emails: [{ type: "home", value: "h@x.org" }] } },
      "400 invalidFilter",
    ]);
  });

  it("strict add: noTarget (§3.12) or the value added (§3.5.2.1)", () => {
    expectOutcomes(allowed(user, "strict", add), ["400 noTarget", { ok: upserted }, "400 invalidFilter"]);
  });

  it("tolerant mode: the upsert Entra expects [C14] (B10) where the attribute has no value", () => {
    expectOutcomes(allowed(bare, "tolerant", replace), [
      { ok: { ...bare, emails: [{ type: "home", value: "h@x.org" }] } },
    ]);
    expect(allowed(bare, "tolerant", replace)[0]).toMatchObject({
      tolerated: ["replace-filter-no-match-adds"],
    });
    expectOutcomes(allowed(user, "tolerant", add), [{ ok: upserted }]);
  });

  it("tolerant mode: a replace while other values exist answers noTarget, as §3.5.2.3 requires", () => {
    expectOutcomes(allowed(user, "tolerant", replace), ["400 noTarget"]);
  });
});

describe("readOnly attributes inside a value", () => {
  it("path-less: ignored (RFC 7643 §2.2) or 400 mutability (RFC 7644 §3.5.2)", () => {
    const op = { op: "replace", value: { id: "other", displayName: "Babs" } };
    expectOutcomes(allowed(user, "tolerant", op), [
      { ok: { ...user, displayName: "Babs" } },
      "400 mutability",
    ]);
  });

  it("a readOnly sub-attribute of a complex value (manager.displayName) is the same choice", () => {
    const ent = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    const op = { op: "add", path: `${ent}:manager`, value: { value: "m1", displayName: "Boss" } };
    const outcomes = shapes(allowed(user, "strict", op));
    expect(outcomes).toHaveLength(2);
    expect(outcomes[0]).toMatchObject({ ok: { [ent]: { manager: { value: "m1" } } } });
    expect(outcomes[1]).toBe("400 mutability");
  });

  it("a path that names a readOnly attribute has one answer: 400 mutability (§3.5.2 SHALL)", () => {
    expectOutcomes(allowed(user, "strict", { op: "replace", path: "id", value: "x" }), ["400 mutability"]);
  });
});

it("removing a required attribute: invalidValue (§3.12) or mutability (§3.5.2.2)", () => {
  expectOutcomes(allowed(user, "strict", { op: "remove", path: "userName" }), [
    "400 invalidValue",
    "400 mutability",
  ]);
});

it("a request with no choice point has exactly the answer of applyPatch", () => {
  const op = { op: "replace", path: "displayName", value: "Babs" };
  const outcomes = allowed(RFC_FULL_USER, "strict", op);
  expect(outcomes).toHaveLength(1);
  expect(outcomes[0]).toMatchObject({
    kind: "ok",
    resource: applyPatch(RFC_FULL_USER, patchBody(op), USER_RESOURCE_TYPE).resource,
    readings: [],
  });
  expectOutcomes(allowed(user, "strict", { op: "replace", path: "nosuch", value: 1 }), ["400 invalidPath"]);
});

it("groups: remove of a member that is not there", () => {
  const outcomes = allowedPatchOutcomes(
    RFC_GROUP,
    patchBody({ op: "remove", path: 'members[value eq "nobody"]' }),
    GROUP_RESOURCE_TYPE,
    { mode: "tolerant" },
  );
  expectOutcomes(outcomes, ["400 noTarget", { ok: RFC_GROUP }]);
  expect(describeOutcomes(outcomes)).toBe(
    "400 noTarget (remove-filter-no-match=noTarget) | success (remove-filter-no-match=unchanged)",
  );
});

it("every reading names its RFC section", () => {
  for (const choice of Object.values(PATCH_CHOICES))
    for (const text of Object.values(choice.readings)) expect(text).toMatch(/RFC 764[34] §\d/);
});

it("refuses to explore more combinations than maxBranches", () => {
  const op = { op: "remove", path: 'emails[type eq "home"]' };
  expect(() =>
    allowedPatchOutcomes(user, patchBody(op), USER_RESOURCE_TYPE, { mode: "strict", maxBranches: 2 }),
  ).toThrow(/more than 2 combinations/);
});

describe("add of a value the attribute already holds (RFC 7644 §3.5.2.1: no change SHOULD be made)", () => {
  it("allows the merge and a second entry, and nothing else", () => {
    const op = { op: "add", path: "emails", value: [{ value: WORK.value }] };
    const merged = { ...user, emails: [WORK] };
    const appended = { ...user, emails: [WORK, { value: WORK.value }] };
    expectOutcomes(allowed(user, "tolerant", op), [{ ok: merged }, { ok: appended }]);
    // A different value is added under either reading.
    const other = { op: "add", path: "emails", value: [{ value: "other@example.com" }] };
    expectOutcomes(allowed(user, "tolerant", other), [
      { ok: { ...user, emails: [WORK, { value: "other@example.com" }] } },
    ]);
  });
});
