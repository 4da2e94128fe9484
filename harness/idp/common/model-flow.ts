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

/** The flow of one step kind: the requests it plans, or nothing (a step the IdP sends nothing for notes why). */
type StepFlow<F, K extends ModelStep["do"]> = (
  f: F,
  step: Extract<ModelStep, { do: K }>,
) => Generator<PlannedRequest, unknown, Exchange> | void;

/**
 * A model's table of step → flow: every step kind names its flow, so a new step kind does not compile
 * until each model says what it sends for it.
 */
export type StepFlows<F> = { readonly [K in ModelStep["do"]]: StepFlow<F, K> };

/** Plans a step through the model's table; what a `void` flow returns (a note's result) is not planned. */
export function* planFromTable<F>(flows: StepFlows<F>, f: F, step: ModelStep): StepPlan {
  const planned: unknown = (flows[step.do] as StepFlow<F, ModelStep["do"]>)(f, step);
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
