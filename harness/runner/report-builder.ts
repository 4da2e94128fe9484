/**
 * The one place a `RunReport` is assembled. Suites hand their results to the builder as they finish
 * (scenario results, contract check results with their findings, property results, run-level findings);
 * `build()` orders them, computes the summary, and adds to `report.exchanges` every exchange that a finding
 * cites and that no scenario already holds, so every `exchangeIds` entry resolves inside the report.
 */
import {
  REPORT_SCHEMA_VERSION,
  allFindings,
  deriveCoverage,
  summarize,
  type ContractCheckResult,
  type ExchangeRecord,
  type Finding,
  type PropertyResult,
  type RunReport,
  type ScenarioResult,
} from "../../reports/index.ts";
import { compatibilityMatrix } from "../../reports/compatibility.ts";
import { groupRootCauses, type RuleLookup } from "../../reports/root-causes.ts";
import type { RuleDefinition } from "../../reports/rule.ts";
import { HARNESS_RULES } from "../rules/index.ts";
import type { ExchangeStore } from "../session/exchange-store.ts";
import type { StartedScimTarget } from "../targets/scim-target.ts";
import { safeUrl } from "../targets/url-target.ts";
import { HARNESS_VERSION, SCENARIO_LIBRARY_VERSION } from "../version.ts";
import { toExchangeRecord } from "./run-scenario.ts";

/** Target log lines kept in the report. */
const REPORT_LOG_LINES = 50;

export interface ReportBuilderOptions {
  target: StartedScimTarget;
  runId: string;
  seed: number;
  command?: string;
  /** The rule catalogue root causes take their IdP impact from; default the harness's rules. */
  rules?: readonly RuleDefinition[];
}

/** A root-cause lookup over a rule catalogue. */
export function ruleLookup(rules: readonly RuleDefinition[]): RuleLookup {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  return (ruleId) => {
    const rule = byId.get(ruleId);
    if (rule === undefined) return undefined;
    return {
      area: rule.area,
      ...(rule.source.idpImpact !== undefined ? { idpImpact: rule.source.idpImpact } : {}),
      ...(rule.grade !== undefined ? { grade: rule.grade } : {}),
    };
  };
}

export class ReportBuilder {
  readonly #options: ReportBuilderOptions;
  readonly #startedAt = new Date();
  readonly #t0 = performance.now();
  readonly #scenarios = new Map<number, ScenarioResult>();
  readonly #findings: Finding[] = [];
  readonly #incomplete: string[] = [];
  #contracts: { index: number; result: ContractCheckResult; findings: Finding[] }[] | undefined;
  #properties: PropertyResult[] | undefined;

  constructor(options: ReportBuilderOptions) {
    this.#options = options;
  }

  /** The target block of the report (no credentials). */
  get target(): RunReport["target"] {
    const { target } = this.#options;
    return {
      kind: target.kind,
      url: safeUrl(target.baseUrl),
      ...(target.details.profile !== undefined ? { profile: target.details.profile } : {}),
      ...(target.details.quirks !== undefined ? { quirks: target.details.quirks } : {}),
      ...(target.details.image !== undefined ? { image: target.details.image } : {}),
      ...(target.startupMs !== undefined ? { startupMs: target.startupMs } : {}),
    };
  }

  /** A scenario variant's result; `index` is its position in the selection (the report keeps that order). */
  addScenario(index: number, result: ScenarioResult): void {
    this.#scenarios.set(index, result);
  }

  /**
   * A contract check's result with its findings (which go to the run-level findings); `index` is its
   * position in the selection, and the report keeps that order whatever order the checks finished in.
   */
  addContractCheck(index: number, result: ContractCheckResult, findings: readonly Finding[]): void {
    (this.#contracts ??= []).push({ index, result, findings: [...findings] });
    this.#contracts.sort((a, b) => a.index - b.index);
  }

  /** Declares that the contract suite ran, even when it selected no check. */
  startContracts(): void {
    this.#contracts ??= [];
  }

  addProperty(result: PropertyResult): void {
    (this.#properties ??= []).push(result);
  }

  /** Declares that the property suites ran, even when none was selected. */
  startProperties(): void {
    this.#properties ??= [];
  }

  addFindings(findings: readonly Finding[]): void {
    this.#findings.push(...findings);
  }

  /** The run did not do everything it was asked to (interrupted, --bail); the reasons join in the report. */
  markIncomplete(reason: string): void {
    this.#incomplete.push(reason);
  }

  /** The report as it stands; `exchanges` resolves cited ids that no scenario holds. */
  build(store?: ExchangeStore): RunReport {
    const { target } = this.#options;
    const scenarios = [...this.#scenarios.entries()].sort(([a], [b]) => a - b).map(([, r]) => r);
    const contracts = this.#contracts?.map((c) => c.result);
    const findings = [...this.#findings, ...(this.#contracts ?? []).flatMap((c) => c.findings)];
    const report: RunReport = {
      schemaVersion: REPORT_SCHEMA_VERSION,
      tool: {
        name: "scim-harness",
        version: HARNESS_VERSION,
        scenarioLibraryVersion: SCENARIO_LIBRARY_VERSION,
      },
      run: {
        id: this.#options.runId,
        startedAt: this.#startedAt.toISOString(),
        durationMs: Math.round(performance.now() - this.#t0),
        seed: this.#options.seed,
        incomplete: this.#incomplete.length > 0,
        ...(this.#incomplete.length > 0 ? { incompleteReason: this.#incomplete.join("; ") } : {}),
        ...(this.#options.command !== undefined ? { command: this.#options.command } : {}),
      },
      target: { ...this.target, logs: target.logs().slice(-REPORT_LOG_LINES) },
      summary: summarize(scenarios, this.#properties, findings, contracts),
      scenarios,
      ...(this.#properties !== undefined ? { properties: this.#properties } : {}),
      ...(contracts !== undefined ? { contracts } : {}),
      findings,
    };
    const exchanges = store === undefined ? [] : citedRunExchanges(report, store);
    if (exchanges.length > 0) {
      report.exchanges = exchanges;
      report.summary = summarize(scenarios, this.#properties, findings, contracts, exchanges);
    }
    report.rootCauses = groupRootCauses(report, ruleLookup(this.#options.rules ?? HARNESS_RULES));
    if (scenarios.length > 0) report.compatibility = compatibilityMatrix(report, report.rootCauses);
    report.coverage = deriveCoverage(report);
    return report;
  }
}

/** The exchanges findings cite that no scenario of the report holds, resolved from the run's store. */
function citedRunExchanges(report: RunReport, store: ExchangeStore): ExchangeRecord[] {
  const held = new Set(report.scenarios.flatMap((s) => s.exchanges.map((e) => e.id)));
  const wanted = new Set<string>();
  for (const finding of allFindings(report)) {
    for (const id of finding.exchangeIds) if (!held.has(id)) wanted.add(id);
  }
  const records: ExchangeRecord[] = [];
  for (const id of wanted) {
    const exchange = store.get(id);
    if (exchange !== undefined) records.push(toExchangeRecord(exchange));
  }
  return records;
}
