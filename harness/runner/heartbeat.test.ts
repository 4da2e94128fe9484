import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { createFakeServiceProvider } from "../../fakes/create-fake-service-provider.ts";
import { UrlTarget } from "../targets/url-target.ts";
import { runSuites, type SuiteRunner } from "./run-suites.ts";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

it("a request the target does not answer is named on the console every heartbeat until the timeout", async () => {
  const fake = await createFakeServiceProvider({
    tokens: { value: "tok" },
    quirks: ["hang=/Groups"],
  }).listen();
  closers.push(() => fake.close());
  const target = await new UrlTarget(fake.baseUrl).withToken("tok").start();
  const lines: string[] = [];
  const suite: SuiteRunner = {
    name: "probe",
    size: 1,
    async run({ session }) {
      const client = session.client({ idPrefix: "hb" });
      const e = await client.send({ label: "hanging", method: "GET", path: "/Groups?count=1" });
      expect(e.error?.kind).toBe("timeout");
    },
  };
  await runSuites({
    target,
    suites: [suite],
    timeoutMs: 1_200,
    heartbeatMs: 250,
    reporters: [{ onLog: (line) => void lines.push(line) }],
  });
  const waits = lines.filter((l) => l.startsWith("waiting for the target:"));
  expect(waits.length).toBeGreaterThanOrEqual(2);
  expect(waits[0]).toMatch(/GET \/Groups\?count=1 has had no answer for \d+ s \(gives up at 1 s\)/);
});

it("preflight on a target that accepts and never answers says what it waits for", async () => {
  const server: Server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
  const target = await new UrlTarget(url).withToken("tok").start();
  const lines: string[] = [];
  await expect(
    runSuites({
      target,
      suites: [],
      timeoutMs: 900,
      heartbeatMs: 200,
      reporters: [{ onLog: (line) => void lines.push(line) }],
    }),
  ).rejects.toThrow(/did not answer within 0\.9 s/);
  expect(lines.some((l) => l.startsWith(`preflight: waiting for ${url} to answer discovery`))).toBe(true);
});
