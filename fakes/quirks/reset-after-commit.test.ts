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

it("with reset-after-commit, the POST connection is reset but the user was created; the retry gets 409 (B13)", async () => {
  const fake = createFakeServiceProvider({ tokens: { value: TOKEN }, quirks: ["reset-after-commit"] });
  const listening = await fake.listen();
  open.push(listening);
  await expect(fetch(`${listening.baseUrl}/Users`, { method: "POST", headers, body: alice })).rejects.toThrow(
    /fetch failed/,
  );
  expect(fake.store.count("User")).toBe(1);
  const retry = await fetch(`${listening.baseUrl}/Users`, { method: "POST", headers, body: alice });
  expect(retry.status).toBe(409);
  const list = await fetch(`${listening.baseUrl}/Users`, { headers });
  expect(list.status).toBe(200);
});
