/**
 * Child-process entry of the fake bench (`fake-bench.ts` forks it with `--import tsx`): serves either the
 * fake SP seeded with N users, or a trivial node:http server that answers every request with a fixed JSON
 * body (the baseline), or an express 5 route answering the same body (the express baseline), on 127.0.0.1. A separate process, so that autocannon and the server do not share
 * one event loop. Sends `{ origin, basePath }` to the parent, and exits on any message from it.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { seededFake } from "./fake-bench.ts";

/** The baseline's answer: about the size of a small SCIM resource. */
const FIXED_BODY = JSON.stringify({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  id: "2819c223-7f76-453a-919d-413861904646",
  userName: "bjensen@example.com",
  active: true,
  meta: { resourceType: "User", version: 'W/"1"' },
});

async function serveBaseline(): Promise<{ origin: string; basePath: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(req.method === "POST" ? 201 : 200, {
        "content-type": "application/scim+json; charset=utf-8",
      });
      res.end(FIXED_BODY);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, basePath: "/scim/v2" };
}

/** The fair baseline of an express app: an express 5 route returning the same fixed JSON (POST reads the body). */
async function serveExpress(): Promise<{ origin: string; basePath: string }> {
  const app = express();
  const send = (status: number) => (_req: express.Request, res: express.Response) => {
    res.status(status).type("application/scim+json; charset=utf-8").send(FIXED_BODY);
  };
  app.get("/scim/v2/Users/:id", send(200));
  app.post(
    "/scim/v2/Users",
    express.json({ type: ["application/scim+json", "application/json"] }),
    send(201),
  );
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, basePath: "/scim/v2" };
}

async function serveFake(users: number): Promise<{ origin: string; basePath: string }> {
  const fake = seededFake(users);
  const listening = await fake.listen();
  return { origin: listening.origin, basePath: fake.basePath };
}

const [kind = "baseline", users = "1000"] = process.argv.slice(2);
const address =
  kind === "fake"
    ? await serveFake(Number(users))
    : kind === "express"
      ? await serveExpress()
      : await serveBaseline();
globalThis.gc?.();
process.send?.({ ...address, rssBytes: process.memoryUsage().rss });
process.on("message", () => process.exit(0));
process.on("disconnect", () => process.exit(0));
