import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { TargetStartError } from "../errors.ts";
import { waitForScimReady } from "./wait-for-scim.ts";

const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

/** Answers GET /scim/v2/ServiceProviderConfig with `statuses` in turn (the last one repeats). */
async function serve(statuses: number[]): Promise<{ base: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? "-"}`);
    res.writeHead(req.url === "/scim/v2/ServiceProviderConfig" ? (statuses.shift() ?? 200) : 404).end();
    if (statuses.length === 0) statuses.push(res.statusCode);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`, seen };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as TargetStartError,
  );

it("is ready on 200 after 503s, polling about every 200 ms with the token", async () => {
  const { base, seen } = await serve([503, 503, 200]);
  const waited = await waitForScimReady({
    baseUrl: base,
    token: "tk",
    timeoutMs: 5000,
    logs: () => [],
    what: "t",
  });
  expect(seen).toEqual(Array(3).fill("GET /scim/v2/ServiceProviderConfig Bearer tk"));
  expect(waited).toBeGreaterThanOrEqual(350); // two waits of ~200 ms
  expect(waited).toBeLessThan(4000);
}, 20_000);

it("counts 401 as ready: the SCIM API is up and protects discovery", async () => {
  const { base } = await serve([401]);
  await expect(
    waitForScimReady({ baseUrl: base, timeoutMs: 2000, logs: () => [], what: "t" }),
  ).resolves.toBeLessThan(3000);
}, 20_000);

it("times out with the last answer, a base-path hint on 404, the time waited and the log tail", async () => {
  const { base } = await serve([404]);
  const logs = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);
  const error = await failure(
    waitForScimReady({ baseUrl: `${base}/wrong`, timeoutMs: 600, logs: () => logs, what: "container x:1" }),
  );
  expect(error).toBeInstanceOf(TargetStartError);
  expect(error?.message).toBe(
    `container x:1 not ready after 0.6 s: GET ${base}/wrong/ServiceProviderConfig never answered 200 or 401 (last: HTTP 404) (is --base-path right?)`,
  );
  expect(error?.logs).toHaveLength(30);
  expect(error?.logs.at(-1)).toBe("line 40");
}, 20_000);

it("stops waiting as soon as the target reports it died", async () => {
  const t0 = Date.now();
  let polls = 0;
  const error = await failure(
    waitForScimReady({
      baseUrl: "http://127.0.0.1:1/scim",
      timeoutMs: 30_000,
      logs: () => ["panic: no config"],
      what: "command `./server`",
      exited: () => (++polls >= 3 ? "exited with code 2" : undefined),
    }),
  );
  expect(error?.message).toMatch(
    /^command `\.\/server` exited with code 2 after 0\.\d s, before GET http:\/\/127\.0\.0\.1:1\/scim\/ServiceProviderConfig answered$/,
  );
  expect(error?.logs).toEqual(["panic: no config"]);
  expect(Date.now() - t0).toBeLessThan(10_000); // not the 30 s timeout
}, 20_000);
