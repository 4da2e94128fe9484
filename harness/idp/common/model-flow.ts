/**
 * The plumbing every IdP model's flows share: the table of step → flow each model plans from, the step's
 * main-request claim, planned requests, findings against one exchange and a one-line description of an
 * answer. Pure, like the models.
 */
import type { Exchange } from "../../http/exchange.ts";
import type {
  ModelFinding,
  ModelStep,
  PlannedRequest,
  RequestRole,
  StepContext,
  StepPlan,
} from "../idp-model.ts";
import { isQuarantined } from "./model-memory.ts";
import { getCI } from "./scim-read.ts";

/** What every model flow carries: the step context and whether a request already is the step's main one. */
export interface FlowBase {
  ctx: StepContext;
  /** A request of this step already carries `main` (one per step; `expect.status` refers to it). */
  mainClaimed: boolean;
}

/** True for the first request of a step that asks to be the step's main request, false afterwards. */
export function claimMain(f: FlowBase, wanted = true): boolean {
  if (!wanted || f.mainClaimed) return false;
  f.mainClaimed = true;
  return true;
}

/** What a planned request may carry besides its method and path. */
export interface RequestExtra {
  body?: unknown;
  headers?: Record<string, string>;
  main?: boolean;
  inferred?: boolean;
  evidence: string[];
}

/** A planned request; the first one of a step asking for `main` gets it. */
export function plannedRequest(
  f: FlowBase,
  role: RequestRole,
  label: string,
  method: PlannedRequest["method"],
  path: string,
  extra: RequestExtra,
): PlannedRequest {
  const { main = false, inferred = false, ...rest } = extra;
  return {
    role,
    label,
    method,
    path,
    ...rest,
    ...(claimMain(f, main) ? { main: true } : {}),
    ...(inferred ? { inferred: true } : {}),
  };
}

/** Reports a finding against one exchange. */
export function reportAt(ctx: StepContext, ex: Exchange, finding: Omit<ModelFinding, "exchangeIds">): void {
  ctx.fail({ ...finding, exchangeIds: [ex.id] });
}

/** `PATCH Deactivate user alice: HTTP 400 (kind): detail`, for finding messages. */
export function answerLine(ex: Exchange): string {
  const status = ex.response === undefined ? "no response" : `HTTP ${ex.response.status}`;
  const text = getCI(ex.response?.body, "detail");
  return `${ex.request.method} ${ex.label}: ${status}${ex.error ? ` (${ex.error.kind})` : ""}${typeof text === "string" ? `: ${text}` : ""}`;
}

/** The `/Users/{id}` path of a target id. */
export const usersPath = (id: string): string => `/Users/${encodeURIComponent(id)}`;

/** The `/Groups/{id}` path of a target id. */
export const groupsPath = (id: string): string => `/Groups/${encodeURIComponent(id)}`;

/** A flow: the requests it plans, or nothing (a step the IdP sends nothing for notes why). */
type FlowOf = Generator<PlannedRequest, unknown, Exchange> | void;
type StepOf<K extends ModelStep["do"]> = Extract<ModelStep, { do: K }>;

/** What a model sends for each step kind, given the step's own fields. */
export interface ModelFlows<F> {
  testConnection(f: F): FlowOf;
  runCycle(f: F): FlowOf;
  assignUser(f: F, user: string): FlowOf;
  updateUser(f: F, user: string, set: StepOf<"updateUser">["set"]): FlowOf;
  disableUser(f: F, user: string, variant: string | undefined): FlowOf;
  enableUser(f: F, user: string): FlowOf;
  unassignUser(f: F, user: string): FlowOf;
  deleteUser(f: F, user: string): FlowOf;
  syncPassword(f: F, user: string): FlowOf;
  assignGroup(f: F, group: string): FlowOf;
  renameGroup(f: F, group: string, to: string): FlowOf;
  addMembers(f: F, group: string, users: readonly string[]): FlowOf;
  removeMembers(f: F, group: string, users: readonly string[]): FlowOf;
  deleteGroup(f: F, group: string): FlowOf;
  disassociateGroup(f: F, group: string): FlowOf;
}

/**
 * The one table of step → flow: which of a model's flows each step kind runs, with which of its fields.
 * Every step kind is in it, so a new one does not compile until it is, and `ModelFlows` makes each model
 * say what it sends for it.
 */
const STEP_FLOWS: {
  readonly [K in ModelStep["do"]]: <F>(m: ModelFlows<F>, f: F, step: StepOf<K>) => FlowOf;
} = {
  testConnection: (m, f) => m.testConnection(f),
  runCycle: (m, f) => m.runCycle(f),
  assignUser: (m, f, step) => m.assignUser(f, step.user),
  updateUser: (m, f, step) => m.updateUser(f, step.user, step.set),
  disableUser: (m, f, step) => m.disableUser(f, step.user, step.variant),
  enableUser: (m, f, step) => m.enableUser(f, step.user),
  unassignUser: (m, f, step) => m.unassignUser(f, step.user),
  deleteUser: (m, f, step) => m.deleteUser(f, step.user),
  syncPassword: (m, f, step) => m.syncPassword(f, step.user),
  assignGroup: (m, f, step) => m.assignGroup(f, step.group),
  renameGroup: (m, f, step) => m.renameGroup(f, step.group, step.to),
  addMembers: (m, f, step) => m.addMembers(f, step.group, step.users),
  removeMembers: (m, f, step) => m.removeMembers(f, step.group, step.users),
  deleteGroup: (m, f, step) => m.deleteGroup(f, step.group),
  disassociateGroup: (m, f, step) => m.disassociateGroup(f, step.group),
};

/** Plans a step through the table with the model's flows; what a `void` flow returns (a note's result) is not planned. */
export function* planFromTable<F>(flows: ModelFlows<F>, f: F, step: ModelStep): StepPlan {
  const run = STEP_FLOWS[step.do] as <G>(m: ModelFlows<G>, f: G, step: ModelStep) => FlowOf;
  const planned: unknown = run(flows, f, step);
  if (isFlow(planned)) yield* planned;
}

const isFlow = (value: unknown): value is Generator<PlannedRequest, unknown, Exchange> =>
  typeof value === "object" && value !== null && typeof (value as Generator).next === "function";

/** While the IdP has stopped provisioning it sends nothing: notes why (`note(reason)`) and says so. */
export function stoppedByQuarantine(ctx: StepContext, note: (reason: string) => string): boolean {
  if (!isQuarantined(ctx.state)) return false;
  ctx.note(note(ctx.state.quarantined?.reason ?? "?"));
  return true;
}
