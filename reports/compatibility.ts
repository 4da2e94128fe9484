/**
 * The compatibility matrix: per IdP and dialect, for each provisioning behaviour (test connection,
 * create, match, …), whether the target passed, failed (with the root causes), or the behaviour was not
 * exercised (with the reason). Derived from the scenario results only: each step's `action` names the
 * behaviour, the scenario's `idp` and `variant` name the column.
 *
 * A step counts as failed for its behaviour when it failed or errored and holds an error finding that is
 * a root cause's own finding (not a follow-on of an earlier step's failure), or holds no finding at all.
 * A failed step with only warnings is not judged (a could-not-check is no failure of the target). A step
 * whose findings are all follow-ons is not counted for its behaviour: the earlier step's behaviour
 * carries the failure.
 */
import type { Compatibility, CompatibilityCell, RootCause, RunReport, ScenarioResult } from "./report.ts";

/** The behaviours of the matrix, in column order, with the step actions that exercise each. */
export const BEHAVIOURS = [
  ["test connection", ["testConnection"]],
  ["create", ["assignUser"]],
  ["match", ["assignUser"]],
  ["update", ["updateUser", "syncPassword"]],
  ["disable", ["disableUser", "unassignUser"]],
  ["re-enable", ["enableUser"]],
  ["delete", ["deleteUser"]],
  ["group create", ["assignGroup"]],
  ["rename", ["renameGroup"]],
  ["membership", ["addMembers", "removeMembers"]],
  ["group delete", ["deleteGroup", "disassociateGroup"]],
  ["token expiry", ["expireToken", "rotateToken"]],
] as const satisfies readonly (readonly [string, readonly string[]])[];

/** A behaviour of the matrix. */
export type Behaviour = (typeof BEHAVIOURS)[number][0];

/** Variant flags that make a dialect of an IdP (a column of its own when set to `true`). */
const DIALECT_FLAGS: Record<string, readonly string[]> = { entra: ["aadOptscim062020"] };

const IDP_LABELS: Record<string, string> = { entra: "Entra", jumpcloud: "JumpCloud", okta: "Okta" };

/** The IdP and dialect of a scenario variant: `default`, or the dialect flag it sets to true. */
export function dialectOf(scenario: Pick<ScenarioResult, "idp" | "variant">): string {
  const flags = DIALECT_FLAGS[scenario.idp] ?? [];
  const set = scenario.variant.split(",").map((part) => part.trim());
  return flags.find((flag) => set.includes(`${flag}=true`)) ?? "default";
}

/** Which behaviours a step exercises: an `assignUser` that sent a POST creates, one that did not matches. */
function behavioursOf(scenario: ScenarioResult, step: ScenarioResult["steps"][number]): Behaviour[] {
  const out: Behaviour[] = [];
  for (const [behaviour, actions] of BEHAVIOURS) {
    if (!(actions as readonly string[]).includes(step.action)) continue;
    if (step.action === "assignUser") {
      const posted = step.exchangeIds.some(
        (id) => scenario.exchanges.find((e) => e.id === id)?.request.method.toUpperCase() === "POST",
      );
      if ((behaviour === "create") !== posted) continue;
    }
    out.push(behaviour);
  }
  return out;
}

interface Tally {
  passed: number;
  failed: number;
  rootCauses: Set<string>;
  reasons: Set<string>;
}

/** The matrix of a report; `rootCauses` are the report's (to name the cause of each failed cell). */
export function compatibilityMatrix(report: RunReport, rootCauses: readonly RootCause[] = []): Compatibility {
  const ownFinding = new Map<string, string>();
  const followOn = new Map<string, string>();
  for (const cause of rootCauses) {
    cause.findingIds.forEach((id, i) => (i < cause.findings ? ownFinding : followOn).set(id, cause.id));
  }
  const columns = new Map<string, { idp: string; dialect: string; tallies: Map<Behaviour, Tally> }>();
  for (const scenario of report.scenarios) {
    const dialect = dialectOf(scenario);
    const key = `${scenario.idp} ${dialect}`;
    const column = columns.get(key) ?? { idp: scenario.idp, dialect, tallies: new Map() };
    columns.set(key, column);
    const tally = (b: Behaviour) => {
      const t = column.tallies.get(b) ?? { passed: 0, failed: 0, rootCauses: new Set(), reasons: new Set() };
      column.tallies.set(b, t);
      return t;
    };
    if (scenario.status === "notApplicable") continue;
    for (const step of scenario.steps) {
      for (const behaviour of behavioursOf(scenario, step)) {
        const t = tally(behaviour);
        if (step.status === "passed") t.passed++;
        else if (step.status === "skipped") t.reasons.add(`skipped: ${step.reason ?? "no reason given"}`);
        else {
          const own = step.findings.filter((f) => !followOn.has(f.id) && f.severity === "error");
          const mild = step.findings.filter((f) => !followOn.has(f.id) && f.severity !== "error");
          const follows = step.findings.flatMap((f) => followOn.get(f.id) ?? []);
          if (own.length > 0 || step.findings.length === 0) {
            t.failed++;
            for (const f of own) {
              const cause = ownFinding.get(f.id);
              if (cause !== undefined) t.rootCauses.add(cause);
            }
            if (step.findings.length === 0)
              t.reasons.add(
                `${scenario.id} [${scenario.variant}] step ${step.index}: ${step.reason ?? step.status}`,
              );
          } else if (mild.length > 0) {
            const ids = new Set(mild.map((f) => ownFinding.get(f.id) ?? f.ruleId));
            t.reasons.add(`not judged: only warnings (${[...ids].join(", ")})`);
          } else t.reasons.add(`judged elsewhere: only follow-ons of ${[...new Set(follows)].join(", ")}`);
        }
      }
    }
  }
  const idps = [...columns.values()]
    .sort(
      (a, b) =>
        a.idp.localeCompare(b.idp) ||
        (a.dialect === "default" ? -1 : b.dialect === "default" ? 1 : a.dialect.localeCompare(b.dialect)),
    )
    .map(({ idp, dialect, tallies }) => {
      const behaviours = BEHAVIOURS.map(([behaviour]): CompatibilityCell => {
        const t = tallies.get(behaviour);
        if (t !== undefined && t.failed > 0)
          return {
            behaviour,
            status: "failed",
            passedSteps: t.passed,
            failedSteps: t.failed,
            rootCauses: [...t.rootCauses],
            ...(t.reasons.size > 0 ? { reason: [...t.reasons].join("; ") } : {}),
          };
        if (t !== undefined && t.passed > 0)
          return { behaviour, status: "passed", passedSteps: t.passed, failedSteps: 0, rootCauses: [] };
        const reason =
          t !== undefined && t.reasons.size > 0
            ? [...t.reasons].join("; ")
            : "no selected scenario of this IdP and dialect exercises it";
        return { behaviour, status: "notApplicable", reason, passedSteps: 0, failedSteps: 0, rootCauses: [] };
      });
      const label = `${IDP_LABELS[idp] ?? idp}${dialect === "default" ? "" : ` ${dialect}`}`;
      const status = behaviours.some((b) => b.status === "failed")
        ? "failed"
        : behaviours.some((b) => b.status === "passed")
          ? "passed"
          : "notApplicable";
      return { idp, dialect, label, status, behaviours };
    });
  return { behaviours: BEHAVIOURS.map(([b]) => b), idps } as Compatibility;
}
