/**
 * Expands a scenario's option matrix into variants: every option given as an array yields one variant per
 * value (e.g. `aadOptscim062020: [false, true]` → two runs, one per Entra dialect).
 */
import type { OptionValue, Scenario } from "./scenario-schema.ts";

export interface ScenarioVariant {
  scenario: Scenario;
  file?: string;
  /** e.g. `aadOptscim062020=true`, or `default` when nothing varies. */
  name: string;
  options: Record<string, OptionValue>;
}

/** One variant per combination of array-valued options, in declaration order. */
export function expandVariants(scenario: Scenario, file?: string): ScenarioVariant[] {
  const entries = Object.entries(scenario.options ?? {});
  let combos: { options: Record<string, OptionValue>; varying: string[] }[] = [{ options: {}, varying: [] }];
  for (const [name, value] of entries) {
    const values = Array.isArray(value) ? value : [value];
    combos = combos.flatMap((c) =>
      values.map((v) => ({
        options: { ...c.options, [name]: v },
        varying:
          Array.isArray(value) && value.length > 1 ? [...c.varying, `${name}=${String(v)}`] : c.varying,
      })),
    );
  }
  return combos.map((c) => ({
    scenario,
    ...(file !== undefined ? { file } : {}),
    name: c.varying.length > 0 ? c.varying.join(",") : "default",
    options: c.options,
  }));
}
