/**
 * IdP detection and Entra IdP-level steps on hand-made exchanges: the dialect shows in the PATCH forms, Okta
 * names itself, and a write the Entra model has no step for keeps the whole file raw.
 */
import { expect, it } from "vitest";
import type { Step } from "../scenario/scenario-schema.ts";
import type { HarExchange } from "./har-read.ts";
import { detectIdp, planEntraSteps } from "./har-idp.ts";
import { createPseudonymizer } from "./pseudonymizer.ts";

const ID = "0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9";
let n = 0;
const x = (method: HarExchange["method"], path: string, status: number, body?: object, response?: object) =>
  ({
    index: n++,
    method,
    path,
    endpoint: /^\/(\w+)/.exec(path)![1]!,
    headers: {},
    status,
    ...(body ? { body: JSON.stringify(body) } : {}),
    ...(response ? { responseBody: JSON.stringify(response) } : {}),
  }) satisfies HarExchange;
const pii = () => createPseudonymizer({ seed: 1, keep: false });
const create = x(
  "POST",
  "/Users",
  201,
  { userName: "a@contoso.com", name: { givenName: "Ann" } },
  { id: ID },
);

it("reads Entra's dialect from the PATCH forms and names what it saw", () => {
  const off = detectIdp([
    create,
    x("PATCH", `/Users/${ID}`, 204, { Operations: [{ op: "Replace", path: "active", value: "False" }] }),
  ]);
  expect(off).toMatchObject({ idp: "entra", inferred: true, known: true, aadOptscim062020: false });
  expect(off.summary).toMatch(/capitalised PATCH ops.*string booleans.*aadOptscim062020 off/);
  const probe = x("GET", `/Users?filter=userName+eq+%22${ID}%22`, 200, undefined, { totalResults: 0 });
  const on = detectIdp([
    probe,
    create,
    x("PATCH", `/Users/${ID}`, 204, { Operations: [{ op: "replace", path: "active", value: false }] }),
  ]);
  expect(on).toMatchObject({ idp: "entra", aadOptscim062020: true });
  const okta = detectIdp([{ ...create, headers: { "User-Agent": "Okta SCIM Client 1.0.0" } }]);
  expect(okta).toMatchObject({ idp: "okta", inferred: false, known: true });
  // Lower-case ops with booleans alone are any RFC client: not taken as Entra.
  expect(
    detectIdp([
      create,
      x("PATCH", `/Users/${ID}`, 204, { Operations: [{ op: "replace", path: "active", value: false }] }),
    ]),
  ).toMatchObject({ known: false });
});

it("plans assign + disable as IdP-level steps with the RFC-correct outcome, names pseudonymised", () => {
  const plan = planEntraSteps(
    [
      x("GET", '/Users?filter=userName+eq+"a%40contoso.com"', 200, undefined, { totalResults: 0 }),
      create,
      x("PATCH", `/Users/${ID}`, 200, {
        schemas: [],
        Operations: [{ op: "Replace", path: "active", value: "False" }],
      }),
    ],
    pii(),
  );
  expect(plan).toMatchObject({
    options: { disableVariant: "a" },
    planned: [
      { step: { do: "assignUser", user: "u1" } },
      {
        step: {
          do: "disableUser",
          user: "u1",
          expect: { status: [200, 204], state: [{ user: "u1", matches: "active eq false" }] },
        },
      },
    ],
  });
  expect("given" in plan && plan.given.users?.u1?.givenName).not.toBe("Ann");
});

it("keeps raw steps when a write has no IdP-level step", () => {
  const plan = planEntraSteps([create, x("PUT", `/Users/${ID}`, 200, { userName: "a@contoso.com" })], pii());
  expect(plan).toEqual({ reason: expect.stringMatching(/PUT \/Users\/\S+ has no Entra IdP-level step/) });
  // With the flag the model puts a simple replace in the path-less op (§1.7 [S2]): a path is another client.
  const patch = planEntraSteps(
    [create, x("PATCH", `/Users/${ID}`, 200, { Operations: [{ op: "replace", path: "title", value: "x" }] })],
    pii(),
  );
  expect(patch).toEqual({ reason: expect.stringMatching(/not the body the Entra model sends/) });
  const unmapped = planEntraSteps(
    [
      create,
      x("PATCH", `/Users/${ID}`, 200, { Operations: [{ op: "Replace", path: "nickName", value: "x" }] }),
    ],
    pii(),
  );
  expect(unmapped).toEqual({
    reason: expect.stringMatching(/changes nickName, which the Entra model does not map/),
  });
});

const BOSS = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
const GROUP = "4a3b2c1d-0e9f-4876-a543-210fedcba987";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const patch = (path: string, ...Operations: object[]) =>
  x("PATCH", path, 204, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations });
const steps = (plan: ReturnType<typeof planEntraSteps>): Step[] =>
  "planned" in plan ? plan.planned.map((p) => p.step) : [];
/** The updateUser step at `i`: its `set` and the filter it reads back. */
function update(plan: ReturnType<typeof planEntraSteps>, i: number) {
  const step = steps(plan)[i];
  if (step?.do !== "updateUser") throw new TypeError(`step ${i} is ${step?.do}, not updateUser`);
  return { set: step.set as Record<string, unknown>, matches: step.expect?.state?.[0]?.matches };
}

it("plans Entra's attribute updates in both dialects as updateUser, values pseudonymised, read back", () => {
  // §1.5.4: one op per attribute without the flag, the filtered e-mail path included.
  const off = planEntraSteps(
    [
      create,
      patch(
        `/Users/${ID}`,
        { op: "Replace", path: 'emails[type eq "work"].value', value: "updatedEmail@microsoft.com" },
        { op: "Replace", path: "name.familyName", value: "updatedFamilyName" },
      ),
    ],
    pii(),
  );
  expect(steps(off)[1]).toMatchObject({ do: "updateUser", user: "u1", expect: { status: [200, 204] } });
  const { set, matches: read } = update(off, 1);
  expect(Object.keys(set).sort()).toEqual(["email", "familyName"]);
  expect(JSON.stringify(set)).not.toMatch(/updated/i);
  expect(read).toBe(
    `emails[type eq "work" and value eq "\${runPrefix}-${set.email}"] and name.familyName eq "${set.familyName}"`,
  );
  expect(off).toMatchObject({ options: { aadOptscim062020: false } });

  // §1.7 [S2]: with the flag the simple replaces go in one path-less op with dotted and URN keys.
  const on = planEntraSteps(
    [
      create,
      patch(`/Users/${ID}`, {
        op: "replace",
        value: { title: "Lead", "name.givenName": "Zed", [`${ENTERPRISE}:department`]: "Research" },
      }),
    ],
    pii(),
  );
  expect(on).toMatchObject({
    options: { aadOptscim062020: true },
    planned: [{}, { step: { do: "updateUser", set: { title: "Lead", department: "Research" } } }],
  });
  const { matches } = update(on, 1);
  expect(matches).toMatch(
    new RegExp(`^title eq "Lead" and name.givenName eq "[^"]+" and ${ENTERPRISE}:department eq "Research"$`),
  );
  expect(matches).not.toContain("Zed");
});

it("an Add of an attribute the create lacked empties the fixture, so the replay adds it too (§1.5.4)", () => {
  const plan = planEntraSteps(
    [create, patch(`/Users/${ID}`, { op: "Add", path: `${ENTERPRISE}:department`, value: "Retail" })],
    pii(),
  );
  expect(plan).toMatchObject({
    given: { users: { u1: { department: "" } } },
    planned: [{}, { step: { do: "updateUser", set: { department: "Retail" } } }],
  });
});

it("plans the manager pass as updateUser with manager, a warning (grade C, B11)", () => {
  const boss = x("POST", "/Users", 201, { userName: "b@contoso.com" }, { id: BOSS });
  const plan = planEntraSteps(
    [
      create,
      boss,
      patch(`/Users/${ID}`, { op: "add", path: `${ENTERPRISE}:manager`, value: BOSS }),
      patch(`/Users/${ID}`, { op: "remove", path: `manager[value eq "${BOSS}"]` }),
    ],
    pii(),
  );
  expect(plan).toMatchObject({ options: { manager: true, aadOptscim062020: true } });
  expect(steps(plan)).toMatchObject([
    {},
    {},
    {
      do: "updateUser",
      set: { manager: "u2" },
      expect: {
        severity: "warning",
        state: [{ matches: `${ENTERPRISE}:manager.value eq "\${users.u2.id}"` }],
      },
    },
    {
      do: "updateUser",
      set: { manager: null },
      expect: { state: [{ matches: `not (${ENTERPRISE}:manager.value pr)` }] },
    },
  ]);
});

it("plans a rename and a member removal in either dialect, with the member set that should follow", () => {
  const boss = x("POST", "/Users", 201, { userName: "b@contoso.com" }, { id: BOSS });
  const group = x("POST", "/Groups", 201, { displayName: "Eng" }, { id: GROUP });
  const add = patch(`/Groups/${GROUP}`, {
    op: "Add",
    path: "members",
    value: [
      { $ref: null, value: ID },
      { $ref: null, value: BOSS },
    ],
  });
  const off = planEntraSteps(
    [
      create,
      boss,
      group,
      add,
      patch(`/Groups/${GROUP}`, { op: "Replace", path: "displayName", value: "Engineering" }),
      patch(`/Groups/${GROUP}`, { op: "Remove", path: "members", value: [{ value: BOSS }] }),
    ],
    pii(),
  );
  expect(steps(off)).toMatchObject([
    {},
    {},
    {},
    {},
    { do: "renameGroup", group: "g1", expect: { state: [{ group: "g1", members: ["u1", "u2"] }] } },
    {
      do: "removeMembers",
      group: "g1",
      users: ["u2"],
      expect: { state: [{ group: "g1", members: ["u1"] }] },
    },
  ]);
  const rename = steps(off)[4];
  expect(rename?.do === "renameGroup" && rename.to).toMatch(/^(?!Engineering$)\S/);
  const on = planEntraSteps(
    [
      create,
      boss,
      group,
      { ...add, body: add.body!.replace('"Add"', '"add"') },
      patch(`/Groups/${GROUP}`, { op: "remove", path: `members[value eq "${ID}"]` }),
    ],
    pii(),
  );
  expect(on).toMatchObject({ options: { aadOptscim062020: true } });
  expect(steps(on)).toMatchObject([
    {},
    {},
    {},
    {},
    { do: "removeMembers", users: ["u1"], expect: { state: [{ members: ["u2"] }] } },
  ]);
  // Both dialects in one recording: one replay cannot send both.
  const mixed = planEntraSteps(
    [
      create,
      boss,
      group,
      add,
      patch(`/Groups/${GROUP}`, { op: "remove", path: `members[value eq "${ID}"]` }),
    ],
    pii(),
  );
  expect(mixed).toEqual({ reason: expect.stringMatching(/both dialects/) });
});

it("keeps raw steps for group PATCH forms the Entra model does not send", () => {
  const group = x("POST", "/Groups", 201, { displayName: "Eng" }, { id: GROUP });
  // The path-less rename some SPs report (§1.6.3, B6): the model renames with a path.
  const pathless = planEntraSteps(
    [create, group, patch(`/Groups/${GROUP}`, { op: "Replace", value: { displayName: "Ops" } })],
    pii(),
  );
  expect(pathless).toEqual({
    reason: expect.stringMatching(/not a members Add .*, a rename or a member removal/),
  });
  // The tutorial's removal with "$ref": null (§1.6.5 [S1]): the model sends the [S2] [C5] form without it.
  const tutorial = planEntraSteps(
    [
      create,
      group,
      patch(`/Groups/${GROUP}`, { op: "Remove", path: "members", value: [{ $ref: null, value: ID }] }),
    ],
    pii(),
  );
  expect(tutorial).toEqual({
    reason: expect.stringMatching(/not the body the Entra model sends for it \(§1\.6\.5\)/),
  });
});

it("a disable followed by a re-read and re-enable is Entra's unassign and re-assign (E6, inferred)", () => {
  const disable = patch(`/Users/${ID}`, { op: "Replace", path: "active", value: "False" });
  const enable = patch(`/Users/${ID}`, { op: "Replace", path: "active", value: "True" });
  const read = x("GET", `/Users/${ID}`, 200, undefined, { id: ID });
  expect(steps(planEntraSteps([create, disable, read, enable], pii()))).toMatchObject([
    { do: "assignUser" },
    { do: "unassignUser", expect: { state: [{ user: "u1", exists: true, matches: "active eq false" }] } },
    { do: "assignUser", user: "u1", expect: { status: [200, 204], state: [{ matches: "active eq true" }] } },
  ]);
  // enableUser sends no read first: the same PATCHes without it are a disable and a re-enable.
  expect(steps(planEntraSteps([create, disable, enable], pii())).map((s) => s.do)).toEqual([
    "assignUser",
    "disableUser",
    "enableUser",
  ]);
});
