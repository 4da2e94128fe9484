import { afterEach, expect, it } from "vitest";
import { createFakeServiceProvider } from "../../fakes/create-fake-service-provider.ts";
import { defineQuirk } from "../../fakes/quirks/quirk.ts";
import { UrlTarget } from "../targets/url-target.ts";
import { runSuites, type SuiteRunner } from "./run-suites.ts";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** A fake that counts the requests it receives, by method and path, and the target that reaches it. */
async function countingTarget(options: { rateLimitFirstSchemas?: boolean } = {}) {
  const seen = new Map<string, number>();
  const counter = defineQuirk({
    id: "count-requests",
    title: "counts requests",
    bugIds: [],
    sources: ["test"],
    description: "counts every request by method and path; a 429 to the first GET /Schemas when asked",
    hooks: {
      onRequest(ctx) {
        const key = `${ctx.request.method} ${ctx.request.url.pathname.replace(/^\/scim\/v2/, "")}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        if (options.rateLimitFirstSchemas === true && key === "GET /Schemas" && seen.get(key) === 1)
          return { status: 429, headers: { "retry-after": "0" }, json: { detail: "slow down" } };
        return undefined;
      },
    },
  });
  const fake = await createFakeServiceProvider({ tokens: { value: "tok" }, quirks: [counter] }).listen();
  closers.push(() => fake.close());
  const target = await new UrlTarget(fake.baseUrl).withToken("tok").start();
  return { target, count: (key: string) => seen.get(key) ?? 0 };
}

/** A suite that keeps what the session's discovery holds. */
function discoveryProbe(out: { ids: string[]; hasGroups?: boolean }): SuiteRunner {
  return {
    name: "probe",
    size: 1,
    run({ session }) {
      const { exchanges } = session.discovery;
      out.ids = [exchanges.serviceProviderConfig, exchanges.resourceTypes, exchanges.schemas].map(
        (e) => e.id,
      );
      out.hasGroups = session.discovery.hasGroups;
      for (const id of out.ids) expect(session.exchanges.get(id), id).toBeDefined();
      return Promise.resolve();
    },
  };
}

const DOCUMENTS = ["GET /ServiceProviderConfig", "GET /ResourceTypes", "GET /Schemas"];

it("preflight and the session read each discovery document once per run", async () => {
  const { target, count } = await countingTarget();
  const out: { ids: string[]; hasGroups?: boolean } = { ids: [] };
  await runSuites({ target, suites: [discoveryProbe(out)] });
  expect(DOCUMENTS.map(count)).toEqual([1, 1, 1]);
  expect(count("GET /Users")).toBeGreaterThanOrEqual(1);
  // The session's discovery is the preflight's reading, recorded in the run's exchange store.
  expect(out.ids.every((id) => id.startsWith("pf"))).toBe(true);
  expect(out.hasGroups).toBe(true);
});

it("without preflight, the session reads each document itself, once", async () => {
  const { target, count } = await countingTarget();
  const out: { ids: string[] } = { ids: [] };
  await runSuites({ target, suites: [discoveryProbe(out)], preflight: false });
  expect(DOCUMENTS.map(count)).toEqual([1, 1, 1]);
  expect(out.ids.every((id) => id.startsWith("d"))).toBe(true);
});

it("a document preflight got a 429 for is asked for again by the session", async () => {
  const { target, count } = await countingTarget({ rateLimitFirstSchemas: true });
  const out: { ids: string[] } = { ids: [] };
  await runSuites({ target, suites: [discoveryProbe(out)] });
  expect(DOCUMENTS.map(count)).toEqual([1, 1, 2]);
  expect(out.ids.map((id) => id.replace(/\d+$/, ""))).toEqual(["pf", "pf", "d"]);
});
