/**
 * Preflight: before any suite grades the target, tell a misconfiguration (no token, a refused token, a base
 * URL without the SCIM path, a URL that is not a SCIM server, TLS trouble, an unreachable host) from a
 * service provider bug. It reads the discovery documents (RFC 7644 §4: `/ServiceProviderConfig`,
 * `/ResourceTypes`, `/Schemas`) and sends one authenticated list call (`GET /Users?count=1`, RFC 7644
 * §3.4.2.4), each with a short timeout.
 *
 * It fails only when nothing the target said can be graded: as soon as one of the four answers is a JSON
 * object (other than a 404) and the list call is not refused, the target passes, and what is wrong with it
 * (a broken discovery document, a 500, a list call that hangs) is a finding of the suites, not a preflight
 * failure. A failure is a `PreflightError` (exit 2) with a one-line message and a hint that names the fix.
 */
import { PreflightError, type PreflightProblem } from "../errors.ts";
import type { Exchange } from "../http/exchange.ts";
import type { DiscoveryPath } from "./discovery.ts";
import { createScimClient } from "../http/scim-client.ts";
import type { StartedScimTarget } from "../targets/scim-target.ts";
import { safeUrl } from "../targets/url-target.ts";

/** Preflight's per-request deadline: short, so a wrong URL fails fast (the run's own default stays 60 s). */
export const PREFLIGHT_TIMEOUT_MS = 10_000;

export interface PreflightOptions {
  target: Pick<StartedScimTarget, "baseUrl" | "token"> & Partial<Pick<StartedScimTarget, "logs">>;
  /** Default PREFLIGHT_TIMEOUT_MS. */
  timeoutMs?: number;
  /** The variable the token is read from, named in the no-token hint (default SCIM_TOKEN). */
  tokenEnv?: string;
  /**
   * Called with each discovery document preflight read (by path: `/ServiceProviderConfig`,
   * `/ResourceTypes`, `/Schemas`), so the session reuses the answers instead of asking again.
   */
  onDocument?: (path: DiscoveryPath, exchange: Exchange) => void;
}

/** Paths under a base URL where SCIM servers commonly answer (tried when the base URL has none). */
const DEEPER = ["/scim/v2", "/scim", "/v2", "/api/scim/v2", "/scim/v2.0"];
/** Endpoint names a base URL must not end with (the base is their parent). */
const ENDPOINTS = /^(users|groups|serviceproviderconfigs?|resourcetypes|schemas|bulk|me)$/i;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A JSON object answer (any status): the target speaks JSON at this URL. */
const jsonObject = (e: Exchange): boolean =>
  e.response !== undefined && e.error === undefined && isObject(e.response.body);

/** A body that names a SCIM message or schema URN (RFC 7644 §3.1, §3.12). */
const scimBody = (e: Exchange): boolean => {
  const schemas = isObject(e.response?.body) ? e.response.body["schemas"] : undefined;
  return (
    Array.isArray(schemas) &&
    schemas.some((s) => typeof s === "string" && s.toLowerCase().startsWith("urn:ietf:params:scim:"))
  );
};

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** Base URLs near `baseUrl` to probe: one known SCIM path deeper, or without a trailing endpoint name. */
export function candidateBaseUrls(baseUrl: string): string[] {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return [];
  }
  const path = url.pathname.replace(/\/+$/, "");
  const paths = DEEPER.filter((d) => !path.toLowerCase().endsWith(d)).map((d) => path + d);
  const segments = path.split("/");
  if (segments.length > 1 && ENDPOINTS.test(segments.at(-1) ?? ""))
    paths.unshift(segments.slice(0, -1).join("/"));
  return [...new Set(paths)].map((p) => {
    const u = new URL(url.toString());
    u.pathname = p === "" ? "/" : p;
    return u.toString().replace(/\/(\?|$)/, "$1");
  });
}

/** The first candidate base URL whose `/ServiceProviderConfig` or `/Users` answers with a SCIM body. */
async function findScimNearby(
  baseUrl: string,
  token: string | undefined,
  timeoutMs: number,
): Promise<string | undefined> {
  const candidates = candidateBaseUrls(baseUrl);
  const answers = await Promise.all(
    candidates.map(async (candidate) => {
      const client = createScimClient({ baseUrl: candidate, token, timeoutMs, idPrefix: "pfc" });
      try {
        for (const path of ["/ServiceProviderConfig", "/Users?count=1"]) {
          const e = await client.send({ label: `preflight: ${path}`, method: "GET", path });
          if (e.response !== undefined && e.response.status !== 404 && scimBody(e)) return true;
        }
        return false;
      } finally {
        await client.close();
      }
    }),
  );
  return candidates.find((_, i) => answers[i]);
}

/** Does the list call succeed when sent with a User-Agent (the first try sends none, as Entra does [C12])? */
async function acceptedWithUserAgent(
  baseUrl: string,
  token: string | undefined,
  timeoutMs: number,
): Promise<boolean> {
  const client = createScimClient({ baseUrl, token, timeoutMs, idPrefix: "pfu", userAgent: "scim-harness" });
  try {
    const e = await client.send({
      label: "preflight: /Users with a User-Agent",
      method: "GET",
      path: "/Users?count=1",
    });
    const status = e.response?.status;
    return status !== undefined && status >= 200 && status < 300 && jsonObject(e);
  } finally {
    await client.close();
  }
}

/**
 * Checks that the target is a reachable SCIM server that accepts the token. Resolves when it can be graded;
 * throws `PreflightError` when it cannot. Hands the discovery documents it read to `onDocument` (the run
 * records those); never prints the token.
 */
export async function preflight(options: PreflightOptions): Promise<void> {
  const { baseUrl, token } = options.target;
  const timeoutMs = options.timeoutMs ?? PREFLIGHT_TIMEOUT_MS;
  const tokenEnv = options.tokenEnv ?? "SCIM_TOKEN";
  const where = safeUrl(baseUrl);
  const client = createScimClient({
    baseUrl,
    token,
    timeoutMs,
    idPrefix: "pf",
    ...(options.tokenEnv !== undefined && token !== undefined
      ? { tokenVariables: [{ name: options.tokenEnv, token }] }
      : {}),
  });
  const get = (path: string) => client.send({ label: `preflight: ${path}`, method: "GET", path });
  let exchanges: Exchange[];
  try {
    // The two decisive requests together (a hung target costs one timeout, not four), then the rest, when
    // anything answered, one at a time.
    const [spc, list] = await Promise.all([get("/ServiceProviderConfig"), get("/Users?count=1")]);
    const rest = [spc!, list!].some((e) => e.response !== undefined)
      ? [await get("/ResourceTypes"), await get("/Schemas")]
      : [];
    exchanges = [spc!, ...rest, list!];
  } finally {
    await client.close();
  }
  for (const e of exchanges.slice(0, -1)) options.onDocument?.(e.intent.path as DiscoveryPath, e);
  const logs = () => options.target.logs?.() ?? [];
  const fail = (problem: PreflightProblem, reason: string, hint: string, suggestedBaseUrl?: string) =>
    new PreflightError(problem, reason, hint, {
      logs: logs(),
      ...(suggestedBaseUrl !== undefined ? { suggestedBaseUrl } : {}),
    });
  const list = exchanges.at(-1)!;
  const listUrl = safeUrl(list.request.url);
  const status = list.response?.status;

  if ((status === 401 || status === 403) && (await acceptedWithUserAgent(baseUrl, token, timeoutMs))) {
    // Refused only without a User-Agent, as Entra sends its requests [C12]: an SP behaviour (B12), graded.
    return;
  }
  if (status === 401 || status === 403) {
    if (token === undefined || token === "")
      throw fail(
        "noToken",
        `no token was given, and GET ${listUrl} answered ${status}`,
        `set the bearer token in $${tokenEnv} (or pass --token-env <VAR>); the harness sends it as "Authorization: Bearer <token>"`,
      );
    throw fail(
      "tokenRefused",
      `the target refused the token: GET ${listUrl} answered ${status}`,
      `check the token in $${tokenEnv} (expired, revoked, for another tenant or app, or missing the scope to read /Users)${list.error?.kind === "htmlBody" ? "; the answer was an HTML page, so a proxy or firewall in front of the SP may have refused it" : ""}`,
    );
  }
  // Something the suites can grade answered: broken documents, 5xx and hangs are findings from here on.
  if (exchanges.some((e) => jsonObject(e) && e.response?.status !== 404)) return;

  const answered = exchanges.filter((e) => e.response !== undefined);
  if (answered.length === 0) {
    const kinds = exchanges.map((e) => e.error?.kind);
    const first = exchanges.find((e) => e.error !== undefined)?.error;
    if (kinds.includes("tls"))
      throw fail(
        "tls",
        `TLS handshake with ${where} failed: ${exchanges.find((e) => e.error?.kind === "tls")?.error?.message ?? ""}`,
        "check the certificate (a private CA: set NODE_EXTRA_CA_CERTS=<ca.pem>), the host name in the URL, and http vs https",
      );
    if (kinds.every((k) => k === "timeout"))
      throw fail(
        "unreachable",
        `${where} did not answer within ${seconds(timeoutMs)} (GET ${listUrl})`,
        "check that the server is running and that this machine can reach it (firewall, proxy, VPN)",
      );
    throw fail(
      "unreachable",
      `cannot reach the target at ${where}: ${first?.kind ?? "no response"} (${first?.message ?? ""})`,
      "check the host name and port in --target, and that the server is running",
    );
  }

  const nearby = await findScimNearby(baseUrl, token, timeoutMs);
  const spc = exchanges[0]!;
  const tried = safeUrl(spc.request.url);
  const what = (e: Exchange) =>
    e.response === undefined
      ? (e.error?.kind ?? "no answer")
      : `${e.response.status}${e.error?.kind === "htmlBody" ? " with an HTML page" : e.error !== undefined ? ` (${e.error.kind})` : ""}`;
  if (nearby !== undefined)
    throw fail(
      "wrongBasePath",
      `no SCIM endpoint at ${where}: GET ${tried} answered ${what(spc)}, but SCIM answers at ${safeUrl(nearby)}`,
      `use --target ${safeUrl(nearby)} (the base URL is the SCIM root that /Users and /ServiceProviderConfig hang off)`,
      safeUrl(nearby),
    );
  if (answered.every((e) => e.response?.status === 404))
    throw fail(
      "wrongBasePath",
      `no SCIM endpoint at ${where}: GET ${tried} and GET ${listUrl} answered 404`,
      "give the SCIM base URL, the one /Users and /ServiceProviderConfig hang off (often ending in /scim/v2); none of the usual paths under this URL answered SCIM",
    );
  throw fail(
    "notScim",
    `not a SCIM server: GET ${tried} answered ${what(spc)} and GET ${listUrl} answered ${what(list)}, not SCIM JSON (RFC 7644 §3.1)`,
    "check --target: it must be the SCIM base URL of the service provider, not a web page or another API",
  );
}
