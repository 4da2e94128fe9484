/**
 * JumpCloud detection and IdP-level steps on hand-made exchanges: the request shapes of [J6] mark a
 * recording as JumpCloud's (inferred), the forms seen become the model's options, a body the model would not
 * send (the real [J6] PUT carries `photos`) or forms that disagree keep the whole file raw.
 */
import { expect, it } from "vitest";
import type { SourceUser } from "../idp/directory-state.ts";
import { parseJumpCloudOptions } from "../idp/jumpcloud/jumpcloud-options.ts";
import {
  activePatchBody,
  addMembersBody,
  createGroupBody,
  createUserBody,
  groupPutBody,
  putUserBody,
  removeMembersBody,
} from "../idp/jumpcloud/jumpcloud-requests.ts";
import { runScenarios } from "../runner/run-suite.ts";
import { expandVariants } from "../scenario/expand-variants.ts";
import { parseScenario } from "../scenario/load-scenario.ts";
import { FakeTarget } from "../targets/fake-target.ts";
import { detectIdp } from "./har-idp.ts";
import { planJumpCloudSteps } from "./har-jumpcloud.ts";
import type { HarExchange } from "./har-read.ts";
import { createPseudonymizer } from "./pseudonymizer.ts";
import { replayPlanOnFake } from "../record/record.test-support.ts";

const OPTS = parseJumpCloudOptions({});
const MINIMAL = parseJumpCloudOptions({ putBody: "minimal" });
const U1 = "d500eedc-4dbc-494e-978a-56da891f179a";
const U2 = "5107a4e4-0b11-4e77-8dcf-c8c6978d40ac";
const G1 = "0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9";
let n = 0;
const x = (
  method: HarExchange["method"],
  path: string,
  status: number,
  body?: object,
  response?: object,
  headers: Record<string, string> = {},
) =>
  ({
    index: n++,
    method,
    path,
    endpoint: /^\/(\w+)/.exec(path)![1]!,
    headers,
    status,
    ...(body ? { body: JSON.stringify(body) } : {}),
    ...(response ? { responseBody: JSON.stringify(response) } : {}),
  }) satisfies HarExchange;
const pii = () => createPseudonymizer({ seed: 1, keep: false });
const person = (i: number, extra: Partial<SourceUser> = {}): SourceUser => ({
  key: `p${i}`,
  userName: `john.doe${i}@example.io`,
  externalId: `664447f5c0c418f2d05e531${i}`,
  givenName: "John",
  familyName: `Doe${i}`,
  displayName: `John Doe${i}`,
  email: `john.doe${i}@example.io`,
  title: "Captain",
  department: "C-Suite",
  active: true,
  ...extra,
});
const lookupUser = (u: SourceUser) =>
  x("GET", `/Users?filter=userName+eq+%22${encodeURIComponent(u.userName)}%22`, 200, undefined, {
    totalResults: 0,
    Resources: [],
  });
const create = (u: SourceUser, id: string) => x("POST", "/Users", 201, createUserBody(u, OPTS), { id });
const bind = (u: SourceUser, id: string) => [lookupUser(u), create(u, id)];
const groupPush = (name: string, memberIds: string[]) => [
  x("GET", `/Groups?filter=displayName+eq+%22${name}%22`, 200, undefined, { totalResults: 0 }),
  x("POST", "/Groups", 201, createGroupBody(name), { id: G1 }),
  x("PATCH", `/Groups/${G1}`, 204, addMembersBody(memberIds)),
];
const steps = (plan: ReturnType<typeof planJumpCloudSteps>) =>
  "planned" in plan ? plan.planned.map((p) => p.step) : plan;

it("recognises JumpCloud by its request shapes, always inferred; shapes of Entra as well leave it unknown", () => {
  const alice = person(1);
  const minimalPut = x("PUT", `/Users/${U1}`, 200, putUserBody(alice, U1, MINIMAL, false));
  const detected = detectIdp([create(alice, U1), minimalPut]);
  expect(detected).toMatchObject({ idp: "jumpcloud", inferred: true, known: true });
  expect(detected.summary).toMatch(/"emails": null \(§2\.4\.2 \[J6\]\).*locale, preferredLanguage/);
  // A plain RFC client (no JumpCloud shape, no Entra shape) is not taken as JumpCloud.
  const plain = x("POST", "/Users", 201, { schemas: [], userName: "a@example.io" }, { id: U1 });
  expect(detectIdp([plain])).toMatchObject({ idp: "entra", known: false });
  // A User-Agent naming JumpCloud is only a hint, still inferred.
  expect(detectIdp([{ ...plain, headers: { "User-Agent": "JumpCloud-SCIM/1.0" } }])).toMatchObject({
    idp: "jumpcloud",
    inferred: true,
    known: true,
  });
  const entraDisable = x("PATCH", `/Users/${U1}`, 204, {
    Operations: [{ op: "Replace", path: "active", value: "False" }],
  });
  expect(detectIdp([create(alice, U1), minimalPut, entraDisable])).toMatchObject({ known: false });
});

it("plans bind, update, deactivate and group steps with the RFC-correct outcome and the forms as options", () => {
  const [alice, bob] = [person(1), person(2)];
  const renamed = { ...alice, givenName: "Johnny", title: "Major" };
  const plan = planJumpCloudSteps(
    [
      ...bind(alice, U1),
      x("PUT", `/Users/${U1}`, 200, putUserBody(renamed, U1, OPTS, true)),
      x("PATCH", `/Users/${U1}`, 204, activePatchBody(false)),
      x("PATCH", `/Users/${U1}`, 204, activePatchBody(true)),
      ...bind(bob, U2),
      ...groupPush("Engineering", [U2]),
      x("PUT", `/Groups/${G1}`, 200, groupPutBody(G1, "Platform", [U2])),
      x("PATCH", `/Groups/${G1}`, 204, removeMembersBody([U2], "filter")),
      x("PATCH", `/Users/${U2}`, 204, activePatchBody(false)),
    ],
    pii(),
  );
  expect(plan).toMatchObject({
    options: {
      userLookup: true,
      externalId: "objectId",
      putBody: "full",
      renameMethod: "put",
      memberRemoval: "filter",
      deactivateMethod: "patch",
    },
  });
  const planned = steps(plan) as { do: string }[];
  expect(planned.map((s) => s.do)).toEqual([
    "assignUser",
    "updateUser",
    "disableUser",
    "enableUser",
    "assignGroup",
    "renameGroup",
    "removeMembers",
  ]);
  expect(planned[1]).toMatchObject({
    set: { givenName: expect.not.stringMatching(/^Johnny$/), title: "Major" },
    expect: { status: [200], state: [{ user: "u1", matches: expect.stringContaining('title eq "Major"') }] },
  });
  expect(planned[2]).toMatchObject({
    expect: { status: [200, 204], state: [{ user: "u1", matches: "active eq false" }] },
  });
  // bob was provisioned by the group push (JC5), not assigned himself; his removal deactivates him (JC6).
  expect(planned[4]).toMatchObject({ do: "assignGroup", group: "g1" });
  expect("given" in plan && plan.given.groups).toEqual({ g1: { members: ["u2"] } });
  expect(planned[5]).toMatchObject({ to: expect.not.stringMatching(/Platform/) });
  expect(planned[6]).toMatchObject({
    expect: {
      state: [
        { group: "g1", members: [] },
        { user: "u2", matches: "active eq false" },
      ],
    },
  });
});

it("a disable by another method than the option names its own; a refused DELETE takes the deactivation with it", () => {
  const alice = person(1);
  const plan = planJumpCloudSteps(
    [
      create(alice, U1),
      x("PATCH", `/Users/${U1}`, 200, activePatchBody(false)),
      x("PUT", `/Users/${U1}`, 200, putUserBody(alice, U1, OPTS, true)),
      x("DELETE", `/Users/${U1}`, 405),
      x("PUT", `/Users/${U1}`, 200, putUserBody(alice, U1, OPTS, false)),
    ],
    pii(),
  );
  expect(plan).toMatchObject({ options: { userLookup: false, deactivateMethod: "put" } });
  expect(steps(plan)).toMatchObject([
    { do: "assignUser" },
    { do: "disableUser", variant: "patch" },
    { do: "enableUser", expect: { status: [200] } },
    { do: "deleteUser", expect: { state: [{ user: "u1", exists: false }] } },
  ]);
});

it("keeps raw steps when a request is not what the JumpCloud model sends or the forms disagree", () => {
  const [alice, bob] = [person(1), person(2)];
  // The real [J6] full PUT carries photos, which the model does not send.
  const withPhotos = {
    ...putUserBody(alice, U1, OPTS, true),
    photos: [{ value: "https://img.example/p.png" }],
  };
  expect(planJumpCloudSteps([create(alice, U1), x("PUT", `/Users/${U1}`, 200, withPhotos)], pii())).toEqual({
    reason: expect.stringMatching(/PUT \/Users\/\S+ is not the full or minimal PUT JumpCloud sends/),
  });
  const mixed = planJumpCloudSteps(
    [
      create(alice, U1),
      x("PUT", `/Users/${U1}`, 200, putUserBody({ ...alice, title: "Major" }, U1, OPTS, true)),
      x("PUT", `/Users/${U1}`, 200, putUserBody({ ...alice, familyName: "Roe" }, U1, MINIMAL, true)),
    ],
    pii(),
  );
  expect(mixed).toEqual({ reason: "the recording mixes putBody forms (full, minimal)" });
  // bob is only in the group: JumpCloud deactivates him after the removal (JC6); without it, no step fits.
  const removal = planJumpCloudSteps(
    [...bind(bob, U2), ...groupPush("Eng", [U2]), x("PATCH", `/Groups/${G1}`, 204, removeMembersBody([U2]))],
    pii(),
  );
  expect(removal).toEqual({ reason: expect.stringMatching(/not followed by the deactivations.*\(JC6\)/) });
  const noLookup = planJumpCloudSteps(
    [create(bob, U2), x("POST", "/Groups", 201, createGroupBody("Eng"), { id: G1 })],
    pii(),
  );
  expect(noLookup).toEqual({
    reason: expect.stringMatching(/POST \/Groups has no JumpCloud IdP-level step/),
  });
});

it("reads the activation test (§2.2 [J1]) as testConnection, also when the SP refuses the user DELETE", () => {
  const test = person(9);
  const plan = planJumpCloudSteps(
    [
      create(test, U1),
      x("POST", "/Groups", 201, createGroupBody("jc-test-group"), { id: G1 }),
      x("DELETE", `/Users/${U1}`, 501),
      x("PUT", `/Users/${U1}`, 200, putUserBody(test, U1, OPTS, false)),
      x("DELETE", `/Groups/${G1}`, 204),
    ],
    pii(),
  );
  expect(steps(plan)).toEqual([expect.objectContaining({ do: "testConnection" })]);
  expect("given" in plan && plan.given).toEqual({});
});

it("a lookup that finds the user or the group (JC2 PUT, JC5 takeover) gives fixtures that exist on the SP, and replays green", async () => {
  const [alice, bob] = [person(1), person(2)];
  const found = (path: string, id: string) =>
    x("GET", path, 200, undefined, { totalResults: 1, Resources: [{ id }] });
  const plan = planJumpCloudSteps(
    [
      found(`/Users?filter=userName+eq+%22${encodeURIComponent(alice.userName)}%22`, U1),
      x("PUT", `/Users/${U1}`, 200, putUserBody(alice, U1, OPTS, true)),
      x("PATCH", `/Users/${U1}`, 200, activePatchBody(false)),
      ...bind(bob, U2),
      found("/Groups?filter=displayName+eq+%22Legacy%22", G1),
      x("PATCH", `/Groups/${G1}`, 200, addMembersBody([U2])),
    ],
    pii(),
  );
  expect(steps(plan)).toMatchObject([
    { do: "assignUser", user: "u1", expect: { status: [200] } },
    { do: "disableUser", user: "u1" },
    // bob is provisioned by the group step (JC5), as the model does for a member not yet bound.
    {
      do: "assignGroup",
      group: "g1",
      expect: { status: [200, 204], state: [{ group: "g1", members: ["u2"] }] },
    },
  ]);
  if (!("given" in plan)) throw new Error(plan.reason);
  expect(plan.given.users?.u1).toMatchObject({ existsInTarget: true });
  expect(plan.given.users?.u2).not.toHaveProperty("existsInTarget");
  expect(plan.given.groups).toEqual({ g1: { members: ["u2"], existsInTarget: true } });

  const target = await new FakeTarget({ profile: "generic", quirks: [] }).start();
  try {
    const scenario = parseScenario(
      JSON.stringify({
        id: "imported/takeover",
        title: "takeover",
        idp: "jumpcloud",
        options: plan.options,
        given: plan.given,
        steps: plan.planned.map((p) => p.step),
      }),
      "takeover.json",
    );
    const report = await runScenarios({ target, variants: expandVariants(scenario), seed: 5, runId: "tk1" });
    expect(report.scenarios.map((s) => [s.status, s.steps.map((st) => st.status)])).toEqual([
      ["passed", ["passed", "passed", "passed"]],
    ]);
  } finally {
    await target.stop();
  }
});

it("a PUT that changes the userName, or the Employee ID sent as externalId [J10], is updateUser with the run's values; replays green, red when the SP has no PUT (B15)", async () => {
  const EMPLOYEE = parseJumpCloudOptions({ externalId: "employeeId" });
  const alice = person(1, { employeeNumber: "E-1001" });
  const moved = { ...alice, userName: "jane.roe1@example.io", employeeNumber: "E-2002" };
  const recording = [
    lookupUser(alice),
    x("POST", "/Users", 201, createUserBody(alice, EMPLOYEE), { id: U1 }),
    x("PUT", `/Users/${U1}`, 200, putUserBody(moved, U1, EMPLOYEE, true)),
  ];
  const plan = planJumpCloudSteps(recording, pii());
  if (!("given" in plan)) throw new Error(plan.reason);
  expect(plan.options).toMatchObject({ externalId: "employeeId" });
  const update = plan.planned[1]!.step as { do: string; set: Record<string, string>; expect: object };
  expect(update.do).toBe("updateUser");
  // Pseudonymised like the fixtures: neither recorded value reaches the file.
  expect(update.set.userName).toMatch(/@/);
  expect(update.set.userName).not.toContain("jane.roe1");
  expect(update.set.employeeNumber).not.toBe("E-2002");
  expect(update.set.employeeNumber).not.toBe(plan.given.users?.u1?.employeeNumber);
  expect(update.expect).toMatchObject({
    status: [200],
    state: [
      {
        user: "u1",
        matches: `userName eq "\${runPrefix}-u1-${update.set.userName}" and externalId eq "${update.set.employeeNumber}"`,
      },
    ],
  });
  // Only the userName changes in a minimal PUT (it carries no externalId, §2.4.2 [J6]).
  const minimal = planJumpCloudSteps(
    [
      create(alice, U1),
      x("PUT", `/Users/${U1}`, 200, putUserBody({ ...alice, userName: "j.d@example.io" }, U1, MINIMAL, true)),
    ],
    pii(),
  );
  expect(steps(minimal)).toMatchObject([
    { do: "assignUser" },
    { do: "updateUser", set: { userName: expect.any(String) } },
  ]);
  // In the object id form the externalId is JumpCloud's own id [J6]: no source change makes the model send
  // another one, so the file stays raw.
  const objectIdChange = planJumpCloudSteps(
    [
      create(alice, U1),
      x(
        "PUT",
        `/Users/${U1}`,
        200,
        putUserBody({ ...alice, externalId: "aaaaaaaaaaaaaaaaaaaaaaaa" }, U1, OPTS, true),
      ),
    ],
    pii(),
  );
  expect(objectIdChange).toEqual({ reason: expect.stringMatching(/externalId in the object id form/) });

  const replay = async (quirks: string[]) =>
    (await replayPlanOnFake(plan, "jumpcloud", quirks)).scenarios.map((s) => s.steps.map((st) => st.status));
  expect(await replay([])).toEqual([["passed", "passed"]]);
  expect(await replay(["put-not-implemented"])).toEqual([["passed", "failed"]]);
});
