import { expect, it } from "vitest";
import { ConfigurationError } from "../../errors.ts";
import { drivePlan } from "../plan-driver.test-support.ts";
import { jumpCloudModel } from "./jumpcloud-model.ts";
import { api, state } from "./jumpcloud.fixtures.ts";

it("runCycle sends nothing: JumpCloud is event-driven [J4]", () => {
  const run = drivePlan(jumpCloudModel, { do: "runCycle" }, state(), api);
  expect(run.requests).toEqual([]);
});

it("options: defaults, and unknown names are rejected", () => {
  expect(jumpCloudModel.resolveOptions({})).toEqual({
    deactivateMethod: "put",
    renameMethod: "patch",
    putBody: "full",
    externalId: "objectId",
    userLookup: true,
    groupManagement: true,
    memberRemoval: "valueArray",
  });
  expect(() => jumpCloudModel.resolveOptions({ aadOptscim062020: true })).toThrow(ConfigurationError);
  expect(() => jumpCloudModel.resolveOptions({ renameMethod: "post" })).toThrow(/renameMethod/);
});

it("provenance: the activation and group pushes are inferred, the PUT update and member PATCHes are not", () => {
  const opts = jumpCloudModel.resolveOptions({});
  expect(jumpCloudModel.provenance({ do: "testConnection" }, opts).inferred).toBe(true);
  expect(jumpCloudModel.provenance({ do: "assignGroup", group: "g" }, opts).inferred).toBe(true);
  expect(jumpCloudModel.provenance({ do: "updateUser", user: "u", set: {} }, opts)).toEqual({
    inferred: false,
    evidence: ["[J6]"],
  });
  expect(jumpCloudModel.provenance({ do: "removeMembers", group: "g", users: ["u"] }, opts).inferred).toBe(
    false,
  );
});
