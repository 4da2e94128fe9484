/**
 * Entra ID's group PATCH bodies (dossier ../shared/docs/idp-behaviour.md §1.6, §1.7, B4, B6) and JumpCloud's
 * member removal [J7]: tolerant mode gives the RFC result and names the rule; strict mode is RFC-literal.
 */
import { expect, it } from "vitest";
import { applyPatch } from "./patch-apply.ts";
import type { PatchMode } from "./patch-apply.ts";
import { deepFreeze, patchBody } from "./rfc-fixtures.ts";
import type { ResourceTypeSchemas } from "./schema-types.ts";
import { GROUP_RESOURCE_TYPE, SCHEMA_GROUP } from "./schemas.ts";

type Resource = Readonly<Record<string, unknown>>;
const body = patchBody;
const run = (resource: Resource, request: unknown, mode: PatchMode, type: ResourceTypeSchemas) =>
  applyPatch(resource, request, type, { mode });

// A group as Entra created it (§1.6.1), with members added by PATCH (§1.6.4).
const group = (...ids: string[]) =>
  deepFreeze({
    schemas: [SCHEMA_GROUP],
    id: "40734ae655284ad3abcc",
    displayName: "displayName",
    members: ids.map((value) => ({ value })),
  });

it("group add members, doc and captured forms [S1] [C4]", () => {
  const entra = body({ op: "Add", path: "members", value: [{ $ref: null, value: "f648f8d5ea4e4cd38e9c" }] });
  const expected = group("u1", "f648f8d5ea4e4cd38e9c");
  expect(run(group("u1"), entra, "tolerant", GROUP_RESOURCE_TYPE)).toEqual({
    resource: expected,
    changed: true,
    tolerated: ["capitalised-op"],
  });
  const rfc = body({ op: "add", path: "members", value: [{ value: "f648f8d5ea4e4cd38e9c" }] });
  expect(run(group("u1"), rfc, "strict", GROUP_RESOURCE_TYPE).resource).toEqual(expected);
});

it("group remove member without a filter removes only the listed one in tolerant mode [S2] [C5] (B4)", () => {
  const entra = body({ op: "Remove", path: "members", value: [{ value: "u1091" }] });
  const result = run(group("u1091", "u2000"), entra, "tolerant", GROUP_RESOURCE_TYPE);
  expect(result).toEqual({
    resource: group("u2000"),
    changed: true,
    tolerated: ["capitalised-op", "members-value-array-remove"],
  });
  const withRef = body({ op: "Remove", path: "members", value: [{ $ref: null, value: "u1091" }] }); // [S1] variant
  expect(run(group("u1091", "u2000"), withRef, "tolerant", GROUP_RESOURCE_TYPE).resource).toEqual(
    group("u2000"),
  );
  const rfc = body({ op: "remove", path: 'members[value eq "u1091"]' }); // the aadOptscim062020 form
  expect(run(group("u1091", "u2000"), rfc, "strict", GROUP_RESOURCE_TYPE).resource).toEqual(group("u2000"));
});

it("the same lower-case remove (JumpCloud [J7]) empties the group in strict, RFC-literal mode: the B4 trap", () => {
  const jumpcloud = body({ op: "remove", path: "members", value: [{ value: "u1091" }] });
  const tolerant = run(group("u1091", "u2000"), jumpcloud, "tolerant", GROUP_RESOURCE_TYPE);
  expect(tolerant).toEqual({
    resource: group("u2000"),
    changed: true,
    tolerated: ["members-value-array-remove"],
  });
  const strict = run(group("u1091", "u2000"), jumpcloud, "strict", GROUP_RESOURCE_TYPE);
  expect(strict.resource).toEqual({
    schemas: [SCHEMA_GROUP],
    id: "40734ae655284ad3abcc",
    displayName: "displayName",
  });
  expect(strict.tolerated).toEqual([]);
});

it("group rename, path and path-less forms, never touches members §1.6.3 (B6)", () => {
  const renamed = {
    ...group("u1", "u2"),
    displayName: "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName",
  };
  const entra = body({ op: "Replace", path: "displayName", value: renamed.displayName });
  expect(run(group("u1", "u2"), entra, "tolerant", GROUP_RESOURCE_TYPE).resource).toEqual(renamed);
  const pathless = body({ op: "replace", value: { displayName: renamed.displayName } });
  expect(run(group("u1", "u2"), pathless, "strict", GROUP_RESOURCE_TYPE).resource).toEqual(renamed);
});
