import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import type { Exchange } from "./exchange.ts";
import type { HttpIntent } from "./http-intent.ts";
import { createScimClient } from "./scim-client.ts";
import type { ScimClient, ScimClientOptions } from "./scim-client.ts";

const servers: Server[] = [];
const clients: ScimClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A server that answers `{}` on every path except `/hang`, which never answers. */
async function serve(): Promise<string> {
  const server = createServer((req, res) => {
    if (req.url === "/hang") return;
    res.writeHead(200, { "Content-Type": "application/scim+json" });
    res.end("{}");
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function client(options: ScimClientOptions): ScimClient {
  const c = createScimClient(options);
  clients.push(c);
  return c;
}

const get = (path: string): HttpIntent => ({ label: `GET ${path}`, method: "GET", path });

it("turns an unparseable base URL into an 'other' exchange instead of throwing", async () => {
  const x = await client({ baseUrl: "not a url" }).send(get("/Users"));
  expect(x.error?.kind).toBe("other");
  expect(x.error?.message).toContain("invalid base URL");
  expect(x.response).toBeUndefined();
});

it("rejects a non-HTTP base URL as 'other'", async () => {
  const x = await client({ baseUrl: "ftp://127.0.0.1/scim" }).send(get("/Users"));
  expect(x.error?.kind).toBe("other");
});

it("turns a path undici refuses (a raw space) into an 'other' exchange", async () => {
  const base = await serve();
  const x = await client({ baseUrl: base }).send(get('/Users?filter=userName eq "a"'));
  expect(x.error?.kind).toBe("other");
  expect(x.request.url).toBe(`${base}/Users?filter=userName eq "a"`);
});

it("records a throwing or rejecting onExchange callback on the exchange", async () => {
  const base = await serve();
  let calls = 0;
  const c = client({
    baseUrl: base,
    onExchange: async () => {
      calls += 1;
      if (calls === 1) throw new Error("sink full");
      return Promise.reject(new Error("sink gone"));
    },
  });
  const first = await c.send(get("/Users"));
  const second = await c.send(get("/Users"));
  expect(first.response?.status).toBe(200);
  expect(first.error).toEqual({ kind: "other", message: "onExchange callback failed: sink full" });
  expect(second.error?.message).toContain("sink gone");
});

it("keeps a transport error and appends a callback failure to its message", async () => {
  const c = client({
    baseUrl: "bad",
    onExchange: () => {
      throw new Error("nope");
    },
  });
  const x = await c.send(get("/"));
  expect(x.error?.kind).toBe("other");
  expect(x.error?.message).toContain("invalid base URL");
  expect(x.error?.message).toContain("onExchange callback failed: nope");
});

it("numbers exchanges sequentially with the id prefix and passes each to onExchange", async () => {
  const base = await serve();
  const seen: string[] = [];
  const c = client({ baseUrl: base, idPrefix: "e2e-", onExchange: (x) => void seen.push(x.id) });
  const ids = (await Promise.all([c.send(get("/a")), c.send(get("/b")), c.send(get("/c"))])).map((x) => x.id);
  expect(ids).toEqual(["e2e-1", "e2e-2", "e2e-3"]);
  expect([...seen].sort()).toEqual(["e2e-1", "e2e-2", "e2e-3"]);
  expect(c.exchanges).toHaveLength(3);
});

it("close() aborts an in-flight request promptly and later sends fail as 'other'", async () => {
  const base = await serve();
  const c = client({ baseUrl: base });
  const pending = c.send({ ...get("/hang"), timeoutMs: 30_000 });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = Date.now();
  await c.close();
  const hung: Exchange = await pending;
  expect(Date.now() - started).toBeLessThan(5000);
  expect(hung.error?.kind).toBe("other");
  expect(hung.error?.message).toContain("closed");
  const after = await c.send(get("/Users"));
  expect(after.error?.kind).toBe("other");
  await c.close(); // idempotent
});

it("classifies an unresolvable host (.invalid, RFC 2606) as dns", async () => {
  const x = await client({ baseUrl: "http://scim-harness-test.invalid", timeoutMs: 10_000 }).send(get("/"));
  expect(x.error?.kind).toBe("dns");
});

it("classifies an https request to a plain-HTTP port as tls", async () => {
  const base = (await serve()).replace("http:", "https:");
  const x = await client({ baseUrl: base, timeoutMs: 5000 }).send(get("/"));
  expect(x.error?.kind).toBe("tls");
});

it("never rejects, even for a nonsense intent", async () => {
  const c = client({ baseUrl: "http://127.0.0.1:9" });
  const x = await c.send(null as unknown as HttpIntent);
  expect(x.error?.kind).toBe("other");
  expect(x.id).toBe("x1");
});
