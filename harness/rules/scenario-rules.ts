/**
 * Rules of a scenario's own `expect` block (harness/runner/step-expectations.ts) and of the runner
 * (harness/runner/run-scenario.ts). A scenario file states what the target must do and cites its own
 * evidence; breaking it is an error.
 */
import type { RuleDefinition } from "../../reports/index.ts";
import { harnessRule, idsOf } from "./harness-rule.ts";

const basis = "the scenario file's expect block (the scenario cites its own evidence)";

/** Why a scenario expectation may report at another severity than error. */
const OVERRIDE =
  "A step's `expect.severity` sets it where the scenario's evidence is weaker (e.g. grade D, or an RFC-correct answer that breaks an IdP); an expectation on a main request that was not sent could not run (a warning).";

export const SCENARIO_RULES = {
  status: harnessRule({
    id: "scenario.expect.status",
    title: "The step's main request answers an expected status",
    area: "scenario",
    source: { keyword: "MUST", basis },
    severityOverride:
      "When the step's main request was not sent the expectation could not run: a warning, never a verdict on another exchange.",
  }),
  body: harnessRule({
    id: "scenario.expect.body",
    title:
      "The step's main response body holds the expected values (expect.body) and satisfies expect.schema",
    area: "scenario",
    source: { keyword: "MUST", basis },
    severityOverride:
      "When the step's main request was not sent the expectation could not run: a warning, never a verdict on another exchange.",
  }),
  quarantine: harnessRule({
    id: "scenario.expect.quarantine",
    title: "The IdP quarantines (or not) as the scenario expects",
    area: "scenario",
    source: { keyword: "MUST", basis },
    severityOverride: OVERRIDE,
  }),
  state: harnessRule({
    id: "scenario.expect.state",
    title: "The target's state, read back by GET, matches",
    area: "scenario",
    source: { keyword: "MUST", basis },
    severityOverride: OVERRIDE,
  }),
  displayNameWritable: harnessRule({
    id: "idp.displayName-writable",
    title: "The target declares displayName readOnly, but the IdPs send it",
    area: "idp",
    // RFC 7643 §7 lets a target declare displayName readOnly; Entra maps it by default and JumpCloud sends
    // it, so their updates are ignored or refused: an IdP incompatibility apart from the RFC checks.
    source: { idpImpact: "degrades", evidence: ["[S1]", "[S2]", "[J6]"] },
  }),
  mappingAdapted: harnessRule({
    id: "idp.mapping-adapted",
    title: "The IdP's attribute mapping was adapted to the target's User schema",
    area: "idp",
    // The admin edits the attribute mapping per app [S6] and deletes the targets the app does not have
    // (RFC 7643 §7 /Schemas): a record of the adaptation the scenario ran with, not a requirement.
    source: { record: true, rfc: "RFC 7643 §7", evidence: ["[S6]"] },
  }),
  quarantined: harnessRule({
    id: "idp.quarantined",
    title: "The IdP quarantined the app",
    area: "idp",
    source: { idpImpact: "fails", evidence: ["[S4]"] },
  }),
} satisfies Record<string, RuleDefinition>;

export const SCENARIO_RULE = idsOf(SCENARIO_RULES);
