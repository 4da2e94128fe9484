/**
 * The only code in scim-harness that touches the network: sends `HttpIntent`s to a SCIM target with undici
 * and records every attempt as an `Exchange`. `send()` never rejects: hangs, resets, refusals, HTML pages,
 * invalid JSON and huge bodies all become exchanges with an error kind.
 *
 * undici is used directly (not global fetch) because fetch always adds a `User-Agent`, and Entra sends
 * none [C12].
 */
import { Agent } from "undici";
import { classifyTransportError, describeError, interpretResponseBody } from "./classify-transport-error.ts";
import type { Exchange, ExchangeResponse } from "./exchange.ts";
import { redactAuthorization, redactIntent } from "./exchange.ts";
import type { HttpIntent } from "./http-intent.ts";

/** Entra's response deadline [S19]. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** 10 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
export const DEFAULT_ACCEPT = "application/scim+json, application/json";
export const SCIM_CONTENT_TYPE = "application/scim+json; charset=utf-8";

/** Options of `createScimClient`. */
export interface ScimClientOptions {
  /**
   * Target base URL, with or without a path and trailing slash (`http://h:1/scim/v2/`). Intent paths are
   * appended without double slashes. A query string here (Entra's `?aadOptscim062020` feature flag [S2])
   * is a flag for the IdP model, exposed as `client.baseQuery`, and kept off the wire unless
   * `forwardBaseQuery` is set (whether Entra forwards it is not documented [S2]). Credentials and
   * fragments in the URL are ignored.
   */
  baseUrl: string;
  /** Bearer token, or a provider called once per request (token rotation). `undefined` sends no header. */
  token?: string | (() => string | undefined);
  /** Per-request deadline covering connect, headers and body; default 60 000 ms, Entra's [S19]. */
  timeoutMs?: number;
  /** `null` (the default) sends no `User-Agent` at all, as Entra does [C12]. */
  userAgent?: string | null;
  /** Extra headers on every request (intent headers win). */
  headers?: Record<string, string>;
  /** Larger response bodies are truncated and flagged `bodyTooLarge`; default 10 MiB. */
  maxBodyBytes?: number;
  /** Append the base URL's query string to every request path (default false). */
  forwardBaseQuery?: boolean;
  /** Called with each finished exchange; a throw or rejection is recorded on the exchange, never raised. */
  onExchange?: (exchange: Exchange) => void | Promise<void>;
  /** Exchange id prefix; default "x" (ids `x1`, `x2`, …). */
  idPrefix?: string;
  /** Keep every finished exchange in `exchanges` (default true); false for long load runs. */
  retainExchanges?: boolean;
  /**
   * The environment variables the run's credentials came from (`--token-env`, `--expired-token-env`), each
   * with the credential it held: an exchange whose Authorization carries one names its variable, and so
   * does its curl line. A credential from no variable (a rotated one) is not named. Default: none named
   * (`toCurl` says `$SCIM_TOKEN`).
   */
  tokenVariables?: readonly { name: string; token: string }[];
}

/** A SCIM HTTP client bound to one target. */
export interface ScimClient {
  /** Sends one intent. Never rejects. */
  send(intent: HttpIntent): Promise<Exchange>;
  /** Finished exchanges, in completion order. */
  readonly exchanges: readonly Exchange[];
  /** Base URL without query string or trailing slash, e.g. `http://h:1/scim/v2`. */
  readonly baseUrl: string;
  /** The base URL's query string without `?` (e.g. `aadOptscim062020`), if any. */
  readonly baseQuery: string | undefined;
  /** Aborts in-flight requests (recorded as kind "other") and closes the connection pool. Idempotent. */
  close(): Promise<void>;
}

interface ParsedBase {
  origin: string;
  prefix: string;
  query: string | undefined;
}

function parseBase(baseUrl: string): ParsedBase | Error {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return new Error(`invalid base URL: ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return new Error(`unsupported base URL protocol ${url.protocol} (http: or https: expected)`);
  }
  const query = url.search.replace(/^\?/, "");
  return {
    origin: url.origin,
    prefix: url.pathname.replace(/\/+$/, ""),
    query: query === "" ? undefined : query,
  };
}

/** Joins the base path and an intent path without double slashes; the intent path is never re-encoded. */
function joinPath(prefix: string, path: string): string {
  if (path === "") return prefix === "" ? "/" : prefix;
  if (path.startsWith("/") || path.startsWith("?")) return prefix + path;
  return `${prefix}/${path}`;
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** A usable timer value: a positive integer, else `fallback`. */
function sanitizeTimeout(value: number | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.ceil(value) : fallback;
}

class ClientClosedError extends Error {
  override name = "ClientClosedError";
}

/** Creates a client for one SCIM target. Never throws: a bad base URL surfaces on each exchange. */
export function createScimClient(options: ScimClientOptions): ScimClient {
  const base = parseBase(options.baseUrl);
  const defaultTimeout = sanitizeTimeout(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const agent = new Agent({ connect: { timeout: defaultTimeout } });
  const exchanges: Exchange[] = [];
  const inFlight = new Set<AbortController>();
  let counter = 0;
  let closing: Promise<void> | undefined;

  function buildHeaders(intent: HttpIntent, hasBody: boolean): Record<string, string> {
    const headers = new Map<string, [string, string]>();
    const set = (name: string, value: string) => headers.set(name.toLowerCase(), [name, value]);
    set("Accept", DEFAULT_ACCEPT);
    if (hasBody) set("Content-Type", SCIM_CONTENT_TYPE);
    const auth = intent.auth ?? "default";
    const token =
      auth === "none"
        ? undefined
        : typeof auth === "object"
          ? auth.token
          : typeof options.token === "function"
            ? options.token()
            : options.token;
    if (token !== undefined) set("Authorization", `Bearer ${token}`);
    const userAgent = options.userAgent ?? null;
    if (userAgent !== null) set("User-Agent", userAgent);
    for (const extra of [options.headers, intent.headers]) {
      for (const [name, value] of Object.entries(extra ?? {})) {
        if (value === "") headers.delete(name.toLowerCase());
        else set(name, value);
      }
    }
    return Object.fromEntries(headers.values());
  }

  async function perform(intent: HttpIntent, exchange: Exchange): Promise<void> {
    if (base instanceof Error) throw base;
    if (closing !== undefined) throw new ClientClosedError("client is closed");
    let path = joinPath(base.prefix, intent.path);
    if (options.forwardBaseQuery === true && base.query !== undefined) {
      path += `${path.includes("?") ? "&" : "?"}${base.query}`;
    }
    const serialised =
      intent.rawBody ?? (intent.body === undefined ? undefined : JSON.stringify(intent.body));
    const body = typeof serialised === "string" ? serialised : undefined;
    const headers = buildHeaders(intent, body !== undefined);
    const authorization = Object.entries(headers).find(([k]) => k.toLowerCase() === "authorization")?.[1];
    const variable = options.tokenVariables?.find((v) => authorization === `Bearer ${v.token}`);
    if (variable !== undefined) exchange.tokenVariable = variable.name;
    exchange.request = {
      method: intent.method,
      url: base.origin + path,
      headers: Object.fromEntries(
        Object.entries(headers).map(([k, v]) => [
          k,
          k.toLowerCase() === "authorization" ? redactAuthorization(v) : v,
        ]),
      ),
      ...(body === undefined ? {} : { body }),
    };

    const timeoutMs = sanitizeTimeout(intent.timeoutMs, defaultTimeout);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`no complete response within ${timeoutMs} ms`));
    }, timeoutMs);
    inFlight.add(controller);
    let status: number | undefined;
    let responseHeaders: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    const partial = (): ExchangeResponse | undefined =>
      status === undefined
        ? undefined
        : { status, headers: responseHeaders, bodyText: Buffer.concat(chunks).toString("utf8") };
    try {
      const res = await agent.request({
        origin: base.origin,
        path,
        method: intent.method,
        headers,
        body: body ?? null,
        signal: controller.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      status = res.statusCode;
      responseHeaders = flattenHeaders(res.headers);
      for await (const chunk of res.body) {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        if (size + buf.length > maxBodyBytes) {
          chunks.push(buf.subarray(0, maxBodyBytes - size));
          truncated = true;
          break; // ends the iterator, which destroys the body stream
        }
        chunks.push(buf);
        size += buf.length;
      }
      const response = partial() as ExchangeResponse;
      if (truncated) response.truncated = true;
      const { body: parsed, error } = interpretResponseBody(response);
      if (parsed !== undefined) response.body = parsed;
      exchange.response = response;
      if (error !== undefined) exchange.error = error;
    } catch (error) {
      const response = partial();
      if (response !== undefined) exchange.response = response;
      const closed = controller.signal.aborted && controller.signal.reason instanceof ClientClosedError;
      const kind = closed ? "other" : classifyTransportError(error, timedOut);
      const message = timedOut
        ? `timed out after ${timeoutMs} ms`
        : describeError(closed ? controller.signal.reason : error);
      exchange.error = {
        kind,
        message: response === undefined ? message : `${message} (after response headers)`,
      };
    } finally {
      clearTimeout(timer);
      inFlight.delete(controller);
    }
  }

  async function send(intent: HttpIntent): Promise<Exchange> {
    counter += 1;
    const started = performance.now();
    const exchange: Exchange = {
      id: `${options.idPrefix ?? "x"}${counter}`,
      label: "",
      startedAt: new Date().toISOString(),
      durationMs: 0,
      request: { method: "GET", url: "", headers: {} },
      // Placeholder until the redacted copy exists, so a raw token can never be recorded.
      intent: { label: "", method: "GET", path: "" },
    };
    try {
      exchange.label = String(intent.label);
      exchange.request.method = intent.method;
      exchange.intent = redactIntent(intent);
      await perform(intent, exchange);
    } catch (error) {
      exchange.error = { kind: "other", message: describeError(error) };
    }
    exchange.durationMs = Math.round(performance.now() - started);
    if (options.retainExchanges !== false) exchanges.push(exchange);
    if (options.onExchange !== undefined) {
      try {
        await options.onExchange(exchange);
      } catch (error) {
        const note = `onExchange callback failed: ${describeError(error)}`;
        if (exchange.error === undefined) exchange.error = { kind: "other", message: note };
        else exchange.error.message += `; ${note}`;
      }
    }
    return exchange;
  }

  async function close(): Promise<void> {
    closing ??= (async () => {
      const busy = inFlight.size > 0;
      for (const controller of inFlight)
        controller.abort(new ClientClosedError("client closed during request"));
      try {
        await (busy ? agent.destroy() : agent.close());
      } catch {
        // Already closed or destroyed: nothing left to release.
      }
    })();
    return closing;
  }

  return {
    send,
    get exchanges() {
      return exchanges;
    },
    baseUrl: base instanceof Error ? options.baseUrl : base.origin + base.prefix,
    baseQuery: base instanceof Error ? undefined : base.query,
    close,
  };
}
