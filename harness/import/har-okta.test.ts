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
  membersPatchBody,
  mergedPutBody,
  OKTA_USER_AGENT,
  pagePath,
  userLookupPath,
} from "../idp/okta/okta-requests.ts";
import type { SourceUser } from "../idp/directory-state.ts";
import type { HarExchange } from "./har-read.ts";
import { planOktaSteps } from "./har-okta.ts";
import { createPseudonymizer } from "./pseudonymizer.ts";

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
