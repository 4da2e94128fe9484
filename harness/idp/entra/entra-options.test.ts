import { expect, it } from "vitest";
import { ConfigurationError } from "../../errors.ts";
import { parseEntraOptions, resolveEntraOptions } from "./entra-options.ts";
import { entraModel } from "./entra-model.ts";

it("defaults: no flag, userName matching, plus encoding, variant a, probe on, group probe and manager off", () => {
  expect(resolveEntraOptions({})).toEqual({
    aadOptscim062020: false,
    matching: "userName",
    filterEncoding: "plus",
    disableVariant: "a",
    groupProbe: false,
    probeBeforeActivity: true,
    manager: false,
    parallelMembership: false,
    mapping: "default",
  });
});

it("mapping: a seed-app preset or an explicit list of supported targets", () => {
  expect(parseEntraOptions({ mapping: "cerby" }).mapping).toEqual([
    "userName",
    "active",
    'emails[type eq "work"].value',
    "name.givenName",
    "name.familyName",
    "externalId",
  ]);
  expect(parseEntraOptions({ mapping: "userName, active" }).mapping).toEqual(["userName", "active"]);
  expect(resolveEntraOptions({ mapping: "kintone" }).mapping).toBe("kintone");
  expect(() => resolveEntraOptions({ mapping: "userName,nickName" })).toThrow(/unknown: nickName/);
});

it("the flag makes variant b the default disable (§1.7 [S2]); an explicit variant wins", () => {
  expect(parseEntraOptions({ aadOptscim062020: true }).disableVariant).toBe("b");
  expect(parseEntraOptions({ aadOptscim062020: true, disableVariant: "d" }).disableVariant).toBe("d");
});

it("matching is a precedence list", () => {
  expect(parseEntraOptions({ matching: "externalId,userName" }).matching).toEqual(["externalId", "userName"]);
});

it("resolving twice gives the same record", () => {
  const once = resolveEntraOptions({ matching: "userName,externalId", aadOptscim062020: true });
  expect(resolveEntraOptions(once)).toEqual(once);
});

it("rejects unknown options and bad values with ConfigurationError", () => {
  expect(() => resolveEntraOptions({ aadOptscim: true })).toThrow(ConfigurationError);
  expect(() => resolveEntraOptions({ matching: "mail" })).toThrow(/matching/);
  expect(() => resolveEntraOptions({ matching: "userName,userName" })).toThrow(/matching/);
  expect(() => resolveEntraOptions({ filterEncoding: "percent" })).toThrow(/filterEncoding/);
  expect(() => resolveEntraOptions({ disableVariant: "e" })).toThrow(/disableVariant/);
  expect(() => resolveEntraOptions({ manager: "yes" })).toThrow(/manager/);
});

it("provenance: disable evidence follows the variant; group steps are inferred only with the flag", () => {
  const plain = resolveEntraOptions({});
  const flag = resolveEntraOptions({ aadOptscim062020: true });
  expect(entraModel.provenance({ do: "disableUser", user: "a", variant: "d" }, plain)).toEqual({
    inferred: false,
    evidence: ["[C8]"],
  });
  expect(entraModel.provenance({ do: "disableUser", user: "a" }, flag).evidence).toEqual(["[S2]"]);
  expect(entraModel.provenance({ do: "addMembers", group: "g", users: ["a"] }, plain).inferred).toBe(false);
  expect(entraModel.provenance({ do: "addMembers", group: "g", users: ["a"] }, flag).inferred).toBe(true);
  expect(entraModel.provenance({ do: "removeMembers", group: "g", users: ["a"] }, flag).inferred).toBe(false);
});
