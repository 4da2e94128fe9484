import { expect, it } from "vitest";
import { parseScenario } from "../scenario/load-scenario.ts";
import { isHarnessError } from "../errors.ts";
import { parseLogDate } from "./entra-log-entry.ts";
import { importEntraLog } from "./import-entra-log.ts";
import { ImportError } from "./import-error.ts";

const ALEX = "5d3f8a1e-2c47-4b9e-9f1a-7e6b2c0d4a31";
const BO = "6e4a9b2f-3d58-4c0f-a1b2-8f7c3d1e5b42";
const SALES = "f04a7c2d-93b1-4e68-a5d2-3c8e1b7f9a60";

/** A Graph provisioningObjectSummary with only the fields the importer reads. */
function entry(over: {
  at: string;
  action: string;
  id?: string;
  type?: string;
  name?: string;
  status?: string;
  change?: string;
  cycle?: string;
  props?: [string, string | null, string | null][];
  error?: { errorCode: string; reason: string };
}) {
  return {
    activityDateTime: over.at,
    cycleId: over.cycle ?? "c0ffee00-0000-4000-8000-000000000001",
    changeId: over.change ?? `ch-${over.at}`,
    provisioningAction: over.action,
    provisioningStatusInfo: { status: over.status ?? "success", errorInformation: over.error ?? null },
    sourceIdentity: {
      identityType: over.type ?? "User",
      id: over.id ?? ALEX,
      displayName: over.name ?? "Alex Wong",
    },
    targetIdentity: { identityType: over.type ?? "User", id: "", displayName: "" },
    modifiedProperties: (over.props ?? []).map(([displayName, oldValue, newValue]) => ({
      displayName,
      oldValue,
      newValue,
    })),
    provisioningSteps: [],
  };
}

const create = entry({
  at: "2025-11-17T08:00:00Z",
  action: "create",
  props: [
    ["userPrincipalName", null, "alex.wong@contoso.com"],
    ["givenName", null, "Alex"],
    ["surname", null, "Wong"],
    ["jobTitle", null, "Account Manager"],
  ],
});

const failedDisable = entry({
  at: "2025-11-18T09:00:00Z",
  action: "Disable",
  status: "failure",
  change: "9a2b4c6d-1111-4222-8333-444455556666",
  error: {
    errorCode: "SystemForCrossDomainIdentityManagementBadRequest",
    reason: "Acme CRM returned 400 for User 'alex.wong@contoso.com': active must be a boolean",
  },
});

it("reads the portal's minified array, keeps a failure as comments and asserts the correct outcome", () => {
  const { scenario, yaml } = importEntraLog(JSON.stringify([failedDisable, create]), {
    fileName: "log.json",
  });
  expect(scenario.steps).toEqual([
    {
      do: "assignUser",
      user: "u1",
      title: "Create u1 (log 2025-11-17T08:00:00Z: success)",
      expect: { state: [{ user: "u1", exists: true }] },
    },
    {
      do: "disableUser",
      user: "u1",
      title:
        "Disable u1 (log 2025-11-18T09:00:00Z: failure SystemForCrossDomainIdentityManagementBadRequest)",
      expect: { state: [{ user: "u1", matches: "active eq false" }] },
    },
  ]);
  expect(yaml.startsWith("# yaml-language-server: $schema=../scenario.schema.json\n")).toBe(true);
  expect(yaml).toContain(
    "  # 2025-11-18T09:00:00.000Z · change 9a2b4c6d · Disable user u1 · failure\n" +
      "  # observed in the log: failure — SystemForCrossDomainIdentityManagementBadRequest: Acme CRM returned 400 for User '",
  );
  expect(yaml).toContain("@example.com': active must be a boolean\n");
  expect(parseScenario(yaml, "x.yaml")).toEqual(scenario);
});

it("replaces names, UPNs and object ids with consistent fakes unless keepPii", () => {
  const input = JSON.stringify({ value: [create, failedDisable] });
  const fake = importEntraLog(input, { seed: 3 });
  expect(fake.yaml).not.toMatch(/alex|wong|contoso|5d3f8a1e/i);
  const user = fake.scenario.given?.users?.u1;
  expect(user?.userName).toMatch(/^[a-z]+\.[a-z]+@example\.com$/);
  expect(user?.userName).toBe(`${user?.givenName}.${user?.familyName}@example.com`.toLowerCase());
  expect(importEntraLog(input, { seed: 3 }).yaml).toBe(fake.yaml);
  expect(importEntraLog(input, { seed: 4 }).scenario.given?.users?.u1?.userName).not.toBe(user?.userName);

  const kept = importEntraLog(input, { keepPii: true });
  expect(kept.scenario.given?.users?.u1).toMatchObject({
    userName: "alex.wong@contoso.com",
    givenName: "Alex",
  });
  expect(kept.yaml).toContain("--keep-pii");
});

it("assigns objects the log never creates first (inferred), from their old values, then replays the update", () => {
  const update = entry({
    at: "2025-11-18T10:00:00Z",
    action: "update",
    props: [
      ["jobTitle", "Account Manager", "Sales Director"],
      ["department", "Sales", "Sales"],
      ["manager", null, BO],
    ],
  });
  const boss = entry({ at: "2025-11-18T09:59:00Z", action: "create", id: BO, name: "Bo Chen" });
  const { scenario, warnings } = importEntraLog(JSON.stringify([update, boss]), { keepPii: true });
  expect(scenario.given?.users).toEqual({
    u1: { displayName: "Bo Chen" },
    u2: { title: "Account Manager", department: "Sales", displayName: "Alex Wong" },
  });
  expect(scenario.steps.map((s) => [s.do, "user" in s ? s.user : undefined])).toEqual([
    ["assignUser", "u1"],
    ["assignUser", "u2"],
    ["updateUser", "u2"],
  ]);
  expect(scenario.steps[1]?.title).toBe("Assign u2 (inferred: is not created in this log)");
  expect(scenario.steps[2]).toMatchObject({
    set: { title: "Sales Director", manager: "u1" },
    expect: { state: [{ user: "u2", matches: 'title eq "Sales Director"' }] },
  });
  expect(warnings).toEqual([]);
});

it("turns IsSoftDeleted / accountEnabled changes into disable and enable, StagedDelete and Delete too", () => {
  const entries = [
    create,
    entry({ at: "2025-11-18T01:00:00Z", action: "update", props: [["accountEnabled", "True", "False"]] }),
    entry({ at: "2025-11-18T02:00:00Z", action: "update", props: [["IsSoftDeleted", "True", "False"]] }),
    entry({ at: "2025-11-18T03:00:00Z", action: "StagedDelete" }),
    entry({ at: "2025-11-18T04:00:00Z", action: "delete" }),
  ];
  const { scenario } = importEntraLog(JSON.stringify(entries));
  expect(scenario.steps.map((s) => [s.do, s.expect?.state])).toEqual([
    ["assignUser", [{ user: "u1", exists: true }]],
    ["disableUser", [{ user: "u1", matches: "active eq false" }]],
    ["enableUser", [{ user: "u1", matches: "active eq true" }]],
    ["disableUser", [{ user: "u1", matches: "active eq false" }]],
    ["deleteUser", [{ user: "u1", exists: false }]],
  ]);
});

it("replays a member removal from a group the log never created: assign, add (inferred), remove", () => {
  const removal = entry({
    at: "2025-11-18T09:41:02Z",
    action: "update",
    type: "Group",
    id: SALES,
    name: "Sales EMEA",
    props: [["members", ALEX, null]],
  });
  const { scenario } = importEntraLog(JSON.stringify([removal]), { keepPii: true });
  expect(scenario.given).toEqual({ users: { u1: {} }, groups: { g1: { displayName: "Sales EMEA" } } });
  expect(scenario.steps.map((s) => s.do)).toEqual([
    "assignGroup",
    "assignUser",
    "addMembers",
    "removeMembers",
  ]);
  expect(scenario.steps[3]).toMatchObject({
    users: ["u1"],
    expect: { state: [{ group: "g1", members: [] }] },
  });
});

it("salvages a truncated export: imports the entries before the cut and lists the cut one", () => {
  const text = JSON.stringify({ value: [create, failedDisable] });
  const cut = text.slice(0, text.indexOf('"provisioningAction":"Disable"') + 10);
  const { scenario, skipped, warnings } = importEntraLog(cut, { fileName: "cut.json" });
  expect(scenario.steps.map((s) => s.do)).toEqual(["assignUser"]);
  expect(skipped).toEqual([
    { entry: "entry 1", reason: expect.stringMatching(/^truncated: the file ends inside this entry/) },
  ]);
  expect(warnings).toEqual([
    "cut.json: damaged (the file ends inside entry 1); the entries before the damage were imported",
  ]);
});

it("lists unusable entries by index and change id and imports the rest", () => {
  const noDate = { ...failedDisable, activityDateTime: "yesterday" };
  const service = entry({ at: "2025-11-18T05:00:00Z", action: "update", type: "ServicePrincipal" });
  const { skipped, scenario } = importEntraLog(JSON.stringify([create, noDate, service, 42]));
  expect(scenario.steps).toHaveLength(1);
  expect(skipped).toEqual([
    { entry: "entry 1 (change 9a2b4c6d)", reason: "activityDateTime missing or not a date (yesterday)" },
    {
      entry: "entry 2 (change ch-2025-)",
      reason: 'identity type "ServicePrincipal" is neither a user nor a group',
    },
    { entry: "entry 3", reason: "not an object" },
  ]);
});

it("rejects foreign, binary and empty inputs with an ImportError (exit 2) naming the file", () => {
  const fail = (input: string, format?: "json" | "csv") => {
    try {
      importEntraLog(input, { fileName: "in.file", ...(format ? { format } : {}) });
    } catch (e) {
      expect(e).toBeInstanceOf(ImportError);
      expect(isHarnessError(e) && e.exitCode).toBe(2);
      return (e as Error).message;
    }
    throw new Error("no error");
  };
  expect(fail('{"log":{"entries":[{"request":{}}]}}')).toBe(
    "in.file: not an Entra provisioning log export: neither a Graph page ({ value: [...] }) nor a JSON array",
  );
  expect(fail('[{"request":{"url":"https://x"}}]')).toBe(
    "in.file: not an Entra provisioning log: no entry has provisioningAction (a HAR or another export?)",
  );
  expect(fail("\u0089PNG\r\n\u001a\n\u0000\u0000", "json")).toBe(
    "in.file: not a text file (binary content): not an Entra log export",
  );
  expect(fail("just some notes\nnothing else")).toMatch(
    /^in\.file: no CSV file has the provisioning log columns/,
  );
  expect(fail("[]")).toBe("in.file: no importable entry (0 skipped)");
});

it("reads the portal's US date form and ISO without zone as UTC", () => {
  expect(parseLogDate("11/18/2025, 9:41:07 AM")).toBe("2025-11-18T09:41:07.000Z");
  expect(parseLogDate("11/18/2025 12:05:00 PM")).toBe("2025-11-18T12:05:00.000Z");
  expect(parseLogDate("11/18/2025, 12:05 AM")).toBe("2025-11-18T00:05:00.000Z");
  expect(parseLogDate("2025-11-18T09:41:07")).toBe("2025-11-18T09:41:07.000Z");
  expect(parseLogDate("2025-11-18T10:41:07+01:00")).toBe("2025-11-18T09:41:07.000Z");
  expect(parseLogDate("Tuesday")).toBeUndefined();
});
