/**
 * The recording reverse proxy of `scim-harness record`: every request to it goes to the SP's base URL plus
 * the request's path and query, verbatim (method, headers, body streamed through), and the SP's answer comes
 * back verbatim (status, headers, body streamed through). Only the hop-by-hop headers of RFC 9110 §7.6.1 are
 * not forwarded, and `Host` names the SP. Each exchange is kept as a HAR 1.2 entry with the credentials
 * removed: `Authorization` and the other credential headers become a short fingerprint, never written.
 *
 * When the SP cannot be reached the client gets 502, when it is slower than the timeout 504, both with a
 * SCIM error body (RFC 7644 §3.12); the proxy keeps running and the entry is marked.
 */
import { createServer as createHttpServer, request as httpRequest } from "node:http";
import type {
  IncomingHttpHeaders,
  IncomingMessage,
  OutgoingHttpHeaders,
  Server,
  ServerResponse,
} from "node:http";
import { createServer as createHttpsServer, request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import type { RecordedEntryNotes } from "../import/har-read.ts";
import { CREDENTIAL_HEADER, credentialFingerprint, isScimPath } from "../import/har-read.ts";
import { SCHEMA_ERROR } from "../scim/schemas.ts";

/** Options of `startRecordProxy`. */
export interface RecordProxyOptions {
  /** The SP's SCIM base URL; requests go to its origin, its path + the request's path. */
  upstream: string;
  /** Listen address; default 127.0.0.1 (loopback). */
  host?: string;
  /** Listen port; default 0 (any free port). */
  port?: number;
  /** PEM certificate and key: serve HTTPS instead of HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Bodies longer than this are forwarded whole but cut in the recording (default 1 MiB). */
  maxBodyBytes?: number;
  /** The SP must start answering within this time, else the client gets 504 (default 30 s). */
  upstreamTimeoutMs?: number;
  /** Called after each recorded exchange with the number recorded so far. */
  onExchange?: (count: number) => void;
}

/** A HAR 1.2 name/value pair. */
interface HarPair {
  name: string;
  value: string;
}

/** One HAR 1.2 entry as the proxy writes it, with the `_scimHarness` notes. */
export interface RecordedHarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    headers: HarPair[];
    queryString: HarPair[];
    cookies: [];
    headersSize: -1;
    bodySize: number;
    postData?: { mimeType: string; text: string };
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: HarPair[];
    cookies: [];
    content: { size: number; mimeType: string; text?: string };
    redirectURL: "";
    headersSize: -1;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  comment?: string;
  _scimHarness: RecordedEntryNotes;
}

/** A running recording proxy. */
export interface RecordProxy {
  /** The proxy's base URL (point the IdP here). */
  readonly url: string;
  /** The entries recorded so far, in the order the exchanges finished. */
  readonly entries: readonly RecordedHarEntry[];
  /** Stops accepting requests, ends open connections and resolves when the server is closed. */
  close(): Promise<void>;
}

/** Hop-by-hop headers (RFC 9110 §7.6.1): about one connection, never forwarded. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
]);
/** Query parameters that may carry a credential: written as `[redacted]`. */
const SECRET_PARAM = /token|secret|password|passwd|api[-_]?key|signature|^sig$|^code$/i;
const REDACTED = "[redacted]";

/** A JSON body with every `password` value (a credential, RFC 7643 §4.1.1) redacted; other text unchanged. */
function withoutPasswords(text: string): string {
  if (!/"password"/i.test(text)) return text;
  try {
    return JSON.stringify(
      JSON.parse(text, function (this: Record<string, unknown>, key: string, value: unknown) {
        const named = (name: unknown) => String(name).toLowerCase().split(/[.:]/).pop() === "password";
        // `{"password": "…"}`, or a PATCH op `{"path": "password", "value": "…"}`
        const secret = named(key) || (key === "value" && named(this.path));
        return secret && typeof value === "string" ? REDACTED : value;
      }),
    );
  } catch {
    return text.replace(/("password"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, `$1"${REDACTED}"`);
  }
}

/** A body copy of at most `limit` bytes, and the real size. */
class BodyTap {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  size = 0;
  constructor(private readonly limit: number) {}
  add(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.kept >= this.limit) return;
    const part = chunk.subarray(0, this.limit - this.kept);
    this.chunks.push(part);
    this.kept += part.length;
  }
  get cut(): boolean {
    return this.size > this.limit;
  }
  /** The recorded text, decoded when the whole body was kept and it was compressed. */
  text(encoding: string | undefined): string {
    const bytes = Buffer.concat(this.chunks);
    if (this.cut) return bytes.toString("utf8");
    try {
      switch ((encoding ?? "").trim().toLowerCase()) {
        case "gzip":
        case "x-gzip":
          return gunzipSync(bytes).toString("utf8");
        case "deflate":
          return inflateSync(bytes).toString("utf8");
        case "br":
          return brotliDecompressSync(bytes).toString("utf8");
        default:
          return bytes.toString("utf8");
      }
    } catch {
      return bytes.toString("utf8");
    }
  }
}

function pairs(
  headers: IncomingHttpHeaders | Record<string, string | string[] | number | undefined>,
): HarPair[] {
  const out: HarPair[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || CREDENTIAL_HEADER.test(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push({ name, value: String(v) });
  }
  return out;
}

function scimError(status: number, detail: string): string {
  return JSON.stringify({ schemas: [SCHEMA_ERROR], status: String(status), detail });
}

/** The URL as written to the HAR: credentials in the userinfo or the query replaced. */
function recordedUrl(url: URL): URL {
  const copy = new URL(url);
  copy.username = "";
  copy.password = "";
  for (const name of [...copy.searchParams.keys()])
    if (SECRET_PARAM.test(name)) copy.searchParams.set(name, REDACTED);
  return copy;
}

/** Starts the proxy; resolves once it listens. */
export async function startRecordProxy(options: RecordProxyOptions): Promise<RecordProxy> {
  const upstream = new URL(options.upstream);
  const basePath = upstream.pathname.replace(/\/+$/, "");
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  const timeoutMs = options.upstreamTimeoutMs ?? 30_000;
  const send = upstream.protocol === "https:" ? httpsRequest : httpRequest;
  const entries: RecordedHarEntry[] = [];

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const startedDateTime = new Date().toISOString();
    const t0 = performance.now();
    let tWait = t0;
    const target = new URL(upstream.origin + basePath + (req.url ?? "/"));
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(name) && name !== "host" && value !== undefined) headers[name] = value;
    }
    headers.host = upstream.host;
    const notes: RecordedEntryNotes = {};
    const authorization = req.headers.authorization;
    if (authorization !== undefined) notes.credential = credentialFingerprint(authorization);
    if (!isScimPath(target.pathname)) notes.nonScim = true;
    const requestTap = new BodyTap(limit);
    const responseTap = new BodyTap(limit);
    let recorded = false;

    const record = (
      status: number,
      statusText: string,
      responseHeaders: IncomingHttpHeaders,
      httpVersion: string,
    ) => {
      if (recorded) return;
      recorded = true;
      const end = performance.now();
      if (requestTap.cut || responseTap.cut) {
        notes.truncated = {
          ...(requestTap.cut ? { request: requestTap.size } : {}),
          ...(responseTap.cut ? { response: responseTap.size } : {}),
        };
      }
      const url = recordedUrl(target);
      const comments = [
        notes.nonScim ? "not a SCIM path: forwarded, not replayed" : undefined,
        notes.proxyError !== undefined ? `not answered by the SP: ${notes.proxyError}` : undefined,
        requestTap.cut
          ? `request body cut at ${limit} of ${requestTap.size} bytes in this recording`
          : undefined,
        responseTap.cut
          ? `response body cut at ${limit} of ${responseTap.size} bytes in this recording`
          : undefined,
      ].filter((c): c is string => c !== undefined);
      const responseText =
        responseTap.size > 0 ? responseTap.text(responseHeaders["content-encoding"]) : undefined;
      entries.push({
        startedDateTime,
        time: Math.round((end - t0) * 1000) / 1000,
        request: {
          method: req.method ?? "GET",
          url: url.href,
          httpVersion: `HTTP/${req.httpVersion}`,
          headers: pairs(req.headers),
          queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
          cookies: [],
          headersSize: -1,
          bodySize: requestTap.size,
          ...(requestTap.size > 0
            ? {
                postData: {
                  mimeType: req.headers["content-type"] ?? "",
                  text: withoutPasswords(requestTap.text(req.headers["content-encoding"])),
                },
              }
            : {}),
        },
        response: {
          status,
          statusText,
          httpVersion,
          headers: pairs(responseHeaders),
          cookies: [],
          content: {
            size: responseTap.size,
            mimeType: responseHeaders["content-type"] ?? "",
            ...(responseText !== undefined ? { text: responseText } : {}),
          },
          redirectURL: "",
          headersSize: -1,
          bodySize: responseTap.size,
        },
        cache: {},
        timings: { send: 0, wait: Math.round(tWait - t0), receive: Math.round(end - tWait) },
        ...(comments.length > 0 ? { comment: comments.join("; ") } : {}),
        _scimHarness: notes,
      });
      options.onExchange?.(entries.length);
    };

    const upstreamRequest = send(target, { method: req.method, headers, timeout: timeoutMs });
    let clientGone = false;
    const fail = (error: Error, timedOut: boolean) => {
      const status = timedOut ? 504 : 502;
      const reason = clientGone
        ? "the client closed the connection before the SP answered"
        : timedOut
          ? `the SP did not answer within ${timeoutMs} ms`
          : `the SP could not be reached (${(error as NodeJS.ErrnoException).code ?? error.message})`;
      notes.proxyError = reason;
      if (res.headersSent) {
        res.destroy(error);
      } else {
        const body = scimError(status, `scim-harness record: ${reason}`);
        responseTap.add(Buffer.from(body));
        res.writeHead(status, {
          "Content-Type": "application/scim+json",
          "Content-Length": Buffer.byteLength(body),
        });
        res.end(body);
      }
      record(
        status,
        timedOut ? "Gateway Timeout" : "Bad Gateway",
        { "content-type": "application/scim+json" },
        "HTTP/1.1",
      );
    };
    let timedOut = false;
    upstreamRequest.on("timeout", () => {
      timedOut = true;
      upstreamRequest.destroy(new Error("upstream timeout"));
    });
    upstreamRequest.on("error", (error) => fail(error, timedOut));
    upstreamRequest.on("response", (answer) => {
      tWait = performance.now();
      upstreamRequest.setTimeout(0);
      const forwarded: string[] = [];
      for (let i = 0; i + 1 < answer.rawHeaders.length; i += 2) {
        if (!HOP_BY_HOP.has(answer.rawHeaders[i]!.toLowerCase()))
          forwarded.push(answer.rawHeaders[i]!, answer.rawHeaders[i + 1]!);
      }
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, forwarded);
      answer.on("data", (chunk: Buffer) => responseTap.add(chunk));
      answer.on("end", () =>
        record(
          answer.statusCode ?? 0,
          answer.statusMessage ?? "",
          answer.headers,
          `HTTP/${answer.httpVersion}`,
        ),
      );
      answer.on("error", (error) => res.destroy(error));
      answer.pipe(res);
    });
    req.on("data", (chunk: Buffer) => requestTap.add(chunk));
    req.on("error", () => upstreamRequest.destroy());
    res.on("close", () => {
      if (res.writableFinished) return;
      clientGone = true;
      upstreamRequest.destroy();
    });
    req.pipe(upstreamRequest);
  };

  const server: Server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handle)
    : createHttpServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `${options.tls ? "https" : "http"}://${host}:${address.port}`,
    entries,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
