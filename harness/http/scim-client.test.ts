import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { toCurl } from "./exchange.ts";
import { createScimClient } from "./scim-client.ts";
import type { ScimClient, ScimClientOptions } from "./scim-client.ts";

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage["headers"];
  body: string;
}

const servers: Server[] = [];
const clients: ScimClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A real server on 127.0.0.1; records each request (with its body) before calling `handler`. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      handler(req, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { port, origin: `http://127.0.0.1:${port}`, seen };
}

function client(options: ScimClientOptions): ScimClient {
  const c = createScimClient(options);
  clients.push(c);
  return c;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/scim+json" });
  res.end(JSON.stringify(body));
}

const scimError = (status: string, detail: string) => ({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
  status,
  detail,
});

it("sends a POST with SCIM headers, bearer token, no User-Agent and a JSON body", async () => {
  const srv = await serve((_req, res) => json(res, 201, { id: "u1", userName: "alice" }));
  const c = client({ baseUrl: `${srv.origin}/scim/v2/?aadOptscim062020`, token: "s3cret" });
  const x = await c.send({ label: "create", method: "POST", path: "/Users", body: { userName: "alice" } });

  expect(srv.seen).toHaveLength(1);
  const req = srv.seen[0]!;
  expect(req.method).toBe("POST");
  expect(req.url).toBe("/scim/v2/Users");
  expect(req.headers["user-agent"]).toBeUndefined();
  expect(req.headers.authorization).toBe("Bearer s3cret");
  expect(req.headers.accept).toBe("application/scim+json, application/json");
  expect(req.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
  expect(JSON.parse(req.body)).toEqual({ userName: "alice" });

  expect(x.id).toBe("x1");
  expect(x.error).toBeUndefined();
  expect(x.response?.status).toBe(201);
  expect(x.response?.headers["content-type"]).toBe("application/scim+json");
  expect(x.response?.body).toEqual({ id: "u1", userName: "alice" });
  expect(x.request.url).toBe(`${srv.origin}/scim/v2/Users`);
  expect(x.request.headers.Authorization).toBe("Bearer [REDACTED]");
  expect(x.request.body).toBe('{"userName":"alice"}');
  expect(JSON.stringify(x)).not.toContain("s3cret");
  expect(c.baseUrl).toBe(`${srv.origin}/scim/v2`);
  expect(c.baseQuery).toBe("aadOptscim062020");
  expect(c.exchanges).toEqual([x]);
});

it("puts Entra's encoded filter and the raw-quote form on the wire untouched", async () => {
  const srv = await serve((_req, res) => json(res, 200, { totalResults: 0, Resources: [] }));
  const c = client({ baseUrl: `${srv.origin}/scim`, token: "t" });
  await c.send({ label: "probe", method: "GET", path: "/Users?filter=userName+eq+%22cf4d78e8%22" });
  await c.send({ label: "2019", method: "GET", path: '/Users?filter=externalId+eq+"9edf3db5"' });
  expect(srv.seen.map((s) => s.url)).toEqual([
    "/scim/Users?filter=userName+eq+%22cf4d78e8%22",
    '/scim/Users?filter=externalId+eq+"9edf3db5"',
  ]);
  expect(srv.seen[0]!.headers["content-type"]).toBeUndefined();
});

it("forwards the base URL query only when asked", async () => {
  const srv = await serve((_req, res) => json(res, 200, {}));
  const c = client({ baseUrl: `${srv.origin}/?aadOptscim062020`, forwardBaseQuery: true });
  await c.send({ label: "a", method: "GET", path: "/Users" });
  await c.send({ label: "b", method: "GET", path: "/Users?count=1" });
  expect(srv.seen.map((s) => s.url)).toEqual(["/Users?aadOptscim062020", "/Users?count=1&aadOptscim062020"]);
});

it("records 404 and 500 SCIM errors as responses, not errors", async () => {
  const srv = await serve((req, res) =>
    req.url === "/Users/missing"
      ? json(res, 404, scimError("404", "not found"))
      : json(res, 500, scimError("500", "boom")),
  );
  const c = client({ baseUrl: srv.origin });
  const notFound = await c.send({ label: "get", method: "GET", path: "/Users/missing" });
  const failed = await c.send({ label: "del", method: "DELETE", path: "/Users/u1" });
  expect(notFound.error).toBeUndefined();
  expect(notFound.response?.status).toBe(404);
  expect(notFound.response?.body).toMatchObject({ status: "404", detail: "not found" });
  expect(failed.error).toBeUndefined();
  expect(failed.response?.status).toBe(500);
});

it("flags an HTML page (WAF block, B12) as htmlBody and keeps the response", async () => {
  const srv = await serve((_req, res) => {
    res.writeHead(403, { "Content-Type": "text/html" });
    res.end("<!DOCTYPE html><html><body>Access denied</body></html>");
  });
  const x = await client({ baseUrl: srv.origin }).send({ label: "probe", method: "GET", path: "/Users" });
  expect(x.error?.kind).toBe("htmlBody");
  expect(x.response?.status).toBe(403);
  expect(x.response?.bodyText).toContain("Access denied");
  expect(x.response?.body).toBeUndefined();
});

it("flags invalid JSON and an empty 200, but not an empty 204", async () => {
  const srv = await serve((req, res) => {
    if (req.url === "/bad") {
      res.writeHead(200, { "Content-Type": "application/scim+json" });
      res.end('{"id": "u1",');
    } else if (req.url === "/empty") {
      res.writeHead(200);
      res.end();
    } else {
      res.writeHead(204);
      res.end();
    }
  });
  const c = client({ baseUrl: srv.origin });
  const bad = await c.send({ label: "bad", method: "GET", path: "/bad" });
  const empty = await c.send({ label: "empty", method: "GET", path: "/empty" });
  const deleted = await c.send({ label: "del", method: "DELETE", path: "/Users/u1" });
  expect(bad.error?.kind).toBe("invalidJson");
  expect(bad.response?.bodyText).toBe('{"id": "u1",');
  expect(empty.error?.kind).toBe("emptyBody");
  expect(deleted.error).toBeUndefined();
  expect(deleted.response?.status).toBe(204);
});

it("times out a server that never answers", async () => {
  const srv = await serve(() => {});
  const x = await client({ baseUrl: srv.origin }).send({
    label: "hang",
    method: "GET",
    path: "/Users",
    timeoutMs: 200,
  });
  expect(x.error?.kind).toBe("timeout");
  expect(x.response).toBeUndefined();
  expect(x.durationMs).toBeGreaterThanOrEqual(150);
  expect(x.durationMs).toBeLessThan(5000);
});

it("times out a server that sends headers then stalls the body", async () => {
  const srv = await serve((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/scim+json", "Content-Length": "100" });
    res.write('{"partial":');
  });
  const x = await client({ baseUrl: srv.origin, timeoutMs: 200 }).send({
    label: "s",
    method: "GET",
    path: "/",
  });
  expect(x.error?.kind).toBe("timeout");
  expect(x.response?.status).toBe(200);
  expect(x.durationMs).toBeLessThan(5000);
});

it("reports a socket destroyed mid-request as connectionReset", async () => {
  const srv = await serve((req) => req.socket.destroy());
  const x = await client({ baseUrl: srv.origin }).send({
    label: "r",
    method: "POST",
    path: "/Users",
    body: {},
  });
  expect(x.error?.kind).toBe("connectionReset");
  expect(x.response).toBeUndefined();
});

it("reports a closed port as connectionRefused", async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const x = await client({ baseUrl: `http://127.0.0.1:${port}` }).send({
    label: "r",
    method: "GET",
    path: "/",
  });
  expect(x.error?.kind).toBe("connectionRefused");
});

it("truncates a huge body and flags bodyTooLarge", async () => {
  const srv = await serve((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/scim+json" });
    res.end(`[${"1,".repeat(50_000)}1]`);
  });
  const x = await client({ baseUrl: srv.origin, maxBodyBytes: 1000 }).send({
    label: "b",
    method: "GET",
    path: "/",
  });
  expect(x.error?.kind).toBe("bodyTooLarge");
  expect(x.response?.truncated).toBe(true);
  expect(x.response?.bodyText).toHaveLength(1000);
  expect(x.response?.body).toBeUndefined();
});

it("overrides the token per request, or sends none, without recording it", async () => {
  const srv = await serve((_req, res) => json(res, 200, {}));
  const c = client({ baseUrl: srv.origin, token: "good" });
  const expired = await c.send({ label: "e", method: "GET", path: "/Users", auth: { token: "expired-xyz" } });
  await c.send({ label: "n", method: "GET", path: "/Users", auth: "none" });
  expect(srv.seen[0]!.headers.authorization).toBe("Bearer expired-xyz");
  expect(srv.seen[1]!.headers.authorization).toBeUndefined();
  expect(expired.intent.auth).toEqual({ token: "[REDACTED]" });
  expect(JSON.stringify(c.exchanges)).not.toContain("expired-xyz");
  expect(c.exchanges[1]!.request.headers).not.toHaveProperty("Authorization");
});

it("calls the token provider on every request (rotation)", async () => {
  const srv = await serve((_req, res) => json(res, 200, {}));
  const tokens = ["first", "second"];
  let calls = 0;
  const c = client({ baseUrl: srv.origin, token: () => tokens[calls++] });
  await c.send({ label: "1", method: "GET", path: "/Users" });
  await c.send({ label: "2", method: "GET", path: "/Users" });
  expect(calls).toBe(2);
  expect(srv.seen.map((s) => s.headers.authorization)).toEqual(["Bearer first", "Bearer second"]);
});

it("sends a configured User-Agent and lets intent headers override or remove defaults", async () => {
  const srv = await serve((_req, res) => json(res, 200, {}));
  const c = client({
    baseUrl: srv.origin,
    userAgent: "scim-harness/0.1.0",
    headers: { ADSCIMVersion: "5.0" },
  });
  await c.send({
    label: "h",
    method: "PATCH",
    path: "/Users/1",
    rawBody: "{",
    headers: { "Content-Type": "" },
  });
  const seen = srv.seen[0]!;
  expect(seen.headers["user-agent"]).toBe("scim-harness/0.1.0");
  expect(seen.headers.adscimversion).toBe("5.0");
  expect(seen.headers["content-type"]).toBeUndefined();
  expect(seen.body).toBe("{");
});

it("renders a curl line for a POST with a quote in the body, which curl replays identically", async () => {
  const srv = await serve((_req, res) => json(res, 201, {}));
  const c = client({ baseUrl: `${srv.origin}/scim/v2`, token: "tok" });
  const x = await c.send({ label: "c", method: "POST", path: "/Users", body: { userName: "o'brien" } });
  const curl = toCurl(x);
  expect(curl).toBe(
    `curl -X POST 'http://127.0.0.1:${srv.port}/scim/v2/Users'` +
      ` -H 'Accept: application/scim+json, application/json'` +
      ` -H 'Content-Type: application/scim+json; charset=utf-8'` +
      ` -H "Authorization: Bearer $SCIM_TOKEN" -H 'User-Agent:'` +
      ` --data-raw '{"userName":"o'\\''brien"}'`,
  );
  if (!existsSync("/usr/bin/curl") && !existsSync("/bin/curl")) return; // replay needs a curl binary
  await new Promise<void>((resolve, reject) =>
    execFile(
      "sh",
      ["-c", `${curl} -s -o /dev/null`],
      { env: { ...process.env, SCIM_TOKEN: "tok" } },
      (err) => (err ? reject(err) : resolve()),
    ),
  );
  const [sent, replayed] = srv.seen;
  expect(replayed!.body).toBe(sent!.body);
  expect(replayed!.url).toBe("/scim/v2/Users");
  expect(replayed!.headers).toEqual({ ...sent!.headers, connection: replayed!.headers.connection });
});

it("names the variable each credential came from on the exchange, and its curl line; an unnamed one stays $SCIM_TOKEN", async () => {
  const srv = await serve((_req, res) => json(res, 200, {}));
  const c = client({
    baseUrl: `${srv.origin}/scim/v2`,
    token: "tok",
    tokenVariables: [
      { name: "OKTA_TOKEN", token: "tok" },
      { name: "OLD_TOKEN", token: "expired" },
    ],
  });
  const own = await c.send({ label: "a", method: "GET", path: "/Users" });
  const refused = await c.send({ label: "b", method: "GET", path: "/Users", auth: { token: "expired" } });
  const other = await c.send({ label: "c", method: "GET", path: "/Users", auth: { token: "rotated" } });
  const none = await c.send({ label: "d", method: "GET", path: "/Users", auth: "none" });
  expect([own, refused, other, none].map((x) => x.tokenVariable)).toEqual([
    "OKTA_TOKEN",
    "OLD_TOKEN",
    undefined,
    undefined,
  ]);
  expect(toCurl(refused)).toContain('"Authorization: Bearer $OLD_TOKEN"');
  expect(toCurl(other)).toContain('"Authorization: Bearer $SCIM_TOKEN"');
  expect(toCurl(none)).not.toContain("Authorization");
});
