/**
 * JumpCloud's activation test (JC1, §2.2): on Activate / Test / every settings save, a test user and a
 * test group are created and then deleted; a user DELETE that is not supported leaves the test user
 * deactivated instead [J1]. The sequence and bodies are inferred.
 */
import type { Exchange } from "../../http/exchange.ts";
import { isQuarantined } from "../common/model-memory.ts";
import type { SourceUser } from "../directory-state.ts";
import type { JumpCloudOptions } from "./jumpcloud-options.ts";
import type { ValueSource } from "../../session/value-source.ts";
import { createGroupBody, createUserBody, putUserBody } from "./jumpcloud-requests.ts";
import { jcCreated, jcPutDone, jcSend, jcSucceeded } from "./jumpcloud-responses.ts";
import type { JcFlow, JcGen } from "./jumpcloud-users.ts";
import { jcRequest, usersPath } from "./jumpcloud-users.ts";

/**
 * The test user JumpCloud creates on activation: the admin's "Test User Email" [J1] [J5]. Its object id
 * comes from the variant's seeded value source; names carry the run prefix like every value a run creates.
 */
function testUser(prefix: string, values: ValueSource): SourceUser {
  const email = `${prefix}-jc-test-user@example.com`;
  return {
    key: "jc-test-user",
    userName: email,
    externalId: values.hex(24),
    givenName: "Test",
    familyName: "User",
    displayName: `${prefix}-Test User`,
    email,
    active: true,
  };
}

/** JC1: activation / Test creates a test user and a test group, then deletes both ([J1]; all inferred). */
export function* testConnection(f: JcFlow): JcGen<void> {
  const prefix = f.ctx.state.runPrefix;
  const user = testUser(prefix, f.ctx.state.values);
  const evidence = ["[J1]", "[J5]"];
  const opts: JumpCloudOptions = { ...f.opts, externalId: "objectId", putBody: "full" };
  const failed = (what: string, ex?: Exchange): void => {
    if (isQuarantined(f.ctx.state)) return;
    const reason = `JumpCloud activation failed: ${what} did not succeed, so the integration is not activated (inferred [J1])`;
    f.ctx.quarantine(reason, evidence, ex?.id);
  };
  const postUser = jcRequest(f, "create", "Activation: create the test user", "POST", "/Users", {
    body: createUserBody(user, opts),
    main: true,
    inferred: true,
    evidence,
  });
  const userAns = yield* jcSend(f.ctx, postUser);
  const userId = userAns === undefined ? undefined : jcCreated(f.ctx, userAns, "User");
  if (userId === undefined) return failed("creating the test user", userAns?.ex);
  const postGroup = jcRequest(f, "create", "Activation: create the test group", "POST", "/Groups", {
    body: createGroupBody(`${prefix}-jc-test-group`),
    inferred: true,
    evidence,
  });
  const groupAns = yield* jcSend(f.ctx, postGroup);
  const groupId = groupAns === undefined ? undefined : jcCreated(f.ctx, groupAns, "Group");
  const deleteUser = jcRequest(f, "delete", "Activation: delete the test user", "DELETE", usersPath(userId), {
    inferred: true,
    evidence,
  });
  const delAns = yield* jcSend(f.ctx, deleteUser);
  if (delAns !== undefined && [404, 405, 501].includes(delAns.status)) {
    f.ctx.note(
      "DELETE of the test user is not supported: JumpCloud deactivates it instead; it must be deleted manually [J1]",
    );
    const put = jcRequest(f, "update", "Activation: deactivate the test user", "PUT", usersPath(userId), {
      body: putUserBody(user, userId, opts, false),
      inferred: true,
      evidence,
    });
    const putAns = yield* jcSend(f.ctx, put);
    if (putAns !== undefined) jcPutDone(f.ctx, putAns, {});
  } else if (delAns !== undefined) jcSucceeded(f.ctx, delAns, "delete", evidence);
  if (groupId === undefined) return failed("creating the test group", groupAns?.ex);
  const deleteGroup = jcRequest(
    f,
    "delete",
    "Activation: delete the test group",
    "DELETE",
    `/Groups/${encodeURIComponent(groupId)}`,
    {
      inferred: true,
      evidence,
    },
  );
  const groupDel = yield* jcSend(f.ctx, deleteGroup);
  if (groupDel !== undefined) jcSucceeded(f.ctx, groupDel, "delete", evidence);
}
