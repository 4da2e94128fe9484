/**
 * The one driver of `IdpModel.plan` generators: sends each request a plan yields, hands the exchange back,
 * sends the requests a request carries in `concurrentWith` at the same moment, stops a runaway plan, and
 * collects what was sent. The runner drives plans with its SCIM client (asynchronous); model tests drive
 * them with canned answers (synchronous), so the same loop is exercised by both.
 */
import type { Exchange } from "../http/exchange.ts";
import type { DirectoryState } from "./directory-state.ts";
import type { ModelFinding, PlannedRequest, StepContext, StepPlan } from "./idp-model.ts";

/** One request a plan sent and the exchange it gave. */
export interface SentExchange {
  request: PlannedRequest;
  exchange: Exchange;
}

export interface DriveOptions {
  /** More requests than this in one step is a runaway plan: the driver throws a TypeError. */
  maxRequests?: number;
  /** Called for each exchange, in the order the plan receives it, before the plan sees it. */
  onExchange?: (sent: SentExchange) => void;
}

/** Requests one step may send before the driver calls the plan a runaway loop. */
export const DEFAULT_MAX_REQUESTS = 1000;

type MaybePromise<T> = T | Promise<T>;

const then = <T, U>(value: MaybePromise<T>, fn: (v: T) => MaybePromise<U>): MaybePromise<U> =>
  value instanceof Promise ? value.then(fn) : fn(value);

/**
 * Drives `plan` to its end. With a synchronous `send` the result is synchronous; with an asynchronous one
 * it is a promise. A request listed in another's `concurrentWith` is sent with that request and handed back
 * when the plan yields that very object; one the plan never yields is still awaited and collected last.
 */
export function drivePlan(
  plan: StepPlan,
  send: (request: PlannedRequest) => Exchange,
  options?: DriveOptions,
): SentExchange[];
export function drivePlan(
  plan: StepPlan,
  send: (request: PlannedRequest) => MaybePromise<Exchange>,
  options?: DriveOptions,
): Promise<SentExchange[]>;
export function drivePlan(
  plan: StepPlan,
  send: (request: PlannedRequest) => MaybePromise<Exchange>,
  options: DriveOptions = {},
): MaybePromise<SentExchange[]> {
  const maxRequests = options.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const sent: SentExchange[] = [];
  const early = new Map<PlannedRequest, MaybePromise<Exchange>>();
  let count = 0;
  const dispatch = (request: PlannedRequest): MaybePromise<Exchange> => {
    if (++count > maxRequests) throw new TypeError(`plan sent more than ${maxRequests} requests`);
    return send(request);
  };
  const record = (request: PlannedRequest, exchange: Exchange): Exchange => {
    const entry = { request, exchange };
    sent.push(entry);
    options.onExchange?.(entry);
    return exchange;
  };
  const drain = (): MaybePromise<SentExchange[]> => {
    const [first] = early;
    if (first === undefined) return sent;
    early.delete(first[0]);
    return then(first[1], (exchange) => {
      record(first[0], exchange);
      return drain();
    });
  };
  const loop = (next: IteratorResult<PlannedRequest, void>): MaybePromise<SentExchange[]> => {
    if (next.done === true) return drain();
    const request = next.value;
    let pending = early.get(request);
    if (pending !== undefined) early.delete(request);
    else {
      pending = dispatch(request);
      for (const other of request.concurrentWith ?? []) early.set(other, dispatch(other));
    }
    return then(pending, (exchange) => loop(plan.next(record(request, exchange))));
  };
  return loop(plan.next());
}

/** Where a step's context puts what the plan reports besides its requests. */
export interface StepSink {
  findings: ModelFinding[];
  notes: string[];
}

/** The context a plan runs with: findings and notes go to `sink`, quarantine to the directory state. */
export function stepContext(state: DirectoryState, sink: StepSink): StepContext {
  return {
    state,
    fail: (finding) => sink.findings.push(finding),
    quarantine: (reason, evidence, exchangeId) => state.quarantine(reason, evidence, exchangeId),
    note: (message) => sink.notes.push(message),
  };
}
