import { expect, it } from "vitest";
import { ConfigurationError } from "../../errors.ts";
import { drivePlan, listResponse, reply, testState } from "../plan-driver.test-support.ts";
import { routes } from "../test-responders.test-support.ts";
import type { DirectoryState } from "../directory-state.ts";
import { oktaModel } from "./okta-model.ts";

const line = (r: { method: string; path: string }): string => `${r.method} ${r.path}`;
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** A well-behaved SP: empty lookups, ids from the userName, GET by id echoes a stored user. */
const api = routes(
  ["GET", /^\/(Users|Groups)\?filter/, reply(200, listResponse([]))],
  ["GET", /^\/Users\?startIndex/, reply(200, { ...listResponse([]), startIndex: 1, itemsPerPage: 0 })],
  [
    "GET",
    /^\/Users\/u-/,
    (r) =>
      reply(200, {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        id: r.path.slice(7),
        userName: "x",
        meta: { resourceType: "User" },
      }),
  ],
  [
    "POST",
    "/Users",
    (r) => reply(201, { id: `u-${String((r.body as { userName: string }).userName).split("@")[0]}` }),
  ],
  ["POST", "/Groups", reply(201, { id: "g-1" })],
  ["PUT", /^\/(Users|Groups)\//, (r) => reply(200, { ...(r.body as object) })],
  ["PATCH", /./, reply(204)],
  ["DELETE", /./, reply(204)],
);

function state(options: Record<string, string> = {}): DirectoryState {
  return testState(oktaModel, options, {
    users: { alice: {}, bob: {} },
    groups: { eng: { displayName: "Eng", members: ["alice"] } },
  });
}

/** Without groups, an import reads /Users only. */
const usersOnly = (): DirectoryState => testState(oktaModel, {}, { users: { alice: {}, bob: {} } });

it("every request carries User-Agent: Okta SCIM Client 1.0.0 [O1]; test connection is GET /Users?startIndex=1&count=2 [O2]", () => {
  const run = drivePlan(oktaModel, { do: "testConnection" }, state(), api);
  expect(run.requests.map(line)).toEqual(["GET /Users?startIndex=1&count=2"]);
  expect(run.requests[0]?.headers).toEqual({ "User-Agent": "Okta SCIM Client 1.0.0" });
  expect(run.findings).toEqual([]);
  const strings = drivePlan(
    oktaModel,
    { do: "testConnection" },
    state(),
    routes(["GET", /./, reply(200, { ...listResponse([]), totalResults: "0", startIndex: "1" })]),
  );
  expect(strings.findings.map((f) => f.ruleId)).toEqual(["okta.paging-integers"]);
});

it("assign: match by userName with startIndex=1&count=100, then POST with externalId, groups [] and a password [O1] [O4]", () => {
  const s = state();
  const run = drivePlan(oktaModel, { do: "assignUser", user: "alice" }, s, api);
  expect(run.requests.map(line)).toEqual([
    "GET /Users?filter=userName%20eq%20%22alice%40contoso.com%22&startIndex=1&count=100",
    "POST /Users",
  ]);
  expect(run.requests[1]?.body).toMatchObject({ externalId: "alice", groups: [], active: true });
  expect((run.requests[1]?.body as { password: unknown }).password).toMatch(/^[0-9a-f]{8}$/);
  expect(run.requests[1]?.main).toBe(true);
  expect(s.users.get("alice")?.targetId).toBe("u-alice");
  expect(s.users.get("alice")?.lastExported).not.toHaveProperty("password");
});

it("a lookup miss may be 404 [O1]; a 400 naming the password is okta.password-accepted", () => {
  const run = drivePlan(
    oktaModel,
    { do: "assignUser", user: "alice" },
    state(),
    routes(
      ["GET", /./, reply(404, { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "404" })],
      ["POST", "/Users", reply(400, { detail: "password does not meet the policy", status: "400" })],
    ),
  );
  expect(run.requests.map((r) => r.method)).toEqual(["GET", "POST"]);
  expect(run.findings.map((f) => [f.ruleId, f.severity])).toEqual([["okta.password-accepted", "error"]]);
});

it("a lookup hit is linked and gets its profile by GET then PUT, not a create [O1]", () => {
  const s = state();
  const hit = routes(
    ["GET", /^\/Users\?/, reply(200, listResponse([{ id: "u-77", userName: "alice@contoso.com" }]))],
    [
      "GET",
      "/Users/u-77",
      reply(200, { id: "u-77", userName: "alice@contoso.com", name: { middleName: "M" }, nickName: "al" }),
    ],
    ["PUT", "/Users/u-77", reply(200, { id: "u-77" })],
  );
  const run = drivePlan(oktaModel, { do: "assignUser", user: "alice" }, s, hit);
  expect(run.requests.map(line)).toEqual([
    "GET /Users?filter=userName%20eq%20%22alice%40contoso.com%22&startIndex=1&count=100",
    "GET /Users/u-77",
    "PUT /Users/u-77",
  ]);
  // The merge keeps what the SP holds and Okta does not map (nickName, name.middleName).
  expect(run.requests[2]?.body).toMatchObject({
    id: "u-77",
    nickName: "al",
    name: { middleName: "M", givenName: "alice-given", familyName: "alice-family" },
  });
});

it("update: GET then PUT; a GET answering a ListResponse is okta.get-user-resource and nothing is PUT", () => {
  const s = state();
  drivePlan(oktaModel, { do: "assignUser", user: "alice" }, s, api);
  const ok = drivePlan(oktaModel, { do: "updateUser", user: "alice", set: { title: "CTO" } }, s, api);
  expect(ok.requests.map(line)).toEqual(["GET /Users/u-alice", "PUT /Users/u-alice"]);
  expect(ok.requests[1]?.body).toMatchObject({ title: "CTO", meta: { resourceType: "User" } });
  const wrong = drivePlan(
    oktaModel,
    { do: "updateUser", user: "alice", set: { title: "CEO" } },
    s,
    routes(["GET", /./, reply(200, listResponse([{ id: "u-alice" }]))]),
  );
  expect(wrong.requests.map(line)).toEqual(["GET /Users/u-alice"]);
  expect(wrong.findings.map((f) => f.ruleId)).toEqual(["okta.get-user-resource"]);
  const noPut = drivePlan(
    oktaModel,
    { do: "updateUser", user: "alice", set: { title: "CFO" } },
    s,
    routes(["GET", /./, reply(200, { id: "u-alice" })], ["PUT", /./, reply(501)]),
  );
  expect(noPut.findings.map((f) => [f.ruleId, f.evidence])).toEqual([
    ["okta.put-supported", ["[O1]", "B15"]],
  ]);
});

it("deactivate: OIN PATCH replace value {active:false} without a path, 204 accepted; AIW GET + PUT [O1]", () => {
  const oin = state();
  drivePlan(oktaModel, { do: "assignUser", user: "alice" }, oin, api);
  const run = drivePlan(oktaModel, { do: "disableUser", user: "alice" }, oin, api);
  expect(run.requests.map(line)).toEqual(["PATCH /Users/u-alice"]);
  expect(run.requests[0]?.body).toEqual({
    schemas: [PATCH_OP],
    Operations: [{ op: "replace", value: { active: false } }],
  });
  expect(run.findings).toEqual([]);
  const aiw = state({ appKind: "aiw" });
  drivePlan(oktaModel, { do: "assignUser", user: "alice" }, aiw, api);
  const put = drivePlan(oktaModel, { do: "disableUser", user: "alice" }, aiw, api);
  expect(put.requests.map(line)).toEqual(["GET /Users/u-alice", "PUT /Users/u-alice"]);
  expect(put.requests[1]?.body).toMatchObject({ active: false });
  // Okta never DELETEs users.
  const del = drivePlan(oktaModel, { do: "deleteUser", user: "alice" }, oin, api);
  expect(del.requests.map((r) => r.method)).toEqual(["PATCH"]);
});

it("import pages by 100 while totalResults is higher [O1]; a user on two pages is okta.import-stable-order", () => {
  const users = Array.from({ length: 150 }, (_, i) => ({ id: `u-${i}`, userName: `n${i}` }));
  const page = (start: number, order: typeof users) =>
    reply(200, {
      ...listResponse(order.slice(start - 1, start + 99)),
      totalResults: 150,
      startIndex: start,
      itemsPerPage: 100,
    });
  const startOf = (path: string) => Number(/startIndex=(\d+)/.exec(path)?.[1]);
  const stable = drivePlan(oktaModel, { do: "runCycle" }, usersOnly(), (r) => page(startOf(r.path), users));
  expect(stable.requests.map(line)).toEqual([
    "GET /Users?startIndex=1&count=100",
    "GET /Users?startIndex=101&count=100",
  ]);
  expect(stable.findings).toEqual([]);
  const reversed = [...users].reverse();
  const unstable = drivePlan(oktaModel, { do: "runCycle" }, usersOnly(), (r) =>
    page(startOf(r.path), startOf(r.path) === 1 ? users : reversed),
  );
  expect(unstable.findings.map((f) => f.ruleId)).toEqual(["okta.import-stable-order"]);
  // A collection that grew between pages (another writer) is not judged: a note, no finding.
  const grown = drivePlan(oktaModel, { do: "runCycle" }, usersOnly(), (r) => {
    const start = startOf(r.path);
    const order = start === 1 ? users : [{ id: "u-new", userName: "new" }, ...users];
    return reply(200, {
      ...listResponse(order.slice(start - 1, start + 99)),
      totalResults: start === 1 ? 150 : 151,
    });
  });
  expect(grown.findings).toEqual([]);
  expect(grown.notes.join("\n")).toMatch(/totalResults changed between pages \(150 → 151\)/);
});

it("group push: POST {displayName, members: []}, then the rename and the add {value, display} without type [O1] [O6]", () => {
  const s = state();
  const run = drivePlan(oktaModel, { do: "assignGroup", group: "eng" }, s, api);
  expect(run.requests.map(line)).toEqual([
    "GET /Users?filter=userName%20eq%20%22alice%40contoso.com%22&startIndex=1&count=100",
    "POST /Users",
    "GET /Groups?filter=displayName%20eq%20%22Eng%22&startIndex=1&count=100",
    "POST /Groups",
    "PATCH /Groups/g-1",
    "PATCH /Groups/g-1",
  ]);
  expect(run.requests[2]?.inferred).toBe(true);
  expect(run.requests[3]?.body).toMatchObject({ displayName: "Eng", members: [] });
  expect(run.requests[4]?.body).toMatchObject({
    Operations: [{ op: "replace", value: { id: "g-1", displayName: "Eng" } }],
  });
  expect(run.requests[5]?.body).toMatchObject({
    Operations: [{ op: "add", path: "members", value: [{ value: "u-alice", display: "alice@contoso.com" }] }],
  });
  const remove = drivePlan(oktaModel, { do: "removeMembers", group: "eng", users: ["alice"] }, s, api);
  // The group is left empty: replace members [] [O5].
  expect(remove.requests[1]?.body).toMatchObject({
    Operations: [{ op: "replace", path: "members", value: [] }],
  });
  drivePlan(oktaModel, { do: "addMembers", group: "eng", users: ["alice", "bob"] }, s, api);
  const one = drivePlan(oktaModel, { do: "removeMembers", group: "eng", users: ["bob"] }, s, api);
  expect(one.requests[1]?.body).toMatchObject({
    Operations: [{ op: "remove", path: 'members[value eq "u-bob"]' }],
  });
  const del = drivePlan(oktaModel, { do: "deleteGroup", group: "eng" }, s, api);
  expect(del.requests.map(line)).toEqual(["DELETE /Groups/g-1"]);
});

it("a rejected membership push is okta.group-push-lost and is not retried [O7]", () => {
  const s = state();
  drivePlan(oktaModel, { do: "assignGroup", group: "eng" }, s, api);
  drivePlan(oktaModel, { do: "assignUser", user: "bob" }, s, api);
  const run = drivePlan(
    oktaModel,
    { do: "addMembers", group: "eng", users: ["bob"] },
    s,
    routes(["PATCH", /./, [reply(204), reply(400, { detail: "unknown member", status: "400" })]]),
  );
  expect(run.requests.map((r) => r.method)).toEqual(["PATCH", "PATCH"]);
  expect(run.findings.map((f) => f.ruleId)).toEqual(["okta.group-push-lost"]);
  expect(s.groups.get("eng")?.exportedMembers.has("bob")).toBe(false);
});

it("AIW renames and pushes membership by PUT of the group; unknown options are refused", () => {
  const s = state({ appKind: "aiw" });
  drivePlan(oktaModel, { do: "assignGroup", group: "eng" }, s, api);
  const run = drivePlan(oktaModel, { do: "renameGroup", group: "eng", to: "Platform" }, s, api);
  expect(run.requests.map(line)).toEqual(["PUT /Groups/g-1"]);
  expect(run.requests[0]?.body).toMatchObject({
    members: [{ value: "u-alice", display: "alice@contoso.com" }],
  });
  expect(() => oktaModel.resolveOptions({ appKind: "saml" })).toThrow(ConfigurationError);
  expect(() => oktaModel.resolveOptions({ putFor: "all" })).toThrow(ConfigurationError);
});

it("group push: a group of the same displayName on the SP is linked, not created [O8]", () => {
  const s = state();
  const run = drivePlan(
    oktaModel,
    { do: "assignGroup", group: "eng" },
    s,
    routes(
      ["GET", /^\/Groups\?filter/, reply(200, listResponse([{ id: "g-old", displayName: "Eng" }]))],
      ["GET", /^\/Users\?filter/, reply(200, listResponse([]))],
      ["POST", "/Users", reply(201, { id: "u-alice" })],
      ["PATCH", /./, reply(204)],
    ),
  );
  expect(run.requests.map(line)).not.toContain("POST /Groups");
  expect(run.requests.map(line).slice(-2)).toEqual(["PATCH /Groups/g-old", "PATCH /Groups/g-old"]);
  expect(s.groups.get("eng")?.targetId).toBe("g-old");
});

it("password sync: OIN PATCH replace value {password} without a path, AIW GET + PUT with the password (both inferred) [O1]", () => {
  const oin = state();
  drivePlan(oktaModel, { do: "assignUser", user: "alice" }, oin, api);
  const patch = drivePlan(oktaModel, { do: "syncPassword", user: "alice" }, oin, api);
  expect(patch.requests.map(line)).toEqual(["PATCH /Users/u-alice"]);
  const op = (patch.requests[0]?.body as { Operations: { op: string; path?: string; value: unknown }[] })
    .Operations;
  expect(op).toHaveLength(1);
  expect(op[0]).toMatchObject({
    op: "replace",
    value: { password: expect.stringMatching(/^[0-9a-f]{12}$/) },
  });
  expect(op[0]).not.toHaveProperty("path");
  expect(patch.requests[0]?.inferred).toBe(true);
  expect(oin.users.get("alice")?.lastExported).not.toHaveProperty("password");

  const aiw = state({ appKind: "aiw" });
  drivePlan(oktaModel, { do: "assignUser", user: "alice" }, aiw, api);
  const put = drivePlan(oktaModel, { do: "syncPassword", user: "alice" }, aiw, api);
  expect(put.requests.map(line)).toEqual(["GET /Users/u-alice", "PUT /Users/u-alice"]);
  expect(put.requests[1]?.body).toMatchObject({ password: expect.stringMatching(/^[0-9a-f]{12}$/) });
  expect(aiw.users.get("alice")?.lastExported).not.toHaveProperty("password");

  const unprovisioned = drivePlan(oktaModel, { do: "syncPassword", user: "bob" }, state(), api);
  expect(unprovisioned.requests).toEqual([]);
});

it("a 401 stops provisioning until the token is renewed [O10]: no finding against the SP, nothing more sent", () => {
  const s = state();
  const refused = routes([
    "GET",
    /./,
    reply(401, { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "401" }),
  ]);
  const first = drivePlan(oktaModel, { do: "assignUser", user: "alice" }, s, refused);
  expect(first.findings).toEqual([]);
  expect(s.quarantined?.evidence).toEqual(["[O10]"]);
  const next = drivePlan(oktaModel, { do: "assignUser", user: "bob" }, s, api);
  expect(next.requests).toEqual([]);
});

it("import reads groups too, in pages of 100 [O1], and links them by displayName", () => {
  const page = (start: number, total: number, names: string[]) =>
    reply(200, {
      ...listResponse(names.map((n) => ({ id: `g-${n}`, displayName: n }))),
      totalResults: total,
      startIndex: start,
      itemsPerPage: names.length,
    });
  const s = state();
  const run = drivePlan(
    oktaModel,
    { do: "runCycle" },
    s,
    routes(
      ["GET", /^\/Users\?startIndex/, reply(200, { ...listResponse([]), startIndex: 1, itemsPerPage: 0 })],
      [
        "GET",
        /^\/Groups\?startIndex=1&/,
        page(
          1,
          101,
          Array.from({ length: 100 }, (_, i) => `x${i}`),
        ),
      ],
      ["GET", /^\/Groups\?startIndex=101&/, page(101, 101, ["Eng"])],
    ),
  );
  expect(run.requests.map(line)).toEqual([
    "GET /Users?startIndex=1&count=100",
    "GET /Groups?startIndex=1&count=100",
    "GET /Groups?startIndex=101&count=100",
  ]);
  expect(run.findings).toEqual([]);
  expect(s.groups.get("eng")?.targetId).toBe("g-Eng");
});
