import { expect, it } from "vitest";
import { FETCH_HEADERS, replay, useListeningFakes } from "./fault-test-support.ts";

const listenFake = useListeningFakes();

it("with reset-rate=0.3, a request drawn under the rate gets a connection reset; the next one is answered", async () => {
  const listening = await listenFake({ quirks: ["reset-rate=0.3"], random: replay(0.1, 0.9) });
  await expect(fetch(`${listening.baseUrl}/Users`, { headers: FETCH_HEADERS })).rejects.toThrow(
    /fetch failed/,
  );
  const res = await fetch(`${listening.baseUrl}/Users`, { headers: FETCH_HEADERS });
  expect(res.status).toBe(200);
});
