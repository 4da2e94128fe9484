import { expect, it } from "vitest";
import { drivePlan, reply } from "../plan-driver.test-support.ts";
import { routes } from "../test-responders.test-support.ts";
import { jumpCloudModel } from "./jumpcloud-model.ts";
import { api, line, state } from "./jumpcloud.fixtures.ts";

it("JC1: activation creates the test user and group, then deletes both; every request is inferred [J1]", () => {
  const s = state();
  const run = drivePlan(jumpCloudModel, { do: "testConnection" }, s, api);
  expect(run.requests.map(line)).toEqual([
    "POST /Users",
    "POST /Groups",
    "DELETE /Users/u-scimh-test-jc-test-user",
    "DELETE /Groups/g-1",
  ]);
  expect(run.requests.every((r) => r.inferred === true)).toBe(true);
  expect(run.requests[0]?.body).toMatchObject({
    userName: "scimh-test-jc-test-user@example.com",
    externalId: expect.stringMatching(/^[0-9a-f]{24}$/),
  });
  expect(run.findings).toEqual([]);
  expect(run.quarantine).toBeUndefined();
});

it("JC1: when DELETE of the test user is not supported, the test user is deactivated instead [J1]", () => {
  const run = drivePlan(
    jumpCloudModel,
    { do: "testConnection" },
    state(),
    routes(
      ["DELETE", /^\/Users\//, reply(405)],
      ["PUT", /^\/Users\//, reply(200, {})],
      ["POST", "/Users", reply(201, { id: "t1" })],
      ["POST", "/Groups", reply(201, { id: "g-1" })],
      ["DELETE", /^\/Groups\//, reply(204)],
    ),
  );
  expect(run.requests.map(line)).toEqual([
    "POST /Users",
    "POST /Groups",
    "DELETE /Users/t1",
    "PUT /Users/t1",
    "DELETE /Groups/g-1",
  ]);
  expect(run.requests[3]?.body).toMatchObject({ active: false, id: "t1" });
  expect(run.notes.join(" ")).toMatch(/deleted manually \[J1\]/);
});

it("JC1: a failed test-user create fails activation (the sync does not start)", () => {
  const run = drivePlan(
    jumpCloudModel,
    { do: "testConnection" },
    state(),
    routes(["POST", "/Users", reply(400, { detail: "bad" })]),
  );
  expect(run.requests.map(line)).toEqual(["POST /Users"]);
  expect(run.findings.map((f) => f.ruleId)).toEqual(["jumpcloud.create-201-with-id"]);
  expect(run.quarantine?.reason).toMatch(/activation failed/);
});
