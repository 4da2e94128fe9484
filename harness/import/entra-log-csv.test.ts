import { expect, it } from "vitest";
import { graphEntriesFromCsv } from "./entra-log-csv.ts";
import { importEntraLog } from "./import-entra-log.ts";

const MAIN = [
  "Date (UTC),Identity,Action,Status,Error Code,Status Reason,Cycle ID,Change ID,Source Identity Type,Source ID",
  "2025-11-17T08:00:00Z,Alex Wong,Create,Success,,,cy1,ch1,User,id-alex",
  '2025-11-18T09:00:00Z,Alex Wong,Update,Failure,SystemForCrossDomainIdentityManagementBadRequest,"Bad request: ""title"" too long",cy2,ch2,User,id-alex',
].join("\r\n");
const PROPS = [
  "Change ID,Name,Old Value,New Value",
  "ch1,jobTitle,,Engineer",
  "ch2,jobTitle,Engineer,Staff Engineer",
].join("\n");
const STEPS = [
  "Change ID,Step,Type,Status,Description",
  "ch1,EntryExportAdd,export,Success,User was created",
].join("\n");

it("joins the three files by change id into Graph-shaped entries", () => {
  const { entries, warnings } = graphEntriesFromCsv([
    { name: "steps.csv", text: STEPS },
    { name: "main.csv", text: MAIN },
    { name: "props.csv", text: PROPS },
  ]);
  expect(warnings).toEqual([]);
  expect(entries[1]?.value).toMatchObject({
    changeId: "ch2",
    cycleId: "cy2",
    activityDateTime: "2025-11-18T09:00:00Z",
    provisioningAction: "Update",
    provisioningStatusInfo: {
      status: "Failure",
      errorInformation: {
        errorCode: "SystemForCrossDomainIdentityManagementBadRequest",
        reason: 'Bad request: "title" too long',
      },
    },
    sourceIdentity: { id: "id-alex", identityType: "User", displayName: "Alex Wong" },
    modifiedProperties: [{ displayName: "jobTitle", oldValue: "Engineer", newValue: "Staff Engineer" }],
    provisioningSteps: [],
    csvLine: 3,
  });
  expect(entries[0]?.value).toMatchObject({
    provisioningSteps: [{ name: "EntryExportAdd", description: "User was created" }],
  });
});

it("matches other header spellings (Activity Date, Provisioning Action, Source Identity Display Name)", () => {
  const main = [
    "Activity Date,Provisioning Action,Provisioning Status,Change ID,Identity Type,Source Identity Display Name,Source Identity Id",
    "11/17/2025 8:00:00 AM,create,success,c9,User,Bo,id-bo",
  ].join("\n");
  const { scenario } = importEntraLog(main, { keepPii: true });
  expect(scenario.given?.users).toEqual({ u1: { displayName: "Bo" } });
  expect(scenario.steps[0]?.title).toBe("Create u1 (log 2025-11-17T08:00:00Z: success)");
});

it("with the main file alone: creates replay, updates are listed as skipped, and a warning says why", () => {
  const { scenario, skipped, warnings } = importEntraLog(MAIN, { fileName: "ProvisioningLogs.csv" });
  expect(scenario.steps.map((s) => s.do)).toEqual(["assignUser"]);
  expect(skipped).toEqual([
    {
      entry: "line 3 (change ch2)",
      reason:
        "Update without modified properties (a CSV download without ProvisioningLogs_ModifiedProperties?)",
    },
  ]);
  expect(warnings).toEqual([
    "no ProvisioningLogs_ModifiedProperties file: updates carry no attributes and group memberships are unknown",
  ]);
});

it("keeps the rows before a truncated row and lists the broken one with file and line", () => {
  const cut = `${MAIN}\r\n2025-11-18T10:00:00Z,Alex Wong,Disable,Success,,"cut off here`;
  const { scenario, skipped } = importEntraLog([
    { name: "main.csv", text: cut },
    { name: "props.csv", text: PROPS },
  ]);
  expect(scenario.steps.map((s) => s.do)).toEqual(["assignUser", "updateUser"]);
  expect(skipped).toEqual([
    { entry: "main.csv line 4", reason: "a quoted field is not closed (truncated file?)" },
  ]);
});

it("ignores files it does not recognise, with a warning naming them", () => {
  const { warnings } = graphEntriesFromCsv([
    { name: "main.csv", text: MAIN },
    { name: "notes.csv", text: "a,b\n1,2\n" },
  ]);
  expect(warnings).toContain("notes.csv: columns not recognised (a, b): ignored");
});
