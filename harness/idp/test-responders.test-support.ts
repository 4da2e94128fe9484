/**
 * Test support, for model tests only: builds `Responder`s for `drivePlan` from routes (method + path) and answer queues, so a
 * model test reads like the exchange log it expects.
 */
import type { Exchange } from "../http/exchange.ts";
import type { PlannedRequest } from "./idp-model.ts";
import type { Responder } from "./plan-driver.test-support.ts";

/** One answer, a function of the request, or a queue of answers (the last one repeats). */
export type Answer =
  Partial<Exchange> | ((request: PlannedRequest) => Partial<Exchange>) | Partial<Exchange>[];

/** A route: method and exact path, or a path pattern. */
export type Route = [method: PlannedRequest["method"], path: string | RegExp, answer: Answer];

/** The first matching route answers; an unmatched request throws, naming it. */
export function routes(...table: Route[]): Responder {
  const used = new Map<Route, number>();
  return (request) => {
    const route = table.find(
      ([method, path]) =>
        method === request.method &&
        (typeof path === "string" ? path === request.path : path.test(request.path)),
    );
    if (route === undefined) throw new Error(`no canned answer for ${request.method} ${request.path}`);
    const answer = route[2];
    if (typeof answer === "function") return answer(request);
    if (!Array.isArray(answer)) return answer;
    const n = used.get(route) ?? 0;
    used.set(route, n + 1);
    const picked = answer[Math.min(n, answer.length - 1)];
    if (picked === undefined) throw new Error(`empty answer queue for ${request.method} ${request.path}`);
    return picked;
  };
}
