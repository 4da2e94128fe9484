/**
 * `scim-harness load`: will the endpoint survive an initial cycle? Starts the target, refuses one that is
 * not on this machine unless `--i-own-this-target` says it is the user's, runs the load suite through the
 * one engine, writes the reports with their `load` block, and exits 1 when the verdict failed (p99 or
 * error rate above the thresholds), 0 when it passed, 2 on misuse or a target that cannot be started.
 */
import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import { relative } from "node:path";
import { redact, type ReportFormat, type RunReport } from "../../reports/index.ts";
import { formatLoadText } from "../../reports/writers/load-text.ts";
import { isHarnessError } from "../errors.ts";
import { IDP_NAMES, type IdpName } from "../idp/index.ts";
import { ENTRA_RATE_PER_TENANT, loadSuite } from "../load/load-suite.ts";
import { runSuites } from "../runner/run-suites.ts";
import { randomSeed } from "../session/target-session.ts";
import { checkOutDir, writeReportsOrFallback } from "./report-output.ts";
import { RULE_CATALOGUE } from "./rule-catalogue.ts";
import { reportStartError, startTarget, type TargetOptions } from "./start-target.ts";

export interface LoadCommandOptions extends TargetOptions {
  token?: string;
  tokenEnv: string;
  idp: string;
  users: number;
  groups?: number;
  memberships?: number;
  tenants: number;
  rate: number;
  openLoop?: boolean;
  concurrency: number;
  /** Seconds; default `defaultMaxDuration`. */
  maxDuration?: number;
  p99Max: number;
  errorRateMax: number;
  seed?: number;
  runId?: string;
  reporter: string[];
  out: string;
  timeout: number;
  iOwnThisTarget?: boolean;
}

/** Upper bounds that keep a load run finite. */
export const LOAD_LIMITS = { users: 1_000_000, groups: 100_000, tenants: 100, concurrency: 256 } as const;
const FILE_REPORTERS = new Set<string>(["json", "html", "markdown", "junit"]);

/** Whether a base URL's host is this machine (loopback address or `localhost`). */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  } catch {
    return false;
  }
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return host === "::1";
}

/** Why the options cannot make a run, or undefined. */
function misuse(opts: LoadCommandOptions, groups: number, memberships: number): string | undefined {
  if (!(IDP_NAMES as readonly string[]).includes(opts.idp))
    return `--idp ${opts.idp}: choose one of ${IDP_NAMES.join(", ")}`;
  if (opts.users < 1 || opts.users > LOAD_LIMITS.users) return `--users: 1 to ${LOAD_LIMITS.users}`;
  if (groups > LOAD_LIMITS.groups) return `--groups: at most ${LOAD_LIMITS.groups}`;
  if (opts.tenants < 1 || opts.tenants > LOAD_LIMITS.tenants) return `--tenants: 1 to ${LOAD_LIMITS.tenants}`;
  if (opts.concurrency < 1 || opts.concurrency > LOAD_LIMITS.concurrency)
    return `--concurrency: 1 to ${LOAD_LIMITS.concurrency}`;
  if (memberships > opts.users * groups)
    return `--memberships ${memberships}: at most users × groups (${opts.users * groups})`;
  if (!opts.openLoop && opts.rate < 1) return "--rate: at least 1 request per second (or --open-loop)";
  if (opts.maxDuration !== undefined && opts.maxDuration < 1) return "--max-duration: at least 1 second";
  if (!(opts.errorRateMax >= 0 && opts.errorRateMax <= 1)) return "--error-rate-max: a fraction from 0 to 1";
  const unknown = opts.reporter.filter((r) => r !== "console" && !FILE_REPORTERS.has(r));
  if (unknown.length > 0)
    return `unknown reporter ${unknown.join(", ")} (console, json, html, markdown, junit)`;
  return undefined;
}

/**
 * The default bound in seconds: three times what one tenant's cycle takes at its pace (about 3 requests per
 * user and per group, one pass of it at `--rate`), and never under 30 minutes.
 */
export function defaultMaxDuration(
  opts: Pick<LoadCommandOptions, "users" | "rate" | "openLoop">,
  groups: number,
): number {
  const floor = 1800;
  if (opts.openLoop === true || opts.rate < 1) return floor;
  return Math.max(floor, Math.ceil((3 * (3 * opts.users + 3 * groups)) / opts.rate));
}

export async function loadCommand(opts: LoadCommandOptions): Promise<number> {
  const err = (m: string) => process.stderr.write(`scim-harness: ${m}\n`);
  const groups = opts.groups ?? Math.max(1, Math.ceil(opts.users / 100));
  const memberships = opts.memberships ?? Math.min(opts.users * groups, opts.users);
  const problem = misuse(opts, groups, memberships);
  if (problem !== undefined) {
    err(problem);
    return 2;
  }
  if (/^https?:/i.test(opts.target) && !isLoopbackUrl(opts.target) && opts.iOwnThisTarget !== true) {
    err(
      `load sends tens of thousands of requests: ${new URL(opts.target).host} is not this machine. Pass --i-own-this-target when the endpoint is yours to load.`,
    );
    return 2;
  }
  const formats = opts.reporter.filter((r): r is ReportFormat => r !== "console");
  const outProblem = formats.length > 0 ? await checkOutDir(opts.out) : undefined;
  if (outProblem !== undefined) {
    err(outProblem);
    return 2;
  }
  const runId = opts.runId ?? randomBytes(3).toString("hex");
  const seed = opts.seed ?? randomSeed();
  err(`seed ${seed} (--seed ${seed} sends the same requests again)`);
  const token = opts.token ?? (process.env[opts.tokenEnv] || undefined);
  const started = await startTarget(opts, token, runId, err);
  if (typeof started === "number") return started;
  const target = started;
  const secrets = [token, target.token].filter((s): s is string => typeof s === "string" && s.length > 0);
  if (!isLoopbackUrl(target.baseUrl) && opts.iOwnThisTarget !== true) {
    await target.stop();
    err("the target is not on this machine: pass --i-own-this-target when the endpoint is yours to load");
    return 2;
  }
  const suite = loadSuite({
    idp: opts.idp as IdpName,
    users: opts.users,
    groups,
    memberships,
    tenants: opts.tenants,
    perTenantPerSecond: opts.openLoop === true ? undefined : opts.rate,
    concurrency: opts.concurrency,
    maxDurationMs: (opts.maxDuration ?? defaultMaxDuration(opts, groups)) * 1000,
    p99MaxMs: opts.p99Max,
    errorRateMax: opts.errorRateMax,
  });
  try {
    const report = await runSuites({
      target,
      suites: [suite],
      seed,
      runId,
      timeoutMs: opts.timeout,
      reporters: [{ onLog: (line) => void process.stderr.write(`${redact(line, secrets)}\n`) }],
      command: ["scim-harness", ...process.argv.slice(2)].join(" "),
      rules: RULE_CATALOGUE,
      preflight: { tokenEnv: opts.tokenEnv },
      tokenVariable: opts.tokenEnv,
      onTokenIssued: (issued) => void secrets.push(issued), // redacted from every output from now on
      finalize: (raw: RunReport) => {
        const load = suite.result();
        return load === undefined ? raw : { ...raw, load };
      },
    });
    const written = await writeReportsOrFallback(report, { outDir: opts.out, formats, secrets }, err);
    if (opts.reporter.includes("console")) process.stdout.write(redact(formatLoadText(report), secrets));
    if (written.paths.length > 0)
      process.stdout.write(`reports: ${written.paths.map((p) => relative(process.cwd(), p)).join(", ")}\n`);
    if (written.failed || report.load === undefined) return 2;
    return report.load.verdict.status === "passed" ? 0 : 1;
  } catch (e) {
    if (!isHarnessError(e)) throw e;
    reportStartError(e, err, secrets);
    return 2;
  } finally {
    await target.stop();
  }
}

/** The default pace per tenant: Entra's gallery bar (§1.10 [S1] [S15]). */
export const DEFAULT_LOAD_RATE = ENTRA_RATE_PER_TENANT;
