/**
 * Readiness of a target the harness started: SCIM discovery answers, not merely a TCP port.
 * `GET {base}/ServiceProviderConfig` (RFC 7644 §4) answering 200, or 401 for a server that protects
 * discovery, means the SCIM API is up; anything else is polled again every ~200 ms.
 */
import { TargetStartError } from "../errors.ts";

export interface ReadinessOptions {
  /** The SCIM base URL, e.g. `http://127.0.0.1:32768/scim/v2`. */
  baseUrl: string;
  token?: string | undefined;
  timeoutMs: number;
  /** Poll interval and per-request timeout; default 200 ms. */
  intervalMs?: number;
  /** A reason when the target died (container or process exited): fail at once, don't wait. */
  exited?: () => Promise<string | undefined> | string | undefined;
  /** The target's logs, for the error. */
  logs: () => string[];
  /** How to name the target in messages, e.g. `container my-scim:1.2`. */
  what: string;
}

/** Status codes that mean "the SCIM API is up". */
export const READY_STATUSES: readonly number[] = [200, 401];

/** Lines of the target's log shown in a start error. */
export const START_ERROR_LOG_LINES = 30;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function probe(url: string, token: string | undefined, timeoutMs: number): Promise<number | string> {
  try {
    const res = await fetch(url, {
      headers: {
        accept: "application/scim+json, application/json",
        ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
      },
      signal: AbortSignal.timeout(Math.max(50, Math.round(timeoutMs))),
    });
    await res.body?.cancel();
    return res.status;
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause;
    return cause?.code ?? (e as Error).name;
  }
}

/** Polls until discovery answers 200 or 401; resolves to the time waited in ms, or throws TargetStartError. */
export async function waitForScimReady(options: ReadinessOptions): Promise<number> {
  const interval = options.intervalMs ?? 200;
  const url = `${options.baseUrl}/ServiceProviderConfig`;
  const t0 = performance.now();
  const elapsed = () => performance.now() - t0;
  let last: number | string = "no attempt";
  for (;;) {
    const died = await options.exited?.();
    if (died !== undefined) {
      throw new TargetStartError(
        `${options.what} ${died} after ${seconds(elapsed())}, before GET ${url} answered`,
        options.logs().slice(-START_ERROR_LOG_LINES),
      );
    }
    const remaining = options.timeoutMs - elapsed();
    if (remaining <= 0) break;
    const started = performance.now();
    last = await probe(url, options.token, Math.min(interval * 5, remaining));
    if (typeof last === "number" && READY_STATUSES.includes(last)) return Math.round(elapsed());
    await sleep(
      Math.max(0, Math.min(interval - (performance.now() - started), options.timeoutMs - elapsed())),
    );
  }
  const hint = last === 404 ? " (is --base-path right?)" : "";
  throw new TargetStartError(
    `${options.what} not ready after ${seconds(elapsed())}: GET ${url} never answered 200 or 401 ` +
      `(last: ${typeof last === "number" ? `HTTP ${last}` : last})${hint}`,
    options.logs().slice(-START_ERROR_LOG_LINES),
  );
}
