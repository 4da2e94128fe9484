/**
 * Writes an imported scenario as YAML: the `yaml-language-server` schema line, header comments, then the
 * scenario with each step's comment lines above it; short scalar lists and state expectations in flow style.
 * The text is parsed back with `parseScenario` before it is returned, so an importer never hands out a
 * file the runner would reject.
 */
import { Document, isScalar, isSeq, visit } from "yaml";
import type { Scenario } from "../scenario/scenario-schema.ts";
import { parseScenario } from "../scenario/load-scenario.ts";
import type { PlannedStep } from "./planned-step.ts";

/** Default `$schema` reference: imported files go to a folder next to `scenarios/` by default. */
export const DEFAULT_SCHEMA_REF = "../scenario.schema.json";

const comment = (lines: readonly string[]) =>
  lines.map((line) => (line === "" ? "" : ` ${line.replace(/\r?\n/g, " ")}`)).join("\n");

/** The scenario from its parts, the steps taken from the plan. */
export function assembleScenario(base: Omit<Scenario, "steps">, steps: readonly PlannedStep[]): Scenario {
  return { ...base, steps: steps.map((s) => s.step) } as Scenario;
}

/** Renders and re-validates the scenario file text. */
export function renderScenarioYaml(
  scenario: Scenario,
  options: { header: readonly string[]; steps: readonly PlannedStep[]; schemaRef?: string; file?: string },
): string {
  const doc = new Document(scenario, { aliasDuplicateObjects: false });
  doc.commentBefore = comment([
    `yaml-language-server: $schema=${options.schemaRef ?? DEFAULT_SCHEMA_REF}`,
    "",
    ...options.header,
  ]);
  const steps = doc.get("steps", true);
  if (isSeq(steps)) {
    steps.items.forEach((item, i) => {
      const lines = options.steps[i]?.comment ?? [];
      if (lines.length > 0 && item !== null && typeof item === "object") {
        (item as { commentBefore?: string }).commentBefore = comment(lines);
      }
    });
  }
  visit(doc, {
    Seq(_key, node) {
      if (node.items.length > 0 && node.items.length <= 8 && node.items.every((i) => isScalar(i)))
        node.flow = true;
    },
    Map(_key, node, path) {
      const owner = path[path.length - 2];
      const key = owner !== undefined && "key" in owner ? (owner as { key: unknown }).key : undefined;
      if (isScalar(key) && key.value === "state") node.flow = true;
    },
  });
  const text = doc.toString({ lineWidth: 110 });
  parseScenario(text, options.file ?? "imported scenario");
  return text;
}
