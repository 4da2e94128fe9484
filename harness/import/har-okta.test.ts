/**
 * Okta IdP-level steps on hand-made exchanges in the Okta model's wire form (okta-requests.ts): the import
 * and the AIW forms are planned, the app kind follows the traffic, and every request that is not what the
 * model sends (a lookup that matched, a write without Okta's User-Agent, a membership PATCH without the
 * rename before it, both app kinds at once) leaves the recording raw, naming the request.
 */
import { expect, it } from "vitest";
import {
  activePatchBody,
  createUserBody,
  groupLookupPath,
  membersPatchBody,
  mergedPutBody,
  OKTA_USER_AGENT,
  pagePath,
  renamePatchBody,
  userLookupPath,
} from "../idp/okta/okta-requests.ts";
import type { SourceUser } from "../idp/directory-state.ts";
import type { HarExchange } from "./har-read.ts";
import { planOktaSteps } from "./har-okta.ts";
import { createPseudonymizer } from "./pseudonymizer.ts";
import { replayPlanOnFake } from "../record/record.test-support.ts";

const ID = "2819c223-7f76-453a-919d-413861904646";
const alice: SourceUser = {
  key: "alice",
  userName: "alice@example.com",
  externalId: "00u1",
  givenName: "Alice",
  familyName: "Smith",
  displayName: "Alice Smith",
  email: "alice@example.com",
  active: true,
};
const stored = { ...createUserBody(alice, "x"), id: ID, meta: { resourceType: "User" } };
delete (stored as { password?: unknown }).password;
const list = (n: number) =>
  JSON.stringify({
    schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
    totalResults: n,
    startIndex: 1,
    itemsPerPage: n,
    Resources: n === 0 ? [] : [stored],
  });

function exchanges(
  ...list: Array<[HarExchange["method"], string, unknown, number, string?, Record<string, string>?]>
): HarExchange[] {
  return list.map(([method, path, body, status, responseBody, headers], index) => ({
    index,
    method,
    path,
    endpoint: /^\/([^/?]+)/.exec(path)![1]!,
    headers: headers ?? { "User-Agent": OKTA_USER_AGENT },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    status,
    ...(responseBody !== undefined ? { responseBody } : {}),
  }));
}

const created = (): ReturnType<typeof exchanges> =>
  exchanges(
    ["GET", pagePath(1, 2), undefined, 200, list(0)],
    ["GET", pagePath(1), undefined, 200, list(0)],
    ["GET", userLookupPath(alice.userName), undefined, 200, list(0)],
    ["POST", "/Users", createUserBody(alice, "x"), 201, JSON.stringify(stored)],
  );
const plan = (xs: HarExchange[]) => planOktaSteps(xs, createPseudonymizer({ seed: 1 }));

it("plans the probe, the import and an AIW deactivation (GET, then PUT with active false)", () => {
  const put = mergedPutBody(stored, alice, false);
  const xs = [
    ...created(),
    ...exchanges(
      ["GET", `/Users/${ID}`, undefined, 200, JSON.stringify(stored)],
      ["PUT", `/Users/${ID}`, put, 200, JSON.stringify(put)],
    ).map((x, i) => ({ ...x, index: 4 + i })),
  ];
  const result = plan(xs);
  expect("planned" in result && result.planned.map((p) => p.step.do)).toEqual([
    "testConnection",
    "runCycle",
    "assignUser",
    "disableUser",
  ]);
  expect("planned" in result && result.options).toEqual({ appKind: "aiw" });
  expect("planned" in result && result.planned[3]!.step.expect).toEqual({
    status: [200],
    state: [{ user: "u1", matches: "active eq false" }],
  });
});

it("plans a user the lookup matched as an assign of an existing user (GET, then PUT of its profile)", () => {
  const [, , lookup] = created();
  const put = mergedPutBody(stored, { ...alice, familyName: "Jones" }, true);
  const xs = [
    { ...lookup!, index: 0, responseBody: list(1) },
    ...exchanges(
      ["GET", `/Users/${ID}`, undefined, 200, JSON.stringify(stored)],
      ["PUT", `/Users/${ID}`, put, 200, JSON.stringify(put)],
    ).map((x, i) => ({ ...x, index: 1 + i })),
  ];
  const result = plan(xs);
  if (!("planned" in result)) throw new Error(result.reason);
  expect(result.planned.map((p) => p.step)).toEqual([
    {
      do: "assignUser",
      user: "u1",
      title: "Assign u1: matched by userName, profile sent",
      expect: {
        status: [200],
        state: [{ user: "u1", matches: 'userName eq "${users.u1.userName}" and active eq true' }],
      },
    },
  ]);
  expect(result.given.users?.u1).toMatchObject({ existsInTarget: true });
});

it("replays both app kinds when the recording does not show which", () => {
  const result = plan(created());
  expect("planned" in result && result.options).toEqual({ appKind: ["oin", "aiw"] });
  expect("planned" in result && result.notes?.[0]).toMatch(/OIN and AIW are both replayed/);
});

it("stays raw, naming the request, when a request is not what the Okta model sends", () => {
  const reason = (xs: HarExchange[]) => {
    const result = plan(xs);
    return "reason" in result ? result.reason : "planned";
  };
  const [probe, page, lookup, create] = created();
  expect(reason([probe!, page!, { ...lookup!, responseBody: list(1) }, create!])).toBe(
    "entries[3] POST /Users creates a user its lookup matched (Okta sends the profile then [O1])",
  );
  expect(reason([probe!, page!, { ...lookup!, responseBody: list(1) }])).toBe(
    "the lookup of u1 matched a user, but no profile PUT followed [O1]",
  );
  const twice = JSON.stringify({ ...JSON.parse(list(1)), totalResults: 2 });
  expect(reason([probe!, page!, { ...lookup!, responseBody: twice }])).toBe(
    "entries[2] GET /Users found 2 (a user match the replay does not model)",
  );
  expect(reason([probe!, page!, lookup!, { ...create!, headers: {} }])).toBe(
    "entries[3] POST /Users is a write Okta did not send (no Okta User-Agent [O1])",
  );
  expect(
    reason([
      ...created(),
      ...exchanges(["PATCH", `/Users/${ID}`, activePatchBody(false), 204]).map((x) => ({ ...x, index: 4 })),
    ]),
  ).toBe("planned");
  const both = [
    ...created(),
    ...exchanges(
      ["PATCH", `/Users/${ID}`, activePatchBody(false), 204],
      ["GET", `/Users/${ID}`, undefined, 200, JSON.stringify({ ...stored, active: false })],
      ["PUT", `/Users/${ID}`, mergedPutBody({ ...stored, active: false }, alice, true), 200],
    ).map((x, i) => ({ ...x, index: 4 + i })),
  ];
  expect(reason(both)).toBe(
    "both app kinds show (OIN at entries[4] PATCH /Users/{id}, AIW at entries[6] PUT /Users/{id})",
  );
  const group = "e9e30dba-f08f-4109-8486-d5c6a331660a";
  const pushed = exchanges(
    [
      "POST",
      "/Groups",
      { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Eng", members: [] },
      201,
      JSON.stringify({ id: group }),
    ],
    ["PATCH", `/Groups/${group}`, membersPatchBody([{ value: ID, display: alice.userName }], [], false), 204],
  ).map((x, i) => ({ ...x, index: 4 + i }));
  expect(reason([...created(), ...pushed])).toBe(
    "entries[5] PATCH /Groups/{id} is a membership PATCH without Okta's rename before it [O1]",
  );
  expect(
    reason([...created(), { ...pushed[0]!, method: "DELETE", path: `/Users/${ID}`, endpoint: "Users" }]),
  ).toBe("entries[4] DELETE /Users/{id} deletes a user, which Okta never does (it deactivates [O1])");
});

it("plans a group the displayName lookup matched as an assign of an existing group [O8], its pushes as addMembers; replays green, red on an SP whose member add replaces (B7)", async () => {
  const BOB = "7d3e1b5a-2c4f-4e6a-9b8c-0d1e2f3a4b5c";
  const GROUP = "e9e30dba-f08f-4109-8486-d5c6a331660a";
  const bob: SourceUser = { ...alice, key: "bob", userName: "bob@example.com", email: "bob@example.com" };
  const bobStored = { ...createUserBody(bob, "x"), id: BOB, meta: { resourceType: "User" } };
  delete (bobStored as { password?: unknown }).password;
  const groupList = (members: unknown[]) =>
    JSON.stringify({ totalResults: 1, Resources: [{ id: GROUP, displayName: "Eng", members }] });
  type Row = Parameters<typeof exchanges>[0];
  const push = (user: SourceUser, id: string): Row[] => [
    ["PATCH", `/Groups/${GROUP}`, renamePatchBody(GROUP, "Eng"), 204],
    ["PATCH", `/Groups/${GROUP}`, membersPatchBody([{ value: id, display: user.userName }], [], false), 204],
  ];
  const recording = (members: unknown[]) =>
    [
      ...created().filter((x) => x.path !== pagePath(1)), // no import: the push's own lookup finds the group
      ...exchanges(
        ["GET", userLookupPath(bob.userName), undefined, 200, list(0)],
        ["POST", "/Users", createUserBody(bob, "x"), 201, JSON.stringify(bobStored)],
        ["GET", groupLookupPath("Eng"), undefined, 200, groupList(members)],
        ...push(alice, ID),
        ...push(bob, BOB),
      ),
    ].map((x, index) => ({ ...x, index }));
  const result = plan(recording([]));
  if (!("planned" in result)) throw new Error(result.reason);
  expect(result.planned.map((p) => p.step.do)).toEqual([
    "testConnection",
    "assignUser",
    "assignUser",
    "assignGroup",
    "addMembers",
    "addMembers",
  ]);
  expect(result.given.groups).toEqual({ g1: { existsInTarget: true } });
  expect(result.planned[3]!.step).toMatchObject({
    group: "g1",
    expect: { state: [{ group: "g1", exists: true, members: [] }] },
  });
  expect(result.planned[5]!.step).toMatchObject({
    users: ["u2"],
    expect: { status: [200, 204], state: [{ group: "g1", members: ["u1", "u2"] }] },
  });
  expect(result.options).toEqual({ appKind: "oin" });
  // A matched group that already has members on the SP: the replay cannot seed them, so it stays raw.
  const full = plan(recording([{ value: ID }]));
  expect("reason" in full && full.reason).toBe(
    "entries[5] GET /Groups matched a group that already has members (not modelled)",
  );

  const replay = async (quirks: string[]) => {
    const report = await replayPlanOnFake(result, "okta", quirks);
    const sent = report.scenarios.flatMap((s) => s.exchanges).map((e) => e.request);
    return {
      steps: report.scenarios.map((s) => s.steps.map((st) => st.status)),
      // Okta's own requests (the fixture's seeding sends none of its User-Agent).
      okta: sent
        .filter((r) => Object.values(r.headers).some((v) => v === OKTA_USER_AGENT))
        .map((r) => `${r.method} ${/\/Groups(\?filter|$)/.exec(r.url)?.[0] ?? ""}`)
        .filter((r) => r.endsWith("Groups") || r.endsWith("?filter")),
    };
  };
  // The replay's lookup matches the group the fixture put there: Okta links it and creates none [O8].
  expect(await replay([])).toEqual({ steps: [Array(6).fill("passed")], okta: ["GET /Groups?filter"] });
  expect((await replay(["members-add-replaces"])).steps[0]?.[5]).toBe("failed");
});
