/**
 * Checks a `report.json` value: against `report.schema.json` (ajv), and that what findings and contract
 * checks cite is in the same report.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import schema from "./report.schema.json" with { type: "json" };
import { allExchanges, allFindings, type RunReport } from "./report.ts";

// ajv-formats is CommonJS: under nodenext the default import is module.exports, whose `default` is the plugin.
const addFormats = addFormatsModule.default;
let compiled: ReturnType<Ajv2020["compile"]> | undefined;

/**
 * The schema violations of `data` as `"<instancePath> <message>"` (empty: a valid report). `data` is
 * what a consumer of report.json sees: pass a JSON round trip of a `RunReport` (undefined fields dropped).
 */
export function validateReport(data: unknown): string[] {
  if (compiled === undefined) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  compiled(data);
  return (compiled.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);
}

/** A finding that cites an exchange id the report does not hold. */
export interface UnresolvedExchange {
  findingId: string;
  exchangeId: string;
}

/**
 * Every `exchangeIds` entry of every finding of the run (run-level, scenario, step, property) that names
 * no exchange of the same report (run-level `exchanges` or any scenario's). The findings of
 * `baseline.fixed` are left out: they come from the baseline report and cite its exchanges.
 */
export function unresolvedExchangeIds(report: RunReport): UnresolvedExchange[] {
  const known = new Set(allExchanges(report).map((exchange) => exchange.id));
  return allFindings(report).flatMap((finding) =>
    finding.exchangeIds
      .filter((exchangeId) => !known.has(exchangeId))
      .map((exchangeId) => ({ findingId: finding.id, exchangeId })),
  );
}

/** Every `findingIds` entry of a contract check that names no finding of the report, as `"<checkId> <findingId>"`. */
export function unresolvedFindingIds(report: RunReport): string[] {
  const known = new Set(allFindings(report).map((finding) => finding.id));
  return (report.contracts ?? []).flatMap((check) =>
    check.findingIds.filter((id) => !known.has(id)).map((id) => `${check.id} ${id}`),
  );
}
