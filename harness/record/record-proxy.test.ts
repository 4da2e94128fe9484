/**
 * The recording proxy against a hand-controlled upstream: verbatim forwarding both ways, 502 / 504 with a
 * SCIM error body while the proxy keeps running, bodies cut in the recording only, non-SCIM paths marked,
 * two credentials kept apart by fingerprint, and no credential in the recording.
 */
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";
import { afterEach, expect, it } from "vitest";
import { credentialFingerprint } from "../import/har-read.ts";
import { REPLAY_PASSWORD } from "../import/har-values.ts";
import { importHar } from "../import/import-har.ts";
import type { RecordProxy } from "./record-proxy.ts";
import { startRecordProxy } from "./record-proxy.ts";

const CANARY = "canary-token-7f3e9a1b2c4d5e6f";
const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** An upstream that records what it got and answers with `answer(seen)`. */
async function upstream(
  answer: (seen: Seen, res: ServerResponse) => void,
): Promise<{ url: string; seen: Seen[]; stop: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const s = {
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(s);
      answer(s, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const stop = () =>
    new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
  open.push({ close: () => (server.listening ? stop() : undefined) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`, seen, stop };
}

async function proxy(
  up: string,
  extra: Partial<Parameters<typeof startRecordProxy>[0]> = {},
): Promise<RecordProxy> {
  const p = await startRecordProxy({ upstream: up, ...extra });
  open.unshift(p);
  return p;
}

it("forwards method, path, query, headers and body verbatim, and the answer back, recording it without the credential", async () => {
  const up = await upstream((_s, res) => {
    res.writeHead(201, { "Content-Type": "application/scim+json", ETag: 'W/"1"', "X-Custom": "a" });
    res.end(JSON.stringify({ id: "abc", userName: "x" }));
  });
  const p = await proxy(up.url);
  const body = JSON.stringify({ userName: "x@contoso.com", active: "False" });
  const answer = await request(`${p.url}/Users?attributes=userName&filter=userName%20eq%20%22x%22`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${CANARY}`,
      "Content-Type": "application/scim+json",
      "X-Tenant": "t1",
    },
    body,
  });
  expect(answer.statusCode).toBe(201);
  expect(answer.headers.etag).toBe('W/"1"');
  expect(answer.headers["x-custom"]).toBe("a");
  expect(await answer.body.json()).toEqual({ id: "abc", userName: "x" });

  const [got] = up.seen;
  expect(got).toMatchObject({
    method: "POST",
    url: "/scim/v2/Users?attributes=userName&filter=userName%20eq%20%22x%22",
    body,
  });
  expect(got!.headers.authorization).toBe(`Bearer ${CANARY}`);
  expect(got!.headers["x-tenant"]).toBe("t1");

  const [entry] = p.entries;
  expect(entry!.request.postData?.text).toBe(body);
  expect(entry!.response.content.text).toBe(JSON.stringify({ id: "abc", userName: "x" }));
  expect(entry!._scimHarness.credential).toBe(credentialFingerprint(`Bearer ${CANARY}`));
  expect(JSON.stringify(p.entries)).not.toContain(CANARY);
  expect(JSON.stringify(p.entries)).not.toMatch(/"authorization"/i);
});

it("answers 502 when the SP is down and 504 when it is slow, with a SCIM error body, and keeps running", async () => {
  const down = await upstream(() => {});
  await down.stop(); // nothing listens there any more
  const p1 = await proxy(down.url);
  const a = await request(`${p1.url}/Users`);
  expect(a.statusCode).toBe(502);
  expect(a.headers["content-type"]).toBe("application/scim+json");
  expect(await a.body.json()).toMatchObject({
    schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
    status: "502",
  });

  const slow = await upstream((s, res) => {
    if (s.url.includes("slow")) setTimeout(() => res.end("{}"), 1_500);
    else res.end("{}");
  });
  const p2 = await proxy(slow.url, { upstreamTimeoutMs: 200 });
  const b = await request(`${p2.url}/Users?slow=1`);
  expect(b.statusCode).toBe(504);
  expect(await b.body.json()).toMatchObject({ status: "504" });
  const c = await request(`${p2.url}/Users`);
  expect(c.statusCode).toBe(200);
  await c.body.text();
  expect(p2.entries.map((e) => [e.response.status, e._scimHarness.proxyError !== undefined])).toEqual([
    [504, true],
    [200, false],
  ]);
  expect(p1.entries[0]!._scimHarness.proxyError).toMatch(/could not be reached/);
});

it("forwards a body over the limit whole but cuts it in the recording, with a note; marks a non-SCIM path", async () => {
  const up = await upstream((s, res) => res.end(JSON.stringify({ length: s.body.length })));
  const p = await proxy(up.url, { maxBodyBytes: 100 });
  const big = JSON.stringify({ userName: "x", title: "y".repeat(5_000) });
  const answer = await request(`${p.url}/Users`, { method: "POST", body: big });
  expect(await answer.body.json()).toEqual({ length: big.length });
  const other = await request(`${p.url}/healthz`);
  await other.body.text();
  expect(up.seen.map((s) => s.url)).toEqual(["/scim/v2/Users", "/scim/v2/healthz"]);

  const [cut, health] = p.entries;
  expect(cut!.request.postData!.text).toHaveLength(100);
  expect(cut!._scimHarness.truncated).toEqual({ request: big.length });
  expect(cut!.comment).toMatch(/request body cut at 100 of \d+ bytes/);
  expect(health!._scimHarness.nonScim).toBe(true);
  expect(health!.comment).toMatch(/not a SCIM path/);
});

it("keeps two credentials apart: one scenario per fingerprint, never the credential", async () => {
  let n = 0;
  const up = await upstream((s, res) => {
    res.writeHead(s.method === "POST" ? 201 : 200, { "Content-Type": "application/scim+json" });
    res.end(s.method === "POST" ? JSON.stringify({ id: `id-${++n}-0000-0000-0000-000000000000` }) : "{}");
  });
  const p = await proxy(up.url);
  const send = async (token: string, userName: string) => {
    const r = await request(`${p.url}/Users`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" },
      body: JSON.stringify({ userName }),
    });
    await r.body.text();
  };
  await send(CANARY, "a@tenant-one.example");
  await send("second-tenant-secret", "b@tenant-two.example");
  await send(CANARY, "c@tenant-one.example");
  const har = JSON.stringify({
    log: { version: "1.2", creator: { name: "scim-harness record" }, entries: p.entries },
  });
  const fps = [
    credentialFingerprint(`Bearer ${CANARY}`),
    credentialFingerprint("Bearer second-tenant-secret"),
  ];
  const first = importHar(har, { keepPii: true });
  expect(first.credentials).toEqual(fps);
  expect(first.scenario.steps).toHaveLength(2);
  expect(JSON.stringify(first.scenario.steps)).not.toContain("tenant-two");
  const second = importHar(har, { keepPii: true, credential: fps[1]! });
  expect(second.scenario.steps).toHaveLength(1);
  expect(JSON.stringify(second.scenario.steps)).toContain("tenant-two");
  for (const text of [har, first.yaml, second.yaml]) {
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain("second-tenant-secret");
  }
});

it("never writes a password: redacted in the HAR, a fixed stand-in in the scenario, even with --keep-pii", async () => {
  const up = await upstream((s, res) => {
    res.writeHead(s.method === "POST" ? 201 : 200, { "Content-Type": "application/scim+json" });
    res.end(JSON.stringify({ id: "0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9" }));
  });
  const p = await proxy(up.url);
  const send = async (method: string, path: string, body: object) => {
    const r = await request(`${p.url}${path}`, { method, body: JSON.stringify(body) });
    await r.body.text();
  };
  await send("POST", "/Users", { userName: "a@x.example", password: "Hunter2-secret-create" });
  await send("PATCH", "/Users/0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9", {
    Operations: [{ op: "replace", path: "password", value: "Hunter2-secret-patch" }],
  });
  expect(up.seen.map((s) => s.body).join()).toContain("Hunter2-secret-create"); // forwarded as sent
  const har = JSON.stringify({ log: { version: "1.2", creator: { name: "t" }, entries: p.entries } });
  expect(har).not.toMatch(/Hunter2/);
  const { yaml } = importHar(
    JSON.stringify({
      log: {
        entries: p.entries.map((e) => ({
          ...e,
          request: { ...e.request, postData: { mimeType: "", text: up.seen[p.entries.indexOf(e)]!.body } },
        })),
      },
    }),
    { keepPii: true },
  );
  expect(yaml).not.toMatch(/Hunter2/);
  expect(yaml).toContain(REPLAY_PASSWORD);
});

it("streams the answer through: the client has the first chunk before the SP has finished", async () => {
  let finish: () => void = () => {};
  const up = await upstream((_s, res) => {
    res.writeHead(200, { "Content-Type": "application/scim+json" });
    res.write('{"Resources":[');
    finish = () => res.end("]}");
  });
  const p = await proxy(up.url);
  const answer = await request(`${p.url}/Users`);
  const reader = answer.body[Symbol.asyncIterator]();
  const first = await reader.next();
  expect(Buffer.from(first.value as Buffer).toString()).toBe('{"Resources":[');
  expect(p.entries).toHaveLength(0); // still open
  finish();
  let rest = "";
  for (let next = await reader.next(); !next.done; next = await reader.next())
    rest += Buffer.from(next.value as Buffer).toString();
  expect(rest).toBe("]}");
  await new Promise((r) => setTimeout(r, 50));
  expect(p.entries[0]!.response.content.text).toBe('{"Resources":[]}');
});
