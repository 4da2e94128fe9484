/**
 * Okta (SCIM 2.0 provisioning, OIN catalogue apps and App Integration Wizard custom apps) as an IdP model.
 * Evidence tags [O1]–[O10] are defined in ./EVIDENCE.md; steps no source describes are marked inferred.
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
import type { OptionValue } from "../../scenario/scenario-schema.ts";
import { parseOktaOptions, resolveOktaOptions } from "./okta-options.ts";
import { changeMembers, deleteGroup, pushGroup, renameGroup, unlinkGroup } from "./okta-groups.ts";
import type { OktaFlow } from "./okta-users.ts";
import {
  changeActive,
  importUsers,
  provisionUser,
  setActive,
  syncPassword,
  testConnection,
  updateUser,
} from "./okta-users.ts";

/** Whether a step's wire form is documented ([O1] and the others) or inferred. */
export function oktaProvenance(step: ModelStep, options: Record<string, OptionValue>): StepProvenance {
  const aiw = parseOktaOptions(options).appKind === "aiw";
  switch (step.do) {
    case "testConnection":
      return { inferred: false, evidence: ["[O2]", "[O3]"] };
    case "runCycle":
    case "assignUser":
    case "updateUser":
    case "disableUser":
    case "enableUser":
    case "unassignUser":
    case "deleteUser":
    case "deleteGroup":
    case "disassociateGroup":
      return { inferred: false, evidence: ["[O1]"] };
    case "assignGroup":
      // The displayName lookup is documented [O8], its paging parameters are not.
      return { inferred: true, evidence: ["[O1]", "[O8]", "[O6]"] };
    case "addMembers":
    case "removeMembers":
      // The rename before each membership PATCH is documented, its order is not; the AIW PUT body neither.
      return { inferred: true, evidence: ["[O1]", "[O5]", "[O6]"] };
    case "renameGroup":
      return { inferred: aiw, evidence: ["[O1]"] };
    case "syncPassword":
      // [O1]: OIN apps PATCH a password sync, AIW apps PUT it; neither body is documented.
      return { inferred: true, evidence: ["[O1]"] };
  }
}

/** Okta's flow for each step. */
const OKTA_FLOWS: ModelFlows<OktaFlow> = {
  testConnection,
  runCycle: importUsers,
  assignUser: (f, user) => {
    if (f.ctx.state.users.has(user)) f.ctx.state.setUserAssigned(user, true);
    return provisionUser(f, user);
  },
  updateUser,
  disableUser: (f, user) => changeActive(f, user, false, ""),
  enableUser: (f, user) => changeActive(f, user, true, ""),
  unassignUser: (f, user) => {
    f.ctx.state.setUserAssigned(user, false);
    f.ctx.note(`user ${user} unassigned: Okta deactivates it on the SP [O1]`);
    return setActive(f, user, false);
  },
  syncPassword,
  deleteUser: (f, user) => {
    f.ctx.note(`Okta never DELETEs users: user ${user} is deactivated [O1]`);
    return changeActive(f, user, false, "");
  },
  assignGroup: pushGroup,
  renameGroup,
  addMembers: (f, group, users) => changeMembers(f, group, users, []),
  removeMembers: (f, group, users) => changeMembers(f, group, [], users),
  deleteGroup,
  disassociateGroup: unlinkGroup,
};

function* planStep(step: ModelStep, ctx: StepContext): StepPlan {
  const f: OktaFlow = { ctx, opts: parseOktaOptions(ctx.state.options), mainClaimed: false };
  if (stoppedByQuarantine(ctx, (why) => `provisioning stopped (${why}): Okta sends nothing`)) return;
  yield* planFromTable(OKTA_FLOWS, f, step);
}

/** The user attributes Okta's create and PUT bodies carry [O1]; users are written whole (POST/PUT). */
export function oktaAttributeNeeds(): UserAttributeNeeds {
  return {
    sent: [
      "userName",
      "name.givenName",
      "name.familyName",
      "emails",
      "displayName",
      "locale",
      "externalId",
      "active",
    ],
    strict: false,
    label: "Okta's create body [O1]",
  };
}

/** The Okta model. */
export const oktaModel: IdpModel = {
  name: "okta",
  marksMainRequest: true,
  resolveOptions: resolveOktaOptions,
  provenance: oktaProvenance,
  plan: planStep,
  userAttributes: oktaAttributeNeeds,
};
