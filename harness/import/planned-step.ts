/** A scenario step an importer plans, with the comment lines written above it in the YAML. */
import type { Scenario, Step } from "../scenario/scenario-schema.ts";
import type { SkippedEntry } from "./import-error.ts";

export interface PlannedStep {
  step: Step;
  /** Comment lines (without `#`) put before the step: timestamps, observed outcome, why it was inferred. */
  comment: string[];
}

/** What every importer returns. */
export interface ImportResult {
  scenario: Scenario;
  /** The scenario file text: schema comment, header comments, per-step comments. Validates with `parseScenario`. */
  yaml: string;
  /** Input entries that were read but not imported, with the reason. */
  skipped: SkippedEntry[];
  warnings: string[];
}

/** Options every importer takes. */
export interface ImportOptions {
  /** Keep personal data (names, e-mails, UPNs, ids) instead of replacing it with consistent fakes. */
  keepPii?: boolean;
  /** Seed of the fake values (default 1); also written as the scenario's `seed`. */
  seed?: number;
  /** Name of the input, for messages, the scenario id and the header comment. */
  fileName?: string;
  /** `$schema` reference in the `yaml-language-server` comment (default `../scenario.schema.json`). */
  schemaRef?: string;
}
