/**
 * The Microsoft Entra ID provisioning service (`scim` job) as an IdP model: each scenario step becomes the
 * requests Entra sends, in both dialects of the `aadOptscim062020` flag (dossier Part 1, E1–E9).
 */
import { planFromTable, stoppedByQuarantine } from "../common/model-flow.ts";
import type { ModelFlows } from "../common/model-flow.ts";
import { isQuarantined, memoryOf } from "../common/model-memory.ts";
import { applySourceChange, droppedOutOfScope, inScope } from "../common/source-directory.ts";
import type {
  IdpModel,
  ModelStep,
  StepContext,
  StepPlan,
  StepProvenance,
  UserAttributeNeeds,
} from "../idp-model.ts";
import type { OptionValue } from "../../scenario/scenario-schema.ts";
import type { EntraFlow, Flow } from "./entra-flow.ts";
import { probe, probeIfDue } from "./entra-flow.ts";
import {
  addMembers,
  assignGroup,
  deleteGroup,
  disassociateGroup,
  removeMembers,
  renameGroup,
  syncGroup,
} from "./entra-groups.ts";
import {
  deleteUser,
  disableUser,
  enableUser,
  managerPass,
  setActive,
  unassignUser,
  updateUser,
} from "./entra-lifecycle.ts";
import { MANAGER_PATH } from "./entra-mapping.ts";
import { parseDisableVariant, parseEntraOptions, resolveEntraOptions } from "./entra-options.ts";
import type { DisableVariant } from "./entra-options.ts";
import { provisionUser } from "./entra-users.ts";

const VARIANT_TAGS: Record<DisableVariant, string[]> = {
  a: ["[S2]", "[C10]", "[C8]"],
  b: ["[S2]"],
  c: ["[S1]"],
  d: ["[C8]"],
};

/** Whether a step's wire form is observed or inferred (the recurring probe is marked on its request only). */
export function entraProvenance(step: ModelStep, options: Record<string, OptionValue>): StepProvenance {
  const opts = parseEntraOptions(options);
  const flag = opts.aadOptscim062020;
  switch (step.do) {
    case "testConnection":
      return { inferred: opts.groupProbe, evidence: ["[S1]", "[C1]", "[S4]"] };
    case "assignUser":
      return { inferred: false, evidence: ["[S1]", "[S3]", "[S6]", "[C1]", "[C3]"] };
    case "updateUser":
      return {
        inferred: opts.manager && !flag && "manager" in step.set,
        evidence: ["[S1]", "[S2]", "[C11]"],
      };
    case "disableUser":
      return {
        inferred: false,
        evidence: VARIANT_TAGS[parseDisableVariant(step.variant, opts.disableVariant)],
      };
    case "enableUser":
      return { inferred: true, evidence: ["§1.5.7", "[S2]", "[C9]"] };
    case "unassignUser":
      return { inferred: false, evidence: ["[S3]", ...VARIANT_TAGS[opts.disableVariant]] };
    case "deleteUser":
      return { inferred: false, evidence: ["[S1]", "[S3]"] };
    case "assignGroup":
    case "addMembers":
      return {
        inferred: flag || opts.parallelMembership,
        evidence: opts.parallelMembership ? ["[S1]", "[C4]", "B8"] : ["[S1]", "[C4]"],
      };
    case "renameGroup":
      return { inferred: flag, evidence: ["[S1]"] };
    case "removeMembers":
      return { inferred: false, evidence: flag ? ["[S2]"] : ["[S2]", "[C5]"] };
    case "deleteGroup":
      return { inferred: false, evidence: ["[S1]"] };
    case "disassociateGroup":
      return { inferred: true, evidence: ["[S3]"] };
    case "runCycle":
      return { inferred: false, evidence: ["[S3]", "[C3]", "[S1]"] };
    case "syncPassword":
      return { inferred: false, evidence: ["[S7]"] };
  }
}

/**
 * An incremental cycle over everything in scope: users by cached id or matching, managers, groups; linked
 * users that left scope are disabled via an update ([S3]).
 */
function* runCycle(f: EntraFlow): Flow {
  const state = f.ctx.state;
  for (const key of state.users.keys()) {
    if (!inScope(state, key)) continue;
    yield* provisionUser(f, key, false);
    if (isQuarantined(state)) return false;
  }
  for (const key of droppedOutOfScope(state, state.users.keys())) {
    if (state.users.get(key)?.lastExported?.active === false) continue;
    yield* setActive(f, key, false, f.opts.disableVariant);
    if (isQuarantined(state)) return false;
  }
  if (f.opts.manager) {
    for (const [key, record] of state.users) {
      if (!inScope(state, key) || record.targetId === undefined) continue;
      yield* managerPass(f, key);
      if (isQuarantined(state)) return false;
    }
  }
  for (const [key, group] of state.groups) {
    if (!group.assigned) continue;
    yield* syncGroup(f, key);
    if (isQuarantined(state)) return false;
  }
  return true;
}

function* assignUser(f: EntraFlow, key: string): Flow {
  const record = f.ctx.state.users.get(key);
  if (record !== undefined) f.ctx.state.setUserAssigned(key, true);
  const ok = yield* provisionUser(f, key, true);
  if (ok && f.opts.manager && record?.source.manager !== undefined) return yield* managerPass(f, key);
  return ok;
}

/** Entra's flow for each step (after the probe that is due, except for testConnection and syncPassword). */
const ENTRA_FLOWS: ModelFlows<EntraFlow> = {
  testConnection: (f) => probe(f, false),
  syncPassword: (f) => {
    f.ctx.note("Entra does not provision passwords [S7]: nothing sent");
  },
  runCycle,
  assignUser,
  updateUser,
  disableUser: (f, user, variant) =>
    disableUser(f, user, parseDisableVariant(variant, f.opts.disableVariant)),
  enableUser: (f, user) => enableUser(f, user, f.opts.disableVariant),
  unassignUser: (f, user) => unassignUser(f, user, f.opts.disableVariant),
  deleteUser,
  assignGroup,
  renameGroup,
  addMembers,
  removeMembers,
  deleteGroup,
  disassociateGroup,
};

function* planStep(step: ModelStep, ctx: StepContext): StepPlan {
  const opts = parseEntraOptions(ctx.state.options);
  const f: EntraFlow = { ctx, opts, fetched: new Map(), mainClaimed: false };
  const quarantined = (why: string) =>
    `quarantined (${why}): Entra sends nothing until the cause is gone [S4]`;
  if (stoppedByQuarantine(ctx, quarantined)) return;
  if (step.do === "runCycle") {
    memoryOf(ctx.state).probedThisCycle = false;
    f.mainClaimed = true; // a cycle has no single main request
  }
  // Test Connection is the probe itself; a password sync sends nothing: neither waits for a probe.
  if (step.do !== "testConnection" && step.do !== "syncPassword" && !(yield* probeIfDue(f))) return;
  yield* planFromTable(ENTRA_FLOWS, f, step);
}

/**
 * The user attributes Entra writes: the mapping's targets (§1.12), plus the manager when mapped (§1.5.5).
 * The admin edits the mapping per app [S6]; every target but a matching attribute (§1.4 [S6]) can go.
 */
export function entraAttributeNeeds(options: Record<string, OptionValue>): UserAttributeNeeds {
  const opts = parseEntraOptions(options);
  const sent = [...opts.mapping, ...(opts.manager ? [MANAGER_PATH] : [])];
  const omitted = opts.omitAttributes.length > 0 ? ` without ${opts.omitAttributes.join(", ")}` : "";
  return {
    sent,
    strict: true, // updates are PATCH paths (§1.5.3, §1.5.4): an unknown path fails
    label: `the entra attribute mapping "${String(options["mapping"] ?? "default")}"${omitted}`,
    omittable: sent.filter((p) => !(opts.matching as readonly string[]).includes(p)),
  };
}

/** The Entra ID model. */
export const entraModel: IdpModel = {
  name: "entra",
  marksMainRequest: true,
  resolveOptions: resolveEntraOptions,
  provenance: entraProvenance,
  plan: planStep,
  recordWhileQuarantined: (step, state) => applySourceChange(state, step),
  userAttributes: entraAttributeNeeds,
};
