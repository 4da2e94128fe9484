import { expect, it } from "vitest";
import type { Exchange } from "../http/exchange.ts";
import { drivePlan } from "./drive-plan.ts";
import type { PlannedRequest, StepPlan } from "./idp-model.ts";

const get = (path: string): PlannedRequest => ({ label: path, role: "read", method: "GET", path });
const answer = (request: PlannedRequest, n: number): Exchange => ({
  id: `x${n}`,
  label: request.label,
  startedAt: "2026-01-01T00:00:00.000Z",
  durationMs: 1,
  request: { method: request.method, url: request.path, headers: {} },
  intent: request,
  response: { status: 200, headers: {}, bodyText: "" },
});

/** Yields a (sent with b and c), then c, then b; records the path of each exchange it receives. */
function* outOfOrder(seen: string[]): StepPlan {
  const [a, b, c] = [get("/a"), get("/b"), get("/c")];
  for (const request of [{ ...a, concurrentWith: [b, c] }, c, b]) {
    const exchange = yield request;
    seen.push(exchange.request.url);
  }
}

it("sends concurrentWith requests with their leader and hands each back when the plan yields it", () => {
  const seen: string[] = [];
  const sentOrder: string[] = [];
  const sent = drivePlan(outOfOrder(seen), (r) => {
    sentOrder.push(r.path);
    return answer(r, sentOrder.length);
  });
  expect(sentOrder).toEqual(["/a", "/b", "/c"]);
  expect(seen).toEqual(["/a", "/c", "/b"]);
  expect(sent.map((s) => s.request.path)).toEqual(["/a", "/c", "/b"]);
});

it("works the same with an asynchronous send, and collects a concurrent request the plan never yields", async () => {
  const plan = function* (): StepPlan {
    yield { ...get("/a"), concurrentWith: [get("/b")] };
  };
  let n = 0;
  const sent = await drivePlan(plan(), async (r) => answer(r, ++n));
  expect(sent.map((s) => [s.request.path, s.exchange.id])).toEqual([
    ["/a", "x1"],
    ["/b", "x2"],
  ]);
});

it("reports each exchange before the plan sees it, and stops a runaway plan", () => {
  const order: string[] = [];
  const plan = function* (): StepPlan {
    for (;;) {
      const exchange = yield get("/loop");
      order.push(`plan got ${exchange.id}`);
    }
  };
  let n = 0;
  expect(() =>
    drivePlan(plan(), (r) => answer(r, ++n), {
      maxRequests: 2,
      onExchange: (s) => order.push(`seen ${s.exchange.id}`),
    }),
  ).toThrow(/more than 2 requests/);
  expect(order).toEqual(["seen x1", "plan got x1", "seen x2", "plan got x2"]);
});
