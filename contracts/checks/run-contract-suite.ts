/**
 * Runs the contract checks against a started target: discovery first (RFC 7644 §4), then each selected
 * check with its requirements evaluated, then cleanup of every resource the checks created.
 */
import { randomBytes } from "node:crypto";
import type { Finding } from "../../reports/index.ts";
import type { Exchange } from "../../harness/http/exchange.ts";
import { toCurl } from "../../harness/http/exchange.ts";
import { createScimClient } from "../../harness/http/scim-client.ts";
import type { StartedScimTarget } from "../../harness/targets/scim-target.ts";
import { CONTRACT_CHECKS } from "./catalogue.ts";
import { CheckAbort, dependenceNote, severityOf } from "./contract-check.ts";
import type { CheckContext, ContractCheck, Problem, Requirement } from "./contract-check.ts";
import { CleanupRegistry, readDiscovery } from "./contract-context.ts";
import type { CleanupSummary, ContractContext, Discovery, Feature } from "./contract-context.ts";

export interface RunContractSuiteOptions {
  target: StartedScimTarget;
  /** Check ids or globs (`rfc7644.filter.*`); default: every check. */
  only?: readonly string[];
  /** Per-request timeout (default 60 000 ms, Entra's deadline [S19]). */
  timeoutMs?: number;
  /** Short id in every resource name (default random hex). */
  runId?: string;
  /** Checks in flight at once (default 4). */
  concurrency?: number;
  signal?: AbortSignal;
}

export type CheckStatus = "passed" | "failed" | "notApplicable" | "errored";

export interface CheckResult {
  id: string;
  status: CheckStatus;
  reason?: string;
  durationMs: number;
}

export interface ContractSuiteResult {
  findings: Finding[];
  checks: CheckResult[];
  cleanup: CleanupSummary;
  /** Every exchange sent, discovery and cleanup included. */
  exchanges: Exchange[];
}

/** `*` matches any run of characters; everything else literally. */
export function matchesGlob(id: string, pattern: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`).test(id);
}

/** The checks an `only` list selects, in catalogue order; an unknown id or glob that matches nothing throws. */
export function selectChecks(
  only: readonly string[] | undefined,
  catalogue = CONTRACT_CHECKS,
): ContractCheck[] {
  if (only === undefined || only.length === 0) return [...catalogue];
  const unknown = only.filter((p) => !catalogue.some((c) => matchesGlob(c.id, p)));
  if (unknown.length > 0)
    throw new TypeError(`no contract check matches ${unknown.map((u) => JSON.stringify(u)).join(", ")}`);
  return catalogue.filter((c) => only.some((p) => matchesGlob(c.id, p)));
}

const FEATURES = new Set<string>(["bulk", "sort", "changePassword", "etag"]);

/** Why a requirement is not met, or undefined when it is. */
function unmet(
  requirement: Requirement,
  discovery: Discovery,
  target: StartedScimTarget,
): string | undefined {
  if (FEATURES.has(requirement)) {
    const supported = discovery.supports(requirement as Feature);
    if (supported === true) return undefined;
    return supported === undefined
      ? `${requirement}: /ServiceProviderConfig could not be read, so it is not advertised`
      : `${requirement} is not advertised (/ServiceProviderConfig ${requirement}.supported is false)`;
  }
  switch (requirement) {
    case "patch":
    case "filter":
      return discovery.supports(requirement) === false
        ? `${requirement}.supported is false in /ServiceProviderConfig`
        : undefined;
    case "groups":
      return discovery.hasGroups ? undefined : "the target has no Group resource type";
    case "enterpriseUser":
      return discovery.hasEnterpriseUser ? undefined : "the User resource type has no enterprise extension";
    case "tokenControl":
      return target.tokenControls !== undefined
        ? undefined
        : "the target cannot expire tokens (no token controls)";
    default: {
      const name = requirement.slice("attr:".length).toLowerCase();
      return (discovery.userAttributes?.has(name) ?? true)
        ? undefined
        : `the User schema does not declare ${name}`;
    }
  }
}

/** Runs the contract suite. Never throws for target misbehaviour: it becomes findings. */
export async function runContractSuite(options: RunContractSuiteOptions): Promise<ContractSuiteResult> {
  const checks = selectChecks(options.only);
  const runId = options.runId ?? randomBytes(3).toString("hex");
  const exchanges: Exchange[] = [];
  const client = createScimClient({
    baseUrl: options.target.baseUrl,
    token: options.target.token,
    timeoutMs: options.timeoutMs ?? 60_000,
    idPrefix: "c",
    onExchange: (e) => void exchanges.push(e),
  });
  const findings: Finding[] = [];
  const results: CheckResult[] = new Array(checks.length);
  const cleanup = new CleanupRegistry();
  let cleanupSummary: CleanupSummary = { attempted: 0, deleted: 0, failures: [] };
  try {
    const discovery = await readDiscovery(client);
    const prefix = `scimh-${runId}-`;
    let next = 0;
    const worker = async () => {
      while (next < checks.length) {
        const index = next++;
        if (options.signal?.aborted === true) {
          results[index] = { id: checks[index]!.id, status: "errored", reason: "interrupted", durationMs: 0 };
          continue;
        }
        const base: ContractContext = {
          client,
          target: options.target,
          discovery,
          prefix,
          cleanup,
          checkPrefix: `${prefix}c${index + 1}-`,
          uniqueName: uniqueNames(`${prefix}c${index + 1}-`),
        };
        const { result, findings: own } = await runOne(checks[index]!, base);
        results[index] = result;
        findings.push(...own);
      }
    };
    const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, checks.length || 1));
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    cleanupSummary = await cleanup.run(client);
    await client.close();
  }
  const ordered = checks.flatMap((c) => findings.filter((f) => f.ruleId === c.id));
  ordered.forEach((f, i) => (f.id = `contract.f${i + 1}`));
  return { findings: ordered, checks: results, cleanup: cleanupSummary, exchanges };
}

function uniqueNames(checkPrefix: string): (label: string) => string {
  const seen = new Map<string, number>();
  return (label) => {
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return `${checkPrefix}${label}${n > 1 ? `.${n}` : ""}`;
  };
}

function findingOf(check: ContractCheck, problem: Problem, severity = severityOf(check)): Finding {
  const exchanges = (problem.exchanges ?? []).filter((e): e is Exchange => e !== undefined);
  const evidence = [...(check.idpDependence ?? []).flatMap((d) => d.evidence), ...(problem.evidence ?? [])];
  const note = severity === severityOf(check) ? dependenceNote(check) : "";
  return {
    id: "",
    ruleId: check.id,
    severity,
    title: problem.title ?? check.title,
    message: `${problem.message}${note}`,
    ...(problem.expected !== undefined ? { expected: problem.expected } : {}),
    ...(problem.actual !== undefined ? { actual: problem.actual } : {}),
    rfc: check.rfc,
    ...(evidence.length > 0 ? { evidence: [...new Set(evidence)] } : {}),
    exchangeIds: exchanges.map((e) => e.id),
    ...(exchanges[0] !== undefined ? { curl: toCurl(exchanges[0]) } : {}),
  };
}

async function runOne(
  check: ContractCheck,
  base: ContractContext,
): Promise<{ result: CheckResult; findings: Finding[] }> {
  const t0 = performance.now();
  const done = (status: CheckResult["status"], findings: Finding[], reason?: string) => ({
    result: {
      id: check.id,
      status,
      ...(reason !== undefined ? { reason } : {}),
      durationMs: Math.round(performance.now() - t0),
    },
    findings,
  });
  const reason = (check.requires ?? [])
    .map((r) => unmet(r, base.discovery, base.target))
    .find((r) => r !== undefined);
  if (reason !== undefined) {
    return done(
      "notApplicable",
      [findingOf(check, { title: `Not applicable: ${check.title}`, message: reason }, "info")],
      reason,
    );
  }
  const ctx: CheckContext = {
    ...base,
    check,
    finding: (problem) => findingOf(check, problem),
    notApplicable: (why) => {
      throw new CheckAbort("notApplicable", why);
    },
    setupFailed: (why, exchange) => {
      throw new CheckAbort("setupFailed", why, exchange);
    },
  };
  try {
    const findings = await check.run(ctx);
    return done(findings.some((f) => f.severity !== "info") ? "failed" : "passed", findings);
  } catch (error) {
    if (error instanceof CheckAbort && error.kind === "notApplicable") {
      return done(
        "notApplicable",
        [findingOf(check, { title: `Not applicable: ${check.title}`, message: error.reason }, "info")],
        error.reason,
      );
    }
    const why =
      error instanceof CheckAbort
        ? error.reason
        : `harness error: ${(error as Error).stack ?? String(error)}`;
    const problem: Problem = {
      title: `Check could not run: ${check.title}`,
      message: why,
      ...(error instanceof CheckAbort ? { exchanges: [error.exchange] } : {}),
    };
    return done("errored", [findingOf(check, problem, "warning")], why);
  }
}
