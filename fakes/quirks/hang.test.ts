import { expect, it } from "vitest";
import { FETCH_HEADERS, replay, useListeningFakes } from "./fault-test-support.ts";

const listenFake = useListeningFakes();
const within = (ms: number) => ({ headers: FETCH_HEADERS, signal: AbortSignal.timeout(ms) });

it("with hang=/Groups, /Groups requests are never answered and /Users ones are", async () => {
  const listening = await listenFake({ quirks: ["hang=/Groups"] });
  await expect(fetch(`${listening.baseUrl}/Groups`, within(150))).rejects.toThrow(/abort|timeout/i);
  const users = await fetch(`${listening.baseUrl}/Users`, within(2000));
  expect(users.status).toBe(200);
});

it("with hang=0.5, a request drawn under the rate hangs and the next one is answered", async () => {
  const listening = await listenFake({ quirks: ["hang=0.5"], random: replay(0.2, 0.8) });
  await expect(fetch(`${listening.baseUrl}/Users`, within(150))).rejects.toThrow(/abort|timeout/i);
  expect((await fetch(`${listening.baseUrl}/Users`, within(2000))).status).toBe(200);
});

it("with hang (no option), every request hangs", async () => {
  const listening = await listenFake({ quirks: ["hang"] });
  await expect(fetch(`${listening.baseUrl}/ServiceProviderConfig`, within(150))).rejects.toThrow(
    /abort|timeout/i,
  );
});
