import { expect, it } from "vitest";
import { ConfigurationError } from "../../errors.ts";
import { drivePlan, listResponse, reply } from "../plan-driver.test-support.ts";
import { routes } from "../test-responders.test-support.ts";
import { jumpCloudModel } from "./jumpcloud-model.ts";
import { api, line, PATCH_OP, state } from "./jumpcloud.fixtures.ts";

it("JC2: lookup by userName (inferred) misses, POST /Users with the 24-hex externalId; no lookup with userLookup off", () => {
  const s = state();
  const run = drivePlan(jumpCloudModel, { do: "assignUser", user: "alice" }, s, api);
  expect(run.requests.map(line)).toEqual([
    "GET /Users?filter=userName%20eq%20%22alice%40contoso.com%22",
    "POST /Users",
  ]);
  expect(run.requests[0]?.inferred).toBe(true);
  expect(run.requests[1]?.inferred).toBeUndefined();
  expect((run.requests[1]?.body as { externalId: string }).externalId).toMatch(/^[0-9a-f]{24}$/);
  expect(s.users.get("alice")?.targetId).toBe("u-alice");
  const off = state({ userLookup: false });
  expect(drivePlan(jumpCloudModel, { do: "assignUser", user: "alice" }, off, api).requests.map(line)).toEqual(
    ["POST /Users"],
  );
});

it("JC2: a lookup hit is updated by PUT instead of created", () => {
  const s = state();
  const hit = routes(
    ["GET", /^\/Users\?/, reply(200, listResponse([{ id: "u-77", userName: "alice@contoso.com" }]))],
    ["PUT", "/Users/u-77", reply(200, { id: "u-77" })],
  );
  const run = drivePlan(jumpCloudModel, { do: "assignUser", user: "alice" }, s, hit);
  expect(run.requests.map(line)).toEqual([
    "GET /Users?filter=userName%20eq%20%22alice%40contoso.com%22",
    "PUT /Users/u-77",
  ]);
  expect(run.requests[1]?.body).toMatchObject({ id: "u-77", userName: "alice@contoso.com" });
});

it("JC3: an attribute change is a full PUT carrying the SP's id [J6]; PUT not implemented is B15", () => {
  const s = state();
  drivePlan(jumpCloudModel, { do: "assignUser", user: "alice" }, s, api);
  const run = drivePlan(jumpCloudModel, { do: "updateUser", user: "alice", set: { title: "CTO" } }, s, api);
  expect(run.requests.map(line)).toEqual(["PUT /Users/u-alice"]);
  expect(run.requests[0]?.body).toMatchObject({
    id: "u-alice",
    title: "CTO",
    schemas: [
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      "urn:ietf:params:scim:schemas:core:2.0:User",
    ],
  });
  const broken = drivePlan(
    jumpCloudModel,
    { do: "updateUser", user: "alice", set: { title: "CEO" } },
    s,
    routes(["PUT", /./, reply(405)]),
  );
  expect(broken.findings.map((f) => [f.ruleId, f.severity])).toEqual([["jumpcloud.put-supported", "error"]]);
  expect(broken.findings[0]?.evidence).toContain("B15");
});

it('minimal PUT with "emails": null: a server that keeps the emails is merging, not replacing (B16)', () => {
  const s = state({ putBody: "minimal" });
  drivePlan(jumpCloudModel, { do: "assignUser", user: "alice" }, s, api);
  const merging = routes([
    "PUT",
    /./,
    reply(200, { id: "u-alice", emails: [{ value: "alice.mail@contoso.com" }] }),
  ]);
  const run = drivePlan(
    jumpCloudModel,
    { do: "updateUser", user: "alice", set: { familyName: "Z" } },
    s,
    merging,
  );
  expect(run.requests[0]?.body).toMatchObject({ emails: null, name: { familyName: "Z" } });
  expect(run.findings.map((f) => [f.ruleId, f.severity])).toEqual([["jumpcloud.put-replaces", "warning"]]);
});

it("JC4: deactivate by PUT active false (default) or PATCH replace (option / step variant), all inferred", () => {
  const s = state();
  drivePlan(jumpCloudModel, { do: "assignUser", user: "alice" }, s, api);
  const put = drivePlan(jumpCloudModel, { do: "disableUser", user: "alice" }, s, api);
  expect(put.requests.map(line)).toEqual(["PUT /Users/u-alice"]);
  expect(put.requests[0]).toMatchObject({ inferred: true, body: { active: false, id: "u-alice" } });
  const patch = drivePlan(jumpCloudModel, { do: "disableUser", user: "alice", variant: "patch" }, s, api);
  expect(patch.requests[0]?.body).toEqual({
    schemas: [PATCH_OP],
    Operations: [{ op: "replace", path: "active", value: false }],
  });
  expect(() => drivePlan(jumpCloudModel, { do: "disableUser", user: "alice", variant: "a" }, s, api)).toThrow(
    ConfigurationError,
  );
});

it("401 stops the sync (quarantine) until the token is updated (seed 002, inferred)", () => {
  const s = state();
  const run = drivePlan(
    jumpCloudModel,
    { do: "assignUser", user: "alice" },
    s,
    routes(["GET", /./, reply(401)]),
  );
  expect(run.quarantine?.reason).toMatch(/token is updated/);
  const next = drivePlan(jumpCloudModel, { do: "assignUser", user: "bob" }, s, api);
  expect(next.requests).toEqual([]);
});
