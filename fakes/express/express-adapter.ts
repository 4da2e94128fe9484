/**
 * The express 5 shell around the transport-neutral pipeline: reads the raw body (bounded), builds a
 * `ScimRequest`, writes the `ScimResponse`, and performs transport faults (`reset` destroys the socket,
 * `hang` never answers).
 */
import express from "express";
import type { Express, Request, Response } from "express";
import type { ScimRequest, ScimResponse } from "../core/scim-exchange.ts";
import { scimErrorResponse, serializeBody } from "../core/scim-exchange.ts";

/** The pipeline an adapter calls. */
export type ScimRequestHandler = (request: ScimRequest) => Promise<ScimResponse>;

/** Bodies declaring more than this many times the limit are refused without reading them. */
const DRAIN_FACTOR = 8;

const EMPTY_BODY = new Uint8Array();

/**
 * Reads the body with plain stream events (cheaper than an async iterator on every request). A request
 * with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 §6.3), so it is not read at all.
 */
function readBody(req: Request, maxBytes: number): Promise<{ body: Uint8Array; tooLarge: boolean }> {
  const length = req.headers["content-length"];
  if (length === undefined && req.headers["transfer-encoding"] === undefined) {
    req.resume();
    return Promise.resolve({ body: EMPTY_BODY, tooLarge: false });
  }
  const declared = Number(length ?? "0");
  if (Number.isFinite(declared) && declared > maxBytes * DRAIN_FACTOR)
    return Promise.resolve({ body: EMPTY_BODY, tooLarge: true });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer | string) => {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      size += buffer.byteLength;
      if (size > maxBytes) tooLarge = true;
      else chunks.push(buffer);
    });
    req.once("end", () =>
      resolve({
        body: tooLarge ? EMPTY_BODY : chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
        tooLarge,
      }),
    );
    req.once("error", reject);
    // After "end" this is a no-op; before it, the client went away mid-body.
    req.once("close", () => reject(new Error("the request closed before its body ended")));
  });
}

function headersOf(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function write(res: Response, response: ScimResponse): void {
  res.status(response.status);
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  const payload = serializeBody(response);
  if (response.status === 204 || response.status === 304 || payload === "") res.end();
  else res.end(payload);
}

/** Builds an express app that serves every request through `handle`. */
export function createExpressAdapter(handle: ScimRequestHandler, maxBodyBytes: number): Express {
  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
  app.use(async (req: Request, res: Response) => {
    try {
      const { body, tooLarge } = await readBody(req, maxBodyBytes);
      const host = req.headers.host ?? "localhost";
      let url: URL;
      try {
        url = new URL(`${req.protocol}://${host}${req.originalUrl}`);
      } catch {
        url = new URL(`http://localhost${req.originalUrl.startsWith("/") ? req.originalUrl : "/"}`);
      }
      const response = await handle({
        method: req.method.toUpperCase(),
        url,
        headers: headersOf(req),
        body,
        bodyTooLarge: tooLarge,
      });
      if (response.action === "reset") {
        req.socket.destroy();
        return;
      }
      if (response.action === "hang") return;
      if (tooLarge) res.setHeader("connection", "close");
      write(res, response);
    } catch (error) {
      if (res.headersSent) return;
      write(
        res,
        scimErrorResponse(
          500,
          undefined,
          `Internal error: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
  });
  return app;
}
