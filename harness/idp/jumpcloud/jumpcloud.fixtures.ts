/** Shared canned answers and state for the JumpCloud model tests. */
import type { DirectoryState } from "../directory-state.ts";
import { listResponse, reply, testState } from "../plan-driver.test-support.ts";
import { routes } from "../test-responders.test-support.ts";
import { jumpCloudModel } from "./jumpcloud-model.ts";

export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

/** `METHOD /path` of a request. */
export const line = (r: { method: string; path: string }): string => `${r.method} ${r.path}`;

/** A well-behaved SP: empty lookups, ids from the userName, echoing PUTs, 204 PATCH and DELETE. */
export const api = routes(
  ["GET", /^\/(Users|Groups)\?/, reply(200, listResponse([]))],
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

/** Users alice and bob; group eng = {alice}, group ops = {} (neither bound yet). */
export function state(options: Record<string, string | boolean> = {}): DirectoryState {
  return testState(jumpCloudModel, options, {
    users: { alice: {}, bob: {} },
    groups: { eng: { displayName: "Eng", members: ["alice"] }, ops: { displayName: "Ops", members: [] } },
  });
}
