import { expect, it } from "vitest";
import type { ScimClient } from "../../harness/http/scim-client.ts";
import { diffResources, normalise, witnessSteps } from "./resource-diff.ts";
import { ScenarioRecorder } from "./scenario-recorder.ts";

it("normalises as RFC 7643 allows: key case, unassigned values, multi-valued order, primary false, server attributes", () => {
  expect(
    normalise({
      id: "1",
      meta: { version: "W/1" },
      schemas: ["urn:x"],
      groups: [{ value: "g" }],
      DisplayName: "Zoë",
      title: "",
      nickName: null,
      phoneNumbers: [],
      name: { givenName: "A", middleName: null },
      emails: [
        { value: "b@x", type: "home", primary: false },
        { value: "a@x", primary: true },
      ],
    }),
  ).toEqual({
    displayname: "Zoë",
    name: { givenname: "A" },
    emails: [
      { primary: true, value: "a@x" },
      { type: "home", value: "b@x" },
    ],
  });
});

it("counts a repeated equal value once (RFC 7644 §3.5.2.1: SHOULD change nothing), but not a different one", () => {
  const one = { emails: [{ value: "x.y@example.com" }] };
  const twice = { emails: [{ value: "x.y@example.com" }, { value: "X.y@example.com".toLowerCase() }] };
  expect(diffResources(one, twice)).toEqual([]);
  expect(
    diffResources(one, { emails: [{ value: "x.y@example.com" }, { value: "z@example.com" }] }),
  ).not.toEqual([]);
});

it("diffs top-level attributes and keeps their spelling", () => {
  const diffs = diffResources(
    { displayName: "B", title: "T", emails: [{ value: "a@x" }] },
    { displayName: "A", emails: [{ value: "a@x" }], active: true },
  );
  expect(diffs.map((d) => [d.name, d.expected, d.actual])).toEqual([
    ["displayName", "B", "A"],
    ["title", "T", undefined],
    ["active", undefined, true],
  ]);
  expect(
    diffResources(
      { emails: [{ value: "a", type: "w" }, { value: "b" }] },
      {
        EMAILS: [
          { value: "b", primary: false },
          { type: "w", value: "a" },
        ],
      },
    ),
  ).toEqual([]);
});

it("writes witness steps that pin the expected values for a replay", () => {
  const recorder = new ScenarioRecorder({} as ScimClient, "p-");
  const diffs = diffResources(
    { displayName: "B", name: { givenName: "G" }, emails: [{ value: "a@x", type: "work" }] },
    { displayName: "A", title: "T", name: { givenName: "G", familyName: "F" }, emails: [{ value: "b@x" }] },
  );
  witnessSteps(recorder, "Users", "id-1", diffs);
  expect(
    recorder.steps.map((s) => [s.method, decodeURIComponent(s.path.replaceAll("+", " ")), s.expect?.body]),
  ).toEqual([
    [
      "GET",
      '/Users?filter=id eq "id-1" and emails[type eq "work" and value eq "a@x"]',
      { "/totalResults": 1 },
    ],
    [
      "GET",
      '/Users?filter=id eq "id-1" and emails[value eq "b@x" and not (type pr)]',
      { "/totalResults": 0 },
    ],
    ["GET", '/Users?filter=id eq "id-1" and name.familyName pr', { "/totalResults": 0 }],
    ["GET", '/Users?filter=id eq "id-1" and title pr', { "/totalResults": 0 }],
    ["GET", "/Users/id-1", { "/displayName": "B" }],
  ]);
});

it("a key or value no filter can express never crashes the witness steps (issue #14 class 7)", () => {
  const recorder = new ScenarioRecorder({} as ScimClient, "p-");
  const diffs = diffResources(
    { emails: [{ value: "a@x", type: "work" }] },
    { "0:User:employeeNumber": "7", "bad key": { "x y": 1 }, emails: [{ value: "a@x", "we ird": "v" }] },
  );
  expect(() => witnessSteps(recorder, "Users", "id-1", diffs)).not.toThrow();
  const last = recorder.steps.at(-1)!;
  expect(last.title).toMatch(/^not pinned by the replay .*0:User:employeeNumber is unassigned/);
  expect(last.expect).toEqual({ status: [200] });
});

it("counts values equal but for primary once, primary (RFC 7643 §2.4: a server may fold a repeated (type, value))", () => {
  const twice = {
    emails: [
      { value: "a@x", type: "work" },
      { value: "a@x", type: "work", primary: true },
    ],
  };
  expect(diffResources(twice, { emails: [{ value: "a@x", type: "work", primary: true }] })).toEqual([]);
  expect(diffResources(twice, { emails: [{ value: "a@x", type: "work" }] })).toHaveLength(1);
});
