/**
 * The IdP model contract: how a scenario step becomes the HTTP exchanges a real IdP would send.
 *
 * A model is pure: it never does I/O. `plan()` returns a generator that yields one request at a time and
 * receives the recorded `Exchange` back, because real IdP flows branch on answers (Entra creates a user
 * only after a lookup misses, §1.4). The runner sends each yielded request, feeds the exchange back, and
 * the model updates the directory state (captured ids, memberships) and reports what the IdP requires of
 * the target as findings. A plan can be unit-tested by feeding it canned exchanges, with no server.
 */
import type { Exchange } from "../http/exchange.ts";
import type { HttpIntent } from "../http/http-intent.ts";
import type { FindingDraft } from "../../reports/index.ts";
import type { OptionValue, Step } from "../scenario/scenario-schema.ts";
import type { DirectoryState } from "./directory-state.ts";

/** What a request is for; `expect.status` of a step applies to the request marked `main`. */
export type RequestRole =
  "probe" | "lookup" | "create" | "read" | "update" | "delete" | "membership" | "other";

export interface PlannedRequest extends HttpIntent {
  role: RequestRole;
  /**
   * The request a step's `expect.status`, `expect.body` and `capture` refer to. When no request of a step is
   * marked, its last request is the main one, unless the model declares `marksMainRequest`.
   */
  main?: boolean;
  /**
   * Requests the IdP sends at the same moment as this one (Entra exports objects in parallel, B8). The runner
   * sends them together with this request and hands each exchange back when the plan yields that very
   * request object next; a plan driven sequentially (tests) simply sends them one after the other.
   */
  concurrentWith?: readonly PlannedRequest[];
}

/**
 * The user attributes a variant writes, so that a target whose User schema (RFC 7643 §7, `/Schemas`) lacks
 * them, or requires one the IdP never sends, reports the scenario as not applicable instead of failing on
 * an attribute mapping no admin would configure for that app.
 */
export interface UserAttributeNeeds {
  /** SCIM attribute paths the IdP sets on users, e.g. `name.givenName`, `emails[type eq "work"].value`. */
  sent: readonly string[];
  /**
   * True when the IdP writes attributes one by one (PATCH paths: a path the target does not know fails);
   * false when it writes whole resources (POST/PUT: the target drops attributes it does not know).
   */
  strict: boolean;
  /** What chose the attributes, for the not-applicable reason, e.g. `mapping "default"`. */
  label: string;
  /**
   * Attributes of `sent` an admin can delete from the mapping when the app does not have them; the runner
   * passes those the target's `/Schemas` lacks back as the `omitAttributes` option and runs the adapted
   * variant. Absent: none.
   */
  omittable?: readonly string[];
  /** Whether leaving attributes out is itself inferred (no source says the admin can), for the record. */
  omissionInferred?: boolean;
}

/**
 * A requirement of the IdP that the target's answer broke: the one finding draft of every check
 * (`reports/finding-draft.ts`); rule ids, titles and severities are catalogued in `harness/rules/`.
 */
export type ModelFinding = FindingDraft;

/** What a plan can tell the runner besides the requests it yields. */
export interface StepContext {
  readonly state: DirectoryState;
  /** Report a broken IdP requirement. */
  fail(finding: ModelFinding): void;
  /**
   * The IdP stops provisioning (Entra quarantine, [S4]); later steps are not sent until the cause is gone.
   * Recorded on `state` (`state.quarantined`).
   */
  quarantine(reason: string, evidence: string[], exchangeId?: string): void;
  /** A line for the report, e.g. "inferred: group probe not documented". */
  note(message: string): void;
}

export type StepPlan = Generator<PlannedRequest, void, Exchange>;

/** How much of a step is observed IdP behaviour. */
export interface StepProvenance {
  inferred: boolean;
  evidence: string[];
}

/** Steps the runner handles itself, for every IdP: token control and raw requests. */
export const RUNNER_STEPS = ["expireToken", "rotateToken", "request"] as const;

export type ModelStep = Exclude<Step, { do: (typeof RUNNER_STEPS)[number] }>;

export interface IdpModel {
  readonly name: string;
  /**
   * The model marks the main request (`PlannedRequest.main`) of every step that has one, so a step that sent
   * no marked request stopped before its main request: expectations on it could not run, and are never
   * judged on another exchange of the step. Absent: a step's last request is its main request.
   */
  readonly marksMainRequest?: boolean;
  /** The model's options with defaults filled in; throws ConfigurationError on unknown names or values. */
  resolveOptions(raw: Record<string, OptionValue>): Record<string, OptionValue>;
  /** Whether the wire form of this step is observed or inferred, with its evidence tags. */
  provenance(step: ModelStep, options: Record<string, OptionValue>): StepProvenance;
  /** The requests of one step. */
  plan(step: ModelStep, ctx: StepContext): StepPlan;
  /**
   * Applies a step's source-directory change while the IdP sends nothing (quarantine), so a later cycle
   * provisions it; returns false when a later cycle would not replay it. Absent: changes are lost.
   */
  recordWhileQuarantined?(step: ModelStep, state: DirectoryState): boolean;
  /** The user attributes this variant writes (resolved options); absent: no applicability check. */
  userAttributes?(options: Record<string, OptionValue>): UserAttributeNeeds;
}
