/**
 * `scim-harness record --upstream <SP base URL> --listen <host:port> --out <file>`: runs the recording proxy
 * until Ctrl-C / SIGTERM, `--duration` or `--max-exchanges`, then writes the HAR and the scenario. The
 * scenario comes from the HAR through `importHar`, the one path from exchanges to a scenario, so
 * `scim-harness import har <the HAR>` gives the same file. Two credentials (IdPs, tenants) give one scenario
 * each, named by the credential's fingerprint. Exit 0 when a scenario was written, 2 otherwise.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, dirname, extname, relative, resolve } from "node:path";
import { isHarnessError } from "../errors.ts";
import { RECORDER_NAME } from "../import/har-read.ts";
import { importHar } from "../import/import-har.ts";
import { SCENARIO_SCHEMA_FILE } from "../scenario/write-scenario-schema.ts";
import { HARNESS_VERSION } from "../version.ts";
import type { RecordedHarEntry } from "./record-proxy.ts";
import { startRecordProxy } from "./record-proxy.ts";

/** Options of `recordCommand` (the CLI flags). */
export interface RecordCommandOptions {
  upstream: string;
  /** `host:port` (`[::1]:8787` for IPv6); default 127.0.0.1:8787. */
  listen?: string;
  out: string;
  /** Default: `--out` with `.har` instead of its extension. */
  har?: string;
  tlsCert?: string;
  tlsKey?: string;
  /** Stop after this many seconds. */
  duration?: number;
  /** Stop after this many recorded exchanges. */
  maxExchanges?: number;
  /** Recording limit per body in bytes (bodies are forwarded whole). */
  maxBody?: number;
  /** Seconds the SP may take before the client gets 504. */
  upstreamTimeout?: number;
  keepPii?: boolean;
  seed?: number;
  /** Write raw `request` steps even when the traffic is a known IdP's (default: IdP-level steps). */
  rawSteps?: boolean;
}

/** Where output goes and what else stops the recording (tests pass an AbortSignal). */
export interface RecordIo {
  stdout?: (line: string) => void;
  stderr?: (line: string) => void;
  /** Stops the recording like Ctrl-C. */
  signal?: AbortSignal;
  /** Called once the proxy listens, with its URL. */
  onListening?: (url: string) => void;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;

/** `host:port` → parts; throws a usage message on anything else. */
export function parseListen(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[3]);
  if (match === null || !Number.isInteger(port) || port > 65535)
    throw new Error(`--listen must be host:port (e.g. 127.0.0.1:8787 or [::1]:8787), got ${text}`);
  return { host: match[1] ?? match[2]!, port };
}

/** The SP's URL without userinfo, for messages. */
const shown = (url: string): string => {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
};

/** The file of one credential's scenario when a recording holds several. */
const perCredential = (out: string, fingerprint: string): string => {
  const ext = extname(out);
  return `${out.slice(0, out.length - ext.length)}.${fingerprint}${ext || ".yaml"}`;
};

/** Runs the recording; resolves to the exit code. */
export async function recordCommand(opts: RecordCommandOptions, io: RecordIo = {}): Promise<number> {
  const out = io.stdout ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io.stderr ?? ((line: string) => process.stderr.write(`${line}\n`));
  let upstream: URL;
  let listen: { host: string; port: number };
  try {
    upstream = new URL(opts.upstream);
    if (!/^https?:$/.test(upstream.protocol)) throw new Error("--upstream must be an http(s) URL");
    listen = parseListen(opts.listen ?? "127.0.0.1:8787");
    if ((opts.tlsCert === undefined) !== (opts.tlsKey === undefined))
      throw new Error("--tls-cert and --tls-key go together");
  } catch (e) {
    err(`scim-harness record: ${(e as Error).message.replace(opts.upstream, "<upstream>")}`);
    return 2;
  }
  const harFile = opts.har ?? `${opts.out.slice(0, opts.out.length - extname(opts.out).length)}.har`;
  let stop: (why: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => {
    stop = resolve;
  });
  let proxy: Awaited<ReturnType<typeof startRecordProxy>>;
  try {
    const tls =
      opts.tlsCert !== undefined && opts.tlsKey !== undefined
        ? { cert: await readFile(opts.tlsCert), key: await readFile(opts.tlsKey) }
        : undefined;
    proxy = await startRecordProxy({
      upstream: upstream.href,
      host: listen.host,
      port: listen.port,
      ...(tls ? { tls } : {}),
      ...(opts.maxBody !== undefined ? { maxBodyBytes: opts.maxBody } : {}),
      ...(opts.upstreamTimeout !== undefined ? { upstreamTimeoutMs: opts.upstreamTimeout * 1000 } : {}),
      onExchange: (count) => {
        if (opts.maxExchanges !== undefined && count >= opts.maxExchanges)
          stop(`--max-exchanges ${count} reached`);
      },
    });
  } catch (e) {
    // A port in use, an unreadable or invalid certificate: usage errors, not crashes.
    err(`scim-harness record: cannot start the proxy: ${(e as Error).message}`);
    return 2;
  }
  const onSignal = (name: string) => () => stop(name);
  const sigint = onSignal("SIGINT");
  const sigterm = onSignal("SIGTERM");
  process.once("SIGINT", sigint);
  process.once("SIGTERM", sigterm);
  const timer =
    opts.duration !== undefined
      ? setTimeout(() => stop(`--duration ${opts.duration} s elapsed`), opts.duration * 1000)
      : undefined;
  if (io.signal?.aborted) stop("stopped");
  io.signal?.addEventListener("abort", () => stop("stopped"), { once: true });

  out(`recording: ${proxy.url} → ${shown(upstream.href)}`);
  out("point the IdP's tenant URL at the proxy's URL (no path; the SP's base path is added); Ctrl-C stops");
  if (!LOOPBACK.test(listen.host))
    out(`note: listening on ${listen.host}, not loopback: anyone who reaches it reaches the SP through it`);
  io.onListening?.(proxy.url);

  const why = await stopped;
  process.off("SIGINT", sigint);
  process.off("SIGTERM", sigterm);
  if (timer !== undefined) clearTimeout(timer);
  await proxy.close();
  out(`stopped (${why}): ${proxy.entries.length} exchange${proxy.entries.length === 1 ? "" : "s"} recorded`);
  return writeRecording([...proxy.entries], harFile, opts, out, err);
}

async function writeRecording(
  entries: RecordedHarEntry[],
  harFile: string,
  opts: RecordCommandOptions,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const har = {
    log: {
      version: "1.2",
      creator: { name: RECORDER_NAME, version: HARNESS_VERSION },
      comment:
        "Recorded by scim-harness record. Credentials (Authorization, cookies, API keys) were removed; personal data was not: keep this file with the ticket, do not commit it.",
      entries,
    },
  };
  const harText = `${JSON.stringify(har, null, 2)}\n`;
  await mkdir(dirname(resolve(harFile)), { recursive: true });
  await writeFile(harFile, harText, "utf8");
  out(`wrote ${harFile} (the raw exchanges, without credentials; it holds personal data: do not commit it)`);
  const marked = entries.filter((e) => e.comment !== undefined);
  for (const e of marked.slice(0, 20))
    out(`  ${e.request.method} ${new URL(e.request.url).pathname}: ${e.comment}`);

  const schemaRef = relative(dirname(resolve(opts.out)), SCENARIO_SCHEMA_FILE)
    .split("\\")
    .join("/");
  const options = {
    fileName: basename(harFile),
    schemaRef,
    idpSteps: opts.rawSteps !== true,
    ...(opts.keepPii !== undefined ? { keepPii: opts.keepPii } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
  };
  try {
    const first = importHar(harText, options);
    const files =
      first.credentials.length > 1
        ? first.credentials.map((credential) => ({
            file: perCredential(opts.out, credential),
            result: importHar(harText, { ...options, credential }),
          }))
        : [{ file: opts.out, result: first }];
    if (files.length > 1)
      out(`${files.length} credentials (IdPs or tenants) used the proxy: one scenario each, by fingerprint`);
    for (const { file, result } of files) {
      await mkdir(dirname(resolve(file)), { recursive: true });
      await writeFile(file, result.yaml, "utf8");
      const steps = result.scenario.steps.length;
      out(`wrote ${file}: scenario ${result.scenario.id}, ${steps} step${steps === 1 ? "" : "s"}`);
    }
    for (const w of first.warnings) out(`warning: ${w}`);
    if (opts.keepPii)
      out("note: --keep-pii kept the customer's personal data in the scenario; do not commit it");
    out("");
    out("next: replay it against the build under test (or the fake: --target fake+<quirk>):");
    out(
      `  npm run scenarios -- --scenario ${files[0]!.file} --target <https://…/scim/v2> --reporter console,html`,
    );
    return 0;
  } catch (e) {
    if (!isHarnessError(e)) throw e;
    err(`scim-harness record: no scenario written: ${e.message}`);
    return 2;
  }
}
