/**
 * JumpCloud Identity Management (custom SCIM integration) as an IdP model (dossier Part 2, JC1–JC9).
 * JumpCloud documents behaviour, not wire format: every step whose requests the dossier infers is marked
 * inferred, both on its requests and in `provenance()`.
 */
import { planFromTable, stoppedByQuarantine } from "../common/model-flow.ts";
import type { ModelFlows } from "../common/model-flow.ts";
import type {
  IdpModel,
  ModelStep,
  StepContext,
  StepPlan,
  StepProvenance,
  UserAttributeNeeds,
} from "../idp-model.ts";
import { SCHEMA_ENTERPRISE_USER } from "../../scim/schemas.ts";
import type { OptionValue } from "../../scenario/scenario-schema.ts";
import {
  addMembers,
  assignGroup,
  deleteGroup,
  disassociateGroup,
  removeMembers,
  renameGroup,
} from "./jumpcloud-groups.ts";
import {
  JC_DEPARTMENT,
  parseActiveMethod,
  parseJumpCloudOptions,
  resolveJumpCloudOptions,
} from "./jumpcloud-options.ts";
import { testConnection } from "./jumpcloud-activation.ts";
import type { JcFlow } from "./jumpcloud-users.ts";
import { changeActive, deleteUser, provisionUser, unbindUser, updateUser } from "./jumpcloud-users.ts";

/** Whether a step's wire form is observed ([J6] [J7] [J8] captures) or inferred. */
export function jumpCloudProvenance(step: ModelStep, options: Record<string, OptionValue>): StepProvenance {
  const opts = parseJumpCloudOptions(options);
  switch (step.do) {
    case "testConnection":
      return { inferred: true, evidence: ["[J1]", "[J5]"] };
    case "assignUser":
      return { inferred: opts.userLookup, evidence: ["[J6]", "[J1]"] };
    case "updateUser":
      return { inferred: false, evidence: ["[J6]"] };
    case "disableUser":
    case "enableUser":
    case "unassignUser":
      return { inferred: true, evidence: ["[J1]", "[J7]"] };
    case "deleteUser":
      return { inferred: true, evidence: ["[J1]"] };
    case "assignGroup":
    case "renameGroup":
      return { inferred: true, evidence: ["[J4]", "seed 002"] };
    case "addMembers":
      return { inferred: false, evidence: ["[J7]", "[J8]", "[J4]"] };
    case "removeMembers":
      return opts.memberRemoval === "filter"
        ? { inferred: true, evidence: ["[J9]", "[J4]"] }
        : { inferred: false, evidence: ["[J7]", "[J8]", "[J4]"] };
    case "deleteGroup":
    case "disassociateGroup":
      return { inferred: true, evidence: ["[J4]", "seed 002"] };
    case "runCycle":
      return { inferred: false, evidence: ["[J4]"] };
    case "syncPassword":
      return { inferred: true, evidence: [] };
  }
}

/** JumpCloud's flow for each step. */
const JUMPCLOUD_FLOWS: ModelFlows<JcFlow> = {
  testConnection,
  runCycle: (f) => {
    f.ctx.note("JumpCloud syncs on membership and group change events, not in cycles [J4]: nothing sent");
  },
  syncPassword: (f) => {
    f.ctx.note("No source shows JumpCloud sending passwords over SCIM (inferred): nothing sent");
  },
  assignUser: (f, user) => {
    if (f.ctx.state.users.has(user)) f.ctx.state.setUserAssigned(user, true);
    return provisionUser(f, user);
  },
  updateUser,
  disableUser: (f, user, variant) =>
    changeActive(f, user, false, parseActiveMethod(variant, f.opts.deactivateMethod)),
  enableUser: (f, user) => changeActive(f, user, true, f.opts.deactivateMethod),
  unassignUser: unbindUser,
  deleteUser,
  assignGroup,
  renameGroup,
  addMembers,
  removeMembers,
  deleteGroup,
  disassociateGroup,
};

function* planStep(step: ModelStep, ctx: StepContext): StepPlan {
  const f: JcFlow = { ctx, opts: parseJumpCloudOptions(ctx.state.options), mainClaimed: false };
  if (stoppedByQuarantine(ctx, (why) => `sync stopped (${why}): JumpCloud sends nothing`)) return;
  yield* planFromTable(JUMPCLOUD_FLOWS, f, step);
}

/**
 * The user attributes JumpCloud's bodies carry (§2.4.1, §2.4.2 [J6]). Users are written whole (POST/PUT),
 * so attributes the app does not know are dropped, not failed; the minimal PUT sends `"emails": null`, so it
 * never provides emails (an app that requires them, seed 003, cannot take it).
 */
export function jumpCloudAttributeNeeds(options: Record<string, OptionValue>): UserAttributeNeeds {
  const opts = parseJumpCloudOptions(options);
  const minimal = ["userName", "name.givenName", "name.familyName", "active"];
  const full = [
    ...minimal,
    "addresses",
    "displayName",
    "emails",
    "externalId",
    "locale",
    "phoneNumbers",
    "preferredLanguage",
    "title",
    `${SCHEMA_ENTERPRISE_USER}:department`,
  ];
  const sent = (opts.putBody === "minimal" ? minimal : full).filter((p) => !opts.omitAttributes.includes(p));
  return {
    sent,
    strict: false,
    label: `JumpCloud's ${opts.putBody} PUT body`,
    // Inferred: §2.5 lists department among the mapped attributes [J6] (see `omitAttributes`).
    omittable: sent.filter((p) => p === JC_DEPARTMENT),
    omissionInferred: true,
  };
}

/** The JumpCloud model. */
export const jumpCloudModel: IdpModel = {
  name: "jumpcloud",
  marksMainRequest: true,
  resolveOptions: resolveJumpCloudOptions,
  provenance: jumpCloudProvenance,
  plan: planStep,
  userAttributes: jumpCloudAttributeNeeds,
};
