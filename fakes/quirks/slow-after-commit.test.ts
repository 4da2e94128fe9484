import { afterEach, expect, it } from "vitest";
import { createFakeServiceProvider } from "../create-fake-service-provider.ts";
import type { ListeningFake } from "../create-fake-service-provider.ts";
import { TOKEN, USER_URN } from "../test-support.ts";

const open: ListeningFake[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});

const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json" };
const alice = JSON.stringify({ schemas: [USER_URN], userName: "alice" });

it("with slow-after-commit=3000, a POST times out on the client but the user exists, and the retry gets 409 (B13)", async () => {
  const listening = await createFakeServiceProvider({
    tokens: { value: TOKEN },
    quirks: ["slow-after-commit=3000"],
  }).listen();
  open.push(listening);
  const timedOut = fetch(`${listening.baseUrl}/Users`, {
    method: "POST",
    headers,
    body: alice,
    signal: AbortSignal.timeout(500),
  });
  await expect(timedOut).rejects.toThrow(/abort|timeout/i);
  const started = Date.now();
  const lookup = await fetch(
    `${listening.baseUrl}/Users?filter=${encodeURIComponent('userName eq "alice"')}`,
    { headers },
  );
  expect(((await lookup.json()) as { totalResults: number }).totalResults).toBe(1);
  const retry = await fetch(`${listening.baseUrl}/Users`, { method: "POST", headers, body: alice });
  expect(retry.status).toBe(409);
  expect(Date.now() - started).toBeLessThan(2000);
});

it("without the quirk the POST answers 201 well within the same timeout", async () => {
  const listening = await createFakeServiceProvider({ tokens: { value: TOKEN } }).listen();
  open.push(listening);
  const res = await fetch(`${listening.baseUrl}/Users`, {
    method: "POST",
    headers,
    body: alice,
    signal: AbortSignal.timeout(1000),
  });
  expect(res.status).toBe(201);
});
