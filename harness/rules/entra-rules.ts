/**
 * What Entra ID requires of each answer (dossier §1.8, §1.9): the rules of the Entra model's findings
 * (harness/idp/entra). `idpImpact: "fails"` where Entra fails the object, retries it every cycle or
 * quarantines; `"degrades"` where it only logs or re-sends.
 */
import type { RuleDefinition } from "../../reports/index.ts";
import { harnessRule, idsOf } from "./harness-rule.ts";

const entra = (id: string, title: string, source: RuleDefinition["source"]): RuleDefinition =>
  harnessRule({ id: `entra.${id}`, title, area: "entra", source });

export const ENTRA_RULES = {
  filterMissEmptyList: entra(
    "filter-miss-empty-list",
    "A filter miss must be 200 with an empty ListResponse",
    {
      rfc: "RFC 7644 §3.4.2",
      idpImpact: "fails",
      evidence: ["[S1]", "[S4]", "B9"],
    },
  ),
  filterSupported: entra("filter-supported", "Entra's eq filter is not supported", {
    rfc: "RFC 7644 §3.4.2.2",
    idpImpact: "fails",
    evidence: ["[S1]", "[S8]"],
  }),
  filterHonoured: entra("filter-honoured", "The filter is not honoured", {
    rfc: "RFC 7644 §3.4.2.2",
    keyword: "MUST",
    idpImpact: "fails",
    evidence: ["[S1]"],
  }),
  listResponse: entra("list-response", "Not a valid ListResponse", {
    rfc: "RFC 7644 §3.4.2",
    keyword: "MUST",
    idpImpact: "fails",
    evidence: ["[S1]", "[S8]"],
  }),
  singleMatch: entra("single-match", "DuplicateTargetEntries: more than one match", {
    idpImpact: "fails",
    evidence: ["[S6]", "[S8]"],
  }),
  create201: entra("create-201-with-id", "Create must answer 2xx with the resource and its id", {
    rfc: "RFC 7644 §3.3",
    keyword: "MUST",
    idpImpact: "fails",
    evidence: ["[S1]"],
  }),
  createConflict: entra("create-conflict", "EntryConflict: 409 on create after a lookup miss", {
    idpImpact: "fails",
    evidence: ["[S8]", "[S19]", "B13", "B14"],
  }),
  conflictScimType: entra("conflict-scimtype", 'A 409 without scimType "uniqueness"', {
    rfc: "RFC 7644 §3.12",
    keyword: "SHOULD",
    idpImpact: "degrades",
    evidence: ["B14"],
  }),
  userPatch: entra("user-patch-2xx", "User PATCH rejected", {
    rfc: "RFC 7644 §3.5.2",
    idpImpact: "fails",
    evidence: ["[S1]", "[S3]"],
  }),
  filteredReplaceNoTarget: entra(
    "filtered-replace-no-target",
    "A Replace on a filtered path that matches nothing answered 400 noTarget",
    {
      // RFC 7644 §3.5.2.3 requires noTarget here, so the SP is RFC-correct; Entra's SCIM Validator expects
      // the record to be added instead [C14], B10: an IdP incompatibility that degrades, never an RFC failure.
      rfc: "RFC 7644 §3.5.2.3",
      idpImpact: "degrades",
      evidence: ["[C14]", "B10"],
    },
  ),
  patchApplied: entra("patch-applied", "User PATCH answered 200 but was not applied", {
    rfc: "RFC 7644 §3.5.2",
    keyword: "MUST",
    idpImpact: "fails",
    evidence: ["[S2]", "[C10]", "B1", "B2", "B5"],
  }),
  groupPatch: entra("group-patch-2xx", "Group PATCH rejected", {
    rfc: "RFC 7644 §3.5.2",
    idpImpact: "fails",
    evidence: ["[S1]", "[S3]"],
  }),
  groupPatchApplied: entra("group-patch-applied", "Group PATCH answered 2xx but was not applied", {
    // Entra's forms without aadOptscim062020: a capitalised op (B2) and a remove with a value array and
    // no filter (B4), which an RFC-literal SP reads as "remove every member" [S2] [C5].
    rfc: "RFC 7644 §3.5.2",
    idpImpact: "fails",
    evidence: ["[S2]", "[C5]", "B2", "B4"],
  }),
  groupPatch204: entra("group-patch-204", "Group PATCH should answer 204", {
    keyword: "SHOULD",
    idpImpact: "degrades",
    evidence: ["[S1]"],
  }),
  linkedObject: entra("linked-object-get-200", "A linked object cannot be read by id (InvalidAnchor)", {
    rfc: "RFC 7644 §3.4.1",
    idpImpact: "fails",
    evidence: ["[S1]", "[S8]"],
  }),
  excludedMembers: entra("excluded-members-honoured", "excludedAttributes=members not honoured", {
    rfc: "RFC 7644 §3.9",
    idpImpact: "fails",
    evidence: ["[S1]", "[S8]"],
  }),
  roundTrip: entra("round-trip-fidelity", "Values do not round-trip", {
    idpImpact: "degrades",
    evidence: ["[C3]", "[S1]"],
  }),
  jsonResponse: entra("scim-json-response", "Unparsable answer (ServiceIncompatible)", {
    rfc: "RFC 7644 §3.1",
    idpImpact: "fails",
    evidence: ["[S8]"],
  }),
  timeout: entra("response-within-60s", "No answer within Entra's 60 s", {
    idpImpact: "fails",
    evidence: ["[S19]", "[S8]", "B13"],
  }),
  throttled: entra("no-429", "429 to a non-gallery Entra job", {
    idpImpact: "degrades",
    evidence: ["[S16]", "[S18]", "B24"],
  }),
  retryExhausted: entra("retry-exhausted", "The request failed again on retry", {
    idpImpact: "fails",
    evidence: ["[S3]", "[S8]"],
  }),
  authorized: entra("authorized", "Authenticated but not authorized (403/405)", {
    idpImpact: "fails",
    evidence: ["[S8]"],
  }),
} satisfies Record<string, RuleDefinition>;

/** The rule ids of Entra findings. */
export const ENTRA_RULE = idsOf(ENTRA_RULES);
